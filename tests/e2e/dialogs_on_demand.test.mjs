// The Customers page's dialogs are a module of their own (`dialogs.html`, served under
// `/agent-dialogs/`), loaded when one first opens or its button is pointed at or focused: the
// page loads without it, a dialog works once it is there, and a module that cannot be loaded
// is said, with Try again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, signIn, apiAs } from './harness.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

/// A signed-in page as `email`, and the URLs of the dialogs' module it has requested so far.
async function agentPage(email = 'lead@example.com') {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('close', () => context.close().catch(() => {}));
  await signIn(page, server.url, email);
  const requested = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/agent-dialogs/')) requested.push(path);
  });
  return { page, requested };
}

async function customersPage(page) {
  await page.goto(`${server.url}/projects/ITH/customers`);
  await page.getByRole('table', { name: 'Customers of IT Help' }).waitFor();
  await page.locator('table tbody tr').first().waitFor();
  await page.waitForLoadState('networkidle');
}

test('the Customers page loads without the dialogs; Add customers loads them, then works', async () => {
  const { page, requested } = await agentPage();
  await customersPage(page);
  assert.deepEqual(requested, [], 'no request for the dialogs before one is wanted');

  await page.getByRole('button', { name: 'Add customers' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add customers to IT Help' });
  await dialog.getByLabel('Emails').waitFor();
  assert.ok(requested.includes('/agent-dialogs/index.html'), `the module's index was read: ${requested}`);
  assert.ok(requested.some((p) => /^\/agent-dialogs\/clientele-dialogs-[0-9a-f]+_bg\.wasm$/.test(p)),
    `the module's wasm was loaded: ${requested}`);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'add-customers-emails', 'focus is in the dialog');
  await dialog.getByLabel('Emails').fill('on.demand@example.net');
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await dialog.getByText('Added 1 customer to IT Help.').waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'detached' });
  // The page reloaded its list (a callback from the module) and focus is back on the button.
  await page.getByRole('cell', { name: 'on.demand@example.net' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Add customers');

  // Loaded once: opening it again fetches nothing more, and shows no "Loading…".
  const before = requested.length;
  await page.getByRole('button', { name: 'Add customers' }).click();
  await dialog.getByLabel('Emails').waitFor();
  assert.equal(requested.length, before, `no second load: ${requested.slice(before)}`);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await page.close();
});

test('pointing at or focusing a button that opens a dialog starts loading them', async () => {
  const { page, requested } = await agentPage();
  await customersPage(page);
  assert.deepEqual(requested, []);
  const wasm = page.waitForRequest((r) => /\/agent-dialogs\/.*_bg\.wasm$/.test(r.url()));
  await page.getByRole('button', { name: 'Add customers' }).hover();
  await wasm;
  assert.deepEqual(await page.getByRole('dialog').count(), 0, 'nothing opened');

  const { page: other, requested: otherRequested } = await agentPage();
  await customersPage(other);
  const wasmToo = other.waitForRequest((r) => /\/agent-dialogs\/.*_bg\.wasm$/.test(r.url()));
  await other.getByRole('button', { name: 'Add customers' }).focus();
  await wasmToo;
  assert.ok(otherRequested.includes('/agent-dialogs/index.html'));
  await page.close();
  await other.close();
});

test('a module that cannot be loaded is said in the dialog, and Try again loads it', async () => {
  const { page } = await agentPage();
  await customersPage(page);
  const blocked = (route) => route.abort('internetdisconnected');
  await page.route('**/agent-dialogs/**', blocked);

  await page.getByRole('button', { name: 'Add customers' }).click();
  const loading = page.getByRole('dialog', { name: /Couldn't load this dialog/ });
  await loading.waitFor();
  await loading.getByRole('heading', { name: 'Add customers to IT Help' }).waitFor();
  await loading.getByText('Check your connection and try again.').waitFor();
  // Still blocked: trying again says so again.
  await loading.getByRole('button', { name: 'Try again' }).click();
  await loading.getByText('Check your connection and try again.').waitFor();
  // Cancel closes it; focus goes back to the button.
  await loading.getByRole('button', { name: 'Cancel' }).click();
  await loading.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Add customers');

  await page.getByRole('button', { name: 'Add customers' }).click();
  await loading.waitFor();
  await page.unroute('**/agent-dialogs/**', blocked);
  await loading.getByRole('button', { name: 'Try again' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add customers to IT Help' });
  await dialog.getByLabel('Emails').waitFor();
  assert.equal(await loading.count(), 0, 'the loading dialog is gone');
  await dialog.getByLabel('Emails').fill('after.retry@example.net');
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await dialog.getByText('Added 1 customer to IT Help.').waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Add customers');
  const found = await apiAs(server.url, 'GET', '/rest/servicedeskapi/servicedesk/ITH/customer?query=after.retry');
  assert.equal(found.values.length, 1);
  await page.close();
});

test('Raise request from a customer row, loaded on demand: the notice on the page links the request', async () => {
  const { page } = await agentPage('agent@example.com');
  await customersPage(page);
  await page.getByRole('button', { name: /^Raise request for / }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Raise a request in IT Help' });
  await dialog.getByLabel('Summary').fill('Raised from the dialogs module');
  await dialog.getByRole('button', { name: 'Raise request', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  const notice = page.getByRole('status').filter({ hasText: /^Raised ITH-\d+ for / });
  await notice.waitFor();
  assert.match(await notice.getByRole('link').getAttribute('href'), /^\/projects\/ITH\/requests\/ITH-\d+$/);
  await page.close();
});
