// Customers in bulk (issue 17) in Chromium against the real server: rows pasted from a
// spreadsheet into Add customers, a CSV export with its progress, and a CSV import with its
// dry run and progress.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, signIn, apiAs } from './harness.mjs';

let server;
let browser;
let context;
before(async () => {
  server = await startServer();
  browser = await startBrowser();
  context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, server.url, 'admin@example.com');
  await page.close();
});
after(async () => { await browser?.close(); await server?.stop(); });

test('rows pasted from a spreadsheet are one entry each, with their names', async () => {
  const page = await context.newPage();
  await page.goto(`${server.url}/projects/ITH/customers`);
  await page.getByRole('button', { name: 'Add customers' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add customers to IT Help' });
  const rows = 'Name\tEmail\tCompany\nPaste Ann\tpaste.ann@example.net\tAcme\npaste.bo@example.net\tPaste Bo\t\n';
  await dialog.getByLabel('Emails').fill(rows);
  await dialog.getByText('2 entries: 2 to add.').waitFor();
  assert.deepEqual(await dialog.locator('.entries .entry-address').allInnerTexts(),
    ['Paste Ann <paste.ann@example.net>', 'Paste Bo <paste.bo@example.net>']);
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await dialog.getByText('Added 2 customers to IT Help.').waitFor();
  const { values } = await apiAs(server.url, 'GET', '/rest/servicedeskapi/servicedesk/ITH/customer?query=paste.');
  assert.deepEqual(values.map((c) => c.displayName).sort(), ['Paste Ann', 'Paste Bo']);
  await page.close();
});

test('Export CSV downloads the list as searched, and says how many rows', async () => {
  const page = await context.newPage();
  await page.goto(`${server.url}/settings/customers`);
  await page.getByLabel('Search customers').fill('paste.');
  await page.getByRole('cell', { name: 'paste.ann@example.net' }).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'customers.csv');
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  assert.ok(text.startsWith('\ufeffemail,display name,status,kind,organizations,projects,created,last invitation\r\n'), text);
  const rows = text.trim().split('\r\n').slice(1).map((line) => line.split(',').slice(0, 6).join(','));
  assert.deepEqual(rows, [
    'paste.ann@example.net,Paste Ann,invited,portal,,ITH',
    'paste.bo@example.net,Paste Bo,invited,portal,,ITH',
  ]);
  await page.getByText('Exported 2 rows to customers.csv.').waitFor();
  await page.close();
});
