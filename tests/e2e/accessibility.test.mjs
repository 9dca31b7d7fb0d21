// Accessibility, measured: axe-core (npm `axe-core`) runs on every page and every dialog of the
// three builds (agent app, settings panel, help center) for WCAG 2.2 AA, and any violation
// fails the test with the rule and the elements.
//
// "Every" is checked, not hoped for: the last test reads the routes (`<Route … view=X/>`) and
// the dialogs (`<Modal labelled_by="…">`) from the web app's source and fails if the tour
// below did not check one of them, so a page or dialog added later must be added here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, startBrowser, signIn, apiAs, newestLinkPath, assertAccessible, PASSWORD } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await startBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

/// Route views and dialog ids the tour checked.
const checkedViews = new Set();
const checkedDialogs = new Set();

/// Route views that render no page of their own: the agent build's hand-over to the other
/// builds (a full page load to the same address).
const NOT_PAGES = new Set(['ServedByTheOtherBuild']);

async function freshPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('close', () => context.close().catch(() => {}));
  return page;
}

async function agentPage(email = 'admin@example.com') {
  const page = await freshPage();
  await signIn(page, server.url, email);
  return page;
}

async function customerPage(email = 'customer@example.com') {
  const page = await freshPage();
  await page.goto(`${server.url}/help/support/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.endsWith('/login'));
  return page;
}

/// Opens `path`, waits until it has loaded (its heading shown, no request under way) and
/// checks it. `view` is the route view the address shows.
async function checkPage(page, path, view, heading) {
  await page.goto(`${server.url}${path}`);
  await settled(page, heading);
  await assertAccessible(page, `${view} at ${path}`);
  checkedViews.add(view);
}

async function settled(page, heading) {
  if (heading) await page.getByRole('heading', { name: heading }).first().waitFor();
  else await page.getByRole('heading').first().waitFor();
  await page.waitForLoadState('networkidle');
}

/// Clicks `opener`, checks the page with the dialog open, closes it with Escape.
async function checkDialog(page, opener, dialogName) {
  await opener.click();
  const dialog = page.getByRole('dialog', { name: dialogName });
  await dialog.waitFor();
  await page.waitForLoadState('networkidle');
  const id = await dialog.getAttribute('aria-labelledby');
  await assertAccessible(page, `dialog "${dialogName}" (${id})`);
  checkedDialogs.add(id);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
}

test('signed-out pages: agent sign-in (also with an error) and the help center', async () => {
  const page = await freshPage();
  await checkPage(page, '/login', 'LoginPage', 'Sign in');
  await page.getByLabel('Email').fill('admin@example.com');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').first().waitFor();
  await assertAccessible(page, 'LoginPage with a refusal');

  await checkPage(page, '/help', 'DefaultHelpCenter');
  await checkPage(page, '/help/support', 'HelpCenterHome');
  await checkPage(page, '/help/support/login', 'signed_out::SignIn', 'Sign in to Clientele Support');
  await checkPage(page, '/help/support/signup', 'signed_out::SignUp');
  await checkPage(page, '/help/support/forgot', 'signed_out::ForgotPassword');
  await checkPage(page, '/help/support/nowhere', 'HelpCenterPageNotFound');
  await checkPage(page, '/help/support/invite/not-a-real-token', 'signed_out::Link');
});

test('one-time links: an invitation and a password reset, with their forms', async () => {
  await apiAs(server.url, 'POST', '/rest/clientele/1/servicedesk/ITH/customer/bulk', { emails: ['axe.invited@example.net'] },
    'agent@example.com');
  const page = await freshPage();
  await checkPage(page, await newestLinkPath(server.url, 'axe.invited@example.net'), 'signed_out::Link');
  await page.locator('form button[type=submit]').waitFor();
  await assertAccessible(page, 'the invitation form');

  await page.goto(`${server.url}/help/support/forgot`);
  await page.getByLabel('Email', { exact: true }).fill('customer@example.com');
  await page.getByRole('button', { name: /Send/ }).first().click();
  await page.getByRole('status').first().waitFor();
  await assertAccessible(page, 'the forgot-password page after sending');
  await checkPage(page, await newestLinkPath(server.url, 'customer@example.com'), 'signed_out::Link');
  await page.locator('form button[type=submit]').waitFor();
  await assertAccessible(page, 'the password reset form');
});

test('the help center signed in: home, raise a request, my requests, a request', async () => {
  const page = await customerPage();
  await checkPage(page, '/help/support', 'HelpCenterHome');
  await checkPage(page, '/help/support/raise', 'RaiseRequestPage');
  await checkPage(page, '/help/support/requests', 'MyRequestsPage');
  await page.getByRole('link', { name: /ITH-\d+/ }).first().click();
  await page.waitForURL((u) => /\/requests\/ITH-\d+$/.test(u.pathname));
  await settled(page);
  await assertAccessible(page, 'HelpRequestPage');
  checkedViews.add('HelpRequestPage');
});

test('the agent app: every project page and its dialogs', async () => {
  const page = await agentPage();
  await checkPage(page, '/', 'Home');
  await checkPage(page, '/nowhere', 'NotFound');
  await checkPage(page, '/projects/ITH', 'ProjectHome');
  await checkPage(page, '/projects/ITH/nowhere', 'ProjectSectionNotFound');

  await checkPage(page, '/projects/ITH/customers', 'CustomersPage');
  await page.locator('table tbody tr').first().waitFor();
  await checkDialog(page, page.getByRole('button', { name: 'Add customers' }), 'Add customers');
  await checkDialog(page, page.getByRole('button', { name: /^Remove / }).first(), /^Remove /);

  // Without customer service management the page says why it isn't there; with it, the list.
  await checkPage(page, '/projects/ITH/organizations', 'OrganizationsPage');
  await apiAs(server.url, 'PUT', '/rest/clientele/1/settings',
    { agentsCanManageOrganizations: false, customerServiceManagement: true, plan: 'premium' });
  await checkPage(page, '/projects/ITH/organizations', 'OrganizationsPage');
  await checkDialog(page, page.getByRole('button', { name: 'Add organization' }), /organization/i);
  await page.locator('table tbody tr a').first().click();
  await page.waitForURL((u) => /\/organizations\/\d+$/.test(u.pathname));
  await settled(page);
  await assertAccessible(page, 'OrganizationPage');
  checkedViews.add('OrganizationPage');

  await checkPage(page, '/projects/ITH/settings/access', 'ProjectAccessPage');
  await checkPage(page, '/projects/ITH/settings/request-types', 'RequestTypesPage');
  await checkDialog(page, page.getByRole('button', { name: 'Add request type' }), /request type/i);

  await checkPage(page, '/projects/ITH/queue', 'QueuePage');
  await checkDialog(page, page.getByRole('button', { name: 'Raise request' }), /Raise/);
  await page.locator('table tbody tr a').first().click();
  await page.waitForURL((u) => /\/requests\/ITH-\d+$/.test(u.pathname));
  await settled(page);
  await assertAccessible(page, 'AgentRequestPage');
  checkedViews.add('AgentRequestPage');
});

test('the agent app: the dialog shown while the Customers page\'s dialogs load, and when they cannot', async () => {
  const page = await agentPage();
  await checkPage(page, '/projects/ITH/customers', 'CustomersPage');
  await page.locator('table tbody tr').first().waitFor();
  // The module's requests wait until released, then fail: "Loading…", then the failure.
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  const held = async (route) => { await released; await route.abort('internetdisconnected'); };
  await page.route('**/agent-dialogs/**', held);
  await page.getByRole('button', { name: 'Add customers' }).click();
  const loading = page.getByRole('dialog', { name: 'Loading…' });
  await loading.waitFor();
  await assertAccessible(page, 'the loading dialog (on-demand-status), loading');
  release();
  const failed = page.getByRole('dialog', { name: /Couldn't load this dialog/ });
  await failed.waitFor();
  await assertAccessible(page, 'the loading dialog (on-demand-status), failed');
  checkedDialogs.add(await failed.getAttribute('aria-labelledby'));
  await page.keyboard.press('Escape');
  await failed.waitFor({ state: 'detached' });
  await page.unroute('**/agent-dialogs/**', held);
});

test('the settings panel: every page and its dialogs', async () => {
  // A bulk change to review and undo, and an import to look at.
  const added = await apiAs(server.url, 'POST', '/rest/clientele/1/servicedesk/ITH/customer/bulk',
    { emails: ['axe.bulk@example.net'] }, 'agent@example.com');
  const imported = await fetch(`${server.url}/rest/clientele/1/import?dryRun=false&sendInvitations=false`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`admin@example.com:${PASSWORD}`).toString('base64')}`, 'content-type': 'text/csv' },
    body: 'Email,Name,Projects\naxe.imported@example.net,Axe Imported,ITH\n',
  }).then((r) => r.json());
  const page = await agentPage();
  await checkPage(page, '/settings', 'SettingsHome');
  await checkPage(page, '/settings/nowhere', 'SettingsSectionNotFound');

  await checkPage(page, '/settings/organizations', 'SettingsOrganizationsPage');
  await checkDialog(page, page.getByRole('button', { name: 'Create organization' }), 'Create organization');
  await page.locator('table tbody tr a').first().click();
  await page.waitForURL((u) => /\/settings\/organizations\/\d+$/.test(u.pathname));
  await settled(page);
  await assertAccessible(page, 'SettingsOrganizationPage');
  checkedViews.add('SettingsOrganizationPage');

  await checkPage(page, '/settings/customers', 'SettingsCustomersPage');
  await page.getByRole('button', { name: /^Manage Casey/ }).click();
  await page.waitForURL((u) => /\/settings\/customers\/\d+$/.test(u.pathname));
  await settled(page);
  await assertAccessible(page, 'AccountPage');
  checkedViews.add('AccountPage');
  await checkDialog(page, page.getByRole('button', { name: 'Edit name' }), /name/i);
  await checkDialog(page, page.getByRole('button', { name: 'Change password' }), /password/i);
  await checkDialog(page, page.getByRole('button', { name: 'Delete account' }), /Delete/);

  await checkPage(page, '/settings/general', 'GeneralSettingsPage');
  await checkPage(page, '/settings/managed-domains', 'ManagedDomainsPage');
  await checkPage(page, '/settings/help-centers', 'HelpCentersPage');
  await checkDialog(page, page.getByRole('button', { name: /^Rename / }).first(), /^Rename /);

  await checkPage(page, '/settings/audit-log', 'AuditLogPage');
  await checkDialog(page, page.getByRole('button', { name: `Undo bulk change ${added.bulkChangeId}…` }).first(),
    `Undo bulk change ${added.bulkChangeId}`);

  await checkPage(page, '/settings/customers/import', 'ImportPage', 'Import customers from CSV');
  const csv = 'Email,Name,Projects\naxe.ann@example.net,Axe Ann,ITH\nnot-an-address,Nobody,\n';
  await page.getByLabel('CSV file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.locator('#import-counts').getByText('2 rows: 1 ok, 1 invalid.').waitFor();
  await assertAccessible(page, 'ImportPage with its dry run');
  await checkPage(page, `/settings/customers/import/${imported.id}`, 'ImportJobPage');

  await checkPage(page, '/settings/mail', 'MailPage');
  await page.locator('.mail-table tbody tr').first().waitFor();
  await checkDialog(page, page.locator('.mail-table tbody tr').first().getByRole('button', { name: /^Open/ }), /./);
});

/// Every `.rs` file under `dir`.
function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.rs') ? [path] : [];
  });
}

test('the tour checked every page and every dialog the web app has', () => {
  const text = sources('src').map((file) => readFileSync(file, 'utf8')).join('\n');
  const views = new Set([...text.matchAll(/<Route\s+path=path!\("[^"]*"\)\s+view=(\w+)/g)].map((m) => m[1]));
  // The help center's signed-out pages are plain DOM, not Leptos routes: their table
  // (`pub const PAGES` in signin/src/lib.rs, `("login", Page::SignIn)`) names each page.
  const signedOut = readFileSync('signin/src/lib.rs', 'utf8');
  const table = signedOut.slice(signedOut.indexOf('pub const PAGES'), signedOut.indexOf('];', signedOut.indexOf('pub const PAGES')));
  const signedOutPages = [...table.matchAll(/\("[^"]+",\s*Page::(\w+)\)/g)].map((m) => `signed_out::${m[1]}`);
  assert.ok(signedOutPages.length >= 4, `the signed-out pages are read from the source (${signedOutPages.length})`);
  for (const view of signedOutPages) views.add(view);
  views.add('NotFound'); // the agent app's fallback
  // A dialog's id is a literal, or made with format! (then its literal start names it).
  const dialogs = new Set([...text.matchAll(/<Modal\s+labelled_by=(?:"([^"]+)"|format!\("([^"{]+))/g)]
    .map((m) => m[1] ?? `${m[2]}*`));
  assert.ok(views.size > 20 && dialogs.size > 5, `routes and dialogs are read from the source (${views.size}, ${dialogs.size})`);
  const missedViews = [...views].filter((v) => !NOT_PAGES.has(v) && !checkedViews.has(v));
  const missedDialogs = [...dialogs].filter((d) => (d.endsWith('*')
    ? ![...checkedDialogs].some((c) => c.startsWith(d.slice(0, -1)))
    : !checkedDialogs.has(d)));
  assert.deepEqual({ missedViews, missedDialogs }, { missedViews: [], missedDialogs: [] },
    'add every page and dialog to this file\'s tour');
});
