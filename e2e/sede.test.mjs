// The public sede electrónica of a municipality (Cáceres, /e/10037/sede) in
// Chromium, at desktop and phone sizes, with the axe-core check (WCAG 2.1
// A/AA) on every page; and the staff's sede editing pages with a form error.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CERT_HEADERS, USERS, checkA11y, checkPage, errorSummary, launch, login, newContext, submitWith, visit } from './lib.mjs';

const SEDE = '/e/10037/sede';
const PUBLIC_PAGES = [
  ['', 'inicio'],
  ['/procedimientos', 'procedimientos'],
  ['/procedimientos?q=licencia', 'procedimientos-busqueda'],
  ['/calendario', 'calendario'],
  ['/accesibilidad', 'accesibilidad'],
  ['/aviso-legal', 'aviso-legal'],
  ['/registro', 'registro'],
  ['/entrar', 'entrar'],
];
const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

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

describe('sede electrónica de Cáceres', () => {
  for (const [size, options] of [
    ['escritorio', undefined],
    ['movil', PHONE],
  ]) {
    test(`páginas públicas (${size})`, async (t) => {
      await withPage(async (page) => {
        for (const [p, label] of PUBLIC_PAGES) {
          await checkPage(t, page, SEDE + p, `sede-${size}-${label}`);
          await t.test(`sede-${size}-${label}: sin desbordamiento horizontal`, async () => {
            const { scroll, width } = await page.evaluate(() => ({
              scroll: document.documentElement.scrollWidth,
              width: window.innerWidth,
            }));
            assert.ok(scroll <= width + 1, `${p}: ancho ${scroll} > ${width}`);
          });
        }
      }, options);
    });
  }

  test('contenido mínimo y navegación con teclado', async () => {
    await withPage(async (page) => {
      await visit(page, SEDE);
      const text = await page.locator('main').innerText();
      for (const want of ['Fecha y hora oficial', 'Titular', 'Instrumento de creación', 'Catálogo de procedimientos',
        'Registro electrónico', 'Verificación de documentos', 'Declaración de accesibilidad']) {
        assert.ok(text.includes(want), `falta «${want}» en la portada de la sede`);
      }
      // The skip link is the first thing the keyboard reaches.
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Saltar al contenido');
      // Searching the catalogue works without JavaScript-only widgets.
      await visit(page, SEDE + '/procedimientos');
      await page.getByRole('searchbox', { name: 'Buscar' }).fill('padrón');
      await submitWith(page, page.getByRole('button', { name: 'Buscar' }));
      assert.match(await page.locator('table caption').innerText(), /padrón/);
      // Asking for "Mis registros" leads to identification.
      await visit(page, SEDE + '/mis-registros');
      assert.equal(new URL(page.url()).pathname, SEDE + '/entrar');
      await checkA11y(page, 'sede-identificacion-pedida');
    });
  });

  test('un ciudadano identificado con certificado presenta una solicitud', async (t) => {
    await withPage(async (page) => {
      const res = await page.goto(`${SEDE}/entrar/certificado?volver=${encodeURIComponent(SEDE + '/solicitud')}`);
      assert.notEqual(res.status(), 404,
        'el servidor debe admitir certificados por cabecera de proxy: arránquelo con CONCEJO_CERT_HEADER=X-SSL-Client-Cert CONCEJO_TRUSTED_PROXIES=127.0.0.1');
      assert.equal(new URL(page.url()).pathname, SEDE + '/solicitud');
      assert.match(await page.locator('main').innerText(), /12345678Z/);
      await checkA11y(page, 'sede-solicitud');
      await submitWith(page, page.getByRole('button', { name: 'Continuar' }));
      assert.match(await errorSummary(page), /Escriba el asunto/);
      await checkA11y(page, 'sede-solicitud-con-errores');
      await page.getByLabel('Asunto').fill('Poda del árbol de la calle Ancha');
      await page.getByLabel('Expone').fill('Que las ramas tapan la farola.');
      await page.getByLabel('Solicita').fill('Que se poden.');
      await page.getByLabel('Documentos').setInputFiles({ name: 'foto.pdf', mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
      await submitWith(page, page.getByRole('button', { name: 'Continuar' }));
      assert.match(await page.locator('h1').innerText(), /Compruebe su solicitud/);
      assert.match(await page.locator('main').innerText(), /Poda del árbol de la calle Ancha/);
      await checkA11y(page, 'sede-compruebe-su-solicitud');
      await submitWith(page, page.getByRole('button', { name: 'Presentar la solicitud' }));
      assert.equal(new URL(page.url()).pathname, SEDE + '/mis-registros');
      assert.match(await page.getByRole('status').innerText(), /Solicitud registrada/);
      await checkA11y(page, 'sede-mis-registros');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /Descargar el justificante/ }).first().click(),
      ]);
      assert.match(download.suggestedFilename(), /^justificante-.*\.pdf$/);
    }, { extraHTTPHeaders: CERT_HEADERS });
    await withPage(async (page) => {
      await page.goto(`${SEDE}/entrar/certificado?volver=${encodeURIComponent(SEDE + '/solicitud')}`);
      await checkA11y(page, 'sede-movil-solicitud');
      await visit(page, SEDE + '/mis-registros');
      await checkA11y(page, 'sede-movil-mis-registros');
    }, { ...PHONE, extraHTTPHeaders: CERT_HEADERS });
  });

  test('el administrador de Cáceres edita su sede', async (t) => {
    await withPage(async (page) => {
      await login(page, USERS.caceres.email, USERS.caceres.password);
      await checkPage(t, page, '/sede-electronica', 'sede-personal-resumen');
      await checkPage(t, page, '/sede-electronica/datos', 'sede-personal-contenido');
      await t.test('sede-personal-contenido-con-errores', async () => {
        await visit(page, '/sede-electronica/datos');
        await page.getByLabel('Órgano titular').fill('');
        await page.getByLabel('Fecha de la declaración').fill('31/02/20');
        await submitWith(page, page.getByRole('button', { name: 'Guardar el contenido' }));
        const errors = await errorSummary(page);
        assert.match(errors, /Escriba el órgano titular/);
        assert.match(errors, /día\/mes\/año/);
        await checkA11y(page, 'sede-personal-contenido-con-errores');
      });
      await checkPage(t, page, '/sede-electronica/procedimientos/nuevo', 'sede-personal-procedimiento-nuevo');
    }, PHONE);
  });
});
