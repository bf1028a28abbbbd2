// Every demo account on a phone (390×844): each page of its menu, the first
// detail of its tables and the pages it leads to (one per route) must fit the
// width (no sideways scroll), keep the header
// and the folded menu within a fifth of the screen, pass axe-core, and link
// only to pages that exist and that the account may open. Unknown addresses
// answer with the styled Spanish error page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, USERS, checkA11y, firstDetailLink, launch, login, mainMenu, newContext, visit } from './lib.mjs';

// Device scale 1: the full-page screenshots of long stacked tables stay small.
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true };
/** The header and the folded menu may take at most a fifth of the screen. */
const MAX_HEADER = PHONE.viewport.height / 5;
/** Statuses of a link that leads nowhere useful. */
const BROKEN = (status) => [400, 403, 404, 405, 410].includes(status) || status >= 500;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** How the page fits the phone: sideways overflow and the height the header and menu take. */
function measure(page) {
  return page.evaluate(() => {
    window.scrollTo(0, 0);
    const root = document.documentElement;
    const bottoms = [...document.querySelectorAll('body > header, nav[aria-label="Menú principal"]')]
      .filter((el) => el.checkVisibility())
      .map((el) => el.getBoundingClientRect().bottom);
    const wide = [...document.querySelectorAll('main *')]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
      .slice(0, 3)
      .map((el) => `<${el.tagName.toLowerCase()}${el.className ? ` class="${el.className}"` : ''}> ${(el.textContent || '').trim().slice(0, 40)}`);
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, header: Math.max(0, ...bottoms), wide };
  });
}

/** The same-origin links of the page (path and query), but for signing out. */
function internalLinks(page, selector = 'a[href]') {
  return page.locator(selector).evaluateAll(
    (as, origin) =>
      as
        .map((a) => new URL(a.href))
        .filter((u) => u.origin === origin && u.pathname !== '/salir')
        .map((u) => u.pathname + u.search),
    new URL(BASE_URL).origin,
  );
}

/**
 * The pages a menu page leads to outside its tables and navigation (new
 * forms, sections, related lists): the second level of the walk.
 */
async function sectionLinks(page) {
  const marked = await page.locator('main a[href]').evaluateAll((as) =>
    as.map((a) => !a.closest('table, nav')),
  );
  const links = await internalLinks(page, 'main a[href]');
  return links.filter((_, i) => marked[i]);
}

/** One page per route: ids and numbers in the path do not make another page. */
function routeOf(path) {
  const [p, q] = path.split('?');
  const keys = q ? [...new URLSearchParams(q).keys()].sort().join('&') : '';
  return p.replace(/\/[0-9A-Z]{26}(?=\/|$)/g, '/{id}').replace(/\/[A-Z]{2,5}-\d{4}-\d+(?=\/|$)/g, '/{número}').replace(/\/\d+(?=\/|$)/g, '/{n}') + (keys ? `?${keys}` : '');
}

/** Whether body is the styled Spanish error page (or another styled Spanish page). */
function spanishErrorPage(contentType, body) {
  return /text\/html/.test(contentType) && /<html lang="es"/.test(body) && /<link rel="stylesheet"/.test(body) && /<h1/.test(body);
}

/** Checks the current page on the phone; returns its internal links. */
async function checkPhonePage(page, label) {
  const m = await measure(page);
  assert.ok(
    m.scrollWidth <= m.clientWidth,
    `${label}: la página se desplaza de lado (${m.scrollWidth} px de ancho en ${m.clientWidth} px); se salen: ${m.wide.join('; ')}`,
  );
  assert.ok(m.header <= MAX_HEADER, `${label}: la cabecera y el menú ocupan ${Math.round(m.header)} px (máximo ${MAX_HEADER} px)`);
  const links = await internalLinks(page);
  await checkA11y(page, label);
  return links;
}

describe('teléfono (390×844)', { concurrency: 2 }, () => {
  for (const [role, user] of Object.entries(USERS)) {
    test(`${role}: cada página del menú, su primer detalle y las páginas a las que lleva`, async (t) => {
      const context = await newContext(browser, PHONE);
      try {
        const page = await context.newPage();
        await login(page, user.email, user.password);
        await visit(page, '/');
        const menu = await mainMenu(page);
        assert.ok(menu.length > 0, `${role}: el menú principal está vacío`);
        const links = new Map(); // path → the page it was found on
        const visited = new Set();
        const routes = new Set();
        const check = async (label, path) => {
          visited.add(path);
          routes.add(routeOf(path));
          const found = { detail: null, sections: [] };
          await t.test(`${label}: ${path}`, async () => {
            await visit(page, path);
            found.detail = await firstDetailLink(page);
            found.sections = await sectionLinks(page);
            for (const l of await checkPhonePage(page, `telefono-${role}-${label}`)) {
              if (!links.has(l)) links.set(l, path);
            }
          });
          return found;
        };
        const sections = [];
        for (const item of [{ label: 'inicio', path: '/' }, ...menu.filter((m) => m.path !== '/')]) {
          if (visited.has(item.path)) continue;
          const found = await check(item.label, item.path);
          if (found.detail && !routes.has(routeOf(found.detail))) await check(`${item.label}-detalle`, found.detail);
          sections.push(...found.sections.map((path) => ({ path, from: item.label })));
        }
        // Second level: one page per route, HTML pages only (no downloads).
        for (const { path, from } of sections) {
          if (visited.has(path) || routes.has(routeOf(path))) continue;
          const res = await page.request.get(path, { failOnStatusCode: false });
          if (res.status() >= 400 || !/text\/html/.test(res.headers()['content-type'] || '')) continue;
          await check(`${from}-${routeOf(path).replace(/[/?&=]+/g, '-')}`, path);
        }

        await t.test('el menú se despliega sin JavaScript', async () => {
          const plain = await newContext(browser, { ...PHONE, javaScriptEnabled: false, storageState: await context.storageState() });
          try {
            const p = await plain.newPage();
            await visit(p, '/');
            const nav = p.getByRole('navigation', { name: 'Menú principal' });
            assert.equal(await nav.getByRole('link').count(), 0, 'el menú debería estar plegado');
            await p.locator('summary', { hasText: 'Menú' }).click();
            assert.ok((await nav.getByRole('link').count()) > 0, 'el menú no se despliega');
            await p.getByRole('button', { name: 'Cerrar sesión' }).waitFor();
          } finally {
            await plain.close();
          }
        });

        await t.test(`enlaces internos (${links.size})`, async () => {
          const broken = [];
          for (const [path, from] of links) {
            if (visited.has(path)) continue;
            const res = await page.request.get(path, { failOnStatusCode: false, maxRedirects: 5 });
            const status = res.status();
            if (BROKEN(status)) {
              const body = await res.text();
              const kind = spanishErrorPage(res.headers()['content-type'] || '', body) ? '' : ', sin página de error en español';
              broken.push(`${path} (en ${from}): HTTP ${status}${kind}`);
            }
          }
          assert.deepEqual(broken, [], `${role}: enlaces rotos:\n${broken.join('\n')}`);
        });
      } finally {
        await context.close();
      }
    });
  }

  test('direcciones desconocidas: página de error en español', async (t) => {
    const context = await newContext(browser, PHONE);
    try {
      const page = await context.newPage();
      const expectError = async (label, path, status, options) => {
        await t.test(`${label}: ${path}`, async () => {
          const res = options
            ? await page.request.fetch(path, { ...options, failOnStatusCode: false, maxRedirects: 0 })
            : await page.goto(path, { waitUntil: 'load' });
          assert.equal(res.status(), status, `${path}: HTTP ${res.status()}`);
          const body = await res.text();
          assert.ok(spanishErrorPage(res.headers()['content-type'] || '', body), `${path}: la respuesta no es la página de error: ${body.slice(0, 120)}`);
          assert.doesNotMatch(body, /page not found|method not allowed/i);
          if (!options) {
            await page.getByRole('link', { name: 'Ir a la página de inicio' }).waitFor();
            const m = await measure(page);
            assert.ok(m.scrollWidth <= m.clientWidth, `${path}: se desplaza de lado`);
            await checkA11y(page, `telefono-${label}`);
          }
        });
      };
      await expectError('anonimo-no-existe', '/no-existe', 404);
      await expectError('anonimo-estatico-no-existe', '/static/no-existe.css', 404);
      await expectError('anonimo-estaticos-sin-indice', '/static/', 404);
      await expectError('anonimo-estatico-portal-no-existe', '/static/portal/no-existe.css', 404);
      await expectError('anonimo-metodo', '/entrar', 405, { method: 'DELETE' });
      await login(page, USERS.caceres.email, USERS.caceres.password);
      await expectError('caceres-no-existe', '/no-existe', 404);
      await expectError('caceres-usuario-no-existe', '/usuarios/999999999', 404);
      await expectError('caceres-estatico-no-existe', '/static/no-existe.css', 404);
    } finally {
      await context.close();
    }
  });
});
