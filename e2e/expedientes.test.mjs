// The path of a licencia de obra menor in Chromium, every page under the
// axe-core check (WCAG 2.1 A/AA): a citizen submits it at the sede of
// Cáceres; the clerk opens the expediente from the entrada and issues a
// requerimiento de subsanación; the citizen reads the notification and
// answers at the sede; the resolution is proposed, signed in the libro de
// resoluciones and notified; the citizen reads it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CERT_HEADERS, USERS, checkA11y, checkPage, launch, login, newContext, randomTag, submitWith, visit } from './lib.mjs';

const SEDE = '/e/10037/sede';
const PDF = (text) => ({ name: `${text}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`) });

let browser;
let citizen;
let clerk;
before(async () => {
  browser = await launch();
  citizen = await (await newContext(browser, { extraHTTPHeaders: CERT_HEADERS })).newPage();
  clerk = await (await newContext(browser)).newPage();
});
after(async () => {
  await browser?.close();
});

/** The path of the expediente the clerk is looking at. */
let file = '';
/** The asunto that tells this run's solicitud from others. */
const subject = `Reforma del baño ${randomTag()}`;

/** Chooses the option of a select whose text matches re. */
async function chooseOption(select, re) {
  const labels = await select.locator('option').allInnerTexts();
  const label = labels.find((l) => re.test(l));
  assert.ok(label, `ninguna opción coincide con ${re}: ${labels.join(' | ')}`);
  await select.selectOption({ label });
}

/** Opens the citizen's newest pending notification and reads it. */
async function readNotification(label) {
  await visit(citizen, SEDE + '/notificaciones');
  await checkA11y(citizen, `${label}-lista`);
  await submitWith(citizen, citizen.getByRole('link', { name: 'Notificación pendiente' }).first());
  assert.match(await citizen.locator('main').innerText(), /Al acceder al contenido, la notificación queda practicada/);
  await checkA11y(citizen, `${label}-comparecencia`);
  await submitWith(citizen, citizen.getByRole('button', { name: 'Acceder al contenido' }));
  assert.match(await citizen.locator('main').innerText(), /Practicada/);
  await checkA11y(citizen, `${label}-practicada`);
  const [download] = await Promise.all([
    citizen.waitForEvent('download'),
    citizen.getByRole('link', { name: /Descargar el documento notificado/ }).click(),
  ]);
  assert.match(download.suggestedFilename(), /\.pdf$/);
}

describe('expediente de licencia de obra menor, de la sede a la resolución', () => {
  test('el ciudadano presenta la solicitud en la sede', async () => {
    await citizen.goto(`${SEDE}/entrar/certificado?volver=${encodeURIComponent(SEDE + '/solicitud')}`);
    assert.equal(new URL(citizen.url()).pathname, SEDE + '/solicitud');
    await citizen.getByLabel('Correo electrónico').fill('ana.garcia@example.org');
    await chooseOption(citizen.getByLabel(/Procedimiento/), /^Licencia de obra menor$/);
    await citizen.getByLabel('Asunto').fill(subject);
    await citizen.getByLabel('Expone').fill('Que voy a cambiar el alicatado y los sanitarios del baño de mi vivienda.');
    await citizen.getByLabel('Solicita').fill('Licencia de obra menor para la reforma.');
    await citizen.getByLabel('Documentos').setInputFiles(PDF('presupuesto'));
    await submitWith(citizen, citizen.getByRole('button', { name: 'Continuar' }));
    await submitWith(citizen, citizen.getByRole('button', { name: 'Presentar la solicitud' }));
    assert.match(await citizen.getByRole('status').innerText(), /Solicitud registrada/);
  });

  test('el tramitador abre el expediente desde la entrada', async () => {
    await login(clerk, USERS.caceres.email, USERS.caceres.password);
    await visit(clerk, '/expedientes/nuevo');
    await checkA11y(clerk, 'expediente-nuevo-bandeja');
    const row = clerk.locator('tr', { hasText: subject });
    await submitWith(clerk, row.getByRole('link', { name: /Abrir expediente/ }));
    assert.match(await clerk.locator('main').innerText(), /Solicitud de la entrada/);
    await checkA11y(clerk, 'expediente-nuevo-desde-entrada');
    await chooseOption(clerk.getByLabel('Procedimiento'), /^Licencia de obra menor/);
    await submitWith(clerk, clerk.getByRole('button', { name: 'Iniciar el expediente' }));
    file = new URL(clerk.url()).pathname;
    assert.match(file, /^\/expedientes\/[0-9A-Z]+$/);
    const text = await clerk.locator('main').innerText();
    assert.match(text, /EXP\d{4}\/\d{6}/);
    assert.match(text, /GARCIA LOPEZ ANA|García López Ana|ANA GARCIA LOPEZ/i);
    assert.match(text, /presupuesto\.pdf/);
    await checkA11y(clerk, 'expediente-iniciado');
  });

  test('el tramitador requiere la subsanación y la notifica', async () => {
    await chooseOption(clerk.getByLabel('Generar un documento con la plantilla'), /Requerimiento de subsanación/);
    await submitWith(clerk, clerk.getByRole('button', { name: 'Generar el borrador' }));
    assert.match(await clerk.getByLabel('Texto del documento').inputValue(), /REQUERIMIENTO DE SUBSANACIÓN/);
    await checkA11y(clerk, 'expediente-borrador');
    const body = await clerk.getByLabel('Texto del documento').inputValue();
    await clerk.getByLabel('Texto del documento').fill(body.replace(/\[Relación[^\]]*\]/, 'Plano acotado de la planta del baño.'));
    await submitWith(clerk, clerk.getByRole('button', { name: 'Guardar una nueva versión' }));
    await submitWith(clerk, clerk.getByRole('button', { name: /Emitir el documento/ }));
    assert.match(await clerk.getByRole('status').innerText(), /Documento emitido con el CSV/);
    await submitWith(clerk, clerk.getByRole('button', { name: /Notificar Requerimiento/ }));
    assert.match(await clerk.locator('main').innerText(), /Puesta a disposición en la sede/);
    await checkA11y(clerk, 'expediente-notificado');
  });

  test('el ciudadano lee la notificación y contesta en la sede', async () => {
    await readNotification('sede-notificacion-requerimiento');
    await visit(citizen, SEDE + '/expedientes');
    await checkA11y(citizen, 'sede-mis-expedientes');
    await submitWith(citizen, citizen.getByRole('link', { name: /EXP\d{4}\// }).first());
    assert.match(await citizen.locator('main').innerText(), /La entidad espera su respuesta/);
    await checkA11y(citizen, 'sede-expediente');
    await submitWith(citizen, citizen.getByRole('link', { name: 'Aportar documentación' }).first());
    await checkA11y(citizen, 'sede-aportar');
    await citizen.getByLabel('Expone').fill('Adjunto el plano acotado que se me requirió.');
    await citizen.getByLabel('Documentos').setInputFiles(PDF('plano'));
    await submitWith(citizen, citizen.getByRole('button', { name: 'Continuar' }));
    await submitWith(citizen, citizen.getByRole('button', { name: 'Presentar la solicitud' }));
    assert.match(await citizen.getByRole('status').innerText(), /Solicitud registrada/);
  });

  test('se resuelve en el libro de resoluciones y se notifica', async () => {
    await visit(clerk, file);
    const text = await clerk.locator('main').innerText();
    assert.match(text, /Aportación del interesado con la entrada/);
    assert.match(text, /plano\.pdf/);
    for (const [task, name] of [['Comunicación del plazo', /^Terminar Comunicación/], ['Informe técnico', /^Terminar Informe técnico/]]) {
      await clerk.locator('summary', { hasText: task }).click();
      await submitWith(clerk, clerk.getByRole('button', { name }));
    }
    await submitWith(clerk, clerk.getByRole('button', { name: /Concluir la instrucción/ }));
    await chooseOption(clerk.getByLabel('Proponer la resolución con la plantilla'), /concesión/i);
    await submitWith(clerk, clerk.getByRole('button', { name: /Enviar la propuesta al libro/ }));
    assert.match(new URL(clerk.url()).pathname, /^\/resoluciones\//);
    await checkA11y(clerk, 'resolucion-propuesta');
    await clerk.getByLabel('Nombre de quien firma').fill('Luis Salaya Julián');
    await clerk.getByLabel('Cargo').fill('Alcalde-Presidente');
    await clerk.getByLabel('Fecha de la firma').fill(new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Madrid' }));
    await submitWith(clerk, clerk.getByRole('button', { name: 'Registrar la firma en papel' }));
    assert.match(await clerk.getByRole('status').innerText(), /Firma registrada/);
    await checkA11y(clerk, 'resolucion-firmada');
    await visit(clerk, file);
    assert.match(await clerk.locator('main').innerText(), /Resuelto/);
    await submitWith(clerk, clerk.getByRole('button', { name: /Notificar Resolución/ }));
    await checkA11y(clerk, 'expediente-resuelto');
    await readNotification('sede-notificacion-resolucion');
  });

  test('el expediente se remite a un juzgado, que lo recibe con su enlace', async () => {
    await visit(clerk, file);
    await submitWith(clerk, clerk.getByRole('link', { name: /Expediente ENI y remisión/ }));
    await checkA11y(clerk, 'expediente-remisiones');
    await clerk.getByLabel('Órgano de destino').fill('Juzgado de lo Contencioso-Administrativo n.º 1 de Cáceres');
    await clerk.getByLabel('Referencia del procedimiento').fill('Procedimiento abreviado 123/2026');
    await submitWith(clerk, clerk.getByRole('button', { name: 'Preparar la remisión' }));
    assert.match(await clerk.getByRole('status').innerText(), /Remisión preparada/);
    await checkA11y(clerk, 'expediente-remision-preparada');
    const link = (await clerk.locator('code', { hasText: '/remision/' }).first().innerText()).trim();
    const court = await (await newContext(browser)).newPage();
    await visit(court, new URL(link).pathname);
    assert.match(await court.locator('main').innerText(), /Primer acceso al expediente remitido/);
    await checkA11y(court, 'remision-juzgado');
    await visit(clerk, file + '/remisiones');
    assert.match(await clerk.locator('main').innerText(), /Recibida/);
  });

  test('las demás páginas del tramitador', async (t) => {
    for (const [path, label] of [
      ['/expedientes/pendientes', 'expedientes-pendientes'],
      ['/expedientes?plazo=vencidos', 'expedientes-vencidos'],
      ['/procedimientos', 'procedimientos-catalogo'],
      ['/procedimientos/modelos/OBRA-MENOR', 'procedimientos-modelo'],
    ]) {
      await checkPage(t, clerk, path, label);
    }
    await visit(clerk, '/procedimientos');
    const own = clerk.locator('a[href^="/procedimientos/"]:not([href*="modelos"])').first();
    await checkPage(t, clerk, await own.getAttribute('href'), 'procedimiento-adaptar');
    const dip = await (await newContext(browser)).newPage();
    // The técnico (no second factor: the administrator's TOTP codes are spent by the journeys run alongside).
    await login(dip, USERS.dipTecnico.email, USERS.dipTecnico.password);
    await checkPage(t, dip, '/expedientes/provincia', 'expedientes-provincia');
  });
});
