// The product settings panel and project access settings in Chromium against the real server:
// who gets in (and the refusal page for who doesn't), flow 3 (Settings → Organizations →
// organization → Add customers), organization rename / detach / delete, flow 8 (each account
// action, checked through the API), the General switches as an agent sees them, managed
// domains, help centers, and a project's access settings saved and read back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, signIn, navLinks, PASSWORD } from './harness.mjs';

let server;
let browser;
const contexts = {};
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const DEFAULTS = { agentsCanManageOrganizations: false, customerServiceManagement: false, plan: 'premium' };
const basic = (user, password = PASSWORD) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/// Calls the API and returns {status, body} whatever the status.
async function call(method, path, body, authorization = basic('admin@example.com')) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(authorization ? { authorization } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/// Calls the API as the site admin and returns the body; anything but a success fails the test.
async function api(method, path, body) {
  const { status, body: answer } = await call(method, path, body);
  assert.ok(status >= 200 && status < 300, `${method} ${path}: ${status} ${JSON.stringify(answer)}`);
  return answer;
}

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

const sidebar = (page) => page.getByRole('navigation', { name: 'Settings' }).getByRole('link');
const status = (page, text) => page.getByRole('status').filter({ hasText: text });

test('site admins reach Settings and its sidebar; project settings show only to those allowed', async () => {
  const admin = await pageAs('admin@example.com');
  await admin.goto(`${server.url}/projects/ITH/customers`);
  assert.ok((await navLinks(admin)).includes('Settings'));
  await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await admin.waitForURL((u) => u.pathname === '/settings/organizations');
  await admin.getByRole('heading', { name: 'Organizations' }).waitFor();
  assert.deepEqual(await sidebar(admin).allInnerTexts(),
    ['Organizations', 'Customers', 'General', 'Managed domains', 'Help centers', 'Mail', 'Audit log']);
  await admin.close();

  for (const [email, access] of [['admin@example.com', true], ['lead@example.com', true], ['agent@example.com', false]]) {
    const page = await pageAs(email);
    await page.goto(`${server.url}/projects/ITH/customers`);
    await page.getByRole('navigation', { name: 'Service project' }).waitFor();
    const settings = page.getByRole('navigation', { name: 'Project settings' });
    assert.equal(await settings.count(), access ? 1 : 0, `${email}: project settings entry`);
    if (access) assert.deepEqual(await settings.getByRole('link').allInnerTexts(), ['Access']);
    if (email !== 'admin@example.com') assert.ok(!(await navLinks(page)).includes('Settings'), `${email}: no Settings`);
    await page.close();
  }
});

test('an agent and a project admin opening Settings by URL are told why they can\'t and who can help', async () => {
  for (const email of ['agent@example.com', 'lead@example.com']) {
    const page = await pageAs(email);
    for (const path of ['/settings/organizations', '/settings/customers/1', '/settings/general']) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole('heading', { name: "You can't open Settings" }).waitFor();
      await page.getByText('Who can help: a site admin.').waitFor();
      assert.equal(await page.getByRole('navigation', { name: 'Settings' }).count(), 0, `${email} ${path}: no sidebar`);
      assert.equal(await page.getByRole('table').count(), 0, `${email} ${path}: nothing half-loaded`);
    }
    await page.goto(`${server.url}/settings/organizations`);
    await page.getByText('Only site admins can see all organizations in product settings. Ask a site admin.').waitFor();
    await page.close();
  }
  const agent = await pageAs('agent@example.com');
  await agent.goto(`${server.url}/projects/ITH/settings/access`);
  await agent.getByRole('heading', { name: "You can't open this project's access settings" }).waitFor();
  await agent.getByText('Only project admins and site admins can change a service project\'s access settings').waitFor();
  assert.equal(await agent.getByRole('checkbox').count(), 0);
  await agent.close();
});

test('flow 3: Settings → Organizations → organization → Add customers, pasted; it reaches every attached project', async () => {
  const page = await pageAs('admin@example.com');
  await page.goto(`${server.url}/settings/organizations`);
  await page.getByRole('button', { name: 'Create organization' }).click();
  const create = page.getByRole('dialog', { name: 'Create organization' });
  await create.getByLabel('Name').fill('acme CORPORATION');
  await create.getByRole('button', { name: 'Create' }).click();
  await create.getByText('An organization called "acme CORPORATION" already exists (names ignore case).').waitFor();
  assert.equal(await create.getByLabel('Name').inputValue(), 'acme CORPORATION', 'what was typed stays');
  await create.getByLabel('Name').fill('Flow3 Partners');
  await create.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('heading', { name: 'Flow3 Partners' }).waitFor();
  await status(page, 'Created Flow3 Partners').waitFor();

  for (const project of ['IT Help', 'Facilities']) {
    await page.getByLabel('Attach to a service project').selectOption({ label: project });
    await page.getByRole('button', { name: 'Attach', exact: true }).click();
    await status(page, `Attached Flow3 Partners to ${project}`).waitFor();
  }
  await page.getByText('attached to IT Help and Facilities').waitFor();

  await page.getByRole('button', { name: 'Add customers' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add customers to Flow3 Partners' });
  await dialog.getByLabel('Emails').fill(
    '"Doe, Jane" <f3.jane@example.net>; f3.bob@example.net, not-an-address\nF3.JANE@example.net, f3.ann@staff.example.com');
  // A site admin may add managed-domain addresses.
  await dialog.getByText('5 entries: 3 to add, 1 invalid, 1 duplicate.').waitFor();
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await dialog.getByText('Added 3 members to Flow3 Partners.').waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('cell', { name: 'f3.ann@staff.example.com' }).waitFor();

  const org = (await api('GET', '/rest/servicedeskapi/organization?query=Flow3%20Partners')).values[0];
  const members = (await api('GET', `/rest/servicedeskapi/organization/${org.id}/user?limit=100`)).values;
  assert.deepEqual(members.map((c) => c.emailAddress).sort(),
    ['f3.ann@staff.example.com', 'f3.bob@example.net', 'f3.jane@example.net'], 'exactly the valid addresses');
  for (const key of ['ITH', 'FAC']) {
    const attached = (await api('GET', `/rest/servicedeskapi/servicedesk/${key}/organization?limit=100`)).values;
    assert.ok(attached.some((o) => o.id === org.id), `${key} lists Flow3 Partners`);
  }

  // The list: found by search, with its members and projects.
  await page.getByRole('link', { name: '← Organizations' }).click();
  await page.getByLabel('Search organizations').fill('flow3');
  const row = page.getByRole('row', { name: /Flow3 Partners/ });
  await row.waitFor();
  await row.getByText('3 members').waitFor();
  assert.deepEqual(await row.locator('li').allInnerTexts(), ['IT Help', 'Facilities']);
  await page.getByLabel('Search organizations').fill('no organization is called this');
  await page.getByText('No organizations match “no organization is called this”.').waitFor();
  await page.close();
});

test('an organization is renamed, loses a member and a project, and is deleted after a confirmation that says what it means', async () => {
  const org = (await api('GET', '/rest/servicedeskapi/organization?query=Flow3%20Partners')).values[0];
  const page = await pageAs('admin@example.com');
  await page.goto(`${server.url}/settings/organizations/${org.id}`);
  await page.getByRole('button', { name: 'Rename' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename Flow3 Partners' });
  await rename.getByLabel('Name').fill('Globex');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await rename.getByText('already exists').waitFor();
  await rename.getByLabel('Name').fill('Flow3 Partners Ltd');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await page.getByRole('heading', { name: 'Flow3 Partners Ltd' }).waitFor();
  await status(page, 'Renamed to Flow3 Partners Ltd.').waitFor();
  assert.equal((await api('GET', `/rest/servicedeskapi/organization/${org.id}`)).name, 'Flow3 Partners Ltd');

  await page.getByRole('button', { name: /^Remove f3\.bob/ }).click();
  await page.getByRole('dialog', { name: /Remove f3\.bob/ }).getByRole('button', { name: 'Remove' }).click();
  await status(page, 'Removed f3.bob').waitFor();
  assert.equal((await api('GET', `/rest/servicedeskapi/organization/${org.id}/user`)).values.length, 2);

  await page.getByRole('button', { name: 'Detach Flow3 Partners Ltd from Facilities' }).click();
  await page.getByRole('dialog', { name: 'Detach Flow3 Partners Ltd from Facilities?' }).getByRole('button', { name: 'Detach' }).click();
  await status(page, 'Detached Flow3 Partners Ltd from Facilities.').waitFor();
  const fac = (await api('GET', '/rest/servicedeskapi/servicedesk/FAC/organization?limit=100')).values;
  assert.ok(!fac.some((o) => o.id === org.id));

  await page.getByRole('button', { name: 'Delete organization' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete Flow3 Partners Ltd?' });
  await confirm.getByText('Its 2 members keep their accounts.').waitFor();
  await confirm.getByText('IT Help loses access through it').waitFor();
  await confirm.getByRole('button', { name: 'Delete organization' }).click();
  await page.waitForURL((u) => u.pathname === '/settings/organizations');
  await status(page, 'Deleted Flow3 Partners Ltd. Its members keep their accounts.').waitFor();
  assert.equal((await call('GET', `/rest/servicedeskapi/organization/${org.id}`)).status, 404);
  const jane = (await api('GET', '/rest/clientele/1/customer?query=f3.jane')).values;
  assert.equal(jane.length, 1, 'members keep their accounts');
  await page.close();
});

test('flow 8: every account action, each checked through the API', async () => {
  const address = 'f8.pat@example.net';
  await api('POST', '/rest/clientele/1/servicedesk/ITH/customer/bulk', { emails: [address] });
  const before = (await api('GET', `/rest/clientele/1/customer?query=${address}`)).values[0];
  assert.equal(before.status, 'invited');
  const account = () => api('GET', `/rest/clientele/1/customer/${before.accountId}`);

  const page = await pageAs('admin@example.com');
  await page.goto(`${server.url}/settings/organizations`);
  await sidebar(page).filter({ hasText: 'Customers' }).click();
  await page.getByLabel('Status').selectOption({ label: 'Invited' });
  await page.getByLabel('Kind').selectOption({ label: 'Portal-only' });
  await page.getByLabel('Search customers').fill('f8.pat');
  await page.getByRole('button', { name: 'Manage f8.pat' }).click();
  await page.waitForURL((u) => u.pathname === `/settings/customers/${before.accountId}`);
  await page.getByRole('heading', { name: 'f8.pat' }).waitFor();
  await page.locator('.facts').getByRole('link', { name: 'IT Help' }).waitFor();

  // Edit name.
  await page.getByRole('button', { name: 'Edit name' }).click();
  await page.getByRole('dialog').getByLabel('Name').fill('Pat Flow');
  await page.getByRole('button', { name: 'Save name' }).click();
  await status(page, 'Saved: the name is now Pat Flow.').waitFor();
  assert.equal((await account()).customer.displayName, 'Pat Flow');

  // Change password: checked as typed; then the customer can sign in with it.
  await page.getByRole('button', { name: 'Change password' }).click();
  const password = page.getByRole('dialog', { name: 'Change the password of Pat Flow' });
  await password.getByLabel('New password').fill('short');
  await password.getByText('Use at least 10 characters.').waitFor();
  await password.getByLabel('New password').fill('f8 strong password');
  await password.getByText('Strong enough.').waitFor();
  await password.getByRole('button', { name: 'Change password' }).click();
  await status(page, 'Password changed').waitFor();
  assert.equal((await account()).customer.status, 'active', 'an invited account becomes active');
  assert.equal((await call('GET', '/rest/clientele/1/myself', null, basic(address, 'f8 strong password'))).status, 200);

  // Migrate to a full account.
  await page.getByRole('button', { name: 'Migrate to full account' }).click();
  await page.getByRole('dialog', { name: 'Migrate Pat Flow to a full account?' }).getByRole('button', { name: 'Migrate' }).click();
  await status(page, 'Pat Flow now has a full account.').waitFor();
  assert.equal((await account()).customer.accountType, 'atlassian');
  assert.equal(await page.getByRole('button', { name: 'Change password' }).count(), 0);

  // Revoke: sign-in and basic auth fail at once.
  await page.getByRole('button', { name: 'Revoke access' }).click();
  const revoke = page.getByRole('dialog', { name: 'Revoke access for Pat Flow?' });
  await revoke.getByText('signed out everywhere at once').waitFor();
  await revoke.getByRole('button', { name: 'Revoke access' }).click();
  await status(page, 'Access revoked').waitFor();
  assert.equal((await account()).customer.status, 'revoked');
  const signInAs = () => call('POST', '/rest/auth/1/session', { username: address, password: 'f8 strong password' }, null);
  assert.equal((await signInAs()).status, 401, 'sign-in fails');
  assert.equal((await call('GET', '/rest/clientele/1/myself', null, basic(address, 'f8 strong password'))).status, 401, 'basic auth fails');

  // Restore.
  await page.getByRole('button', { name: 'Restore access' }).click();
  await status(page, 'Access restored').waitFor();
  assert.equal((await account()).customer.status, 'active');
  assert.equal((await signInAs()).status, 200, 'sign-in works again');

  // Delete: type the address; the address is free again.
  await page.getByRole('button', { name: 'Delete account' }).click();
  const remove = page.getByRole('dialog', { name: `Delete the account of ${address}?` });
  assert.ok(await remove.getByRole('button', { name: 'Delete account' }).isDisabled());
  await remove.getByLabel(`Type ${address} to confirm`).fill(address);
  await remove.getByRole('button', { name: 'Delete account' }).click();
  await page.waitForURL((u) => u.pathname === '/settings/customers');
  await status(page, `Deleted the account of ${address}`).waitFor();
  assert.equal((await call('GET', `/rest/clientele/1/customer/${before.accountId}`)).status, 404);
  assert.equal((await api('GET', `/rest/clientele/1/customer?query=${address}`)).values.length, 0, 'gone from every list');
  const again = await api('POST', '/rest/clientele/1/servicedesk/ITH/customer/bulk', { emails: [address] });
  assert.equal(again.results[0].outcome, 'added');
  assert.equal(again.results[0].newAccount, true, 'added again as a new customer');
  assert.notEqual(again.results[0].accountId, before.accountId);
  await page.close();
});

test('the General switches change what an agent sees on the Customers page', async () => {
  await withSettings({}, async () => {
    const admin = await pageAs('admin@example.com');
    const agentSees = async () => {
      const agent = await pageAs('agent@example.com');
      await agent.goto(`${server.url}/projects/ITH/customers`);
      await agent.getByRole('button', { name: 'Add customers' }).waitFor();
      const seen = {
        buttons: await agent.locator('.page-actions button').allInnerTexts(),
        sidebar: await agent.getByRole('navigation', { name: 'Service project' }).getByRole('link').allInnerTexts(),
      };
      await agent.close();
      return seen;
    };
    const save = async (text = 'Saved.') => {
      await admin.getByRole('button', { name: 'Save' }).click();
      await status(admin, text).waitFor();
    };
    await admin.goto(`${server.url}/settings/general`);
    const agentsSwitch = admin.getByLabel('Yes, agents can add and remove organizations from projects, and add and remove customers from organizations');
    assert.equal(await agentsSwitch.isChecked(), false);
    assert.deepEqual((await agentSees()).buttons, ['Add customers']);

    await agentsSwitch.check();
    await save();
    assert.equal((await api('GET', '/rest/clientele/1/settings')).agentsCanManageOrganizations, true);
    assert.deepEqual((await agentSees()).buttons, ['Add customers', 'Add organization']);

    await agentsSwitch.uncheck();
    await admin.getByLabel('Turn on customer service management').check();
    await save();
    const seen = await agentSees();
    assert.deepEqual(seen.buttons, ['Add customers']);
    assert.deepEqual(seen.sidebar, ['Customers', 'Organizations']);

    // Going down to Standard says what happens first.
    await admin.getByLabel(/^Standard/).check();
    await admin.getByText('Customer service management is a Premium feature').waitFor();
    assert.ok(await admin.getByLabel('Turn on customer service management').isDisabled());
    await admin.getByText('Going down to Standard:').waitFor();
    await admin.getByRole('button', { name: 'Save' }).click();
    const confirm = admin.getByRole('dialog', { name: 'Go down to the Standard plan?' });
    await confirm.getByText('Customer service management turns off').waitFor();
    await confirm.getByText('All 2 help centers are kept, but invitations can no longer choose one').waitFor();
    assert.equal((await api('GET', '/rest/clientele/1/settings')).plan, 'premium', 'nothing changed before confirming');
    await confirm.getByRole('button', { name: 'Go down to Standard' }).click();
    await status(admin, 'Saved.').waitFor();
    const now = await api('GET', '/rest/clientele/1/settings');
    assert.deepEqual([now.plan, now.customerServiceManagement], ['standard', false]);
    assert.deepEqual((await agentSees()).sidebar, ['Customers']);
    await admin.close();
  });
});

test('managed domains: added as normalized, duplicates and non-domains refused at the field, removed', async () => {
  const page = await pageAs('admin@example.com');
  await page.goto(`${server.url}/settings/managed-domains`);
  await page.getByText('staff.example.com').waitFor();
  const field = page.getByLabel('Add a domain');
  await field.fill('@Flow-Domain.EXAMPLE.');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await status(page, 'Added flow-domain.example (you typed “@Flow-Domain.EXAMPLE.”).').waitFor();
  await page.getByRole('list', { name: 'Managed domains' }).getByText('flow-domain.example').waitFor();
  assert.ok((await api('GET', '/rest/clientele/1/manageddomain')).values.includes('flow-domain.example'));

  await field.fill('FLOW-DOMAIN.example');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByText('flow-domain.example is already a managed domain.').waitFor();
  assert.equal(await field.inputValue(), 'FLOW-DOMAIN.example', 'what was typed stays');
  await field.fill('not a domain');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.locator('#managed-domain-problem').getByText('is not a valid domain').waitFor();

  await page.getByRole('button', { name: 'Remove flow-domain.example' }).click();
  await page.getByRole('dialog', { name: 'Stop managing flow-domain.example?' }).getByRole('button', { name: 'Remove' }).click();
  await status(page, 'Removed flow-domain.example.').waitFor();
  assert.ok(!(await api('GET', '/rest/clientele/1/manageddomain')).values.includes('flow-domain.example'));
  await page.close();
});

test('help centers: added, renamed and removed on Premium; on Standard the policy says why none can be added', async () => {
  const page = await pageAs('admin@example.com');
  await page.goto(`${server.url}/settings/help-centers`);
  await page.getByLabel('Add a help center').fill('Flow Partners');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await status(page, 'Added Flow Partners at /help/flow-partners.').waitFor();
  await page.getByRole('cell', { name: '/help/flow-partners' }).waitFor();

  await page.getByRole('button', { name: 'Rename Flow Partners' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename Flow Partners' });
  await rename.getByLabel('Name').fill('Flow Partners Help');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await status(page, 'Renamed Flow Partners to Flow Partners Help.').waitFor();
  const centers = (await api('GET', '/rest/clientele/1/helpcenter')).values;
  const added = centers.find((h) => h.slug === 'flow-partners');
  assert.equal(added.name, 'Flow Partners Help');

  await page.getByRole('button', { name: 'Remove Flow Partners Help' }).click();
  await page.getByRole('dialog', { name: 'Remove Flow Partners Help?' }).getByRole('button', { name: 'Remove' }).click();
  await status(page, 'Removed Flow Partners Help.').waitFor();
  assert.ok(!(await api('GET', '/rest/clientele/1/helpcenter')).values.some((h) => h.slug === 'flow-partners'));

  await withSettings({ plan: 'standard' }, async () => {
    await page.reload();
    await page.getByText("Why can't I add help centers?").click();
    await page.getByText('More than one help center is a Premium feature').waitFor();
    assert.equal(await page.getByLabel('Add a help center').count(), 0);
  });
  await page.close();
});

test('project access settings are saved and read back', async () => {
  const page = await pageAs('lead@example.com');
  await page.goto(`${server.url}/projects/ITH/customers`);
  await page.getByRole('navigation', { name: 'Project settings' }).getByRole('link', { name: 'Access' }).click();
  await page.waitForURL((u) => u.pathname === '/projects/ITH/settings/access');
  const signup = page.getByLabel('Anyone can sign up through the help center');
  const invited = page.getByLabel('Send newly added customers an invitation');
  await signup.waitFor();
  assert.deepEqual([await signup.isChecked(), await invited.isChecked()], [false, true]);
  await page.getByText('On: a newly added customer gets an invitation email with a sign-up link.').waitFor();
  await page.getByText('On: anyone can sign up through the help center').waitFor();

  await signup.check();
  await invited.uncheck();
  await page.getByRole('button', { name: 'Save' }).click();
  await status(page, 'Saved.').waitFor();
  assert.deepEqual(await api('GET', '/rest/clientele/1/servicedesk/ITH/access'),
    { publicSignup: true, customerInvitedNotification: false });
  await page.reload();
  await signup.waitFor();
  assert.deepEqual([await signup.isChecked(), await invited.isChecked()], [true, false], 'read back');

  await signup.uncheck();
  await invited.check();
  await page.getByRole('button', { name: 'Save' }).click();
  await status(page, 'Saved.').waitFor();
  assert.deepEqual(await api('GET', '/rest/clientele/1/servicedesk/ITH/access'),
    { publicSignup: false, customerInvitedNotification: true });
  await page.close();
});
