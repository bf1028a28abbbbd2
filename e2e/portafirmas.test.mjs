// A resolution through the portafirmas in Chromium, every page under the
// axe-core check (WCAG 2.1 A/AA): Cáceres's clerk drafts it and sends it
// to a two-step circuit (the secretary's visto bueno, the mayor's
// signature); the mayor rejects it with a reason; the clerk corrects the
// draft and sends it again; both act, and the resolution is numbered in
// the libro, its PDF signed in PAdES. The mayor's inbox is checked at
// phone size too.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { USERS, checkA11y, errorSummary, launch, login, newContext, randomTag, submitWith, visit } from './lib.mjs';

let browser;
let clerk;
let secretary;
let mayor;
before(async () => {
  browser = await launch();
  clerk = await (await newContext(browser)).newPage();
  secretary = await (await newContext(browser)).newPage();
  mayor = await (await newContext(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
});
after(async () => {
  await browser?.close();
});

const summary = `Aprobación de la relación de facturas ${randomTag()}`;
/** The resolution's page and its request in the portafirmas. */
let decree = '';
let request = '';

/** Chooses the option of a select whose text matches re. */
async function chooseOption(select, re) {
  const labels = await select.locator('option').allInnerTexts();
  const label = labels.find((l) => re.test(l));
  assert.ok(label, `ninguna opción coincide con ${re}: ${labels.join(' | ')}`);
  await select.selectOption({ label });
}

/** Opens the request from the person's inbox. */
async function openFromInbox(page, label) {
  await visit(page, '/portafirmas');
  await checkA11y(page, `${label}-bandeja`);
  await submitWith(page, page.getByRole('link', { name: `Abrir «Resolución: ${summary}»` }));
  assert.equal(new URL(page.url()).pathname, request);
  await checkA11y(page, `${label}-peticion`);
}

describe('una resolución por el portafirmas: visto bueno, rechazo, corrección y firma', () => {
  test('el tramitador redacta la resolución y la envía al circuito', async () => {
    await login(clerk, USERS.caceres.email, USERS.caceres.password);
    await visit(clerk, '/resoluciones/nueva');
    await clerk.getByLabel('Extracto').fill(summary);
    await clerk.getByLabel('Texto de la resolución').fill('ANTECEDENTES\n\nFacturas conformadas.\n\nRESUELVO\n\nPrimero. Aprobar la relación de facturas.');
    await submitWith(clerk, clerk.getByRole('button', { name: 'Guardar el borrador' }));
    decree = new URL(clerk.url()).pathname;
    await submitWith(clerk, clerk.getByRole('link', { name: 'Enviar al portafirmas' }));
    await checkA11y(clerk, 'portafirmas-nueva');
    assert.match(await clerk.locator('main').innerText(), /código seguro de verificación/);
    await chooseOption(clerk.getByLabel('Qué se pide').nth(0), /^Visto bueno/);
    await chooseOption(clerk.getByLabel('Personas', { exact: true }).nth(0), /^Elena Carrasco Vidal/);
    await chooseOption(clerk.getByLabel('Qué se pide').nth(1), /^Firma$/);
    await chooseOption(clerk.getByLabel('Personas', { exact: true }).nth(1), /^Julián Gallardo Pulido/);
    await submitWith(clerk, clerk.getByRole('button', { name: 'Enviar a la firma' }));
    request = new URL(clerk.url()).pathname;
    assert.match(request, /^\/portafirmas\/[0-9A-Z]+$/);
    const text = await clerk.locator('main').innerText();
    assert.match(text, /En circulación \(paso 1 de 2\)/);
    await checkA11y(clerk, 'portafirmas-enviada');
  });

  test('la secretaria da el visto bueno', async () => {
    await login(secretary, USERS.secretariaCaceres.email, USERS.secretariaCaceres.password);
    await openFromInbox(secretary, 'secretaria');
    await submitWith(secretary, secretary.getByRole('button', { name: 'Dar el visto bueno' }));
    assert.match(await secretary.getByRole('status').innerText(), /Visto bueno dado/);
  });

  test('el alcalde, en el móvil, rechaza sin motivo y con motivo', async () => {
    await login(mayor, USERS.alcaldiaCaceres.email, USERS.alcaldiaCaceres.password);
    await openFromInbox(mayor, 'alcalde-movil');
    const width = await mayor.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `la página del documento se desborda en el móvil: ${width}px`);
    await submitWith(mayor, mayor.getByRole('button', { name: 'Rechazar el documento' }));
    assert.match(await errorSummary(mayor), /Escriba el motivo del rechazo/);
    await checkA11y(mayor, 'alcalde-rechazo-sin-motivo');
    await mayor.getByLabel('Motivo del rechazo').fill('Falta el importe de la factura 3 en la parte dispositiva.');
    await submitWith(mayor, mayor.getByRole('button', { name: 'Rechazar el documento' }));
    assert.match(await mayor.getByRole('status').innerText(), /Documento rechazado/);
  });

  test('el tramitador corrige la propuesta y la envía de nuevo', async () => {
    await visit(clerk, decree);
    assert.match(await clerk.locator('main').innerText(), /Falta el importe de la factura 3/);
    await checkA11y(clerk, 'resolucion-rechazada');
    await submitWith(clerk, clerk.getByRole('link', { name: 'Modificar el borrador' }));
    await clerk.getByLabel('Texto de la resolución').fill('RESUELVO\n\nPrimero. Aprobar la relación de facturas, por importe total de 12.345,67 euros.');
    await submitWith(clerk, clerk.getByRole('button', { name: 'Guardar el borrador' }));
    await submitWith(clerk, clerk.getByRole('link', { name: /Enviar de nuevo al portafirmas/ }));
    assert.equal(new URL(clerk.url()).pathname, request);
    await submitWith(clerk, clerk.getByRole('button', { name: 'Enviar la versión corregida' }));
    assert.match(await clerk.getByRole('status').innerText(), /Versión corregida enviada/);
    await checkA11y(clerk, 'portafirmas-version-2');
  });

  test('visto bueno y firma de la versión corregida', async () => {
    await openFromInbox(secretary, 'secretaria-v2');
    await submitWith(secretary, secretary.getByRole('button', { name: 'Dar el visto bueno' }));
    await openFromInbox(mayor, 'alcalde-movil-v2');
    await submitWith(mayor, mayor.getByRole('button', { name: 'Firmar con AutoFirma' }));
    assert.match(await mayor.locator('main').innerText(), /Se va a firmar un documento/);
    assert.match(await mayor.getByRole('button', { name: 'Abrir AutoFirma' }).getAttribute('data-afirma-url'), /^afirma:\/\/batch\?/);
    await checkA11y(mayor, 'alcalde-autofirma');
    await visit(mayor, request);
    await mayor.getByLabel('Su contraseña, para confirmar la firma').fill(USERS.alcaldiaCaceres.password);
    await submitWith(mayor, mayor.getByRole('button', { name: 'Firmar', exact: true }));
    assert.match(await mayor.getByRole('status').innerText(), /El circuito está completo/);
    await checkA11y(mayor, 'alcalde-firmado');
  });

  test('la resolución queda numerada en el libro con el PDF firmado', async () => {
    await visit(clerk, decree);
    const text = await clerk.locator('main').innerText();
    assert.match(text, /Firmada electrónicamente en el portafirmas/);
    assert.match(text, /\d{4}\/\d{6}/);
    await checkA11y(clerk, 'resolucion-firmada-portafirmas');
    const [download] = await Promise.all([
      clerk.waitForEvent('download'),
      clerk.getByRole('link', { name: /Descargar la resolución/ }).click(),
    ]);
    const body = await download.createReadStream();
    let pdf = '';
    for await (const chunk of body) pdf += chunk.toString('latin1');
    assert.match(pdf, /\/SubFilter\s*\/ETSI\.CAdES\.detached/);
    await visit(clerk, request);
    assert.match(await clerk.locator('main').innerText(), /Circuito completado/);
  });

  test('las demás páginas del portafirmas', async () => {
    for (const [path, label] of [['/portafirmas/enviados', 'enviados'], ['/portafirmas/delegaciones', 'delegaciones'],
      ['/portafirmas/certificados', 'certificados'], ['/portafirmas/nueva', 'nueva-subida']]) {
      await visit(clerk, path);
      await checkA11y(clerk, `portafirmas-${label}`);
    }
    await visit(mayor, '/portafirmas/certificados');
    assert.match(await mayor.locator('main').innerText(), /GALLARDO PULIDO/);
    await checkA11y(mayor, 'portafirmas-certificados-movil');
  });
});
