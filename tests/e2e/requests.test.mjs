// Requests in Chromium against the real server (issue 14): a customer invited by an agent raises
// a request, the agent replies (and adds an internal note the customer never sees), the customer
// reads the reply and resolves it; an agent raises a request for a new address, who signs up
// through the invitation and finds it in My requests; the Customers list's Open and Closed
// columns follow raising and resolving and link to the queue filtered to the customer; a request
// shared with an organization is seen by a member and not by another customer. Each test makes
// its own people and requests (the demo's requests are not counted on).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, signIn, PASSWORD, newestLinkPath } from './harness.mjs';

let server;
let browser;
let agentContext;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const NEW_PASSWORD = 'a tram at dawn, 7 stops';

/// Calls the API with HTTP Basic as `user`; answers the decoded body.
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

/// A page in a fresh browser context: nobody signed in.
async function freshPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('close', () => context.close().catch(() => {}));
  return page;
}

/// A page signed in as the demo agent of IT Help and Facilities.
async function agentPage() {
  if (!agentContext) {
    agentContext = await browser.newContext();
    const page = await agentContext.newPage();
    await signIn(page, server.url, 'agent@example.com');
    await page.close();
  }
  return agentContext.newPage();
}

/// The agent adds new addresses to IT Help, as the Add customers dialog does.
async function agentAdds(emails) {
  const answer = await api('POST', '/rest/clientele/1/servicedesk/ITH/customer/bulk', { emails }, 'agent@example.com');
  assert.equal(answer.summary.newAccounts, emails.length, JSON.stringify(answer.summary));
}

/// Accepts the newest invitation to `email` in `page`: name and password, then the home.
async function acceptInvitation(page, email, name) {
  const path = await newestLinkPath(server.url, email);
  assert.match(path, /^\/help\/support\/invite\//);
  await page.goto(`${server.url}${path}`);
  await page.getByRole('heading', { name: 'Accept your invitation to Clientele Support' }).waitFor();
  await page.getByLabel('Display name').fill(name);
  await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Accept invitation' }).click();
  await page.waitForURL((u) => u.pathname === '/help/support');
}

/// Accepts the newest invitation to `email` through the API (no browser).
async function acceptByApi(email, name) {
  const path = await newestLinkPath(server.url, email);
  const token = path.split('/').pop();
  const response = await fetch(`${server.url}/rest/clientele/1/helpcenter/support/link/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ displayName: name, password: NEW_PASSWORD }),
  });
  assert.ok(response.ok, `accepting for ${email}: ${response.status} ${await response.text()}`);
}

async function signInOnHelpCenter(page, email) {
  await page.getByRole('heading', { name: 'Sign in to Clientele Support' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/// The request key in a help-center request page's address.
function keyIn(page) {
  const match = new URL(page.url()).pathname.match(/\/requests\/([A-Z]+-\d+)$/);
  assert.ok(match, `a request page: ${page.url()}`);
  return match[1];
}

async function requestType(key, name) {
  const { values } = await api('GET', `/rest/servicedeskapi/servicedesk/${key}/requesttype`);
  const found = values.find((t) => t.name === name);
  assert.ok(found, `${key} has the request type ${name}: ${values.map((t) => t.name)}`);
  return found;
}

test('an invited customer raises a request, the agent replies, the customer reads the reply and resolves it', async () => {
  const email = 'req.first@example.net';
  await agentAdds([email]);
  const customer = await freshPage();
  await acceptInvitation(customer, email, 'Frida First');

  // Home: IT Help with its request types; raise one.
  const raise = customer.getByRole('region', { name: 'Raise a request' });
  await raise.getByRole('heading', { name: 'IT Help' }).waitFor();
  await raise.getByRole('link', { name: 'Get IT help' }).click();
  await customer.getByRole('heading', { name: 'Raise a request' }).waitFor();
  await customer.getByLabel('Summary').fill('My laptop will not start');
  await customer.getByLabel('Description').fill('It beeps three times.\nThen nothing.');
  await customer.getByRole('button', { name: 'Send' }).click();
  await customer.waitForURL((u) => /\/help\/support\/requests\/ITH-\d+$/.test(u.pathname));
  const key = keyIn(customer);
  await customer.getByRole('status').filter({ hasText: `Your request ${key} was raised.` }).waitFor();
  await customer.locator('.request-meta .request-status', { hasText: 'Waiting for support' }).waitFor();

  // The agent finds it in the queue, replies, and adds an internal note.
  const agent = await agentPage();
  await agent.goto(`${server.url}/projects/ITH/queue`);
  await agent.getByRole('link', { name: 'My laptop will not start' }).click();
  await agent.waitForURL((u) => u.pathname === `/projects/ITH/requests/${key}`);
  await agent.getByText('It beeps three times.').waitFor();
  await agent.getByLabel('Reply or add an internal note').fill('Hold the power button for ten seconds.');
  await agent.getByRole('button', { name: 'Reply to customer' }).click();
  await agent.getByRole('status').filter({ hasText: 'Replied' }).waitFor();
  // A public reply leaves the request waiting for the customer.
  await agent.locator('.request-meta .request-status', { hasText: 'Waiting for customer' }).waitFor();
  await agent.getByLabel('Reply or add an internal note').fill('Probably the battery; order one.');
  await agent.getByRole('button', { name: 'Add internal note' }).click();
  await agent.getByRole('status').filter({ hasText: 'Added an internal note' }).waitFor();
  await agent.locator('.comment-internal', { hasText: 'Probably the battery' }).getByText('Internal note').waitFor();
  await agent.close();

  // The customer sees the reply, not the note, and resolves the request.
  await customer.reload();
  await customer.getByText('Hold the power button for ten seconds.').waitFor();
  assert.equal(await customer.getByText('Probably the battery').count(), 0, 'internal notes stay internal');
  await customer.getByRole('button', { name: 'Resolve this request' }).click();
  await customer.getByRole('status').filter({ hasText: 'Resolved.' }).waitFor();
  await customer.getByRole('button', { name: 'Reopen' }).waitFor();
  await customer.locator('.request-meta .request-status', { hasText: 'Resolved' }).waitFor();
  const request = await api('GET', `/rest/servicedeskapi/request/${key}`);
  assert.equal(request.statusCode, 'resolved');
  await customer.close();
});

test('an agent raises a request for a new address, who signs up through the invitation and finds it in My requests', async () => {
  const email = 'req.behalf@example.net';
  const agent = await agentPage();
  await agent.goto(`${server.url}/projects/ITH/queue`);
  await agent.getByRole('heading', { name: 'Queue' }).waitFor();
  await agent.locator('.page-actions').getByRole('button', { name: 'Raise request' }).click();
  const dialog = agent.getByRole('dialog', { name: 'Raise a request in IT Help' });
  await dialog.getByLabel(/^For/).fill(email);
  await dialog.getByText(`If ${email} isn't a customer of IT Help yet, they'll be added and invited.`).waitFor();
  await dialog.getByLabel('Request type').selectOption({ label: 'Request access' });
  await dialog.getByLabel('Summary').fill('Access to the shared drive');
  await dialog.getByRole('button', { name: 'Raise request' }).click();
  const notice = agent.getByRole('status').filter({ hasText: 'Raised ITH-' });
  await notice.waitFor();
  assert.match(await notice.innerText(), /req\.behalf@example\.net/);
  assert.match(await notice.innerText(), /haven't signed up yet/);
  await agent.getByRole('link', { name: 'Access to the shared drive' }).waitFor();
  await agent.close();

  const customer = await freshPage();
  await acceptInvitation(customer, email, 'Bea Behalf');
  await customer.getByRole('link', { name: 'My requests' }).click();
  await customer.getByRole('heading', { name: 'My requests' }).waitFor();
  await customer.getByRole('link', { name: 'Access to the shared drive' }).click();
  await customer.waitForURL((u) => /\/help\/support\/requests\/ITH-\d+$/.test(u.pathname));
  await customer.getByText('Request access').first().waitFor();
  await customer.getByRole('button', { name: 'Resolve this request' }).waitFor();
  await customer.close();
});

test("the Customers list's Open and Closed requests follow raising and resolving, and link to the filtered queue", async () => {
  const email = 'req.counts@example.net';
  await agentAdds([email]);
  const [customer] = (await api('GET', `/rest/servicedeskapi/servicedesk/ITH/customer?query=${encodeURIComponent(email)}`)).values;
  const agent = await agentPage();
  const counts = async () => {
    await agent.goto(`${server.url}/projects/ITH/customers`);
    await agent.getByLabel('Search customers').fill(email);
    const rows = agent.locator('section[aria-labelledby=customers-title] tbody tr');
    await rows.first().waitFor();
    await agent.waitForFunction(() =>
      document.querySelectorAll('section[aria-labelledby=customers-title] tbody tr').length === 1);
    return rows.filter({ hasText: email }).locator('td.count').allInnerTexts();
  };
  assert.deepEqual(await counts(), ['0', '0']);

  const type = await requestType('ITH', 'Get IT help');
  const raised = await api('POST', '/rest/servicedeskapi/request', {
    serviceDeskId: type.serviceDeskId, requestTypeId: type.id, raiseOnBehalfOf: customer.accountId,
    requestFieldValues: { summary: 'Counted request' },
  }, 'agent@example.com');
  assert.deepEqual(await counts(), ['1', '0']);

  await api('POST', `/rest/servicedeskapi/request/${raised.issueKey}/transition`, { id: '11' }, 'agent@example.com');
  assert.deepEqual(await counts(), ['0', '1']);

  // The closed count leads to the queue filtered to this customer's resolved requests.
  await agent.locator('section[aria-labelledby=customers-title] tbody tr', { hasText: email })
    .getByRole('link', { name: /closed requests of/ }).click();
  await agent.waitForURL((u) => u.pathname === '/projects/ITH/queue' && u.searchParams.get('status') === 'resolved'
    && u.searchParams.get('reporter') === customer.accountId);
  await agent.getByRole('link', { name: 'Counted request' }).waitFor();
  assert.equal(await agent.locator('tbody tr').count(), 1);
  assert.deepEqual(await agent.locator('.queue-tabs a[aria-current=page]').allInnerTexts(), ['Resolved'], 'one tab is current');
  await agent.getByText(/Reporter: /).waitFor();
  await agent.getByRole('link', { name: 'Remove the reporter filter' }).click();
  await agent.waitForURL((u) => u.pathname === '/projects/ITH/queue' && !u.searchParams.has('reporter'));
  await agent.close();
});

test('a request shared with an organization is seen by its members and by no other customer', async () => {
  const [member, colleague, outsider] = ['req.member@example.net', 'req.colleague@example.net', 'req.outsider@example.net'];
  const org = await api('POST', '/rest/servicedeskapi/organization', { name: 'Request Sharers' });
  await api('POST', '/rest/servicedeskapi/servicedesk/ITH/organization', { organizationId: Number(org.id) });
  await api('POST', `/rest/clientele/1/organization/${org.id}/user/bulk`, { emails: [member, colleague] });
  await agentAdds([outsider]);
  await acceptByApi(member, 'Mia Member');
  await acceptByApi(colleague, 'Colin Colleague');
  await acceptByApi(outsider, 'Otto Outsider');

  // The member raises a request shared with the organization.
  const page = await freshPage();
  await page.goto(`${server.url}/help/support/raise`);
  await signInOnHelpCenter(page, member);
  await page.waitForURL((u) => u.pathname === '/help/support/raise', { timeout: 10_000 });
  await page.getByLabel('Service project').or(page.getByLabel('What do you need?')).first().waitFor();
  if (await page.getByLabel('Service project').count()) {
    await page.getByLabel('Service project').selectOption({ label: 'IT Help' });
  }
  await page.getByLabel('Summary').fill('The office printer is jammed');
  await page.getByLabel('Share with').selectOption({ label: 'Request Sharers' });
  await page.getByRole('button', { name: 'Send' }).click();
  await page.waitForURL((u) => /\/help\/support\/requests\/ITH-\d+$/.test(u.pathname));
  const key = keyIn(page);
  await page.getByText('shared with Request Sharers').waitFor();
  await page.close();

  // A colleague in the organization sees it in My requests, and may not resolve it.
  const colleaguePage = await freshPage();
  await colleaguePage.goto(`${server.url}/help/support/requests`);
  await signInOnHelpCenter(colleaguePage, colleague);
  await colleaguePage.waitForURL((u) => u.pathname === '/help/support/requests');
  await colleaguePage.getByRole('link', { name: 'The office printer is jammed' }).click();
  await colleaguePage.waitForURL((u) => u.pathname === `/help/support/requests/${key}`);
  await colleaguePage.getByText("Why can't I resolve this request?").waitFor();
  assert.equal(await colleaguePage.getByRole('button', { name: 'Resolve this request' }).count(), 0);
  await colleaguePage.close();

  // A customer outside the organization finds nothing: not in the list, not by its address.
  const outsiderPage = await freshPage();
  await outsiderPage.goto(`${server.url}/help/support/requests/${key}`);
  await signInOnHelpCenter(outsiderPage, outsider);
  await outsiderPage.waitForURL((u) => u.pathname === `/help/support/requests/${key}`);
  await outsiderPage.getByRole('heading', { name: 'Request not found' }).waitFor();
  await outsiderPage.getByText('There is no such request, or you can\'t see it.').waitFor();
  await outsiderPage.goto(`${server.url}/help/support/requests?status=all`);
  await outsiderPage.getByRole('heading', { name: 'My requests' }).waitFor();
  await outsiderPage.getByText('No requests here.').waitFor();
  assert.equal(await outsiderPage.getByText('The office printer is jammed').count(), 0);
  await outsiderPage.close();
});
