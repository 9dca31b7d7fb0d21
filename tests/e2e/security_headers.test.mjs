// The built app runs under the server's Content-Security-Policy in Chromium: signing in, a
// project's Customers page with a dialog (a module loaded on demand), Settings and the help center render with no policy violation; an
// injected inline script is refused; and no other site can frame the app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startServer, startBrowser, signIn } from './harness.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

/// A browser context that records every CSP violation and every "Refused to …" console message,
/// across navigations (the listener is installed before any page script runs).
async function watchedContext() {
  const context = await browser.newContext();
  const violations = [];
  await context.exposeBinding('reportViolation', (_source, violation) => { violations.push(violation); });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.reportViolation(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const watch = (page) => page.on('console', (message) => {
    if (/Refused to|Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  context.on('page', watch);
  return { context, violations };
}

test('each build\'s real start script is allowed by its hash, and nothing inline else is', async () => {
  // The agent app, the help center, the settings panel, the help center's sign-in pages and a
  // project's request pages: one index.html each.
  const dist = resolve(process.env.CLIENTELE_DIST ?? 'target/e2e-dist');
  const pages = ['index.html', 'help-center/index.html', 'settings-panel/index.html', 'help-sign-in/index.html',
    'project-requests/index.html'];
  const hashes = pages.map((page) => {
    const html = readFileSync(join(dist, page), 'utf8');
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    assert.equal(inline.length, 1, `Trunk writes one inline start script into ${page}`);
    return `'sha256-${createHash('sha256').update(inline[0]).digest('base64')}'`;
  });
  for (const path of ['/projects/ITH/customers', '/projects/ITH/queue', '/help/support', '/help/support/login',
    '/settings/general']) {
    const response = await fetch(`${server.url}${path}`);
    const csp = response.headers.get('content-security-policy');
    assert.match(csp, /default-src 'none'/);
    assert.ok(csp.includes(`script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')};`), `${path}: ${csp}`);
    assert.ok(!csp.includes('unsafe-inline'), csp);
  }
});

test('sign-in, Customers, Settings and the help center render under the policy with no violation', async () => {
  const { context, violations } = await watchedContext();
  const page = await context.newPage();
  const first = await page.goto(`${server.url}/login`);
  assert.ok(first.headers()['content-security-policy'], 'the app page carries the policy');
  await signIn(page, server.url, 'admin@example.com');

  await page.goto(`${server.url}/projects/ITH/customers`);
  await page.getByRole('heading', { name: 'IT Help' }).waitFor();
  await page.getByRole('table').first().waitFor();
  // The Customers page's dialogs are a module loaded on demand (fetch, import, compile).
  await page.getByRole('button', { name: 'Add customers' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add customers to IT Help' });
  await dialog.getByLabel('Emails').waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });

  await page.goto(`${server.url}/settings/organizations`);
  await page.getByRole('heading', { name: 'Organizations' }).waitFor();
  await page.goto(`${server.url}/settings/general`);
  await page.getByRole('heading', { name: 'General' }).waitFor();

  await page.goto(`${server.url}/help/support`);
  await page.getByRole('heading', { name: 'Your service projects' }).waitFor();

  const signedOut = await watchedContext();
  const stranger = await signedOut.context.newPage();
  await stranger.goto(`${server.url}/help/support/login`);
  await stranger.getByRole('heading', { name: 'Sign in to Clientele Support' }).waitFor();

  assert.deepEqual([...violations, ...signedOut.violations], []);
  await context.close();
  await signedOut.context.close();
});

test('an inline script injected into a page is refused and reported', async () => {
  const { context, violations } = await watchedContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Email').waitFor();
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.injectedRan = true;';
    document.head.append(script);
  });
  const deadline = Date.now() + 5_000;
  while (!violations.some((v) => v.startsWith('script-src')) && Date.now() < deadline) {
    await new Promise((ok) => setTimeout(ok, 50));
  }
  assert.ok(violations.some((v) => v.startsWith('script-src')), JSON.stringify(violations));
  assert.equal(await page.evaluate(() => window.injectedRan), undefined);
  await context.close();
});

test('another site cannot show the app in a frame', async () => {
  const page = await browser.newPage();
  const refusals = [];
  page.on('console', (message) => { if (/frame-ancestors|Refused to (display|frame)/.test(message.text())) refusals.push(message.text()); });
  await page.setContent(`<iframe src="${server.url}/login"></iframe>`);
  const deadline = Date.now() + 5_000;
  while (refusals.length === 0 && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 50));
  assert.ok(refusals.length > 0, 'Chromium reports the refused frame');
  const frame = page.frames().find((f) => f !== page.mainFrame());
  assert.equal(await frame.locator('input').count(), 0, 'no sign-in form inside the frame');
  await page.close();
});
