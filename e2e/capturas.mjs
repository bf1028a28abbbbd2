// Screenshots of the README (docs/capturas): what each kind of user meets,
// at desktop size and on a phone. Run against a fresh demo:
//   CONCEJO_URL=http://127.0.0.1:8091 node capturas.mjs
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { USERS, launch, login, newContext, visit } from './lib.mjs';

const OUT = fileURLToPath(new URL('../docs/capturas/', import.meta.url));
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Each shot: file name, who (a USERS key or none), the path, on a phone or not, the whole page or its first screen. */
const SHOTS = [
  { file: 'inicio.png', full: true, user: 'caceres', path: '/' },
  { file: 'inicio-operador.png', full: true, user: 'sierraDeGata', path: '/' },
  { file: 'inicio-alcaldia.png', full: true, user: 'alcaldiaCaceres', path: '/' },
  { file: 'movil-inicio.png', user: 'abadia', path: '/', phone: true },
  { file: 'sede-escritorio-inicio.png', path: '/e/10148/sede' },
  { file: 'sede-movil-procedimientos.png', path: '/e/10148/sede/procedimientos', phone: true },
  { file: 'sede-procedimiento.png', full: true, path: '/e/10148/sede/procedimientos', follow: 'main ul a, main table a' },
  { file: 'portal-diputacion-mapa.png', path: '/e/L02000010/' },
  { file: 'portal-plasencia-inicio-escritorio.png', path: '/e/10148/' },
  { file: 'portal-plasencia-movil.png', path: '/e/10148/', phone: true },
  { file: 'ventanilla-unica.png', full: true, user: 'caceres', path: '/registro/ventanilla/nueva?q=diputacion+provincial+caceres' },
];

mkdirSync(OUT, { recursive: true });
const browser = await launch();
try {
  // CAPTURA=<file> takes only that one.
  for (const s of SHOTS.filter((s) => !process.env.CAPTURA || s.file === process.env.CAPTURA)) {
    const ctx = await newContext(browser, s.phone ? PHONE : {});
    const page = await ctx.newPage();
    if (s.user) await login(page, USERS[s.user].email, USERS[s.user].password);
    await visit(page, s.path);
    if (s.follow) await visit(page, new URL(await page.locator(s.follow).first().getAttribute('href'), page.url()).pathname);
    await page.screenshot({ path: OUT + s.file, fullPage: Boolean(s.full) });
    console.log(s.file);
    await ctx.close();
  }
} finally {
  await browser.close();
}
