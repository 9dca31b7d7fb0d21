// Sign-in, navigation per role, deep links and sign-out, in Chromium against the real server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, signIn, navLinks } from './harness.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const expectations = [
  ['admin@example.com', ['Facilities', 'IT Help', 'Settings', 'Help center'], '/projects/FAC/customers'],
  ['lead@example.com', ['IT Help', 'Help center'], '/projects/ITH/customers'],
  ['agent@example.com', ['Facilities', 'IT Help', 'Help center'], '/projects/FAC/customers'],
  // Customers land on the default help center, whose navigation lists the site's help centers.
  ['customer@example.com', ['Clientele Support', 'Facilities Help'], '/help/support'],
];

for (const [email, links, landing] of expectations) {
  test(`${email} signs in and sees exactly the navigation for their role`, async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, email);
    await page.waitForURL((u) => u.pathname === landing);
    assert.deepEqual(await navLinks(page), links);
    await page.close();
  });
}

test('a wrong password says so on the sign-in page and keeps the email', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Email').fill('agent@example.com');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: "don't match" }).waitFor();
  assert.equal(await page.getByLabel('Email').inputValue(), 'agent@example.com');
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.close();
});

test('a deep link opens after sign-in, and sign-out returns to the sign-in page for good', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/projects/ITH/customers`);
  await page.waitForURL((u) => u.pathname === '/login');
  await signIn(page, server.url, 'lead@example.com');
  await page.goto(`${server.url}/projects/ITH/customers`);
  await page.getByRole('heading', { name: 'IT Help' }).waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((u) => u.pathname === '/login');
  await page.goto(`${server.url}/settings/organizations`);
  await page.waitForURL((u) => u.pathname === '/login');
  await context.close();
});

test('settings opened by URL by someone who is not a site admin says why', async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, 'agent@example.com');
  await page.goto(`${server.url}/settings/organizations`);
  await page.getByRole('heading', { name: "You can't open Settings" }).waitFor();
  await page.getByText('Only site admins').waitFor();
  await page.close();
});
