// The server's list of common passwords, as people meet it in Chromium against the real
// server: on the sign-up page, an invitation link and Settings → Customers → Change password,
// the field shows the server's refusal as one types, and sending anyway shows the refusal
// instead of failing silently. The browser never gets the list: it asks
// POST /rest/clientele/1/password/check with a JSON body, and the built app holds no entry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startServer, startBrowser, signIn, apiAs } from './harness.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

// On the server's list (and not among the few passwords the check knew before it).
const LISTED = ['basketball', 'manchester', 'terminator'];
const REFUSED = 'This password is on a list of commonly used passwords. Choose another.';
const GOOD = 'a tram at dawn, 7 stops';

/// Calls the API with HTTP Basic as `user`; anything but a success fails the test.
const api = (method, path, body, user) => apiAs(server.url, method, path, body, user);

async function account(email) {
  const [found] = (await api('GET', `/rest/clientele/1/customer?query=${encodeURIComponent(email)}`)).values;
  return found;
}

/// A page in a fresh context (nobody signed in) that records the API calls it makes.
async function freshPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('close', () => context.close().catch(() => {}));
  page.checks = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/rest/clientele/1/password/check') {
      page.checks.push({ method: request.method(), type: request.headers()['content-type'], body: request.postDataJSON() });
    }
  });
  return page;
}

test('the built app holds none of the list: the browser has to ask the server', () => {
  const dist = resolve(process.env.CLIENTELE_DIST ?? 'target/e2e-dist');
  const files = readdirSync(dist, { recursive: true }).map(String).filter((f) => /\.(wasm|js|html)$/.test(f));
  assert.ok(files.some((f) => f.endsWith('.wasm')), `the app in ${dist}`);
  for (const file of files) {
    const bytes = readFileSync(join(dist, file)).toString('latin1');
    for (const entry of LISTED) assert.ok(!bytes.includes(entry), `${file} contains ${entry}`);
  }
});

test('sign-up: the field shows the server refusing a common password, and sending it anyway says why', async () => {
  await api('PUT', '/rest/clientele/1/servicedesk/FAC/access', { publicSignup: true });
  const email = 'hoops@example.net';
  const page = await freshPage();
  try {
    await page.goto(`${server.url}/help/support/signup`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Display name').fill('Hoop Fan');
    const password = page.getByLabel('Password', { exact: true });
    await password.fill('BasketBall');
    await page.locator('#signup-password-hint.hint-problem', { hasText: REFUSED }).waitFor();
    assert.deepEqual(page.checks.at(-1), { method: 'POST', type: 'application/json', body: { password: 'BasketBall' } });
    await password.fill(GOOD);
    await page.locator('#signup-password-hint.hint-good', { hasText: 'Strong enough.' }).waitFor();

    // Sent before the answer could come: the server refuses, and the page says why.
    await password.fill('basketball');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.locator('#signup-password-error', { hasText: REFUSED }).waitFor();
    assert.equal(await account(email), undefined, 'no account');
  } finally {
    await api('PUT', '/rest/clientele/1/servicedesk/FAC/access', { publicSignup: false });
  }
  await page.close();
});

test('invitation link: a common password is refused as typed and on sending; the link still works', async () => {
  const email = 'united@example.net';
  await api('POST', '/rest/clientele/1/servicedesk/ITH/customer/bulk', { emails: [email] }, 'agent@example.com');
  const [message] = (await api('GET', `/rest/clientele/1/mail?to=${encodeURIComponent(email)}`)).values;
  const path = new URL(message.text.match(/https?:\/\/\S+\/help\/\S+/)[0]).pathname;
  const page = await freshPage();
  await page.goto(`${server.url}${path}`);
  await page.getByRole('heading', { name: 'Accept your invitation to Clientele Support' }).waitFor();
  const password = page.getByLabel('Password', { exact: true });
  await password.fill('manchester');
  await page.locator('#link-password-hint', { hasText: REFUSED }).waitFor();
  await page.getByRole('button', { name: 'Accept invitation' }).click();
  await page.locator('#link-password-error', { hasText: REFUSED }).waitFor();
  assert.equal((await account(email)).status, 'invited');

  await password.fill(GOOD);
  await page.getByText('Strong enough.').waitFor();
  await page.getByRole('button', { name: 'Accept invitation' }).click();
  await page.waitForURL((u) => u.pathname === '/help/support');
  assert.equal((await account(email)).status, 'active');
  await page.close();
});

test('Settings → Customers → Change password: the dialog shows the server refusing a common password', async () => {
  const email = 'portal.pat@example.net';
  await api('POST', '/rest/clientele/1/servicedesk/ITH/customer/bulk', { emails: [email] });
  const { accountId } = await account(email);
  const page = await freshPage();
  await signIn(page, server.url, 'admin@example.com');
  await page.goto(`${server.url}/settings/customers/${accountId}`);
  await page.getByRole('button', { name: 'Change password' }).click();
  const dialog = page.getByRole('dialog', { name: `Change the password of ${email.split('@')[0]}` });
  await dialog.getByLabel('New password').fill('Terminator');
  await dialog.locator('.hint-problem', { hasText: REFUSED }).waitFor();
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await dialog.getByRole('alert').filter({ hasText: REFUSED }).waitFor();
  assert.equal((await account(email)).status, 'invited', 'nothing changed');
  await page.close();
});
