// The demo's background load as people meet it, every page under the
// axe-core check (WCAG 2.1 A/AA): the Diputación's administrator finds the
// load among the jobs at /trabajos and opens its page; an entity's
// administrator sees on his home and on a module's page the notice that the
// demo data are loading exactly while /readyz/demo says so (the small demo
// usually finishes before the browser arrives, so what the notice says is
// checked against the server's own answer before and after the page; the
// notice itself, while a load blocks, is proved by the Go test
// internal/app/demo_behind_test.go).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, USERS, checkA11y, launch, login, newContext, visit } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/**
 * Whether the demo data are all in, as /readyz/demo says (200: loaded, 503:
 * loading); a load that stopped (500) fails the test, as the other tests
 * would miss its data.
 */
async function loaded() {
  const res = await fetch(`${BASE_URL}/readyz/demo`);
  assert.notEqual(res.status, 500, `la carga de los datos de demostración se ha detenido: ${await res.text()}`);
  return res.status === 200;
}

/** The main text of the page, whitespace folded. */
async function mainText(page) {
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ');
}

/**
 * Signs in as the Diputación's administrator; another test may have spent
 * this 30-second step's TOTP code (a code is accepted once), so a refused
 * code is tried again with the next step's.
 */
async function loginDipAdmin(page) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await login(page, USERS.dipAdmin.email, USERS.dipAdmin.password);
    } catch (err) {
      if (attempt >= 2 || !/Segundo factor/.test(err.message)) throw err;
      await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 500);
    }
  }
}

/**
 * Opens path and checks that the notice matching notice shows when the
 * load ran all along, and does not when it had ended before.
 */
async function checkNotice(page, path, notice, label) {
  const before = await loaded();
  await visit(page, path);
  await checkA11y(page, label);
  const after = await loaded();
  const text = await mainText(page);
  if (before) assert.doesNotMatch(text, notice, `${path}: the notice shows after the load`);
  if (!after) assert.match(text, notice, `${path}: no notice while the load runs`);
}

describe('la carga de los datos de demostración', () => {
  test('el administrador de la Diputación la encuentra entre los trabajos y abre su página', async () => {
    const page = await (await newContext(browser)).newPage();
    await loginDipAdmin(page);
    await visit(page, '/trabajos');
    await checkA11y(page, 'demo-trabajos');
    const link = page.getByRole('link', { name: 'Carga de los datos de demostración' }).first();
    await link.waitFor();
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
    assert.match(new URL(page.url()).pathname, /^\/trabajos\/[0-9A-Z]+$/);
    await checkA11y(page, 'demo-trabajo');
    const text = await mainText(page);
    assert.match(text, /Carga de los datos de demostración/);
    if (await loaded()) {
      assert.match(text, /Trabajo terminado\. Cargados los datos de demostración de \d+ módulos/);
    } else {
      assert.match(text, /Avance/);
    }
  });

  test('el inicio y las páginas de un módulo avisan mientras se cargan, y solo entonces', async () => {
    const page = await (await newContext(browser)).newPage();
    await login(page, USERS.caceres.email, USERS.caceres.password);
    await checkNotice(page, '/', /Cargando los datos de demostración/, 'demo-inicio');
    await checkNotice(page, '/soporte', /Se están cargando los datos de demostración de este módulo/, 'demo-soporte');
  });
});
