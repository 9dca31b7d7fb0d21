// Issue 11 in Chromium against the real server: a stranger who signs up with someone else's
// address never chooses the password the owner activates, and the sign-in page says when to
// try again after too many wrong passwords.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, apiAs, newestLinkPath } from './harness.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

/// A page in a fresh context: nobody signed in, no cookies shared with other pages.
async function freshPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('close', () => context.close().catch(() => {}));
  return page;
}

async function helpCenterSignIn(page, email, password) {
  await page.goto(`${server.url}/help/support/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('a stranger signs up with the owner\'s address; the owner\'s link asks for their own password and the stranger\'s never works', async () => {
  const victim = 'owner.of.this@example.net';
  const strangers = 'the stranger chose this';
  const owners = 'the owner chose this one';
  await apiAs(server.url, 'PUT', '/rest/clientele/1/servicedesk/FAC/access', { publicSignup: true });
  const stranger = await freshPage();
  try {
    await stranger.goto(`${server.url}/help/support/signup`);
    await stranger.getByLabel('Email').fill(victim);
    await stranger.getByLabel('Display name').fill('Not The Owner');
    await stranger.getByLabel('Password', { exact: true }).fill(strangers);
    await stranger.getByRole('button', { name: 'Sign up' }).click();
    await stranger.getByRole('heading', { name: 'Check your email' }).waitFor();
  } finally {
    await apiAs(server.url, 'PUT', '/rest/clientele/1/servicedesk/FAC/access', { publicSignup: false });
  }

  // The owner never saw that message; they ask for a new link with Forgot password.
  const owner = await freshPage();
  await owner.goto(`${server.url}/help/support/forgot`);
  await owner.getByLabel('Email', { exact: true }).fill(victim);
  await owner.getByRole('button', { name: 'Send reset link' }).click();
  await owner.getByRole('status').filter({ hasText: 'a message is on its way' }).waitFor();
  await owner.goto(`${server.url}${await newestLinkPath(server.url, victim)}`);
  const password = owner.getByLabel(/password/i).first();
  await password.waitFor();
  await password.fill(owners);
  await owner.locator('form button[type=submit]').click();
  await owner.waitForURL((u) => u.pathname === '/help/support');
  await owner.close();

  // The stranger's password opens nothing; the owner's does.
  await helpCenterSignIn(stranger, victim, strangers);
  await stranger.locator('.form-problem').waitFor();
  assert.equal(new URL(stranger.url()).pathname, '/help/support/login');
  const again = await freshPage();
  await helpCenterSignIn(again, victim, owners);
  await again.waitForURL((u) => u.pathname === '/help/support');
  await stranger.close();
  await again.close();
});

test('after five wrong passwords the sign-in page says when to try again and keeps the email', async () => {
  const page = await freshPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Email').fill('lead@example.com');
  const statuses = [];
  for (let attempt = 1; attempt <= 6; attempt += 1) {
    await page.getByLabel('Password').fill(`wrong guess ${attempt}`);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/rest/auth/1/session') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    statuses.push(response.status());
  }
  assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
  const alert = page.getByRole('alert').filter({ hasText: /Too many attempts\. Try again in \d+ minutes?\./ });
  await alert.waitFor();
  assert.equal(await page.getByLabel('Email').inputValue(), 'lead@example.com');
  await page.close();
});
