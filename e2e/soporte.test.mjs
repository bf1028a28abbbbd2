// The support desk as the TIC operator of the Mancomunidad Sierra de Gata
// works it, every page under the axe-core check (WCAG 2.1 A/AA): his home
// shows his towns' queue; he follows it to the queue, takes a phone call
// that opens a ticket and finds the ticket assigned to him, with the other
// actions folded under «Más acciones»; he adds a second call to the same
// ticket from its page. The queue fits a 1,280 px screen and a 390 px
// phone without sideways scrolling.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { USERS, checkA11y, launch, login, newContext, randomTag, submitWith, visit } from './lib.mjs';

let browser;
let desk;
let phone;
before(async () => {
  browser = await launch();
  desk = await (await newContext(browser)).newPage();
  phone = await (await newContext(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
});
after(async () => {
  await browser?.close();
});

const subject = `No imprime el registro de entrada ${randomTag()}`;
/** The path of the ticket the call opened. */
let ticket = '';

/** How far the page scrolls sideways (0 when it fits the viewport). */
function sideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The main text of the page, whitespace folded. */
async function mainText(page) {
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ');
}

describe('el operador TIC atiende una llamada y la incidencia queda asignada a él', () => {
  test('su inicio muestra la cola de sus municipios, no «Pedir ayuda»', async () => {
    await login(desk, USERS.sierraDeGata.email, USERS.sierraDeGata.password);
    await visit(desk, '/');
    await checkA11y(desk, 'soporte-inicio-operador');
    const text = await mainText(desk);
    assert.match(text, /(\d+ incidencias abiertas|Una incidencia abierta) de sus municipios/);
    assert.doesNotMatch(text, /Pedir ayuda/);
    await submitWith(desk, desk.getByRole('link', { name: /de sus municipios/ }));
    assert.equal(new URL(desk.url()).pathname, '/soporte');
  });

  test('la cola nombra el plazo de cada cuenta y cabe en 1.280 px', async () => {
    await visit(desk, '/soporte');
    await checkA11y(desk, 'soporte-cola-1280');
    const text = await mainText(desk);
    assert.match(text, /\d+ vencen pronto \(resolución\)/);
    assert.match(text, /\d+ con la primera respuesta vencida/);
    assert.doesNotMatch(text, /\d+ min\b/, 'los plazos se dicen en horas y días laborables');
    assert.equal(await sideways(desk), 0, 'la cola se desplaza de lado a 1.280 px');
  });

  test('registra una llamada que abre una incidencia y la incidencia es suya', async () => {
    await visit(desk, '/soporte/llamadas');
    await checkA11y(desk, 'soporte-llamadas');
    await desk.getByLabel('Entidad desde la que llaman').selectOption({ label: 'Ayuntamiento de Gata' });
    await submitWith(desk, desk.getByRole('button', { name: 'Continuar' }));
    await checkA11y(desk, 'soporte-llamada-formulario');
    await desk.getByLabel('Teléfono desde el que llaman').fill('927 672 001');
    await desk.getByLabel('Nombre de quien llama, si no está en la lista').fill('Secretaría del Ayuntamiento de Gata');
    await desk.getByLabel('Duración').fill('4:30');
    await desk.getByLabel('Resumen de la llamada').fill(`${subject}\nSale la hoja en blanco desde esta mañana.`);
    await desk.getByLabel('abre una incidencia nueva').check();
    const assignTo = desk.getByLabel('Asignar la incidencia a');
    assert.match(await assignTo.locator('option:checked').innerText(), /^A mí \(.+\), que atiendo la llamada$/);
    await desk.getByLabel('Prioridad').selectOption({ label: 'Alta' });
    await submitWith(desk, desk.getByRole('button', { name: 'Registrar la llamada' }));
    ticket = new URL(desk.url()).pathname;
    assert.match(ticket, /^\/soporte\/incidencias\/INC-\d{4}-\d{6}$/);
    assert.match(await desk.getByRole('status').innerText(), /Llamada registrada: abre la incidencia INC-\d{4}-\d{6}, asignada a Jorge Mateos Martín/);
    const text = await mainText(desk);
    assert.match(text, /Técnico Jorge Mateos Martín/);
    assert.match(text, /Asignada a Jorge Mateos Martín/);
    assert.match(text, /Resolución: (En plazo vence|⚠ Vence pronto) en .*laborables?/);
    await checkA11y(desk, 'soporte-incidencia-asignada');
  });

  test('la incidencia muestra primero la respuesta y pliega las demás acciones', async () => {
    await visit(desk, ticket);
    await desk.getByRole('button', { name: 'Enviar la respuesta' }).waitFor();
    const folded = desk.locator('.mas-acciones details');
    assert.ok((await folded.count()) >= 4, 'nota, asignar, estado, clasificar, llamada y escalado van plegados');
    assert.equal(await desk.locator('.mas-acciones details[open]').count(), 0);
    assert.equal(await desk.getByRole('button', { name: 'Asignar', exact: true }).isVisible(), false);
    await desk.getByText(/^Asignar \(ahora: Jorge Mateos Martín\)$/).click();
    assert.equal(await desk.getByRole('button', { name: 'Asignar', exact: true }).isVisible(), true);
    await checkA11y(desk, 'soporte-incidencia-asignar-abierto');
  });

  test('una segunda llamada se añade a la misma incidencia desde su página', async () => {
    await visit(desk, ticket);
    await desk.getByText('Añadir una llamada telefónica').click();
    await submitWith(desk, desk.getByRole('link', { name: 'Registrar una llamada de esta incidencia' }));
    const number = ticket.split('/').pop();
    assert.equal(await desk.getByLabel(new RegExp(`^se añade a ${number}`)).isChecked(), true);
    await desk.getByLabel('Nombre de quien llama, si no está en la lista').fill('Secretaría del Ayuntamiento de Gata');
    await desk.getByLabel('Duración').fill('2');
    await desk.getByLabel('Resumen de la llamada').fill('Pregunta cuándo irá el técnico.');
    await submitWith(desk, desk.getByRole('button', { name: 'Registrar la llamada' }));
    assert.equal(new URL(desk.url()).pathname, ticket);
    assert.match(await desk.getByRole('status').innerText(), /Llamada añadida a la incidencia .*, asignada a Jorge Mateos Martín/);
    assert.match(await mainText(desk), /Pregunta cuándo irá el técnico\./);
  });

  test('en el móvil (390 px) la cola se apila y no se desplaza de lado', async () => {
    await login(phone, USERS.sierraDeGata.email, USERS.sierraDeGata.password);
    await visit(phone, '/soporte?asignacion=mias');
    await checkA11y(phone, 'soporte-cola-movil');
    assert.equal(await sideways(phone), 0, 'la cola se desplaza de lado a 390 px');
    const row = phone.locator('main table tbody tr').first();
    const cells = row.locator('td');
    const [a, b] = [await cells.nth(0).boundingBox(), await cells.nth(1).boundingBox()];
    assert.ok(b.y >= a.y + a.height - 1, 'las celdas de una fila van una debajo de otra');
    await visit(phone, ticket);
    await checkA11y(phone, 'soporte-incidencia-movil');
    assert.equal(await sideways(phone), 0, 'la incidencia se desplaza de lado a 390 px');
  });
});
