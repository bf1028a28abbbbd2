// The public sede electrónica of a municipality (Cáceres, /e/10037/sede) in
// Chromium, at desktop and phone sizes, with the axe-core check (WCAG 2.1
// A/AA) on every page; a citizen who identifies through the demo's Cl@ve de
// pruebas, reads a procedure and downloads his volante de empadronamiento;
// and the staff's sede editing pages with a form error.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { CERT_HEADERS, USERS, checkA11y, checkPage, errorSummary, launch, login, newContext, submitWith, visit } from './lib.mjs';

const SEDE = '/e/10037/sede';
const PUBLIC_PAGES = [
  ['', 'inicio'],
  ['/procedimientos', 'procedimientos'],
  ['/procedimientos?q=licencia', 'procedimientos-busqueda'],
  ['/procedimientos/PADRON-VOLANTE', 'procedimiento-volante'],
  ['/procedimientos/BONIF-IBI', 'procedimiento-bonificacion-ibi'],
  ['/calendario', 'calendario'],
  ['/accesibilidad', 'accesibilidad'],
  ['/aviso-legal', 'aviso-legal'],
  ['/registro', 'registro'],
  ['/entrar', 'entrar'],
];
const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const PHONE_390 = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

/** Fails when the page scrolls sideways. */
async function noSideScroll(page, what) {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  assert.ok(scroll <= width + 1, `${what}: ancho ${scroll} > ${width}`);
}

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
          await t.test(`sede-${size}-${label}: sin desbordamiento horizontal`, () => noSideScroll(page, p));
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
      assert.match(await page.locator('.recuento').innerText(), /padrón/);
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

  test('un ciudadano se identifica con la Cl@ve de pruebas, lee un procedimiento y descarga su volante', async () => {
    await withPage(async (page) => {
      // The main button of the sede leads to identification, never to "not enabled".
      await visit(page, SEDE);
      await submitWith(page, page.getByRole('link', { name: 'Obtener mi volante de empadronamiento' }));
      assert.equal(new URL(page.url()).pathname, SEDE + '/entrar');
      assert.doesNotMatch(await page.locator('main').innerText(), /aún no está habilitada/);
      await checkA11y(page, 'sede-entrar-clave-de-pruebas');
      await submitWith(page, page.getByRole('link', { name: 'Identificarse con Cl@ve' }));
      // The Cl@ve de pruebas, served by the demo itself, offers inhabitants of the padrón.
      assert.equal(new URL(page.url()).pathname, '/clave-pruebas/sso');
      await checkA11y(page, 'clave-de-pruebas-elegir');
      const options = page.getByRole('radio');
      assert.equal(await options.count(), 6, 'cinco vecinos y «Otra persona»');
      const label = (await page.locator('label[for="persona-0"]').innerText()).trim();
      const [, name, nif] = label.match(/^(.+) · NIF (\S+)$/);
      await submitWith(page, page.getByRole('button', { name: 'Identificarse' }));
      assert.match(await errorSummary(page), /Elija quién se identifica/);
      await checkA11y(page, 'clave-de-pruebas-con-errores');
      await page.getByLabel(label).check();
      await submitWith(page, page.getByRole('button', { name: 'Identificarse' }));
      assert.match(await page.locator('main').innerText(), new RegExp(`Se ha identificado como ${name}`));
      await checkA11y(page, 'clave-de-pruebas-respuesta');
      // The signed, encrypted answer goes back to the sede's ACS.
      await submitWith(page, page.getByRole('button', { name: 'Volver a la sede electrónica' }));
      assert.equal(new URL(page.url()).pathname, SEDE + '/empadronamiento');
      const mine = await page.locator('main').innerText();
      assert.match(mine, new RegExp(name));
      assert.match(mine, new RegExp(nif));
      await checkA11y(page, 'sede-mis-datos-padron');

      // He reads the procedure's page from the catalogue.
      await visit(page, SEDE + '/procedimientos');
      await submitWith(page, page.getByRole('link', { name: 'Volante o certificado de empadronamiento' }));
      const detail = await page.locator('main').innerText();
      for (const want of ['Requisitos', 'Documentación que debe aportar', 'Tasa', 'Gratuito',
        'Plazo máximo para resolver y notificar', 'Inmediato', 'Efecto del silencio administrativo', 'Órgano que resuelve']) {
        assert.ok(detail.includes(want), `falta «${want}» en la página del procedimiento`);
      }
      await checkA11y(page, 'sede-procedimiento-identificado');

      // And gets his volante: a PDF that names him.
      await submitWith(page, page.getByRole('link', { name: 'Obtener mi volante ahora' }));
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: /Descargar mi volante/ }).click(),
      ]);
      assert.equal(download.suggestedFilename(), 'volante-empadronamiento.pdf');
      const file = await download.path();
      assert.equal(readFileSync(file).subarray(0, 5).toString(), '%PDF-');
      const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
      assert.match(text, /Volante de empadronamiento/);
      assert.ok(text.includes(name), `el volante no nombra a ${name}`);
      assert.ok(text.includes(nif), `el volante no lleva el NIF ${nif}`);
    });
  });

  test('la sede en un teléfono de 390×844: portada y procedimiento sin desplazamiento lateral', async () => {
    await withPage(async (page) => {
      for (const [p, label] of [['', 'sede-390-inicio'], ['/procedimientos/RESPONSABILIDAD-PATRIMONIAL', 'sede-390-procedimiento'],
        ['/procedimientos', 'sede-390-procedimientos']]) {
        await visit(page, SEDE + p);
        await checkA11y(page, label);
        await noSideScroll(page, SEDE + p);
      }
    }, PHONE_390);
  });

  test('la sede de Plasencia lleva los colores de su portal y enlaza con él', async () => {
    await withPage(async (page) => {
      await visit(page, '/e/10148/sede');
      await checkA11y(page, 'sede-plasencia-inicio');
      const header = await page.evaluate(() => getComputedStyle(document.querySelector('header.cabecera')).backgroundColor);
      const portalColour = await page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--identidad').trim());
      assert.match(portalColour, /^#[0-9a-f]{6}$/, 'la sede no lee el color del portal');
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(portalColour.slice(i, i + 2), 16));
      assert.equal(header, `rgb(${r}, ${g}, ${b})`, 'la cabecera de la sede no lleva el color del portal');
      await submitWith(page, page.locator('footer').getByRole('link', { name: 'Portal web del Ayuntamiento de Plasencia' }));
      assert.equal(new URL(page.url()).pathname, '/e/10148/');
    });
  });

  test('el administrador de Cáceres edita su sede', async (t) => {
    await withPage(async (page) => {
      await login(page, USERS.caceres.email, USERS.caceres.password);
      await checkPage(t, page, '/sede-electronica', 'sede-personal-resumen');
      await checkPage(t, page, '/sede-electronica/datos', 'sede-personal-contenido');
      await t.test('sede-personal-contenido-con-errores', async () => {
        await visit(page, '/sede-electronica/datos');
        await page.getByLabel('Órgano titular').fill('');
        // The dates are picked in the calendar of a date input.
        const declared = page.getByLabel('Fecha de la declaración');
        assert.equal(await declared.getAttribute('type'), 'date');
        await declared.fill('2026-03-15');
        await page.getByLabel('Fecha de la última revisión').fill('2026-01-01');
        await submitWith(page, page.getByRole('button', { name: 'Guardar el contenido' }));
        const errors = await errorSummary(page);
        assert.match(errors, /Escriba el órgano titular/);
        assert.match(errors, /La revisión no puede ser anterior a la fecha de la declaración/);
        assert.equal(await page.getByLabel('Fecha de la declaración').inputValue(), '2026-03-15');
        await checkA11y(page, 'sede-personal-contenido-con-errores');
      });
      await checkPage(t, page, '/sede-electronica/procedimientos/nuevo', 'sede-personal-procedimiento-nuevo');
    }, PHONE);
  });
});
