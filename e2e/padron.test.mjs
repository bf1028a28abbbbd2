// Counter work in the padrón in Chromium, every page under the axe-core
// check (WCAG 2.1 A/AA): Plasencia's padrón clerk (its gestor) finds people
// by their first surname, moves a household to another dwelling of the
// callejero (seeing who already lives in each candidate), reads the new
// address on the person's page, and issues a volante that opens at once as
// a PDF. The move pages are checked at 390×844 without horizontal scroll.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { USERS, checkA11y, errorSummary, launch, login, newContext, submitWith, visit } from './lib.mjs';

let browser;
let clerk;
let phone;
before(async () => {
  browser = await launch();
  clerk = await (await newContext(browser)).newPage();
  phone = await (await newContext(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
});
after(async () => {
  await browser?.close();
});

/** A one-page PDF as a scanner would give the justificante. */
const contract = {
  name: 'contrato-alquiler.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
};

/** Today as the form writes it (Spain's date). */
function today() {
  const [d, m, y] = new Intl.DateTimeFormat('es-ES', { timeZone: 'Europe/Madrid', day: '2-digit', month: '2-digit', year: 'numeric' })
    .format(new Date())
    .split('/');
  return `${y}-${m}-${d}`;
}

/** The person moved and the form of the move. */
let person = '';
let movePath = '';
/** The street of the household, to look for the new dwelling in it. */
let street = '';

/** Fails when the page scrolls sideways. */
async function assertNoSideScroll(page, label) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `${label}: la página se desplaza de lado (${scroll} px en ${width} px)`);
}

describe('un cambio de domicilio en el padrón de Plasencia', () => {
  test('busca por el primer apellido y abre una hoja con varias personas', async () => {
    await login(clerk, USERS.plasencia.email, USERS.plasencia.password);
    await visit(clerk, '/padron');
    await clerk.getByLabel('Primer apellido').fill('gar');
    await submitWith(clerk, clerk.getByRole('button', { name: 'Buscar', exact: true }));
    await checkA11y(clerk, 'padron-primer-apellido');
    const names = await clerk.locator('main table tbody tr td:first-child a').allInnerTexts();
    assert.ok(names.length > 0, 'nadie se apellida «Gar…» en Plasencia');
    for (const n of names) assert.match(n, /^Gar/i, `«${n}» no empieza por «gar»`);
    // the first of them who lives with someone else
    const links = await clerk.locator('main table tbody tr td:first-child a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const href of links.slice(0, 25)) {
      await visit(clerk, href);
      if ((await clerk.locator('main h2', { hasText: 'Personas que viven en la misma vivienda' }).count()) > 0 &&
          (await clerk.locator('main h2:has-text("Personas que viven en la misma vivienda") + ul li').count()) > 1) {
        person = href;
        break;
      }
    }
    assert.ok(person, 'ninguna de las personas encontradas vive acompañada');
  });

  test('elige la nueva vivienda viendo quién vive en ella y registra el traslado de toda la hoja', async () => {
    await submitWith(clerk, clerk.getByRole('link', { name: 'Cambio de domicilio' }));
    movePath = new URL(clerk.url()).pathname;
    assert.equal(movePath, `${person}/domicilio`);
    await checkA11y(clerk, 'padron-domicilio');
    const boxes = clerk.locator('input[name="personas"]');
    const people = await boxes.count();
    assert.ok(people > 1, 'la hoja tiene una sola persona');
    for (let k = 0; k < people; k++) assert.ok(await boxes.nth(k).isChecked(), 'una persona de la hoja no está marcada');
    assert.equal(await clerk.getByLabel('Fecha de efecto').inputValue(), today());
    // only the observaciones are optional
    assert.equal(await clerk.locator('main .opcional').count(), 1);

    // the household's street: look for another dwelling in it
    const origin = await clerk.locator('main > p').first().innerText();
    street = origin.replace(/^Traslado dentro del municipio desde /, '').split(',')[0].split(' ').slice(1).join(' ');
    await clerk.getByLabel('Buscar la vivienda en el callejero').fill(street);
    await submitWith(clerk, clerk.getByRole('button', { name: 'Buscar viviendas' }));
    await checkA11y(clerk, 'padron-domicilio-viviendas');
    const candidates = clerk.locator('.vivienda-candidata');
    assert.ok((await candidates.count()) > 0, `no hay viviendas en «${street}»`);
    // the marks and the date survive the search
    assert.equal(await boxes.count(), people);
    assert.equal(await clerk.getByLabel('Fecha de efecto').inputValue(), today());
    // a dwelling where someone already lives, with its núcleo
    const inhabited = candidates.filter({ hasText: /Viven? (una|\d+) persona/ }).first();
    assert.ok((await inhabited.count()) > 0, 'ninguna vivienda candidata tiene habitantes');
    assert.match(await inhabited.innerText(), /Núcleo .+, entidad singular .+ · sección \d\d-\d\d\d/);
    const address = (await inhabited.locator('label').innerText()).trim();
    const chosen = clerk.locator(`input[name="vivienda"][value="${await inhabited.locator('input').getAttribute('value')}"]`);
    await inhabited.locator('label').click();

    // without the scanned justificante: a Spanish error, the choice kept
    await clerk.getByLabel('Documento que acredita la residencia en la nueva vivienda').selectOption({ label: 'Contrato de alquiler en vigor' });
    const refused = await submitWith(clerk, clerk.getByRole('button', { name: 'Registrar el cambio de domicilio' }));
    assert.equal(refused.status(), 422);
    assert.match(await errorSummary(clerk), /Adjunte el justificante/);
    await checkA11y(clerk, 'padron-domicilio-errores');
    assert.ok(await chosen.isChecked(), 'la vivienda elegida se ha perdido');

    await clerk.getByLabel('Justificante escaneado').setInputFiles(contract);
    await submitWith(clerk, clerk.getByRole('button', { name: 'Registrar el cambio de domicilio' }));
    assert.equal(new URL(clerk.url()).pathname, person);
    assert.match(await clerk.getByRole('status').innerText(), new RegExp(`Cambio de domicilio registrado para ${people} personas`));
    await checkA11y(clerk, 'padron-domicilio-hecho');
    // the person's page: the new address, the variation with its justificante
    const main = await clerk.locator('main').innerText();
    assert.ok(main.includes(address), `la ficha no muestra el nuevo domicilio «${address}»`);
    assert.match(main, /Modificación: Cambio de domicilio/);
    assert.ok((await clerk.getByRole('link', { name: 'Ver el justificante' }).count()) > 0);
  });

  test('emite un volante y el PDF se abre sin más pasos', async () => {
    const [res] = await Promise.all([
      clerk.waitForResponse((r) => /\/padron\/documentos\/[^/]+$/.test(new URL(r.url()).pathname)),
      clerk.getByRole('button', { name: 'Emitir volante' }).click(),
    ]);
    assert.equal(res.status(), 200);
    assert.equal(res.headers()['content-type'], 'application/pdf');
    assert.match(res.headers()['content-disposition'], /^inline/);
    const pdf = await clerk.context().request.get(res.url());
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    // the volante is in the person's list of documents
    await visit(clerk, person);
    assert.match(await clerk.locator('main').innerText(), /Volante de empadronamiento/);
  });

  test('las páginas del traslado en un teléfono (390×844) no se desplazan de lado', async () => {
    await login(phone, USERS.plasencia.email, USERS.plasencia.password);
    await visit(phone, movePath);
    await assertNoSideScroll(phone, 'formulario');
    await checkA11y(phone, 'padron-domicilio-movil');
    await visit(phone, `${movePath}?buscar_vivienda=${encodeURIComponent(street)}`);
    assert.ok((await phone.locator('.vivienda-candidata').count()) > 0);
    await assertNoSideScroll(phone, 'viviendas encontradas');
    await checkA11y(phone, 'padron-domicilio-viviendas-movil');
  });
});
