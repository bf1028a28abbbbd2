// Proves that checkA11y fails when axe-core finds a violation: a tiny server
// (node:http, random port, the same CSP as Concejo) serves a page with planted
// violations and a clean one.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { A11yError, checkA11y, launch, visit } from './lib.mjs';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

const PIXEL = 'data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==';

const page = (body) => `<!DOCTYPE html>
<html lang="es">
<head><meta charset="utf-8"><title>Página de prueba</title></head>
<body><main><h1>Página de prueba</h1>${body}</main></body>
</html>`;

const PAGES = {
  '/plantada': page(`
<img src="${PIXEL}" width="40" height="40">
<form method="get" action="/plantada"><input type="text" name="sin-etiqueta"><button type="submit">Buscar</button></form>`),
  '/limpia': page(`
<img src="${PIXEL}" width="40" height="40" alt="Escudo de la provincia">
<form method="get" action="/limpia"><label for="q">Buscar</label> <input id="q" type="text" name="q"><button type="submit">Buscar</button></form>`),
};

describe('el comprobador de accesibilidad', () => {
  let server;
  let base;
  let browser;
  let context;

  before(async () => {
    server = createServer((req, res) => {
      const body = PAGES[new URL(req.url, 'http://x').pathname];
      res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': CSP });
      res.end(body ?? page('<p>No encontrado</p>'));
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${server.address().port}`;
    browser = await launch();
    context = await browser.newContext({ baseURL: base });
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  test('falla con una imagen sin alt y un campo sin etiqueta', async () => {
    const p = await context.newPage();
    await visit(p, '/plantada');
    await assert.rejects(checkA11y(p, 'plantada'), (err) => {
      assert.ok(err instanceof A11yError, `esperaba A11yError, no ${err}`);
      const ids = err.violations.map((v) => v.id);
      assert.ok(ids.includes('image-alt'), `falta image-alt en ${ids}`);
      assert.ok(ids.includes('label'), `falta label en ${ids}`);
      // The message lists rule, impact, selector and help.
      assert.match(err.message, /- image-alt \[critical\] Images must have alternative text/);
      assert.match(err.message, /en img/);
      assert.match(err.message, /- label \[critical\] Form elements must have labels/);
      assert.match(err.message, /en input\n\s+<input type="text" name="sin-etiqueta"/);
      return true;
    });
    await p.close();
  });

  test('pasa en la misma página corregida (bajo la misma CSP)', async () => {
    const p = await context.newPage();
    await visit(p, '/limpia');
    const r = await checkA11y(p, 'limpia');
    assert.equal(r.violations.length, 0);
    assert.ok(r.passes > 0, 'axe no ha comprobado nada');
    await p.close();
  });
});
