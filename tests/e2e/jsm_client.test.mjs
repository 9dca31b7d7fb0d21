// jira.js 6 (npm, unmodified), a JSM client that validates every response against Atlassian's
// published schemas, raising and following requests against the real server: request types,
// raising for oneself and on a customer's behalf, comments, participants, transitions and the
// status history. `onSchemaMismatch: 'throw'` makes any response that breaks its schema fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServiceDeskClient } from 'jira.js';
import { startServer, apiAs, PASSWORD } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

function client(email) {
  return createServiceDeskClient({
    host: server.url,
    auth: { type: 'basic', email, apiToken: PASSWORD },
    onSchemaMismatch: 'throw',
  });
}

test('jira.js raises, lists, comments on and resolves a request, every response schema-valid', async () => {
  const customer = client('customer@example.com');
  const agent = client('agent@example.com');

  const types = await customer.servicedesk.getRequestTypes({ serviceDeskId: '1' });
  const help = types.values.find((t) => t.name === 'Get IT help');
  assert.ok(help, JSON.stringify(types.values));

  const raised = await customer.request.createCustomerRequest({
    serviceDeskId: '1',
    requestTypeId: help.id,
    requestFieldValues: { summary: 'Raised by jira.js', description: 'From an unmodified client.' },
  });
  assert.match(raised.issueKey, /^ITH-\d+$/);
  assert.equal(raised.currentStatus.status, 'Waiting for support');
  assert.equal(raised.currentStatus.statusCategory, 'NEW');

  const mine = await customer.request.getCustomerRequests({ requestOwnership: 'OWNED_REQUESTS', requestStatus: 'OPEN_REQUESTS' });
  assert.ok(mine.values.some((r) => r.issueKey === raised.issueKey));
  const byKey = await agent.request.getCustomerRequestByIdOrKey({ issueIdOrKey: raised.issueKey });
  assert.equal(byKey.issueId, raised.issueId);

  const reply = await agent.request.createRequestComment({ issueIdOrKey: raised.issueKey, body: 'On it.', public: true });
  assert.equal(reply.public, true);
  await agent.request.createRequestComment({ issueIdOrKey: raised.issueKey, body: 'Internal.', public: false });
  const seen = await customer.request.getRequestComments({ issueIdOrKey: raised.issueKey });
  assert.deepEqual(seen.values.map((c) => c.body), ['On it.']);

  const transitions = await customer.request.getCustomerTransitions({ issueIdOrKey: raised.issueKey });
  assert.deepEqual(transitions.values.map((t) => t.name), ['Resolve this request']);
  await customer.request.performCustomerTransition({
    issueIdOrKey: raised.issueKey,
    id: transitions.values[0].id,
    additionalComment: { body: 'Works now, thanks.' },
  });
  const history = await customer.request.getCustomerRequestStatus({ issueIdOrKey: raised.issueKey });
  assert.deepEqual(history.values.map((s) => s.status), ['Resolved', 'Waiting for customer', 'Waiting for support']);
});

test('jira.js raises on a customer\'s behalf with participants, and manages participants', async () => {
  const agent = client('agent@example.com');
  const types = await agent.servicedesk.getRequestTypes({ serviceDeskId: '1' });
  const access = types.values.find((t) => t.name === 'Request access');
  const customers = await apiAs(server.url, 'GET', '/rest/servicedeskapi/servicedesk/1/customer?limit=5', null, 'agent@example.com');
  const [first, second] = customers.values.filter((c) => c.emailAddress !== 'customer@example.com');
  const raised = await agent.request.createCustomerRequest({
    serviceDeskId: '1',
    requestTypeId: access.id,
    requestFieldValues: { summary: 'Access to the shared drive' },
    raiseOnBehalfOf: 'customer@example.com',
    requestParticipants: [first.accountId],
  });
  assert.equal(raised.reporter.emailAddress, 'customer@example.com');
  const added = await agent.request.addRequestParticipants({ issueIdOrKey: raised.issueKey, accountIds: [second.accountId] });
  assert.deepEqual(added.values.map((u) => u.accountId).sort(), [first.accountId, second.accountId].sort());
  const left = await agent.request.removeRequestParticipants({ issueIdOrKey: raised.issueKey, accountIds: [first.accountId] });
  assert.deepEqual(left.values.map((u) => u.accountId), [second.accountId]);
  const listed = await agent.request.getRequestParticipants({ issueIdOrKey: raised.issueKey });
  assert.equal(listed.size, 1);
});
