// Journeys through Concejo in Chromium, with an axe-core check (WCAG 2.1 A/AA)
// and a screenshot of every page on the way. The server is the demo instance
// at CONCEJO_URL (see README.md).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  USERS,
  DEMO_TOTP_SECRET,
  checkA11y,
  checkPage,
  crawl,
  errorSummary,
  firstDetailLink,
  launch,
  login,
  mainMenu,
  newContext,
  randomDNI,
  randomTag,
  submitWith,
  totp,
  visit,
} from './lib.mjs';

const path = (page) => new URL(page.url()).pathname;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Runs fn(page, context) in a new browser context that is always closed. */
async function withPage(fn, options) {
  const context = await newContext(browser, options);
  try {
    const page = await context.newPage();
    return await fn(page, context);
  } finally {
    await context.close();
  }
}

// One password sign-in per account and run (the server allows 20 sign-ins per
// address every 5 minutes): the session cookie is shared by that account's tests.
const sessions = new Map();
function sessionOf(user) {
  if (!sessions.has(user.email)) {
    sessions.set(
      user.email,
      (async () => {
        const context = await newContext(browser);
        try {
          await login(await context.newPage(), user.email, user.password);
          return await context.storageState();
        } finally {
          await context.close();
        }
      })(),
    );
  }
  return sessions.get(user.email);
}

/** Runs fn(page, context) in a new browser context signed in as user. */
async function asUser(user, fn, options = {}) {
  return withPage(fn, { ...options, storageState: await sessionOf(user) });
}

describe('Concejo en el navegador', { concurrency: true }, () => {
  describe('anónimo', () => {
    test('entrada, contraseña olvidada, verificación y accesibilidad', async (t) => {
      await withPage(async (page) => {
        await checkPage(t, page, '/entrar', 'anonimo-entrar');
        await checkPage(t, page, '/contrasena/olvido', 'anonimo-contrasena-olvido');
        await checkPage(t, page, '/verificar', 'anonimo-verificar');
        await checkPage(t, page, '/accesibilidad', 'anonimo-accesibilidad');

        await t.test('una página privada lleva a la entrada', async () => {
          await visit(page, '/adhesiones');
          assert.equal(path(page), '/entrar');
        });

        await t.test('el formulario de entrada vacío se devuelve con errores', async () => {
          await visit(page, '/entrar');
          await submitWith(page, page.getByRole('button', { name: 'Entrar', exact: true }));
          assert.equal(path(page), '/entrar');
          const summary = page.getByRole('alert');
          await summary.waitFor();
          assert.match(await summary.innerText(), /Hay un problema/);
          assert.equal(await page.locator('input[name="usuario"]').getAttribute('aria-invalid'), 'true');
          assert.equal(await page.locator('input[name="contrasena"]').getAttribute('aria-invalid'), 'true');
          await checkA11y(page, 'anonimo-entrar-errores');
        });

        await t.test('la contraseña olvidada vacía se devuelve con errores', async () => {
          await visit(page, '/contrasena/olvido');
          await submitWith(page, page.getByRole('button', { name: 'Enviar enlace' }));
          assert.match(await errorSummary(page), /Hay un problema/);
          await checkA11y(page, 'anonimo-contrasena-olvido-errores');
        });

        await t.test('un código de verificación inexistente', async () => {
          const res = await page.goto('/verificar?csv=NOEXISTE0000');
          assert.equal(res.status(), 404);
          await checkA11y(page, 'anonimo-verificar-no-encontrado');
        });
      });
    });
  });

  describe('Diputación', () => {
    test('el administrador entra con contraseña y segundo factor y recorre el menú', async (t) => {
      await withPage(async (page) => {
        await visit(page, '/entrar');
        await page.locator('input[name="usuario"]').fill(USERS.dipAdmin.email);
        await page.locator('input[name="contrasena"]').fill(USERS.dipAdmin.password);
        await submitWith(page, page.getByRole('button', { name: 'Entrar', exact: true }));
        assert.equal(path(page), '/entrar/segundo-factor', await errorSummary(page));
        await checkA11y(page, 'dip-segundo-factor');

        await t.test('un código equivocado se rechaza', async () => {
          const now = Date.now();
          const valid = new Set([-1, 0, 1].map((k) => totp(DEMO_TOTP_SECRET, now + k * 30_000)));
          const wrong = ['000000', '111111', '222222', '333333'].find((c) => !valid.has(c));
          await page.locator('input[name="codigo"]').fill(wrong);
          await submitWith(page, page.getByRole('button', { name: 'Verificar', exact: true }));
          assert.equal(path(page), '/entrar/segundo-factor');
          assert.match(await errorSummary(page), /no es correcto/);
          await checkA11y(page, 'dip-segundo-factor-error');
        });

        const left = 30_000 - (Date.now() % 30_000);
        if (left < 3_000) await page.waitForTimeout(left + 500);
        await page.locator('input[name="codigo"]').fill(totp(DEMO_TOTP_SECRET));
        await submitWith(page, page.getByRole('button', { name: 'Verificar', exact: true }));
        assert.equal(path(page), '/', await errorSummary(page));
        assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /^Hola, /);
        await checkA11y(page, 'dip-inicio');

        const menu = (await mainMenu(page)).map((m) => m.label);
        for (const label of ['Inicio', 'Entidades', 'Servicios', 'Adhesiones', 'Usuarios', 'Estadísticas', 'Auditoría']) {
          assert.ok(menu.includes(label), `falta «${label}» en el menú: ${menu.join(', ')}`);
        }

        const { visited } = await crawl(t, page, 'dip');
        await checkPage(t, page, '/cuenta', 'dip-cuenta');
        await checkPage(t, page, '/entidades/nueva', 'dip-entidad-nueva');
        const entity = visited.find((p) => /^\/entidades\/[0-9A-Z]{26}$/.test(p));
        assert.ok(entity, 'el recorrido no ha abierto ninguna entidad');
        await checkPage(t, page, `${entity}/editar`, 'dip-entidad-editar');
        await checkPage(t, page, '/usuarios/nuevo', 'dip-usuario-nuevo');
        await checkPage(t, page, '/auditoria/verificar', 'dip-auditoria-verificar');
        await checkPage(t, page, '/adhesiones?estado=solicitada', 'dip-adhesiones-solicitadas');

        await t.test('una adhesión firmada, pendiente de aprobación', async () => {
          await visit(page, '/adhesiones?estado=firmada');
          const detail = await firstDetailLink(page);
          assert.ok(detail, 'no hay adhesiones firmadas en la demostración');
          await visit(page, detail);
          await page.getByRole('button', { name: 'Aprobar la adhesión' }).waitFor();
          await checkA11y(page, 'dip-adhesion-firmada');
        });

        await t.test('la página de «no encontrado»', async () => {
          const res = await page.goto('/adhesiones/00000000000000000000000000');
          assert.equal(res.status(), 404);
          await checkA11y(page, 'dip-no-encontrado');
        });
      });
    });
  });

  describe('entidad', { concurrency: true }, () => {
    test('el administrador de Cáceres da de alta un usuario y le concede un permiso', async (t) => {
      // A session of its own: the one-time messages it checks would be
      // taken by the other Cáceres pages that share the cached session.
      await withPage(async (page) => {
        await login(page, USERS.caceres.email, USERS.caceres.password);
        await visit(page, '/usuarios/nuevo');
        await checkA11y(page, 'caceres-usuario-nuevo');

        await t.test('el alta vacía se devuelve con errores', async () => {
          await submitWith(page, page.getByRole('button', { name: 'Dar de alta' }));
          assert.match(await errorSummary(page), /Hay un problema/);
          await checkA11y(page, 'caceres-usuario-nuevo-errores');
        });

        const tag = randomTag();
        const email = `e2e-${tag}@caceres.es`;
        const nif = randomDNI();
        await visit(page, '/usuarios/nuevo');
        await page.getByLabel('Nombre', { exact: true }).fill('Prueba');
        await page.getByLabel('Primer apellido', { exact: true }).fill('Navegador');
        await page.getByLabel(/^Segundo apellido/).fill(`E2E ${tag}`);
        await page.getByLabel('NIF', { exact: true }).fill(nif);
        await page.getByLabel('Correo electrónico', { exact: true }).fill(email);
        await page.getByLabel(/^Cargo o puesto/).fill('Auxiliar administrativo');
        const role = page.getByLabel('Papel en la entidad');
        const roles = await role.locator('option').evaluateAll((os) =>
          os.filter((o) => o.value).map((o) => ({ value: o.value, label: o.textContent.trim() })),
        );
        assert.ok(roles.length > 0, 'no hay papeles que elegir');
        const staff = roles.find((r) => /personal/i.test(r.label)) ?? roles[0];
        await role.selectOption(staff.value);
        await submitWith(page, page.getByRole('button', { name: 'Dar de alta' }));
        assert.match(path(page), /^\/usuarios\/[0-9A-Z]{26}$/, await errorSummary(page));
        const main = await page.locator('main').innerText();
        assert.match(main, /Prueba Navegador E2E/);
        assert.ok(main.includes(email), `no aparece ${email}`);
        assert.ok(main.includes(nif), `no aparece ${nif}`);
        assert.match(await page.getByRole('status').innerText(), /\S/);
        await checkA11y(page, 'caceres-usuario-creado');

        // Grant a profile of one of the applications of Cáceres (form posting to /usuarios/{id}/permisos).
        const profile = page.getByLabel('Conceder un perfil');
        const choices = await profile.locator('option').evaluateAll((os) =>
          os.filter((o) => o.value).map((o) => ({ value: o.value, label: o.textContent.trim(), app: o.parentElement.label })),
        );
        assert.ok(choices.length > 0, 'no hay perfiles que conceder');
        const choice = choices[0];
        await profile.selectOption(choice.value);
        const userPath = path(page);
        await submitWith(page, page.getByRole('button', { name: 'Conceder el perfil' }));
        assert.equal(path(page), userPath, await errorSummary(page));
        assert.equal(await errorSummary(page), '');
        await page.getByRole('status').waitFor();
        const held = page.getByRole('table', { name: /Perfiles que tiene/ });
        const row = held.getByRole('row').filter({ hasText: choice.app });
        assert.equal(await row.count(), 1, `el perfil de ${choice.app} no aparece en la tabla`);
        assert.ok(
          choice.label.startsWith((await row.getByRole('cell').nth(1).innerText()).trim()),
          `perfil concedido inesperado: ${await row.innerText()}`,
        );
        await checkA11y(page, 'caceres-usuario-permiso');
      });
    });

    test('Plasencia solicita la adhesión a un servicio y obtiene el documento', async (t) => {
      await asUser(USERS.plasencia, async (page) => {
        await visit(page, '/servicios');
        const request = page.locator('main a[href^="/adhesiones/nueva?servicio="]').first();
        assert.ok((await request.count()) > 0, 'Plasencia no puede solicitar ningún servicio del catálogo');
        const href = await request.getAttribute('href');
        const code = new URL(href, 'http://x').searchParams.get('servicio');
        await submitWith(page, request);
        assert.equal(path(page), '/adhesiones/nueva');
        await checkA11y(page, 'plasencia-adhesion-nueva');

        const quantity = page.locator('main input[name="cantidad"]');
        if ((await quantity.count()) > 0) await quantity.fill('3');
        await submitWith(page, page.getByRole('button', { name: 'Solicitar la adhesión y generar el documento' }));
        assert.match(path(page), /^\/adhesiones\/[0-9A-Z]{26}$/, await errorSummary(page));
        const adhesionPath = path(page);
        assert.match(await page.locator('main .etiqueta').first().innerText(), /solicitada/i);
        assert.ok(
          (await page.locator(`main a[href="/servicios/${code}"]`).count()) > 0,
          `la adhesión no enlaza con el servicio ${code}`,
        );
        await checkA11y(page, 'plasencia-adhesion-solicitada');

        await t.test('el documento generado es un PDF', async () => {
          const link = page.getByRole('link', { name: /Solicitud generada para firmar/ });
          const pdfHref = await link.getAttribute('href');
          assert.equal(pdfHref, `${adhesionPath}/documento.pdf`);
          const res = await page.request.get(pdfHref);
          assert.equal(res.status(), 200);
          assert.match(res.headers()['content-type'], /^application\/pdf/);
          const body = await res.body();
          assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-');
          assert.ok(body.length > 1000, `PDF demasiado pequeño: ${body.length} bytes`);
        });

        await t.test('el código seguro de verificación se comprueba sin entrar', async () => {
          const csv = (await page.locator('main dd code').first().innerText()).trim();
          assert.ok(csv.length >= 8, `CSV inesperado: ${csv}`);
          const anon = await newContext(browser);
          try {
            const p = await anon.newPage();
            await visit(p, `/verificar?csv=${encodeURIComponent(csv)}`);
            assert.match(await p.locator('main').innerText(), /corresponde a un documento auténtico/);
            await checkA11y(p, 'anonimo-verificar-encontrado');
            const res = await p.request.get(`/verificar/${csv}/documento`);
            assert.equal(res.status(), 200);
            assert.match(res.headers()['content-type'], /^application\/pdf/);
          } finally {
            await anon.close();
          }
        });

        await t.test('la solicitud aparece en la lista de adhesiones de Plasencia', async () => {
          await visit(page, '/adhesiones?estado=solicitada');
          assert.ok((await page.locator(`main table a[href="${adhesionPath}"]`).count()) > 0);
        });
      });
    });

    test('recorrido del administrador de Cáceres', async (t) => {
      await asUser(USERS.caceres, async (page) => {
        const { visited } = await crawl(t, page, 'caceres');
        await checkPage(t, page, '/cuenta', 'caceres-cuenta');
        await checkPage(t, page, '/cuenta/segundo-factor', 'caceres-segundo-factor-activar');
        const user = visited.find((p) => /^\/usuarios\/[0-9A-Z]{26}$/.test(p));
        assert.ok(user, 'el recorrido no ha abierto ningún usuario');
        await checkPage(t, page, `${user}/editar`, 'caceres-usuario-editar');
      });
    });

    test('recorrido del administrador de Plasencia (padrón y terceros)', async (t) => {
      await asUser(USERS.plasencia, async (page) => {
        await crawl(t, page, 'plasencia');
        for (const [path, label] of [
          ['/padron/altas/nueva', 'plasencia-padron-alta'],
          ['/padron/cifras', 'plasencia-padron-cifras'],
          ['/padron/encsarp', 'plasencia-padron-encsarp'],
          ['/padron/ine', 'plasencia-padron-ine'],
          ['/padron/accesos', 'plasencia-padron-accesos'],
          ['/padron/verificacion', 'plasencia-padron-verificacion'],
          ['/terceros/nuevo', 'plasencia-tercero-nuevo'],
          ['/terceros/duplicados', 'plasencia-terceros-duplicados'],
        ]) {
          await checkPage(t, page, path, label);
        }
        await checkPage(t, page, '/padron?q=mar', 'plasencia-padron-busqueda');
        const person = await firstDetailLink(page);
        assert.ok(person && /^\/padron\/habitantes\/[0-9A-Z]{26}$/.test(person), `la búsqueda no lleva a un habitante: ${person}`);
        await checkPage(t, page, person, 'plasencia-padron-habitante');
        for (const form of ['baja', 'domicilio', 'correccion']) {
          await checkPage(t, page, `${person}/${form}`, `plasencia-padron-${form}`);
        }
      });
    });

    test('recorrido del operador de la Mancomunidad de Sierra de Gata', async (t) => {
      await asUser(USERS.sierraDeGata, async (page) => {
        await crawl(t, page, 'sierradegata');

        await t.test('usuarios de una entidad de la mancomunidad', async () => {
          await visit(page, '/usuarios');
          const entity = page.getByLabel('Entidad', { exact: true });
          const values = await entity.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
          assert.ok(values.length > 0, 'el operador no puede consultar ninguna entidad');
          await entity.selectOption(values[0]);
          await submitWith(page, page.getByRole('button', { name: 'Filtrar' }));
          await checkA11y(page, 'sierradegata-usuarios-entidad');
          const detail = await firstDetailLink(page);
          assert.ok(detail, 'la lista de usuarios de la entidad no tiene enlaces');
          await visit(page, detail);
          await checkA11y(page, 'sierradegata-usuarios-entidad-detalle');
        });
      });
    });

    test('la secretaria de Abadía cambia de entidad', async (t) => {
      await asUser(USERS.abadia, async (page) => {
        await visit(page, '/');
        const select = page.getByLabel('Trabajar para');
        const options = await select.locator('option').evaluateAll((os) =>
          os.map((o) => ({ value: o.value, label: o.textContent.trim(), selected: o.selected })),
        );
        assert.ok(options.length >= 2, 'la secretaria debería poder trabajar para dos entidades');
        await checkA11y(page, 'abadia-inicio');
        const other = options.find((o) => !o.selected);
        await select.selectOption(other.value);
        await submitWith(page, page.getByRole('button', { name: 'Cambiar' }));
        assert.match(await page.getByRole('status').innerText(), new RegExp(`Ahora trabaja para (el |la )?${other.label}`));
        assert.equal(await page.locator('header .entidad').innerText(), other.label);
        await checkA11y(page, 'abadia-inicio-cambiada');
      });
    });
  });

  describe('móvil (375×812)', () => {
    test('páginas principales en un teléfono', async (t) => {
      const phone = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
      await withPage(async (page) => {
        await checkPage(t, page, '/entrar', 'movil-entrar');
      }, phone);
      await asUser(
        USERS.caceres,
        async (page) => {
          for (const [p, label] of [
            ['/', 'movil-inicio'],
            ['/servicios', 'movil-servicios'],
            ['/adhesiones', 'movil-adhesiones'],
            ['/usuarios', 'movil-usuarios'],
            ['/usuarios/nuevo', 'movil-usuario-nuevo'],
            ['/cuenta', 'movil-cuenta'],
          ]) {
            await checkPage(t, page, p, label);
          }
        },
        phone,
      );
    });
  });
});
