// Public pages of the municipal web portal (Aldeanueva del Camino and
// Plasencia in the demo), checked with axe-core (WCAG 2.1 A/AA) at desktop
// and phone sizes, plus a survey answered without JavaScript and the
// places map's progressive enhancement under the strict CSP.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkA11y, checkPage, launch, newContext, randomDNI, submitWith, visit } from './lib.mjs';

const ALDEANUEVA = '/e/10015';
const PLASENCIA = '/e/10148';

const PAGES = [
  ['inicio', '/'],
  ['noticias', '/noticias'],
  ['agenda', '/agenda'],
  ['pagina', '/paginas/tramites'],
  ['tablon', '/tablon'],
  ['tablon-archivo', '/tablon/archivo'],
  ['transparencia', '/transparencia'],
  ['perfil', '/perfil'],
  ['datos', '/datos'],
  ['datos-poblacion', '/datos/poblacion'],
  ['encuestas', '/encuestas'],
  ['lugares', '/lugares'],
];

const SIZES = [
  ['escritorio', { width: 1280, height: 900 }],
  ['telefono', { width: 375, height: 812 }],
];

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
    return await fn(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

for (const [size, viewport] of SIZES) {
  describe(`portal público (${size})`, () => {
    for (const [site, base] of [['aldeanueva', ALDEANUEVA], ['plasencia', PLASENCIA]]) {
      test(`${site}: páginas públicas sin infracciones de accesibilidad`, async (t) => {
        await withPage(async (page) => {
          for (const [label, path] of PAGES) {
            await checkPage(t, page, base + path, `portal-${site}-${label}-${size}`);
          }
          // The detail pages linked from the lists.
          for (const [label, list, selector] of [
            ['noticia', '/noticias', 'main article h2 a'],
            ['edicto', '/tablon', 'main table tbody a'],
            ['contrato', '/perfil', 'main table tbody a'],
            ['encuesta', '/encuestas', 'main ul li a'],
          ]) {
            await visit(page, base + list);
            const href = await page.locator(selector).first().getAttribute('href');
            assert.ok(href, `${label}: la lista ${list} no enlaza a ningún detalle`);
            await checkPage(t, page, href, `portal-${site}-${label}-${size}`);
          }
        }, { viewport });
      });
    }

    test('el menú del portal cabe en el teléfono y lleva al tablón', async () => {
      await withPage(async (page) => {
        await visit(page, ALDEANUEVA + '/');
        const scrollW = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(scrollW <= viewport.width + 1, `la portada se desborda: ${scrollW}px en ${viewport.width}px`);
        await page.getByRole('navigation', { name: 'Menú del portal' }).getByRole('link', { name: 'Tablón de anuncios' }).click();
        await page.waitForURL(/\/tablon$/);
        await page.getByRole('heading', { level: 1, name: 'Tablón de anuncios' }).waitFor();
      }, { viewport });
    });
  });
}

describe('encuesta y plano', () => {
  test('se responde una encuesta sin JavaScript, con errores accesibles y una sola vez', async () => {
    await withPage(
      async (page) => {
        await visit(page, ALDEANUEVA + '/encuestas');
        const survey = await page.locator('main ul li a').first().getAttribute('href');
        await visit(page, survey);
        // Nothing chosen and no document: the error summary and inline messages.
        await submitWith(page, page.getByRole('button', { name: 'Enviar mi respuesta' }));
        const summary = (await page.locator('main [role="alert"]').innerText()).replace(/\s+/g, ' ');
        assert.match(summary, /Elija una opción/);
        assert.match(summary, /Escriba su DNI/);
        await page.getByLabel('De 12:00 a 20:00').check();
        await page.getByLabel('Aquagym').check();
        const dni = randomDNI();
        await page.getByLabel('DNI, NIE o pasaporte').fill(dni);
        await submitWith(page, page.getByRole('button', { name: 'Enviar mi respuesta' }));
        assert.match(new URL(page.url()).pathname, /\/resultados$/);
        await page.getByText('Gracias: su respuesta se ha registrado.').waitFor();
        // The same person again is refused.
        await visit(page, survey);
        await page.getByLabel('De 11:00 a 19:00').check();
        await page.getByLabel('DNI, NIE o pasaporte').fill(dni);
        const res = await submitWith(page, page.getByRole('button', { name: 'Enviar mi respuesta' }));
        assert.equal(res.status(), 409);
      },
      { javaScriptEnabled: false },
    );
  });

  // axe needs JavaScript: the error and results pages are checked in a normal context.
  test('la encuesta con errores y sus resultados, sin infracciones de accesibilidad', async () => {
    await withPage(async (page) => {
      await visit(page, ALDEANUEVA + '/encuestas');
      const survey = await page.locator('main ul li a').first().getAttribute('href');
      await visit(page, survey);
      await submitWith(page, page.getByRole('button', { name: 'Enviar mi respuesta' }));
      await checkA11y(page, 'portal-encuesta-errores');
      await visit(page, survey + '/resultados');
      await checkA11y(page, 'portal-encuesta-resultados');
    });
  });

  test('el plano de lugares funciona con el script propio y la CSP estricta', async () => {
    await withPage(async (page) => {
      const blocked = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
      });
      const res = await visit(page, ALDEANUEVA + '/lugares');
      assert.match(res.headers()['content-security-policy'] || '', /script-src 'self'/);
      const first = page.locator('[data-lugar]').first();
      const id = await first.getAttribute('data-lugar');
      await first.hover();
      assert.equal(await page.locator(`#punto-${id}`).getAttribute('r'), '9');
      assert.deepEqual(blocked, []);
      await checkA11y(page, 'portal-lugares-js');
    });
  });
});
