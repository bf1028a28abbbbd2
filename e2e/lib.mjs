// Shared helpers for the browser tests: Chromium from Debian driven by
// playwright-core, sign-in (with TOTP), and an axe-core accessibility check
// that saves a full-page screenshot of every page it looks at.
import { createHmac, randomInt } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

/** Base address of the Concejo instance under test. */
export const BASE_URL = (process.env.CONCEJO_URL || 'http://127.0.0.1:8091').replace(/\/+$/, '');

/** Where screenshots (and axe results) go; gitignored. */
export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

/** Demo accounts (README of the project). */
export const USERS = {
  dipAdmin: { email: 'admin@dipcaceres.es', password: 'concejo-demo-admin' },
  dipTecnico: { email: 'tecnico@dipcaceres.es', password: 'concejo-demo-tecnico' },
  caceres: { email: 'admin@caceres.es', password: 'concejo-demo-2026' },
  plasencia: { email: 'admin@plasencia.es', password: 'concejo-demo-2026' },
  abadia: { email: 'secretaria@abadia.es', password: 'concejo-demo-2026' },
  sierraDeGata: { email: 'operador@sierradegata.es', password: 'concejo-demo-2026' },
  alcaldiaCaceres: { email: 'alcaldia@caceres.es', password: 'concejo-demo-2026' },
  secretariaCaceres: { email: 'secretaria@caceres.es', password: 'concejo-demo-2026' },
};

/**
 * A citizen's certificate (FNMT-shaped subject, NIF 12345678Z), passed the
 * way a TLS-terminating proxy does when the server trusts it
 * (CONCEJO_CERT_HEADER=X-SSL-Client-Cert, CONCEJO_TRUSTED_PROXIES=127.0.0.1).
 */
export const CITIZEN_CERT = `-----BEGIN CERTIFICATE-----
MIICOzCCAeGgAwIBAgIUceURylyNiJ2Fnpth8RhX4Yjaaf4wCgYIKoZIzj0EAwIw
czELMAkGA1UEBhMCRVMxGDAWBgNVBAUTD0lEQ0VTLTEyMzQ1Njc4WjEMMAoGA1UE
KgwDQU5BMRUwEwYDVQQEDAxHQVJDSUEgTE9QRVoxJTAjBgNVBAMMHEdBUkNJQSBM
T1BFWiBBTkEgLSAxMjM0NTY3OFowHhcNMjYxMTI5MDYxMTA4WhcNMzYxMTI2MDYx
MTA4WjBzMQswCQYDVQQGEwJFUzEYMBYGA1UEBRMPSURDRVMtMTIzNDU2NzhaMQww
CgYDVQQqDANBTkExFTATBgNVBAQMDEdBUkNJQSBMT1BFWjElMCMGA1UEAwwcR0FS
Q0lBIExPUEVaIEFOQSAtIDEyMzQ1Njc4WjBZMBMGByqGSM49AgEGCCqGSM49AwEH
A0IABF07Tvc8CZJ/bCs6LkBIpaUsy4z6iGR8b+MjY6msXxT8iL4Fm/3l/FMDkyVL
tw5fB0+Ql1D13eQv4TMzh8Qo1gmjUzBRMB0GA1UdDgQWBBSe9MuNt7kRCrJOG8M2
Qnzi75hQ4zAfBgNVHSMEGDAWgBSe9MuNt7kRCrJOG8M2Qnzi75hQ4zAPBgNVHRMB
Af8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIBWpXmJ8ezwMND0QBVwYtro6cRLD
ENIhRAmz3IE+X1pIAiEApfkqBn+IJEkMdoPug2BxqzbY9m/0pZX+fhz8DAWP4rY=
-----END CERTIFICATE-----`;
/** The headers of the proxy that carry CITIZEN_CERT. */
export const CERT_HEADERS = { 'X-SSL-Client-Cert': encodeURIComponent(CITIZEN_CERT), 'X-SSL-Client-Verify': 'SUCCESS' };

/** TOTP secret of the demo Diputación administrator. */
export const DEMO_TOTP_SECRET = process.env.CONCEJO_TOTP_SECRET || 'JBSWY3DPEHPK3PXPJBSWY3DP';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The WCAG 2.0/2.1 A and AA rules of axe-core; nothing is switched off. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Starts headless Debian Chromium (chromium.launch gives it a new, empty profile). */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A new browser context (its own cookies) in Spanish. The app's CSP
 * (script-src 'self') stays enforced: axe is injected through the DevTools
 * protocol (page.evaluate), which the CSP does not govern, so the pages are
 * checked exactly as users get them.
 */
export function newContext(browser, options = {}) {
  return browser.newContext({
    baseURL: BASE_URL,
    locale: 'es-ES',
    timezoneId: 'Europe/Madrid',
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    ...options,
  });
}

// ---------------------------------------------------------------------------
// TOTP (RFC 6238: HMAC-SHA-1, 30-second steps, 6 digits) and base32 (RFC 4648)

export function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = s.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const i = alphabet.indexOf(ch);
    if (i < 0) throw new Error(`base32: carácter no válido ${JSON.stringify(ch)}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 HOTP value for counter. */
export function hotp(key, counter, digits = 6) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const off = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[off] & 0x7f) << 24) | (mac[off + 1] << 16) | (mac[off + 2] << 8) | mac[off + 3];
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238 TOTP code for a base32 secret at time ms (default: now). */
export function totp(secret, ms = Date.now(), step = 30, digits = 6) {
  return hotp(base32Decode(secret), Math.floor(ms / 1000 / step), digits);
}

// ---------------------------------------------------------------------------
// Data helpers

/** A valid Spanish DNI: 8 random digits and the control letter. */
export function randomDNI() {
  const n = randomInt(10_000_000, 100_000_000);
  return `${n}${'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}`;
}

/** A short random tag for names and e-mails created by the tests. */
export function randomTag() {
  return `${Date.now().toString(36)}${randomInt(36 ** 3).toString(36)}`;
}

// ---------------------------------------------------------------------------
// Navigation helpers

/**
 * Goes to path and fails unless the server answered with a 2xx status.
 * Returns the response.
 */
export async function visit(page, path) {
  const res = await page.goto(path, { waitUntil: 'load' });
  if (!res) throw new Error(`${path}: sin respuesta`);
  if (res.status() >= 400) {
    const h1 = await page.locator('h1').first().textContent().catch(() => '');
    throw new Error(`${path}: HTTP ${res.status()} (${(h1 || '').trim()})`);
  }
  return res;
}

/** Clicks locator (a submit button) and waits for the resulting page to load. */
export async function submitWith(page, locator) {
  const [res] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    locator.click(),
  ]);
  return res;
}

/** Text of the error summary of a form page, if any. */
export async function errorSummary(page) {
  const box = page.locator('.resumen-errores');
  if ((await box.count()) === 0) return '';
  return (await box.first().innerText()).replace(/\s+/g, ' ').trim();
}

/**
 * Signs in at /entrar with email and password and, when the account asks for
 * it, the TOTP code of totpSecret. Fails with the page's error message when
 * sign-in does not end on a signed-in page.
 */
export async function login(page, email, password, { totpSecret = DEMO_TOTP_SECRET } = {}) {
  await visit(page, '/entrar');
  await page.locator('input[name="usuario"]').fill(email);
  await page.locator('input[name="contrasena"]').fill(password);
  await submitWith(page, page.getByRole('button', { name: 'Entrar', exact: true }));
  let path = new URL(page.url()).pathname;
  if (path === '/entrar') {
    throw new Error(`No se ha podido entrar como ${email}: ${await errorSummary(page)}`);
  }
  if (path === '/entrar/segundo-factor') {
    for (let attempt = 0; attempt < 4 && path === '/entrar/segundo-factor'; attempt++) {
      // Stay clear of the end of a 30-second step so the code is still valid
      // on arrival; after a refusal (the code was just used, by a test file
      // signing in the same account at the same time), wait for the next one.
      const left = 30_000 - (Date.now() % 30_000);
      if (left < 3_000 || attempt > 0) await page.waitForTimeout(left + 500);
      await page.locator('input[name="codigo"]').fill(totp(totpSecret));
      await submitWith(page, page.getByRole('button', { name: 'Verificar', exact: true }));
      path = new URL(page.url()).pathname;
    }
    if (path === '/entrar/segundo-factor') {
      throw new Error(`Segundo factor rechazado para ${email}: ${await errorSummary(page)}`);
    }
  }
  // Attached, not visible: on a phone the menu is folded.
  await page.locator('nav[aria-label="Menú principal"]').waitFor({ state: 'attached' });
  return page;
}

/**
 * Links (label and path) of the main menu of the current page, folded or not
 * (on a phone the menu is a closed disclosure until opened).
 */
export async function mainMenu(page) {
  const links = page.locator('nav[aria-label="Menú principal"] a[href]');
  return links.evaluateAll((as) =>
    as.map((a) => ({ label: a.textContent.trim(), path: new URL(a.href).pathname + new URL(a.href).search })),
  );
}

/**
 * The first link of the table(s) in main that leads to another HTML page of
 * the app (a detail page), or null. Downloads (.csv, .pdf) are skipped.
 */
export async function firstDetailLink(page) {
  const hrefs = await page.locator('main table tbody a[href]').evaluateAll((as) => as.map((a) => a.href));
  for (const href of hrefs) {
    const u = new URL(href);
    if (u.origin !== new URL(BASE_URL).origin) continue;
    if (/\.(csv|pdf)$/i.test(u.pathname)) continue;
    return u.pathname + u.search;
  }
  return null;
}

// ---------------------------------------------------------------------------
// Accessibility

let axeSource;
function getAxeSource() {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

/** Makes a label safe as a file name. */
export function slug(label) {
  return String(label)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'pagina';
}

/** Formats axe violations as a readable, indented list. */
export function formatViolations(violations) {
  const lines = [];
  for (const v of violations) {
    lines.push(`- ${v.id} [${v.impact}] ${v.help} (${v.helpUrl})`);
    for (const n of v.nodes) {
      lines.push(`    en ${n.target.join(' ')}`);
      if (n.html) lines.push(`       ${n.html.replace(/\s+/g, ' ').slice(0, 200)}`);
      if (n.failureSummary) {
        for (const l of n.failureSummary.split('\n').map((s) => s.trim()).filter(Boolean)) {
          lines.push(`       ${l}`);
        }
      }
    }
  }
  return lines.join('\n');
}

export class A11yError extends Error {
  constructor(label, url, violations) {
    const nodes = violations.reduce((n, v) => n + v.nodes.length, 0);
    super(
      `${label} (${url}): ${violations.length} infracciones de accesibilidad (axe-core, WCAG 2.1 A/AA), ` +
        `${nodes} elementos:\n${formatViolations(violations)}`,
    );
    this.name = 'A11yError';
    this.violations = violations;
  }
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the current page, saves a
 * full-page screenshot to artifacts/<label>.png and the result to
 * artifacts/<label>.json, and throws an A11yError listing every violation
 * (rule, impact, selectors, help) if there is any.
 */
export async function checkA11y(page, label) {
  const name = slug(label);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });

  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    // Runtime.evaluate through the DevTools protocol: not subject to the page's CSP.
    await page.evaluate(getAxeSource());
  }
  const result = await page.evaluate(
    async (tags) => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations', 'incomplete'],
      });
      const pick = (list) =>
        list.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          helpUrl: v.helpUrl,
          nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html, failureSummary: n.failureSummary })),
        }));
      return { url: location.href, violations: pick(r.violations), incomplete: pick(r.incomplete), passes: r.passes.length };
    },
    AXE_TAGS,
  );
  writeFileSync(`${ARTIFACTS}${name}.json`, JSON.stringify({ label, ...result }, null, 2));
  if (result.violations.length > 0) {
    throw new A11yError(label, result.url, result.violations);
  }
  return result;
}

/**
 * Visits path, checks that it answers 2xx and passes checkA11y under label,
 * as a subtest of t so that one failing page does not hide the others.
 */
export async function checkPage(t, page, path, label) {
  await t.test(`${label}: ${path}`, async () => {
    await visit(page, path);
    await checkA11y(page, label);
  });
}

/**
 * Visits every link of the main menu and, on each page with a table, the first
 * detail link of the table, running checkA11y on each (one subtest per page).
 * Returns the menu labels and the pages visited.
 */
export async function crawl(t, page, prefix) {
  await visit(page, '/');
  const menu = await mainMenu(page);
  if (menu.length === 0) throw new Error(`${prefix}: el menú principal está vacío`);
  const visited = [];
  for (const item of menu) {
    const label = `${prefix}-${item.label}`;
    let detail = null;
    await t.test(`${label}: ${item.path}`, async () => {
      await visit(page, item.path);
      visited.push(item.path);
      detail = await firstDetailLink(page);
      await checkA11y(page, label);
    });
    if (detail) {
      await t.test(`${label}-detalle: ${detail}`, async () => {
        await visit(page, detail);
        visited.push(detail);
        await checkA11y(page, `${label}-detalle`);
      });
    }
  }
  return { menu: menu.map((m) => m.label), visited };
}
