// The ventanilla única in Chromium, every page under the axe-core check
// (WCAG 2.1 A/AA): the Diputación's administrator loads into the DIR3
// directory a unit of the Junta de Extremadura with its registry office in
// SIR (test data: the codes are this test's own, not the Directorio's);
// Cáceres's clerk registers a citizen's paper submission for that unit:
// finds it in the directory, is told what is missing, digitises two
// pages, and the entrada is registered with the copia auténtica and sent
// through SIR to the unit's office.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { USERS, checkA11y, errorSummary, launch, login, newContext, randomDNI, randomTag, submitWith, visit } from './lib.mjs';

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

/** A scanned page: a small greyscale JPEG. */
const PAGE = Buffer.from('/9j/2wCEAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk8BDg4OExETJhUVJk81LTVPT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT//AAAsIAKoAeAEBEQD/xADSAAABBQEBAQEBAQAAAAAAAAAAAQIDBAUGBwgJCgsQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+v/aAAgBAQAAPwD0uiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiuK8Q+P/7E1u403+y/P8nb+8+0bc5UN02n19azf+Fp/wDUE/8AJr/7Cj/haf8A1BP/ACa/+wo/4Wn/ANQT/wAmv/sKP+Fp/wDUE/8AJr/7Cj/haf8A1BP/ACa/+wo/4Wn/ANQT/wAmv/sKP+Fp/wDUE/8AJr/7Cj/haf8A1BP/ACa/+wo/4Wn/ANQT/wAmv/sKP+Fp/wDUE/8AJr/7Cj/haf8A1BP/ACa/+wrS8PeP/wC29bt9N/svyPO3fvPtG7GFLdNo9PWu1ory/wAY+E9d1PxReXljY+bbybNj+ai5wig8FgeoNYv/AAgnif8A6Bn/AJHi/wDiqP8AhBPE/wD0DP8AyPF/8VR/wgnif/oGf+R4v/iqP+EE8T/9Az/yPF/8VR/wgnif/oGf+R4v/iqP+EE8T/8AQM/8jxf/ABVH/CCeJ/8AoGf+R4v/AIqj/hBPE/8A0DP/ACPF/wDFUf8ACCeJ/wDoGf8AkeL/AOKo/wCEE8T/APQM/wDI8X/xVH/CCeJ/+gZ/5Hi/+Kra8HeE9d0zxRZ3l9Y+Vbx797+ajYyjAcBiepFeoUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUV/9k=', 'base64');

/** A CSV of the Directorio: header and rows of width columns, the given cells set. */
function csv(width, rows) {
  const lines = [Array(width).fill('columna').join(';')];
  for (const cells of rows) {
    const c = Array(width).fill('');
    for (const [i, v] of Object.entries(cells)) c[i] = v;
    lines.push(c.join(';'));
  }
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

/** Imports one DIR3 file as the Diputación's administrator and waits for it. */
async function importDIR3(name, buffer) {
  await visit(admin, '/dir3/importaciones');
  await admin.locator('#fichero').setInputFiles({ name, mimeType: 'text/csv', buffer });
  await submitWith(admin, admin.getByRole('button', { name: 'Importar' }));
  for (let i = 0; i < 40 && !(await admin.locator('main').innerText()).includes('Terminada'); i++) {
    await admin.waitForTimeout(250);
    await admin.reload({ waitUntil: 'load' });
  }
  assert.match(await admin.locator('main').innerText(), /Terminada/, `importación de ${name}`);
}

describe('la ventanilla única', () => {
  test('escrito en papel para una unidad de la Junta de Extremadura, digitalizado, registrado y enviado por SIR', async () => {
    const tag = randomTag();
    const n = String(Date.now() % 1e6).padStart(6, '0');
    const unit = `A11${n}`;
    const office = `O00${n}`;
    const unitName = `Servicio de Becas ${tag}`;
    await importDIR3('Unidades.csv', csv(56, [{ 0: unit, 1: '1', 2: unitName, 5: 'V', 8: '2', 9: '3', 11: 'A11002926', 14: 'A11002926' }]));
    await importDIR3('Oficinas.csv', csv(33, [{ 0: office, 1: `Oficina de Registro ${tag}`, 4: 'V', 5: '2', 7: unit }]));
    await importDIR3('RelacionesSIROFI.csv', csv(6, [{ 0: office, 2: unit, 5: 'V' }]));
    await importDIR3('ServiciosOFI.csv', csv(4, [{ 0: office, 1: '5', 2: 'SIR', 3: 'V' }]));

    await visit(clerk, '/registro');
    await Promise.all([clerk.waitForNavigation({ waitUntil: 'load' }), clerk.getByRole('link', { name: 'Ventanilla única' }).click()]);
    await checkA11y(clerk, 'ventanilla');
    await Promise.all([clerk.waitForNavigation({ waitUntil: 'load' }),
      clerk.getByRole('link', { name: 'Registrar un escrito para otra administración' }).click()]);
    await checkA11y(clerk, 'ventanilla nuevo escrito');

    // Nothing filled in: every problem is said, on its field.
    await submitWith(clerk, clerk.getByRole('button', { name: 'Registrar y enviar por SIR' }));
    const problems = await errorSummary(clerk);
    assert.match(problems, /Busque y elija la unidad de destino/);
    assert.match(problems, /Digitalice al menos un documento/);
    await checkA11y(clerk, 'ventanilla con errores');

    // The unit, found in the directory without accents and words in any order.
    await clerk.getByLabel('Buscar en el directorio DIR3').fill(`becas ${tag.toLowerCase()} servicio`);
    await submitWith(clerk, clerk.getByRole('button', { name: 'Buscar', exact: true }));
    await checkA11y(clerk, 'ventanilla búsqueda de destino');
    await clerk.getByLabel(new RegExp(`${unitName} \\(${unit}\\)`)).check();
    const dni = randomDNI();
    for (const [id, value] of [['interesado_documento', dni], ['interesado_nombre_propio', 'Rocío'],
      ['interesado_apellido1', 'Durán'], ['interesado_apellido2', 'Sánchez'], ['interesado_direccion', 'Calle Pizarro 4'],
      ['interesado_codigo_postal', '10003'], ['subject', 'Solicitud de beca de comedor escolar'],
      ['summary', `Solicita la beca de comedor escolar del curso 2026-2027 (${tag})`],
      ['solicita', 'La beca de comedor escolar.'], ['documento1_titulo', 'Solicitud']]) {
      await clerk.locator(`#${id}`).fill(value);
    }
    await clerk.locator('#interesado_canal').selectOption('01');
    await clerk.locator('#documento1_ficheros').setInputFiles([
      { name: 'pagina1.jpg', mimeType: 'image/jpeg', buffer: PAGE },
      { name: 'pagina2.jpg', mimeType: 'image/jpeg', buffer: PAGE }]);
    await submitWith(clerk, clerk.getByRole('button', { name: 'Registrar y enviar por SIR' }));

    const main = await clerk.locator('main').innerText();
    assert.match(main, /Escrito registrado como \d{4}\/E\/\d{6} con sus copias auténticas y enviado por SIR/);
    assert.match(main, new RegExp(`${unitName}[\\s\\S]*${unit}`));
    assert.match(main, new RegExp(office));
    assert.match(main, /Fichero de intercambio \(envío\)/);
    await checkA11y(clerk, 'ventanilla enviado');

    await Promise.all([clerk.waitForNavigation({ waitUntil: 'load' }), clerk.getByRole('link', { name: 'Ver el asiento' }).click()]);
    assert.match(await clerk.locator('main').innerText(), /Solicitud\.pdf/);
    await checkA11y(clerk, 'ventanilla asiento');
    await visit(clerk, '/registro/ventanilla');
    assert.match(await clerk.locator('main').innerText(), new RegExp(`${tag}[\\s\\S]*Enviado`));
  });
});
