// Public pages of the municipal web portal (Aldeanueva del Camino and
// Plasencia in the demo), checked with axe-core (WCAG 2.1 A/AA) at desktop
// and phone sizes, plus a survey answered without JavaScript and the
// places map's progressive enhancement under the strict CSP. The public
// face: the Diputación's province map leads to a town's portal, a town's
// home shows its map, identity and sede; transparency without the
// checklist; a tender's deadline and state; no page scrolls sideways.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { USERS, checkA11y, checkPage, launch, login, newContext, randomDNI, submitWith, visit } from './lib.mjs';

const ALDEANUEVA = '/e/10015';
const PLASENCIA = '/e/10148';
const DIPUTACION = '/e/L02000010';

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
  ['telefono', { width: 390, height: 844 }],
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
        await page.getByLabel('De 17:00 a 20:00').check();
        await page.getByLabel('Sala de estudio').check();
        const dni = randomDNI();
        await page.getByLabel('DNI, NIE o pasaporte').fill(dni);
        await submitWith(page, page.getByRole('button', { name: 'Enviar mi respuesta' }));
        assert.match(new URL(page.url()).pathname, /\/resultados$/);
        await page.getByText('Gracias: su respuesta se ha registrado.').waitFor();
        // The same person again is refused.
        await visit(page, survey);
        await page.getByLabel('De 16:00 a 19:00').check();
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

/** Fails when the page is wider than the window (it would scroll sideways). */
async function assertFits(page, label) {
  const { scrollWidth, clientWidth, wide } = await page.evaluate(() => {
    const root = document.documentElement;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1 && !el.closest('nav, .tabla-env'))
      .slice(0, 3)
      .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
  });
  assert.ok(scrollWidth <= clientWidth, `${label}: la página se desborda (${scrollWidth}px en ${clientWidth}px): ${wide.join(', ')}`);
}

for (const [size, viewport] of SIZES) {
  describe(`cara pública (${size})`, () => {
    test('el mapa de la provincia lleva al portal de un municipio', async (t) => {
      await withPage(async (page) => {
        await checkPage(t, page, DIPUTACION + '/', `portal-diputacion-${size}`);
        await assertFits(page, 'portada de la Diputación');
        const map = page.getByRole('group', { name: /Mapa de la provincia de Cáceres/ });
        await map.waitFor();
        assert.equal(await map.locator('path').count(), 223, 'el mapa dibuja los 223 municipios');
        await page.getByText('Límites municipales: © Instituto Geográfico Nacional (IGN)').waitFor();
        // The town's shape on the map is a link to its portal.
        await map.locator(`a[href="${ALDEANUEVA}/"]`).click();
        await page.waitForURL(new RegExp(`${ALDEANUEVA}/$`));
        await page.getByRole('heading', { level: 1, name: 'Ayuntamiento de Aldeanueva del Camino' }).waitFor();
        // The same towns are listed as links (the map's text alternative).
        await visit(page, DIPUTACION + '/');
        await page.getByRole('list', { name: /Portales municipales/ }).getByRole('link', { name: 'Plasencia', exact: true }).click();
        await page.waitForURL(new RegExp(`${PLASENCIA}/$`));
      }, { viewport });
    });

    test('la portada de un municipio: su mapa, su identidad y su sede', async (t) => {
      await withPage(async (page, context) => {
        await checkPage(t, page, ALDEANUEVA + '/', `portal-portada-mapa-${size}`);
        await assertFits(page, 'portada de Aldeanueva');
        await page.getByRole('img', { name: /Término municipal de Aldeanueva del Camino y/ }).waitFor();
        const neighbours = page.getByRole('list', { name: 'Municipios vecinos' });
        await neighbours.getByText('Hervás').waitFor();
        await page.getByRole('list', { name: 'Lugares señalados' }).getByText('Consultorio médico').waitFor();
        // The town's identity colour, distinct from Plasencia's and from the staff look.
        const colour = () => page.evaluate(() => getComputedStyle(document.querySelector('header.cab')).backgroundColor);
        assert.equal(await colour(), 'rgb(31, 94, 58)');
        const header = await page.evaluate(() => document.querySelector('header.cab').getBoundingClientRect().height);
        if (viewport.width < 500) assert.ok(header <= viewport.height / 5, `la cabecera ocupa ${header}px en el teléfono`);
        // The sede electrónica, one click away from the header.
        const sede = page.locator('header.cab').getByRole('link', { name: 'Sede electrónica' });
        assert.equal(await sede.getAttribute('href'), ALDEANUEVA + '/sede');
        const res = await context.request.get(ALDEANUEVA + '/sede');
        assert.equal(res.status(), 200, 'la sede electrónica del municipio responde');
        await visit(page, PLASENCIA + '/');
        assert.equal(await colour(), 'rgb(122, 31, 43)');
      }, { viewport });
    });

    test('transparencia sin la lista de lo que falta, perfil con plazo y estado, tablón', async (t) => {
      await withPage(async (page) => {
        await checkPage(t, page, ALDEANUEVA + '/transparencia', `portal-transparencia-publica-${size}`);
        await assertFits(page, 'transparencia');
        const text = await page.locator('main').innerText();
        assert.doesNotMatch(text, /Pendiente|✗|obligaciones publicadas/, 'la lista de comprobación es de los editores');
        assert.match(text, /Información económica, presupuestaria y estadística/);

        await checkPage(t, page, ALDEANUEVA + '/perfil', `portal-perfil-plazos-${size}`);
        await assertFits(page, 'perfil del contratante');
        const open = page.locator('main tr', { hasText: 'Servicio de limpieza de edificios municipales' });
        assert.match(await open.innerText(), /Plazo abierto, quedan 5 días/);
        assert.match(await page.locator('main tr', { hasText: 'Suministro de luminarias LED' }).innerText(), /Plazo cerrado — en evaluación/);
        assert.match(await page.locator('main tr', { hasText: 'Servicio de bar del hogar del pensionista' }).innerText(), /Desierto/);
        await open.getByRole('link').click();
        await page.getByText(/Fecha límite de presentación de ofertas: \d{2}\/\d{2}\/\d{4} 14:00/).waitFor();
        await checkA11y(page, `portal-licitacion-abierta-${size}`);
        await assertFits(page, 'licitación');

        await checkPage(t, page, ALDEANUEVA + '/tablon', `portal-tablon-${size}`);
        await assertFits(page, 'tablón');
        const edict = page.locator('main table tbody a').first();
        await edict.click();
        await page.getByText('Huella SHA-256 del texto').waitFor();
        await checkA11y(page, `portal-anuncio-${size}`);
        await assertFits(page, 'anuncio del tablón');
      }, { viewport });
    });
  });
}

describe('gestión del portal en el teléfono (390×844)', () => {
  test('las páginas de los editores caben sin desplazarse de lado y enlazan con el portal público', async (t) => {
    await withPage(async (page) => {
      await login(page, USERS.plasencia.email, USERS.plasencia.password);
      const pages = ['/portal', '/portal/sitio', '/portal/contenidos', '/portal/tablon', '/portal/transparencia', '/portal/perfil',
        '/portal/datos', '/portal/encuestas', '/portal/lugares'];
      for (const path of pages) {
        await checkPage(t, page, path, `portal-gestion${path.replaceAll('/', '-')}-telefono`);
        await assertFits(page, path);
      }
      // The first record of each list, too.
      for (const [list, prefix] of [['/portal/tablon', '/portal/tablon/'], ['/portal/perfil', '/portal/perfil/'],
        ['/portal/contenidos', '/portal/contenidos/'], ['/portal/encuestas', '/portal/encuestas/']]) {
        await visit(page, list);
        const href = await page.locator(`main table a[href^="${prefix}"]`).first().getAttribute('href');
        assert.ok(href, `${list} no enlaza a ningún detalle`);
        await checkPage(t, page, href, `portal-gestion-detalle${prefix.replaceAll('/', '-')}telefono`);
        await assertFits(page, href);
      }
      // «Ver el tablón público» leads to Plasencia's public tablón (it gave 404).
      await visit(page, '/portal/tablon');
      await page.getByRole('link', { name: 'Ver el tablón público' }).click();
      await page.waitForURL(new RegExp(`${PLASENCIA}/tablon$`));
      await page.getByRole('heading', { level: 1, name: 'Tablón de anuncios' }).waitFor();
    }, { viewport: { width: 390, height: 844 } });
  });
});
