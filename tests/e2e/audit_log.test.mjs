// Issue 17 §4–5 in Chromium against the real server: Settings → Audit log and its filters
// (person, target, action, date), an organization's History section, and undoing a bulk add —
// from the Add customers dialog's result, and from the audit log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, signIn, apiAs } from './harness.mjs';

let server;
let browser;
const contexts = {};
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

/// A page signed in as `email` (one browser context per account, signed in once).
async function pageAs(email) {
  if (!contexts[email]) {
    contexts[email] = await browser.newContext();
    const page = await contexts[email].newPage();
    await signIn(page, server.url, email);
    await page.close();
  }
  return contexts[email].newPage();
}

/// The "What" column of the audit table, top to bottom.
async function whats(page) {
  await page.locator('.audit-table').waitFor();
  return page.locator('.audit-table tbody tr td:nth-child(4)').allInnerTexts();
}

/// Waits until the audit table's "What" column is exactly `expected`.
async function waitForWhats(page, expected) {
  const deadline = Date.now() + 10_000;
  let last;
  while (Date.now() < deadline) {
    last = await page.locator('.audit-table tbody tr td:nth-child(4)').allInnerTexts();
    if (JSON.stringify(last) === JSON.stringify(expected)) return;
    await page.waitForTimeout(100);
  }
  assert.deepEqual(last, expected);
}

const day = (offsetDays) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

test('the audit log filters by person, target, action and date; an organization shows its history', async () => {
  const initech = (await apiAs(server.url, 'GET', '/rest/servicedeskapi/organization?query=Initech')).values[0];
  await apiAs(server.url, 'PUT', `/rest/clientele/1/organization/${initech.id}`, { name: 'Initech Audited' });
  await apiAs(server.url, 'POST', '/rest/clientele/1/manageddomain', { domain: 'audited.example' });
  await apiAs(server.url, 'POST', '/rest/clientele/1/servicedesk/ITH/customer/bulk',
    { emails: ['audit.filter@mail.example'] }, 'agent@example.com');

  const page = await pageAs('admin@example.com');
  await page.goto(`${server.url}/settings`);
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('heading', { name: 'Audit log' }).waitFor();
  const all = await whats(page);
  for (const what of ['Organization renamed', 'Managed domain added', 'Customer added to a project', 'Account created']) {
    assert.ok(all.includes(what), `${what} in ${all}`);
  }
  // The newest first: the bulk add, whose rows offer Undo.
  assert.equal(all[0], 'Customer added to a project');
  assert.ok(await page.locator('.audit-table tbody tr').first().getByRole('button', { name: /Undo bulk change/ }).count() === 1);

  // Person.
  await page.getByLabel('Person').fill('agent@example.com');
  await page.getByRole('button', { name: 'Apply' }).click();
  await waitForWhats(page, ['Customer added to a project', 'Account created']);
  // Person and action.
  await page.getByLabel('Action').selectOption({ label: 'Account created' });
  await page.getByRole('button', { name: 'Apply' }).click();
  await waitForWhats(page, ['Account created']);
  // Target (and no person, no action).
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.getByLabel('Target', { exact: true }).selectOption({ label: 'Organization' });
  await page.getByLabel('Target id').fill(initech.id);
  await page.getByRole('button', { name: 'Apply' }).click();
  await waitForWhats(page, ['Organization renamed']);
  const changes = await page.locator('.audit-table tbody tr td:nth-child(6)').first().innerText();
  assert.equal(changes, 'name: Initech → Initech Audited');
  // A kind without its id is said, not sent.
  await page.getByLabel('Target id').fill('');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('alert').filter({ hasText: "Give the target's id too" }).waitFor();
  // Action group and dates.
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.getByLabel('Action').selectOption({ label: 'Any managed domain change' });
  await page.getByLabel('From').fill(day(0));
  await page.getByLabel('To').fill(day(0));
  await page.getByRole('button', { name: 'Apply' }).click();
  await waitForWhats(page, ['Managed domain added']);
  await page.getByLabel('From').fill(day(1));
  await page.getByLabel('To').fill('');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByText('No recorded changes match.').waitFor();

  // The organization's page: its History section.
  await page.goto(`${server.url}/settings/organizations/${initech.id}`);
  const history = page.getByRole('region', { name: 'History' });
  await history.getByRole('cell', { name: 'Organization renamed' }).waitFor();
  await page.close();

  // Not for anyone else: the sidebar has no Audit log, the page says why.
  const agent = await pageAs('lead@example.com');
  await agent.goto(`${server.url}/settings/audit-log`);
  await agent.getByText('Only site admins can see the audit log').first().waitFor();
  await agent.close();
});

test('an agent undoes their bulk add from its result, after a dry run that lists exactly what goes', async () => {
  const page = await pageAs('agent@example.com');
  await page.goto(`${server.url}/projects/ITH/customers`);
  await page.getByRole('button', { name: 'Add customers' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add customers to IT Help' });
  await dialog.getByLabel('Emails').fill('undo.one@mail.example, undo.two@mail.example, customer@example.com');
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await dialog.getByText('Undo this add…').waitFor();
  await dialog.getByRole('button', { name: 'Undo this add…' }).click();
  const panel = dialog.getByRole('region', { name: /Undo bulk change/ });
  await panel.getByText('Removes 2 memberships:').waitFor();
  assert.deepEqual(await panel.getByRole('list', { name: 'Memberships removed' }).getByRole('listitem').allInnerTexts(),
    ['undo.one@mail.example from IT Help', 'undo.two@mail.example from IT Help']);
  assert.deepEqual((await panel.getByRole('list', { name: 'Accounts deleted' }).getByRole('listitem').allInnerTexts()).sort(),
    ['undo.one@mail.example', 'undo.two@mail.example']);
  // Nothing is gone yet.
  const before = await apiAs(server.url, 'GET', '/rest/clientele/1/customer?query=undo.&limit=100');
  assert.equal(before.values.length, 2);
  await panel.getByRole('button', { name: 'Undo', exact: true }).click();
  await panel.getByText('Undone.').waitFor();
  await panel.getByText('Deleted 2 accounts nobody has signed in to:').waitFor();
  const after = await apiAs(server.url, 'GET', '/rest/clientele/1/customer?query=undo.&limit=100');
  assert.equal(after.values.length, 0);
  const customers = await apiAs(server.url, 'GET', '/rest/servicedeskapi/servicedesk/ITH/customer?query=customer%40example.com');
  assert.equal(customers.values.length, 1, 'who was a customer before stays one');
  await page.close();
});

test('a site admin undoes a bulk add from the audit log; a second undo is refused', async () => {
  const report = await apiAs(server.url, 'POST', '/rest/clientele/1/servicedesk/ITH/customer/bulk',
    { emails: ['log.undo@mail.example'] }, 'agent@example.com');
  const id = report.bulkChangeId;
  const page = await pageAs('admin@example.com');
  await page.goto(`${server.url}/settings/audit-log`);
  await page.getByRole('button', { name: `Undo bulk change ${id}…` }).first().click();
  const dialog = page.getByRole('dialog', { name: `Undo bulk change ${id}` });
  await dialog.getByText('Deletes 1 account nobody has signed in to:').waitFor();
  await dialog.getByRole('button', { name: 'Undo', exact: true }).click();
  await dialog.getByText('Undone.').waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
  // The list reloaded: the undo is the newest change.
  await page.locator('.audit-table tbody tr').first().getByRole('cell', { name: 'Bulk change undone' }).waitFor();
  // Again: the dry run says why not.
  await page.getByRole('button', { name: `Undo bulk change ${id}…` }).first().click();
  await page.getByRole('dialog', { name: `Undo bulk change ${id}` }).getByText('This bulk change was undone already.').waitFor();
  await page.close();
});

test('the retention is a General setting: out of range is said, a good one saved and recorded', async () => {
  const page = await pageAs('admin@example.com');
  await page.goto(`${server.url}/settings/general`);
  const days = page.getByLabel('Keep recorded changes for (days)');
  assert.equal(await days.inputValue(), '365');
  await days.fill('0');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('alert').filter({ hasText: 'Keep the audit log from 1 to 3650 days.' }).waitFor();
  await days.fill('90');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  assert.equal((await apiAs(server.url, 'GET', '/rest/clientele/1/settings')).auditRetentionDays, 90);
  const changed = await apiAs(server.url, 'GET', '/rest/clientele/1/audit?action=settings.changed');
  assert.deepEqual(changed.values[0].changes, [{ field: 'auditRetentionDays', before: '365', after: '90' }]);
  assert.equal(changed.values[0].via, 'app');
  await page.close();
});
