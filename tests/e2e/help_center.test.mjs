// The help center in Chromium against the real server: accepting an invitation (flow 4 with the
// "Customer invited" notification on and off), signing up from the help center (flow 6) and by
// public sign-up (flow 7), refusals that say why (managed domain, sign-up closed), forgot
// password, used and expired links, 429, the outbox in Settings → Mail, and the invitation
// state and Resend invitation in an agent's customer list. Messages stay in the outbox (no
// SMTP): the tests read them, and the links in them, through the mail API.
//
// Attempts that count against the rate limits (sign-ups, resets, resends, failed sign-ins) stay
// well under 30 per client for this file's main server; the expired-link and 429 tests run on
// a second server whose links expire at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, signIn, PASSWORD } from './harness.mjs';

let server;
let shortLinks;
let browser;
before(async () => {
  server = await startServer();
  process.env.CLIENTELE_LINK_DAYS = '0';
  try { shortLinks = await startServer(); } finally { delete process.env.CLIENTELE_LINK_DAYS; }
  browser = await startBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); await shortLinks?.stop(); });

const NEW_PASSWORD = 'a tram at dawn, 7 stops';

/// Calls the API with HTTP Basic as `user` on `on` (the main server unless told).
async function api(method, path, body, { user = 'admin@example.com', on = server, ok = true } = {}) {
  const response = await fetch(`${on.url}${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${user}:${PASSWORD}`).toString('base64')}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (ok) assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/// The outbox's messages to `email`, newest first.
async function mailTo(email, on = server) {
  return (await api('GET', `/rest/clientele/1/mail?to=${encodeURIComponent(email)}`, null, { on })).values;
}

/// The path of the help-center link in the newest message to `email`, checking its kind.
async function linkFor(email, kind, on = server) {
  const [message] = await mailTo(email, on);
  assert.ok(message, `a message to ${email}`);
  assert.equal(message.kind, kind, `${email} got ${message.kind}: ${message.subject}`);
  const link = message.text.match(/https?:\/\/\S+\/help\/\S+/);
  assert.ok(link, `a link in: ${message.text}`);
  const url = new URL(link[0]);
  assert.equal(url.origin, on.url, 'the link points at this server');
  return url.pathname;
}

/// An agent adds new addresses to a project (one bulk add, as the Add customers dialog does).
async function agentAdds(key, emails, on = server) {
  const answer = await api('POST', `/rest/clientele/1/servicedesk/${key}/customer/bulk`, { emails },
    { user: 'agent@example.com', on });
  assert.equal(answer.summary.newAccounts, emails.length, JSON.stringify(answer.summary));
}

async function setAccess(key, access) {
  await api('PUT', `/rest/clientele/1/servicedesk/${key}/access`, access);
}

/// A page in a fresh context: nobody signed in.
async function freshPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('close', () => context.close().catch(() => {}));
  return page;
}

/// The help center's home lists `project` with how the customer may use it.
async function homeLists(page, project, via) {
  const item = page.locator('.help-project', { hasText: project });
  await item.waitFor();
  assert.match(await item.innerText(), new RegExp(via));
}

async function signInOnHelpCenter(page, email, password, on = server) {
  await page.goto(`${on.url}/help/support/login`);
  await page.getByRole('heading', { name: 'Sign in to Clientele Support' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((u) => u.pathname === '/help/support/login');
}

test('flow 4, notification on: an invitation link, name and password, signed in, the project listed', async () => {
  const email = 'flow4.on@example.net';
  await agentAdds('ITH', [email]);
  const path = await linkFor(email, 'invitation');
  assert.match(path, /^\/help\/support\/invite\//);
  const page = await freshPage();
  await page.goto(`${server.url}${path}`);
  await page.getByRole('heading', { name: 'Accept your invitation to Clientele Support' }).waitFor();
  assert.match(await page.locator('.link-email').innerText(), /flow4\.on@example\.net/);
  assert.equal(await page.getByLabel('Display name').inputValue(), 'flow4.on', 'prefilled with the name known');
  await page.getByLabel('Display name').fill('Flo Four');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByText('Use at least 10 characters. 5 more characters to go.').waitFor();
  await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByText('Strong enough.').waitFor();
  await page.getByRole('button', { name: 'Accept invitation' }).click();
  await page.waitForURL((u) => u.pathname === '/help/support');
  await page.getByRole('status').filter({ hasText: "Your account is ready and you're signed in." }).waitFor();
  await homeLists(page, 'IT Help', "You're a customer of this project");
  assert.equal(await page.locator('.whoami-name').innerText(), 'Flo Four');
  const [account] = (await api('GET', `/rest/clientele/1/customer?query=${email}`)).values;
  assert.equal(account.status, 'active');
  await page.close();
});

test('flow 4, notification off: a verification link, a password, then signing in on the help center', async () => {
  const email = 'flow4.off@example.net';
  await setAccess('FAC', { customerInvitedNotification: false });
  try {
    await agentAdds('FAC', [email]);
  } finally {
    await setAccess('FAC', { customerInvitedNotification: true });
  }
  const path = await linkFor(email, 'verification');
  assert.match(path, /^\/help\/support\/verify\//);
  const page = await freshPage();
  await page.goto(`${server.url}${path}`);
  await page.getByRole('heading', { name: 'Verify your email address' }).waitFor();
  await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
  await page.waitForURL((u) => u.pathname === '/help/support');
  await homeLists(page, 'Facilities', "You're a customer of this project");
  await signOut(page);
  await signInOnHelpCenter(page, email, NEW_PASSWORD);
  await page.waitForURL((u) => u.pathname === '/help/support');
  await homeLists(page, 'Facilities', "You're a customer of this project");
  await page.close();
});

test('flow 6: from the help-center link to sign-up, verification and sign-in', async () => {
  await setAccess('ITH', { publicSignup: true });
  const email = 'flow6@example.net';
  const page = await freshPage();
  try {
    await page.goto(`${server.url}/help`);
    await page.waitForURL((u) => u.pathname === '/help/support/login', { timeout: 10_000 });
    await page.getByRole('link', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'Sign up for Clientele Support' }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Display name').fill('Six Sixsmith');
    await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await page.getByText(`We sent a message to ${email}.`).waitFor();
  } finally {
    await setAccess('ITH', { publicSignup: false });
  }
  const path = await linkFor(email, 'verification');
  await page.goto(`${server.url}${path}`);
  await page.getByRole('heading', { name: 'Verify your email address' }).waitFor();
  assert.equal(await page.getByLabel('Display name').inputValue(), 'Six Sixsmith');
  // The password was chosen at sign-up: verifying asks for none.
  assert.equal(await page.getByLabel('Password', { exact: true }).count(), 0);
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
  await page.waitForURL((u) => u.pathname === '/help/support');
  await signOut(page);
  await signInOnHelpCenter(page, email, NEW_PASSWORD);
  await page.waitForURL((u) => u.pathname === '/help/support');
  await page.getByRole('heading', { name: 'Your service projects' }).waitFor();
  assert.equal(await page.locator('.whoami-name').innerText(), 'Six Sixsmith');
  await page.close();
});

test('flow 7: public sign-up on Facilities, verify, sign in: Facilities is listed as open to everyone', async () => {
  await setAccess('FAC', { publicSignup: true });
  const email = 'flow7@example.net';
  const page = await freshPage();
  try {
    await page.goto(`${server.url}/help/support/signup`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Display name').fill('Seven Severn');
    await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    const path = await linkFor(email, 'verification');
    await page.goto(`${server.url}${path}`);
    await page.getByRole('heading', { name: 'Verify your email address' }).waitFor();
    assert.equal(await page.getByLabel('Password', { exact: true }).count(), 0);
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/help/support');
    await signOut(page);
    await signInOnHelpCenter(page, email, NEW_PASSWORD);
    await page.waitForURL((u) => u.pathname === '/help/support');
    await homeLists(page, 'Facilities', 'Open to everyone who signs up');
    assert.equal(await page.locator('.help-project', { hasText: 'IT Help' }).count(), 0);
  } finally {
    await setAccess('FAC', { publicSignup: false });
  }
  await page.close();
});

test('sign-up with an address in a managed domain is refused with the reason, and keeps what was typed', async () => {
  await setAccess('FAC', { publicSignup: true });
  const page = await freshPage();
  try {
    await page.goto(`${server.url}/help/support/signup`);
    await page.getByLabel('Email').fill('someone@staff.example.com');
    await page.getByLabel('Display name').fill('Staff Person');
    await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();
    const alert = page.locator('.form-problem');
    await alert.getByText("People from staff.example.com can't sign up by themselves").waitFor();
    await alert.getByText('Who can help: an administrator of this site.').waitFor();
  } finally {
    await setAccess('FAC', { publicSignup: false });
  }
  assert.equal(await page.getByLabel('Email').inputValue(), 'someone@staff.example.com');
  assert.equal(await page.getByLabel('Display name').inputValue(), 'Staff Person');
  assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '', 'never the password');
  assert.equal((await mailTo('someone@staff.example.com')).length, 0);
  await page.close();
});

test('with no project allowing sign-up, the page says accounts are by invitation and creates nothing', async () => {
  const email = 'nobody.invited@example.net';
  const page = await freshPage();
  await page.goto(`${server.url}/help/support/signup`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Display name').fill('Nobody Invited');
  await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.locator('.form-problem').getByText('Accounts here are by invitation').waitFor();
  assert.equal(await page.getByLabel('Email').inputValue(), email);
  const accounts = (await api('GET', `/rest/clientele/1/customer?query=${email}`)).values;
  assert.equal(accounts.length, 0, 'no account');
  assert.equal((await mailTo(email)).length, 0, 'no message');
  await page.close();
});

test('forgot password: the same answer for anyone, a reset link, the new password works and the old fails', async () => {
  const page = await freshPage();
  await page.goto(`${server.url}/help/support/login`);
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
  await page.getByLabel('Email', { exact: true }).fill('customer@example.com');
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await page.getByRole('status').filter({ hasText: 'If this address has an account that needs it, a message is on its way.' }).waitFor();
  const path = await linkFor('customer@example.com', 'passwordReset');
  await page.goto(`${server.url}${path}`);
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  assert.equal(await page.getByLabel('Display name').count(), 0);
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.waitForURL((u) => u.pathname === '/help/support');
  await page.getByRole('status').filter({ hasText: 'Your password is changed' }).waitFor();
  await homeLists(page, 'IT Help', "You're a customer of this project");
  await signOut(page);
  await signInOnHelpCenter(page, 'customer@example.com', PASSWORD);
  await page.locator('.form-problem').waitFor();
  assert.equal(new URL(page.url()).pathname, '/help/support/login', 'the old password fails');
  assert.equal(await page.getByLabel('Email').inputValue(), 'customer@example.com');
  await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => u.pathname === '/help/support');
  await page.close();
  // Customers who sign in on Clientele's own sign-in page land on the help center too.
  const elsewhere = await freshPage();
  await signIn(elsewhere, server.url, 'customer@example.com', NEW_PASSWORD);
  await elsewhere.waitForURL((u) => u.pathname === '/help/support');
  await homeLists(elsewhere, 'IT Help', "You're a customer of this project");
  assert.equal(await elsewhere.locator('.staff-banner').count(), 0, 'no staff banner for customers');
  await elsewhere.close();
});

test('a used link says so and offers to send a new one', async () => {
  const email = 'used.link@example.net';
  await agentAdds('ITH', [email]);
  const path = await linkFor(email, 'invitation');
  const first = await freshPage();
  await first.goto(`${server.url}${path}`);
  await first.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
  await first.getByRole('button', { name: 'Accept invitation' }).click();
  await first.waitForURL((u) => u.pathname === '/help/support');
  await first.close();
  const page = await freshPage();
  await page.goto(`${server.url}${path}`);
  await page.getByRole('heading', { name: 'This link was already used' }).waitFor();
  await page.getByRole('link', { name: 'Sign in to Clientele Support' }).waitFor();
  await page.getByLabel('Email for a new link').fill(email);
  await page.getByRole('button', { name: 'Send a new link' }).click();
  await page.getByRole('status').filter({ hasText: 'a message is on its way' }).waitFor();
  await page.close();
});

test('an expired link says so and sends a new one on request', async () => {
  const email = 'expired.link@example.net';
  await agentAdds('ITH', [email], shortLinks);
  const path = await linkFor(email, 'invitation', shortLinks);
  const page = await freshPage();
  await page.goto(`${shortLinks.url}${path}`);
  await page.getByRole('heading', { name: 'This link has expired' }).waitFor();
  assert.equal(await page.getByLabel('Password', { exact: true }).count(), 0, 'no form');
  await page.getByLabel('Email for a new link').fill(email);
  await page.getByRole('button', { name: 'Send a new link' }).click();
  await page.getByRole('status').filter({ hasText: 'a message is on its way' }).waitFor();
  const messages = await mailTo(email, shortLinks);
  assert.equal(messages.length, 2, 'a new invitation');
  assert.equal(messages[0].kind, 'invitation');
  await page.close();
});

test('past the limit, a form says when to try again and keeps the address', async () => {
  const page = await freshPage();
  await page.goto(`${shortLinks.url}/help/support/forgot`);
  const field = page.getByLabel('Email', { exact: true });
  await field.fill('limited@example.net');
  let refused = null;
  for (let attempt = 1; attempt <= 7 && !refused; attempt += 1) {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/forgot')),
      page.getByRole('button', { name: 'Send reset link' }).click(),
    ]);
    if (response.status() === 429) refused = attempt;
  }
  await page.locator('.form-problem').waitFor();
  assert.equal(refused, 6, 'five attempts per address, then 429');
  assert.match(await page.locator('.form-problem').innerText(), /Try again in \d+ minutes?/);
  assert.equal(await field.inputValue(), 'limited@example.net');
  await page.close();
});

test('help-center pages work signed out; the home asks to sign in there; staff see it as a customer, with a way back', async () => {
  const page = await freshPage();
  await page.goto(`${server.url}/help/support`);
  await page.waitForURL((u) => u.pathname === '/help/support/login');
  for (const path of ['/help/support/signup', '/help/support/forgot', '/help/facilities/login']) {
    await page.goto(`${server.url}${path}`);
    await page.locator('form').first().waitFor();
    assert.equal(new URL(page.url()).pathname, path, `${path} stays open to everyone`);
  }
  await page.getByRole('heading', { name: 'Sign in to Facilities Help' }).waitFor();
  await page.goto(`${server.url}/help/nowhere`);
  await page.getByRole('heading', { name: 'There is no help center here' }).waitFor();
  await page.close();

  const agent = await freshPage();
  await signIn(agent, server.url, 'agent@example.com');
  await agent.goto(`${server.url}/help`);
  await agent.waitForURL((u) => u.pathname === '/help/support');
  await agent.getByText('You\'re seeing Clientele Support as a customer would.').waitFor();
  await agent.getByRole('heading', { name: 'Your service projects' }).waitFor();
  await agent.getByRole('link', { name: 'Back to Clientele' }).click();
  await agent.waitForURL((u) => u.pathname.startsWith('/projects/'));
  await agent.close();
});

test('Settings → Mail lists the outbox; a message opens as text and can be resent', async () => {
  const email = 'outbox.reader@example.net';
  await agentAdds('ITH', [email]);
  const page = await freshPage();
  await signIn(page, server.url, 'admin@example.com');
  await page.goto(`${server.url}/settings/mail`);
  await page.getByRole('heading', { name: 'Mail', exact: true }).waitFor();
  await page.locator('.mail-table tbody tr').first().waitFor();
  await page.getByLabel('Recipient').fill(email);
  await page.getByLabel('Recipient').press('Enter');
  const row = page.locator('.mail-table tbody tr', { hasText: email });
  await row.waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.mail-table tbody tr').length === 1);
  const cells = await row.locator('td').allInnerTexts();
  assert.deepEqual(cells.slice(0, 5), [email, "You're invited to Clientele Support", 'Invitation', 'Queued', '0']);
  await row.getByRole('button', { name: /^Open/ }).click();
  const dialog = page.getByRole('dialog', { name: "You're invited to Clientele Support" });
  await dialog.waitFor();
  assert.match(await dialog.locator('.mail-text').innerText(), /Accept the invitation: http:\/\/\S+\/help\/support\/invite\//);
  await dialog.getByRole('button', { name: 'Resend' }).click();
  await page.getByRole('status').filter({ hasText: `Queued a copy of “You're invited to Clientele Support” to ${email}.` }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.mail-table tbody tr').length === 2);
  assert.equal((await mailTo(email)).length, 2);
  await page.close();
});

test("the agent's customer list shows the invitation queued and when; Resend invitation sends a new one", async () => {
  const email = 'list.person@example.net';
  await agentAdds('FAC', [email]);
  const page = await freshPage();
  await signIn(page, server.url, 'agent@example.com');
  await page.goto(`${server.url}/projects/FAC/customers`);
  await page.getByLabel('Search customers').fill('list.person');
  const row = page.locator('tbody tr', { hasText: email });
  await row.waitFor();
  assert.match(await row.locator('.invitation').innerText(), /^Invitation queued .*\d/);
  await row.getByRole('button', { name: 'Resend invitation' }).click();
  await page.getByRole('status').filter({ hasText: `Invitation queued to ${email}: a new link is on its way.` }).waitFor();
  const messages = await mailTo(email);
  assert.equal(messages.length, 2);
  assert.equal(messages[0].kind, 'invitation');
  // Those who signed up have nothing to resend.
  await page.getByLabel('Search customers').fill('');
  await page.locator('tbody tr .status-active').first().waitFor();
  const activeRows = page.locator('tbody tr', { has: page.locator('.status-active') });
  assert.ok(await activeRows.count() > 0);
  assert.equal(await activeRows.getByRole('button', { name: 'Resend invitation' }).count(), 0);
  assert.equal(await activeRows.locator('.invitation').count(), 0);
  await page.close();
});
