/**
 * How the emulator's provisioning fails, like Okta's tasks: readable ERROR messages on the
 * app user, never a crash; 429 retried per okta-wire.md §1.13; the push timeout honoured.
 */
import { expect } from 'chai';
import type { ServerResponse } from 'node:http';
import { OktaClient } from '../../src/okta/client.js';
import { startOktaEmulator, type OktaEmulator, type OktaEmulatorOptions } from '../../src/okta/emulator/index.js';
import { assignmentBody, closedPortUrl, createUserBody, crudUser, startLoopback, type LoopbackServer } from './helpers.js';

const SCIM_AUTH = 'Bearer scim-secret-value';

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/scim+json');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.end(body === undefined ? '' : JSON.stringify(body));
}

const EMPTY_LIST = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] };

describe('okta/emulator provisioning failures', () => {
  const open: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((close) => close()));
  });

  async function emulatorFor(scimUrl: string, options: Partial<OktaEmulatorOptions> = {}): Promise<{ emulator: OktaEmulator; okta: OktaClient }> {
    const emulator = await startOktaEmulator({ scimUrl, scimAuth: SCIM_AUTH, ...options });
    open.push(() => emulator.close());
    return { emulator, okta: new OktaClient({ orgUrl: emulator.orgUrl, token: emulator.token }) };
  }

  async function scim(handler: Parameters<typeof startLoopback>[0]): Promise<LoopbackServer> {
    const server = await startLoopback(handler);
    open.push(() => server.close());
    return server;
  }

  async function assign(okta: OktaClient, appId: string): Promise<string> {
    const u = crudUser();
    const user = await okta.createUser(createUserBody(u));
    await okta.assignUserToApp(appId, assignmentBody(user.id, u));
    return user.id;
  }

  it('an unreachable SCIM URL leaves the app user in ERROR with a readable message', async () => {
    const { emulator, okta } = await emulatorFor(`${await closedPortUrl()}/scim/v2`);
    const userId = await assign(okta, emulator.appId);
    await emulator.awaitIdle();
    const [record] = emulator.appUsers();
    expect(record?.provisioning).to.equal('ERROR');
    expect(record?.lastError).to.match(/^Automatic provisioning of user \S+ to app .+ failed: Error while verifying user \S+ exists in the app: GET http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users\?filter=.* connection refused/);
    expect(emulator.pushFailures()).to.deep.equal([record?.lastError]);
    const appUser = await okta.getAppUser(emulator.appId, userId);
    expect(appUser).to.deep.include({ status: 'STAGED', syncState: 'ERROR', externalId: null });
    // DF7207: nothing linked, so unassigning sends nothing.
    await okta.unassignUserFromApp(emulator.appId, userId);
    await emulator.awaitIdle();
    expect(emulator.provisioningLog()).to.have.length(1);
    expect(emulator.provisioningLog()[0]?.transportError?.code).to.equal('ECONNREFUSED');
  });

  it('a SCIM server that never answers fails the push after pushTimeoutMs', async () => {
    const silent = await scim(() => undefined);
    const { emulator, okta } = await emulatorFor(silent.url, { pushTimeoutMs: 200 });
    await assign(okta, emulator.appId);
    const started = Date.now();
    await emulator.awaitIdle();
    expect(Date.now() - started).to.be.within(150, 3000);
    expect(emulator.appUsers()[0]?.lastError).to.contain('no complete response from').and.contain('within 200 ms');
  });

  it('close() does not wait for a hanging push', async () => {
    const silent = await scim(() => undefined);
    const { emulator, okta } = await emulatorFor(silent.url);
    await assign(okta, emulator.appId);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await emulator.close();
    expect(Date.now() - started).to.be.lessThan(2000);
  });

  it('honours Retry-After on 429 and retries the same request', async () => {
    const server = await scim((req, _body, res, index) => {
      if (index === 0) return json(res, 429, { detail: 'slow down' }, { 'Retry-After': '0' });
      if (req.method === 'GET') return json(res, 200, EMPTY_LIST);
      return json(res, 201, { id: 'scim-1', userName: 'x' });
    });
    const { emulator, okta } = await emulatorFor(server.url);
    await assign(okta, emulator.appId);
    await emulator.awaitIdle();
    expect(server.requests.map((r) => r.method)).to.deep.equal(['GET', 'GET', 'POST']);
    expect(server.requests[0]?.url).to.equal(server.requests[1]?.url);
    expect(emulator.appUsers()[0]).to.include({ provisioning: 'PROVISIONED', externalId: 'scim-1' });
  });

  it('without Retry-After waits the default, doubling; gives up after 10 attempts', async () => {
    const times: number[] = [];
    const server = await scim((_req, _body, res) => {
      times.push(Date.now());
      json(res, 429, { detail: 'busy' });
    });
    const { emulator, okta } = await emulatorFor(server.url, { retryAfterDefaultMs: 1 });
    await assign(okta, emulator.appId);
    await emulator.awaitIdle();
    expect(server.requests).to.have.length(10);
    // 1, 2, 4, … 256 ms: the last gap is the longest.
    expect((times[9] ?? 0) - (times[8] ?? 0)).to.be.greaterThanOrEqual(250);
    expect(emulator.appUsers()[0]?.lastError).to.contain('returned 429 (still rate limited after 10 attempts): busy');
  });

  it('a 409 on create fails the task with the server\'s detail; an empty create response too', async () => {
    let conflict = true;
    const server = await scim((req, _body, res) => {
      if (req.method === 'GET') return json(res, 200, EMPTY_LIST);
      if (conflict) return json(res, 409, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], detail: 'User already exists in the database.', status: '409' });
      return json(res, 201, undefined);
    });
    const { emulator, okta } = await emulatorFor(server.url);
    await assign(okta, emulator.appId);
    await emulator.awaitIdle();
    expect(emulator.appUsers()[0]?.lastError).to.match(/Error while creating user .+: POST http:\/\/127\.0\.0\.1:\d+\/Users returned 409: User already exists in the database\.$/);
    conflict = false;
    await assign(okta, emulator.appId);
    await emulator.awaitIdle();
    expect(emulator.appUsers()[1]?.lastError).to.match(/Create new user returned empty user\.$/);
  });

  it('keeps the SCIM credential out of task messages', async () => {
    const server = await scim((req, _body, res) => json(res, 401, { detail: `bad credential ${req.headers.authorization}` }));
    const { emulator, okta } = await emulatorFor(server.url);
    await assign(okta, emulator.appId);
    await emulator.awaitIdle();
    const message = emulator.appUsers()[0]?.lastError ?? '';
    expect(message).to.contain('returned 401: bad credential ‹redacted›');
    expect(JSON.stringify(emulator.provisioningLog()) + message).not.to.contain('scim-secret-value');
  });

  it('pushes asynchronously: nothing is sent before pushDelayMs', async () => {
    const server = await scim((req, _body, res) => (req.method === 'GET' ? json(res, 200, EMPTY_LIST) : json(res, 201, { id: 'scim-2' })));
    const { emulator, okta } = await emulatorFor(server.url, { pushDelayMs: 150 });
    await assign(okta, emulator.appId);
    expect(server.requests).to.have.length(0);
    expect(emulator.appUsers()[0]).to.include({ provisioning: 'STAGED', pendingJobs: 1 });
    await emulator.awaitIdle();
    expect(server.requests).to.have.length(2);
    expect(emulator.appUsers()[0]).to.include({ provisioning: 'PROVISIONED', pendingJobs: 0 });
  });

  it('does not provision for an INACTIVE app', async () => {
    const server = await scim((_req, _body, res) => json(res, 500, {}));
    const { emulator, okta } = await emulatorFor(server.url, { appStatus: 'INACTIVE' });
    await assign(okta, emulator.appId);
    await emulator.awaitIdle();
    expect(server.requests).to.have.length(0);
  });
});
