// The Directorio Común (DIR3) in Chromium, every page under the axe-core
// check (WCAG 2.1 A/AA): Cáceres's administrator searches without accents
// and with the words in any order, opens the Diputación's unit and its SIR
// office and comes back through the breadcrumbs; the Diputación's
// administrator sends a file that is not the Directorio's (an error on the
// field, in Spanish), then a Unidades.csv with a new unit and another that
// extinguishes it, whose result page lists it among the units no longer
// valid.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { USERS, checkA11y, errorSummary, launch, login, newContext, randomTag, submitWith, visit } from './lib.mjs';

let browser;
let clerk;
let admin;
before(async () => {
  browser = await launch();
  clerk = await (await newContext(browser)).newPage();
  admin = await (await newContext(browser)).newPage();
  await login(clerk, USERS.caceres.email, USERS.caceres.password);
  await login(admin, USERS.dipAdmin.email, USERS.dipAdmin.password);
});
after(async () => {
  await browser?.close();
});

/** A Unidades.csv of the Directorio (56 columns) with one row per [code, name, state]. */
function unitsCSV(rows) {
  const lines = [Array(56).fill('columna').join(';')];
  for (const [code, name, state] of rows) {
    const c = Array(56).fill('');
    [c[0], c[1], c[2], c[5], c[8], c[9], c[11], c[14]] = [code, '1', name, state, '2', '1', code, code];
    lines.push(c.join(';'));
  }
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

describe('el directorio DIR3', () => {
  test('búsqueda, unidad y oficina SIR', async () => {
    await visit(clerk, '/');
    await Promise.all([clerk.waitForNavigation({ waitUntil: 'load' }), clerk.getByRole('link', { name: 'Directorio DIR3' }).first().click()]);
    await checkA11y(clerk, 'dir3 búsqueda');
    await clerk.getByLabel('Nombre o código').fill('caceres provincial diputacion');
    await submitWith(clerk, clerk.getByRole('button', { name: 'Buscar' }));
    await checkA11y(clerk, 'dir3 resultados');
    const row = clerk.getByRole('link', { name: 'Diputación Provincial de Cáceres' });
    assert.equal(await row.count(), 1, 'la búsqueda sin tildes y desordenada encuentra la Diputación');
    await Promise.all([clerk.waitForNavigation({ waitUntil: 'load' }), row.click()]);
    assert.match(await clerk.locator('h1').innerText(), /Diputación Provincial de Cáceres/);
    assert.match(await clerk.locator('main').innerText(), /Vigente[\s\S]*L02000010/);
    await checkA11y(clerk, 'dir3 unidad');
    await Promise.all([clerk.waitForNavigation({ waitUntil: 'load' }),
      clerk.getByRole('link', { name: 'Registro General de la Diputación Provincial de Cáceres' }).first().click()]);
    assert.match(await clerk.locator('main').innerText(), /Integrada en SIR[\s\S]*O00002683/);
    await checkA11y(clerk, 'dir3 oficina');
    // By administration: the ayuntamientos, paginated.
    await visit(clerk, '/dir3?nivel=3&q=ayuntamiento');
    assert.match(await clerk.locator('main').innerText(), /223 unidades/);
    await Promise.all([clerk.waitForNavigation({ waitUntil: 'load' }), clerk.getByRole('link', { name: /Siguiente/ }).click()]);
    await checkA11y(clerk, 'dir3 página 2');
  });

  test('importación por el administrador de la Diputación', async () => {
    await visit(admin, '/dir3/importaciones');
    await checkA11y(admin, 'dir3 importaciones');
    await admin.locator('#fichero').setInputFiles({ name: 'foto.jpg', mimeType: 'image/jpeg', buffer: Buffer.from([0xff, 0xd8, 0xff]) });
    await submitWith(admin, admin.getByRole('button', { name: 'Importar' }));
    assert.match(await errorSummary(admin), /No se reconoce foto\.jpg como un fichero del DIR3/);
    await checkA11y(admin, 'dir3 importación con error');
    // A unit of the test's own, vigente in a first file and extinguished in a second.
    const code = `A11${String(Date.now() % 1e6).padStart(6, '0')}`;
    const name = `Consejería de Prueba ${randomTag()}`;
    for (const state of ['V', 'E']) {
      await visit(admin, '/dir3/importaciones');
      await admin.locator('#fichero').setInputFiles({ name: 'Unidades.csv', mimeType: 'text/csv', buffer: unitsCSV([[code, name, state]]) });
      await submitWith(admin, admin.getByRole('button', { name: 'Importar' }));
      for (let i = 0; i < 40 && !(await admin.locator('main').innerText()).includes('Terminada'); i++) {
        await admin.waitForTimeout(250);
        await admin.reload({ waitUntil: 'load' });
      }
      assert.match(await admin.locator('main').innerText(), /Terminada/);
    }
    assert.match(await admin.locator('main').innerText(), new RegExp(`${code}[\\s\\S]*Ha pasado a Extinguida`));
    await checkA11y(admin, 'dir3 resultado de la importación');
    await visit(admin, `/dir3?q=${encodeURIComponent(name)}`);
    assert.equal(await admin.getByRole('link', { name }).count(), 0, 'la unidad extinguida no está entre las vigentes');
    await visit(admin, `/dir3?todas=1&q=${encodeURIComponent(name)}`);
    assert.equal(await admin.getByRole('link', { name }).count(), 1);
  });
});
