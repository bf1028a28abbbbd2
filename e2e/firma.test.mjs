// The public page that checks the electronic signatures of any file
// (/verificar/firma) in Chromium under axe-core (WCAG 2.1 A/AA): the form,
// a form error, and a justificante de registro of Cáceres (sealed with the
// entity's seal) uploaded by a visitor without a session, whose signature
// is listed with its signer and verdict.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { USERS, checkA11y, errorSummary, launch, login, newContext, submitWith, visit } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function withPage(fn, options) {
  const context = await newContext(browser, options);
  try {
    return await fn(await context.newPage());
  } finally {
    await context.close();
  }
}

/** A justificante de registro of Cáceres: the PDF of its first asiento. */
async function justificante() {
  return withPage(async (page) => {
    await login(page, USERS.caceres.email, USERS.caceres.password);
    await visit(page, '/registro');
    const href = await page.locator('main table tbody a[href^="/registro/asientos/"]').first().getAttribute('href');
    assert.ok(href, 'la lista del registro de Cáceres no tiene asientos');
    const res = await page.request.get(`${href}/justificante.pdf`);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'], /^application\/pdf/);
    return res.body();
  });
}

describe('comprobar una firma electrónica', () => {
  test('un visitante sin sesión comprueba la firma de un justificante', async (t) => {
    const pdf = await justificante();
    await withPage(async (page) => {
      await visit(page, '/verificar');
      await submitWith(page, page.getByRole('link', { name: 'Compruebe su firma electrónica' }));
      assert.equal(new URL(page.url()).pathname, '/verificar/firma');
      assert.equal((await page.locator('h1').innerText()).trim(), 'Comprobar una firma electrónica');
      await checkA11y(page, 'firma-formulario');

      await t.test('sin fichero, el formulario lo pide', async () => {
        await submitWith(page, page.getByRole('button', { name: 'Comprobar la firma' }));
        assert.match(await errorSummary(page), /Seleccione el fichero firmado/);
        await checkA11y(page, 'firma-sin-fichero');
      });

      await t.test('un fichero que no está firmado', async () => {
        await page.getByLabel('Fichero firmado').setInputFiles({ name: 'nota.txt', mimeType: 'text/plain', buffer: Buffer.from('hola') });
        await submitWith(page, page.getByRole('button', { name: 'Comprobar la firma' }));
        assert.match(await errorSummary(page), /no es un PDF firmado/);
        await checkA11y(page, 'firma-formato-desconocido');
      });

      await t.test('el justificante lleva el sello de la entidad', async () => {
        await page.getByLabel('Fichero firmado').setInputFiles({ name: 'justificante.pdf', mimeType: 'application/pdf', buffer: pdf });
        await submitWith(page, page.getByRole('button', { name: 'Comprobar la firma' }));
        const text = await page.locator('main').innerText();
        assert.match(text, /«justificante\.pdf» contiene 1 firma electrónica/);
        assert.match(text, /Firma 1: PAdES/);
        assert.match(text, /Sello electrónico del Ayuntamiento de Cáceres/);
        assert.match(text, /AC de pruebas de Concejo/);
        // The demo's seal comes from the platform's own test authority, which no one trusts.
        assert.match(text, /Firma íntegra, pero el certificado no procede de un prestador de confianza/);
        assert.match(text, /Modificaciones: ninguna; la firma cubre todo el fichero/);
        await checkA11y(page, 'firma-resultado');
      });
    });
  });

  test('en un teléfono', async () => {
    await withPage(async (page) => {
      await visit(page, '/verificar/firma');
      const { scroll, width } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        width: window.innerWidth,
      }));
      assert.ok(scroll <= width + 1, `ancho ${scroll} > ${width}`);
      await checkA11y(page, 'firma-movil');
    }, { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  });
});
