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

test('Import CSV: the dry run row by row, then the import with its progress, surviving a reload', async () => {
  const page = await context.newPage();
  await page.goto(`${server.url}/settings/customers`);
  await page.getByRole('link', { name: 'Import CSV' }).click();
  await page.getByRole('heading', { name: 'Import customers from CSV' }).waitFor();
  const bad = 'Email,Name,Projects\nimp.ann@example.net,Imp Ann,ITH\nnot-an-address,Nobody,\n';
  await page.getByLabel('CSV file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.locator('#import-counts').getByText('2 rows: 1 ok, 1 invalid.').waitFor();
  assert.equal(await page.getByLabel('Email', { exact: true }).inputValue(), '0');
  assert.ok(await page.getByRole('button', { name: 'Import 2 rows' }).isDisabled());
  await page.locator('#import-blocked').waitFor();
  const rows = Array.from({ length: 300 }, (_, i) => `imp.${i}@example.net,Imp ${i},Imp Org,ITH`);
  const good = `Email,Name,Organizations,Projects\n${rows.join('\n')}\n`;
  await page.getByLabel('CSV file').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.locator('#import-counts').getByText('300 rows: 0 ok, 300 invalid.').waitFor();
  // The organization does not exist: tick the box, and the dry run says it will be created.
  await page.getByLabel(/Create organizations the file names/).check();
  await page.locator('#import-counts').getByText('300 rows: 300 ok.').waitFor();
  await page.getByText('account created; added to organization Imp Org (created); added to project ITH').first().waitFor();
  assert.equal(await apiAs(server.url, 'GET', '/rest/servicedeskapi/servicedesk/ITH/customer?query=imp.1%40').then((p) => p.size), 0,
    'the dry run wrote nothing');
  await page.getByRole('button', { name: 'Import 300 rows' }).click();
  await page.waitForURL(/\/settings\/customers\/import\/\d+$/);
  await page.reload();
  await page.getByRole('heading', { name: 'Import done' }).waitFor();
  await page.locator('#import-counts').getByText('300 rows: 300 ok.').waitFor();
  const link = page.getByRole('link', { name: 'Download the report (CSV)' });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.match(download.suggestedFilename(), /^import-\d+-report\.csv$/);
  const { values } = await apiAs(server.url, 'GET', '/rest/servicedeskapi/servicedesk/ITH/customer?query=imp.&limit=100');
  assert.equal(values.length, 100);
  await page.close();
});

test('an import in progress shows rows done of the total', async () => {
  // A large file, started through the API; its page shows the bar while the job runs.
  const rows = Array.from({ length: 30000 }, (_, i) => `prog.${i}@example.net,Prog ${i}`);
  const response = await fetch(`${server.url}/rest/clientele/1/import?dryRun=false&sendInvitations=false&fileName=big.csv`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from('admin@example.com:clientele-demo').toString('base64')}`, 'content-type': 'text/csv' },
    body: `email,name\n${rows.join('\n')}\n`,
  });
  assert.equal(response.status, 202);
  const { id } = await response.json();
  const page = await context.newPage();
  await page.goto(`${server.url}/settings/customers/import/${id}`);
  const seen = [];
  for (let i = 0; i < 1200; i++) {
    const state = await page.locator('#import-state').textContent().catch(() => null);
    const text = await page.locator('#import-progress-text').textContent({ timeout: 100 }).catch(() => null);
    if (text) seen.push(text);
    if (state === 'Import done') break;
    await page.waitForTimeout(50);
  }
  await page.getByRole('heading', { name: 'Import done' }).waitFor();
  assert.ok(seen.length > 0, 'the progress was shown');
  assert.match(seen[0], /^[\d,]+ of 30,000 rows$/);
  await page.close();
});
