// The agent's pages in Chromium against the real server: which controls each demo account sees
// on the Customers and organization pages under each setting, the add flows of the product
// (1, 2, 4, 5), a mixed pasted list, a keyboard-only add, and a network failure during Add.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, signIn, PASSWORD } from './harness.mjs';

let server;
let browser;
const contexts = {};
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const DEFAULTS = { agentsCanManageOrganizations: false, customerServiceManagement: false, plan: 'premium' };

/// Calls the API with HTTP Basic as `user` and returns the decoded body (or null).
async function api(method, path, body, user = 'admin@example.com') {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${user}:${PASSWORD}`).toString('base64')}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/// Runs `fn` with the global switches set, and puts the demo's defaults back afterwards.
async function withSettings(settings, fn) {
  await api('PUT', '/rest/clientele/1/settings', { ...DEFAULTS, ...settings });
  try { return await fn(); } finally { await api('PUT', '/rest/clientele/1/settings', DEFAULTS); }
}

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

async function customersOf(key, query) {
  return (await api('GET', `/rest/servicedeskapi/servicedesk/${key}/customer?limit=100&query=${encodeURIComponent(query)}`)).values;
}

async function membersOf(orgId, query) {
  return (await api('GET', `/rest/servicedeskapi/organization/${orgId}/user?limit=100&query=${encodeURIComponent(query)}`)).values;
}

/// What the page offers: its action buttons, its "Why can't I …?" questions, the sidebar's
/// links, and how many rows have a Remove button.
async function controls(page) {
  await page.locator('section[aria-labelledby=customers-title] table, section[aria-labelledby=members-title] table').first().waitFor();
  return {
    buttons: await page.locator('.page-actions button').allInnerTexts(),
    whyNots: await page.locator('.why-not summary').allInnerTexts(),
    sidebar: await page.getByRole('navigation', { name: 'Service project' }).getByRole('link').allInnerTexts(),
    removeButtons: await page.locator('tbody button', { hasText: 'Remove' }).count(),
  };
}

const NO_ORG_PAGE = "Why is there no Organizations page?";
const WHY_NO_ORGS = "Why can't I add organizations?";
const WHY_NO_REMOVE = "Why can't I remove customers?";
const WHY_NO_MEMBERS = "Why can't I add or remove this organization's customers?";
const WHY_NO_ATTACH = "Why can't I attach or detach this organization?";
const ADMIN_ORG_BUTTONS = ['Add customers', 'Detach from IT Help', 'Add organization'];

// [settings, account, Customers page, Acme's organization page]
const matrix = [
  [{}, 'admin@example.com',
    { buttons: ['Add customers', 'Add organization'], whyNots: [NO_ORG_PAGE], sidebar: ['Customers'], remove: true },
    { buttons: ADMIN_ORG_BUTTONS, whyNots: [NO_ORG_PAGE], remove: true }],
  [{}, 'lead@example.com',
    { buttons: ['Add customers', 'Add organization'], whyNots: [NO_ORG_PAGE], sidebar: ['Customers'], remove: true },
    { buttons: ADMIN_ORG_BUTTONS, whyNots: [NO_ORG_PAGE], remove: true }],
  [{}, 'agent@example.com',
    { buttons: ['Add customers'], whyNots: [NO_ORG_PAGE, WHY_NO_ORGS, WHY_NO_REMOVE], sidebar: ['Customers'], remove: false },
    { buttons: [], whyNots: [NO_ORG_PAGE, WHY_NO_MEMBERS, WHY_NO_ATTACH], remove: false }],
  [{ agentsCanManageOrganizations: true }, 'agent@example.com',
    { buttons: ['Add customers', 'Add organization'], whyNots: [NO_ORG_PAGE, WHY_NO_REMOVE], sidebar: ['Customers'], remove: false },
    { buttons: ADMIN_ORG_BUTTONS, whyNots: [NO_ORG_PAGE], remove: true }],
  [{ agentsCanManageOrganizations: true }, 'lead@example.com',
    { buttons: ['Add customers', 'Add organization'], whyNots: [NO_ORG_PAGE], sidebar: ['Customers'], remove: true },
    { buttons: ADMIN_ORG_BUTTONS, whyNots: [NO_ORG_PAGE], remove: true }],
  [{ customerServiceManagement: true }, 'admin@example.com',
    { buttons: ['Add customers'], whyNots: [], sidebar: ['Customers', 'Organizations'], remove: true },
    { buttons: ADMIN_ORG_BUTTONS, whyNots: [], remove: true }],
  [{ customerServiceManagement: true }, 'agent@example.com',
    { buttons: ['Add customers'], whyNots: [WHY_NO_REMOVE], sidebar: ['Customers', 'Organizations'], remove: false },
    { buttons: [], whyNots: [WHY_NO_MEMBERS, WHY_NO_ATTACH], remove: false }],
  [{ customerServiceManagement: true, agentsCanManageOrganizations: true }, 'agent@example.com',
    { buttons: ['Add customers'], whyNots: [WHY_NO_REMOVE], sidebar: ['Customers', 'Organizations'], remove: false },
    { buttons: ADMIN_ORG_BUTTONS, whyNots: [], remove: true }],
];

for (const [settings, email, customers, organization] of matrix) {
  test(`${email} with ${JSON.stringify(settings)} sees exactly the controls the policy allows`, async () => {
    await withSettings(settings, async () => {
      const page = await pageAs(email);
      await page.goto(`${server.url}/projects/ITH/customers`);
      const onCustomers = await controls(page);
      assert.deepEqual(onCustomers.buttons, customers.buttons, 'Customers page buttons');
      assert.deepEqual(onCustomers.whyNots, customers.whyNots, 'Customers page why-nots');
      assert.deepEqual(onCustomers.sidebar, customers.sidebar, 'sidebar');
      assert.equal(onCustomers.removeButtons > 0, customers.remove, 'Remove buttons on customers');

      await page.goto(`${server.url}/projects/ITH/organizations/1`);
      await page.getByRole('heading', { name: 'Acme Corporation' }).waitFor();
      const onOrganization = await controls(page);
      assert.deepEqual(onOrganization.buttons, organization.buttons, 'organization page buttons');
      assert.deepEqual(onOrganization.whyNots, organization.whyNots, 'organization page why-nots');
      assert.equal(onOrganization.removeButtons > 0, organization.remove, 'Remove buttons on members');
      await page.close();
    });
  });
}

test('a why-not says the reason and who can change it', async () => {
  const page = await pageAs('agent@example.com');
  await page.goto(`${server.url}/projects/ITH/customers`);
  const whyNot = page.locator('details.why-not', { hasText: WHY_NO_ORGS });
  assert.equal(await whyNot.getByText('Who can change this').isVisible(), false, 'closed until asked');
  await whyNot.getByText(WHY_NO_ORGS).click();
  await whyNot.getByText('Agents can\'t attach organizations').waitFor();
  await whyNot.getByText('Who can change this: a site admin.').waitFor();
  await page.close();
});

test('customers get none of these pages, and are told why', async () => {
  const page = await pageAs('customer@example.com');
  for (const path of ['/projects/ITH/customers', '/projects/ITH/organizations/1']) {
    await page.goto(`${server.url}${path}`);
    await page.getByRole('heading', { name: "You can't open this project" }).waitFor();
    await page.getByText("Customers can't see a service project's customers").waitFor();
    assert.equal(await page.getByRole('button', { name: 'Add customers' }).count(), 0);
  }
  await page.close();
});

test('flow 1: company-managed project, pick an organization, comma separated emails join it', async () => {
  const page = await pageAs('lead@example.com');
  await page.goto(`${server.url}/projects/ITH/customers`);
  await page.getByRole('button', { name: 'Add customers' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add customers to IT Help' });
  await dialog.getByLabel('Emails').fill('flow1.ann@example.net, flow1.bo@example.net');
  await dialog.getByLabel('Organization').selectOption({ label: 'Acme Corporation' });
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await dialog.getByText('Added 2 members to Acme Corporation.').waitFor();
  assert.deepEqual(await dialog.locator('.add-summary .entry-state').allInnerTexts(),
    ['Added to Acme Corporation', 'Added to Acme Corporation']);
  const members = (await membersOf(1, 'flow1.')).map((c) => c.emailAddress).sort();
  assert.deepEqual(members, ['flow1.ann@example.net', 'flow1.bo@example.net']);
  assert.equal((await customersOf('ITH', 'flow1.')).length, 0, 'not added to the project one by one');
  await page.close();
});

test('flow 2: with customer service management, Organizations → organization → Add customers', async () => {
  await withSettings({ customerServiceManagement: true }, async () => {
    const page = await pageAs('admin@example.com');
    await page.goto(`${server.url}/projects/ITH/customers`);
    await page.getByRole('navigation', { name: 'Service project' }).getByRole('link', { name: 'Organizations' }).click();
    await page.getByRole('link', { name: 'Globex' }).click();
    await page.getByRole('heading', { name: 'Globex' }).waitFor();
    await page.getByRole('button', { name: 'Add customers' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add customers to Globex' });
    await dialog.getByLabel('Emails').fill('flow2.cy@example.net, flow2.di@example.net');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.getByText('Added 2 members to Globex.').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    // The members list shows them at once.
    await page.getByLabel('Search members').fill('flow2.');
    await page.getByRole('cell', { name: 'flow2.di@example.net' }).waitFor();
    const members = (await membersOf(2, 'flow2.')).map((c) => c.emailAddress).sort();
    assert.deepEqual(members, ['flow2.cy@example.net', 'flow2.di@example.net']);
    await page.close();
  });
});

test('flow 4: team-managed project, optional help center, the account exists at once', async () => {
  const page = await pageAs('agent@example.com');
  await page.goto(`${server.url}/projects/FAC/customers`);
  await page.getByRole('button', { name: 'Add customers' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add customers to Facilities' });
  await dialog.getByLabel('Emails').fill('flow4.eve@example.net');
  await dialog.getByLabel('Help center').selectOption({ label: 'Facilities Help' });
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await dialog.getByText('Added 1 customer to Facilities.').waitFor();
  await dialog.getByText('1 new account was created').waitFor();
  const found = await customersOf('FAC', 'flow4.');
  assert.deepEqual(found.map((c) => [c.emailAddress, c.status]), [['flow4.eve@example.net', 'invited']]);
  await page.close();
});

test('flow 5: organization left blank adds to the project only', async () => {
  const page = await pageAs('lead@example.com');
  await page.goto(`${server.url}/projects/ITH/customers`);
  await page.getByRole('button', { name: 'Add customers' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add customers to IT Help' });
  assert.equal(await dialog.getByLabel('Organization').inputValue(), '');
  await dialog.getByLabel('Emails').fill('flow5.fay@example.net');
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await dialog.getByText('Added 1 customer to IT Help.').waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('cell', { name: 'flow5.fay@example.net' }).waitFor();
  const found = await customersOf('ITH', 'flow5.');
  assert.equal(found.length, 1);
  assert.deepEqual(found[0].organizations ?? [], []);
  await page.close();
});

test('a mixed pasted list shows each state as an agent, and the summary matches the server', async () => {
  const page = await pageAs('agent@example.com');
  await page.goto(`${server.url}/projects/ITH/customers`);
  await page.getByRole('button', { name: 'Add customers' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add customers to IT Help' });
  const list = '"Doe, Jane" <mixed.jane@example.net>; mixed.bob@example.net, not-an-address\nMIXED.JANE@example.net, ann@staff.example.com';
  await dialog.getByLabel('Emails').fill(list);
  assert.deepEqual(await dialog.locator('.entries .entry-state').allInnerTexts(),
    ['Valid', 'Valid', 'Invalid', 'Duplicate', 'Managed domain']);
  await dialog.getByText('5 entries: 2 to add, 1 invalid, 1 duplicate, 1 in a managed domain.').waitFor();
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await dialog.getByText('Added 2 customers to IT Help.').waitFor();
  assert.deepEqual(await dialog.locator('.add-summary .entry-state').allInnerTexts(),
    ['Invalid', 'Duplicate', 'Refused', 'Added', 'Added']);
  await dialog.locator('.add-summary').getByText('Only site admins can add people from staff.example.com').waitFor();
  assert.equal(await dialog.getByLabel('Emails').inputValue(), 'not-an-address\nann@staff.example.com');
  const added = (await customersOf('ITH', 'mixed.')).map((c) => c.emailAddress).sort();
  assert.deepEqual(added, ['mixed.bob@example.net', 'mixed.jane@example.net']);
  assert.equal((await customersOf('ITH', 'ann@staff')).length, 0);
  await page.close();
});

test('the whole add works with the keyboard alone, and focus comes back', async () => {
  const page = await pageAs('lead@example.com');
  await page.goto(`${server.url}/projects/ITH/customers`);
  await page.getByRole('table', { name: 'Customers of IT Help' }).waitFor();
  const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
  let steps = 0;
  while ((await focused()) !== 'Add customers') {
    await page.keyboard.press('Tab');
    assert.ok(++steps < 40, 'Add customers is reachable with Tab');
  }
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Add customers to IT Help' });
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'add-customers-emails');
  await page.keyboard.type('kbd.one@example.net, kbd.two@example.net');
  steps = 0;
  while ((await focused()) !== 'Add') {
    await page.keyboard.press('Tab');
    assert.ok(++steps < 10, 'Add is reachable with Tab');
  }
  await page.keyboard.press('Enter');
  await dialog.getByText('Added 2 customers to IT Help.').waitFor();
  // Tab stays inside the dialog.
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => !!document.activeElement.closest('[role=dialog]')), 'focus stays in the dialog');
  }
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Add customers');
  const added = (await customersOf('ITH', 'kbd.')).map((c) => c.emailAddress).sort();
  assert.deepEqual(added, ['kbd.one@example.net', 'kbd.two@example.net']);
  await page.close();
});

test('a network failure during Add says so and keeps the input; trying again works', async () => {
  const page = await pageAs('agent@example.com');
  await page.goto(`${server.url}/projects/ITH/customers`);
  await page.getByRole('button', { name: 'Add customers' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add customers to IT Help' });
  await dialog.getByLabel('Emails').fill('offline.one@example.net; offline.two@example.net');
  await page.route('**/customer/bulk', (route) => route.abort());
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await dialog.getByRole('alert').filter({ hasText: "Couldn't add customers" }).waitFor();
  await dialog.getByRole('alert').filter({ hasText: 'Your list is still here' }).waitFor();
  assert.equal(await dialog.getByLabel('Emails').inputValue(), 'offline.one@example.net; offline.two@example.net');
  assert.equal((await customersOf('ITH', 'offline.')).length, 0);
  await page.unroute('**/customer/bulk');
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await dialog.getByText('Added 2 customers to IT Help.').waitFor();
  assert.equal(await dialog.getByRole('alert').count(), 0);
  await page.close();
});

test('searching customers narrows the list as you type', async () => {
  const page = await pageAs('lead@example.com');
  await page.goto(`${server.url}/projects/ITH/customers`);
  await page.getByRole('table', { name: 'Customers of IT Help' }).waitFor();
  await page.getByLabel('Search customers').fill('casey');
  await page.waitForFunction(() => document.querySelectorAll('section[aria-labelledby=customers-title] tbody tr').length === 1);
  await page.getByRole('cell', { name: 'customer@example.com' }).waitFor();
  await page.getByLabel('Search customers').fill('nobody-has-this-name');
  await page.getByText('No customers match “nobody-has-this-name”.').waitFor();
  await page.close();
});

test('a project admin removes a customer after confirming', async () => {
  await api('POST', '/rest/clientele/1/servicedesk/ITH/customer/bulk', { emails: ['remove.me@example.net'] });
  const page = await pageAs('lead@example.com');
  await page.goto(`${server.url}/projects/ITH/customers`);
  await page.getByLabel('Search customers').fill('remove.me');
  await page.getByRole('button', { name: /^Remove remove/ }).click();
  const dialog = page.getByRole('dialog', { name: /Remove remove.* from IT Help\?/ });
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('status').filter({ hasText: 'Removed' }).waitFor();
  // The row (and its Remove button) is gone: focus goes to the search field.
  await page.waitForFunction(() => document.activeElement?.id === 'search-customers');
  assert.equal((await customersOf('ITH', 'remove.me')).length, 0);
  await page.close();
});

test('Add organization creates one and attaches it; its page detaches it after confirming', async () => {
  const page = await pageAs('lead@example.com');
  await page.goto(`${server.url}/projects/ITH/customers`);
  await page.getByRole('button', { name: 'Add organization' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add organization to IT Help' });
  await dialog.getByLabel('Name').fill('Umbrella E2E');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('status').filter({ hasText: 'Created Umbrella E2E and attached it to IT Help.' }).waitFor();
  const created = (await api('GET', '/rest/servicedeskapi/organization?query=Umbrella%20E2E')).values;
  assert.deepEqual(created.map((o) => o.projectKeys), [['ITH']]);
  // An existing one: Initech, found by name.
  await page.getByRole('button', { name: 'Add organization' }).click();
  await dialog.getByLabel('Find an organization').fill('Initech');
  await dialog.getByRole('button', { name: 'Attach Initech to IT Help' }).click();
  await page.getByRole('status').filter({ hasText: 'Attached Initech to IT Help.' }).waitFor();
  await page.getByRole('link', { name: 'Initech' }).click();
  await page.getByRole('button', { name: 'Detach from IT Help' }).click();
  await page.getByRole('dialog', { name: 'Detach Initech from IT Help?' }).getByRole('button', { name: 'Detach' }).click();
  await page.getByRole('button', { name: 'Attach to IT Help' }).waitFor();
  const initech = await api('GET', '/rest/servicedeskapi/organization/3');
  assert.deepEqual(initech.projectKeys ?? [], []);
  await page.close();
});

test('a setting changed meanwhile shows on the next project page, without reloading', async () => {
  const page = await pageAs('agent@example.com');
  await page.goto(`${server.url}/projects/ITH/customers`);
  await page.getByRole('button', { name: 'Add customers' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Add organization' }).count(), 0);
  await withSettings({ agentsCanManageOrganizations: true }, async () => {
    await page.getByRole('table', { name: 'Organizations attached to IT Help' })
      .getByRole('link', { name: 'Acme Corporation' }).click();
    await page.getByRole('heading', { name: 'Acme Corporation' }).waitFor();
    await page.getByRole('button', { name: 'Detach from IT Help' }).waitFor();
  });
  await page.close();
});

test('the Organizations page, opened by URL without customer service management, says where to go', async () => {
  const page = await pageAs('lead@example.com');
  await page.goto(`${server.url}/projects/ITH/organizations`);
  await page.locator('.project-content').getByText('The Organizations page appears when customer service management is on').waitFor();
  await page.getByRole('link', { name: 'Go to Customers' }).click();
  await page.waitForURL((u) => u.pathname === '/projects/ITH/customers');
  await page.close();
});
