import { expect } from 'chai';
import type { HttpExchange } from '../../src/model/result.js';
import { OktaClient } from '../../src/okta/client.js';
import { startOktaEmulator, type OktaEmulator } from '../../src/okta/emulator/index.js';
import { OktaApiError } from '../../src/okta/okta-api-error.js';
import { assignmentBody, closedPortUrl, createUserBody, crudUser, startLoopback, type LoopbackServer } from './helpers.js';

async function rejection(promise: Promise<unknown>): Promise<OktaApiError> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(OktaApiError);
    return err as OktaApiError;
  }
  throw new Error('expected the call to fail');
}

describe('okta/client against the emulator', () => {
  let emulator: OktaEmulator;
  let client: OktaClient;
  let scimDown: string;

  before(async () => {
    scimDown = await closedPortUrl();
    // No provisioning features: these tests are about the Management API, not pushes.
    emulator = await startOktaEmulator({ scimUrl: scimDown, scimAuth: 'Bearer unused-secret', features: [] });
    client = new OktaClient({ orgUrl: `${emulator.orgUrl}/`, token: emulator.token });
  });
  after(() => emulator.close());

  it('reads the app and creates an ACTIVE user without echoing the password', async () => {
    const app = await client.getApp(emulator.appId);
    expect(app.id).to.equal(emulator.appId).and.match(/^0oa\w{17}$/);
    expect(app.status).to.equal('ACTIVE');
    const u = crudUser();
    const user = await client.createUser(createUserBody(u));
    expect(user.id).to.match(/^00u\w{17}$/);
    expect(user.status).to.equal('ACTIVE');
    expect(user.profile).to.include({ login: u.email, firstName: u.firstName, title: 'Engineer' });
    expect(user.credentials?.password).to.deep.equal({});
    expect(JSON.stringify(user)).not.to.contain('Kv7J2LEa');
    for (const field of ['created', 'activated', 'statusChanged', 'lastUpdated']) expect(user[field], field).to.be.a('string');
    expect(user._links).to.have.property('deactivate');
  });

  it('PUT replaces the profile strictly; POST updates partially', async () => {
    const u = crudUser();
    const user = await client.createUser(createUserBody(u));
    const replaced = await client.replaceUser(user.id, { profile: { firstName: `${u.firstName}update`, lastName: u.lastName, email: u.email, login: u.email } });
    expect(replaced.profile.firstName).to.equal(`${u.firstName}update`);
    expect(replaced.profile).not.to.have.property('title');
    const patched = await client.updateUser(user.id, { profile: { title: 'Boss' } });
    expect(patched.profile).to.include({ title: 'Boss', firstName: `${u.firstName}update` });
  });

  it('turns Okta error bodies into OktaApiError with code, summary, causes and request id', async () => {
    const u = crudUser();
    await client.createUser(createUserBody(u));
    const dup = await rejection(client.createUser(createUserBody(u)));
    expect(dup.kind).to.equal('response');
    expect(dup.status).to.equal(400);
    expect(dup.errorCode).to.equal('E0000001');
    expect(dup.errorCauses).to.deep.equal(['login: An object with this field already exists in the current organization']);
    expect(dup.requestId).to.be.a('string').with.length.greaterThan(10);
    expect(dup.errorId).to.match(/^oae/);
    expect(dup.message).to.contain('POST').and.contain('→ 400 E0000001: Api validation failed: login')
      .and.contain('already exists').and.contain(`X-Okta-Request-Id ${dup.requestId}`);

    const missing = await rejection(client.getUser('00unothere0000000000'));
    expect([missing.status, missing.errorCode]).to.deep.equal([404, 'E0000007']);
    expect(missing.message).to.contain('Not found: Resource not found: 00unothere0000000000 (User)');
  });

  it('says 403 E0000016 when activating an active user, and the two-step delete works', async () => {
    const user = await client.createUser(createUserBody(crudUser()));
    const err = await rejection(client.activateUser(user.id));
    expect([err.status, err.errorCode]).to.deep.equal([403, 'E0000016']);
    expect(err.message).to.contain('Activation failed because the user is already active');
    await client.deleteUser(user.id);
    expect((await client.getUser(user.id)).status).to.equal('DEPROVISIONED');
    await client.deleteUser(user.id);
    expect((await rejection(client.getUser(user.id))).status).to.equal(404);
  });

  it('answers a wrong method with 405 E0000022', async () => {
    const res = await fetch(`${emulator.orgUrl}/api/v1/apps/${emulator.appId}`, { method: 'DELETE', headers: { Authorization: `SSWS ${emulator.token}` } });
    expect(res.status).to.equal(405);
    expect(((await res.json()) as { errorCode: string }).errorCode).to.equal('E0000022');
    expect(res.headers.get('x-okta-request-id')).to.be.a('string');
    expect(res.headers.get('x-rate-limit-limit')).to.equal('600');
    expect(Number(res.headers.get('x-rate-limit-reset'))).to.be.greaterThan(Date.now() / 1000);
  });

  it('never puts the token in an error message (401 E0000011)', async () => {
    const wrong = new OktaClient({ orgUrl: emulator.orgUrl, token: 'not-the-right-token-123' });
    const err = await rejection(wrong.getApp(emulator.appId));
    expect([err.status, err.errorCode, err.errorSummary]).to.deep.equal([401, 'E0000011', 'Invalid token provided']);
    expect(err.message).not.to.contain('not-the-right-token-123');
  });

  it('follows Link rel="next" across pages', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const u = crudUser();
      const user = await client.createUser(createUserBody(u));
      await client.assignUserToApp(emulator.appId, assignmentBody(user.id, u));
      ids.push(user.id);
    }
    const exchanges: HttpExchange[] = [];
    const paging = new OktaClient({ orgUrl: emulator.orgUrl, token: emulator.token, onExchange: (e) => exchanges.push(e) });
    const appUsers = await paging.listAppUsers(emulator.appId, { limit: 2 });
    expect(appUsers.map((a) => a.id)).to.include.members(ids);
    expect(exchanges.length).to.be.greaterThanOrEqual(3);
    expect(exchanges[1]?.request.url).to.contain('after=');
    // Redacted at the source.
    for (const e of exchanges) expect(JSON.stringify(e)).not.to.contain(emulator.token);
  });

  it('reports a transport error as kind "transport"', async () => {
    const down = new OktaClient({ orgUrl: scimDown, token: 'x'.repeat(20) });
    const err = await rejection(down.getApp('0oa1'));
    expect(err.kind).to.equal('transport');
    expect(err.message).to.contain('connection refused');
  });
});

describe('okta/client against scripted servers', () => {
  let server: LoopbackServer | undefined;
  afterEach(() => server?.close());

  it('waits until X-Rate-Limit-Reset after a 429, then retries once with retry headers', async () => {
    server = await startLoopback((_req, _body, res, index) => {
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('X-Okta-Request-Id', `req-${index}`);
      if (index === 0) {
        res.statusCode = 429;
        res.setHeader('X-Rate-Limit-Limit', '600');
        res.setHeader('X-Rate-Limit-Remaining', '0');
        res.setHeader('X-Rate-Limit-Reset', String(Math.floor(Date.now() / 1000) + 2));
        res.end(JSON.stringify({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.', errorCauses: [] }));
        return;
      }
      res.end(JSON.stringify({ id: '0oa1', status: 'ACTIVE', features: [] }));
    });
    const sleeps: number[] = [];
    const client = new OktaClient({ orgUrl: server.url, token: 'tok-123456', sleep: async (ms) => void sleeps.push(ms) });
    const app = await client.getApp('0oa1');
    expect(app.id).to.equal('0oa1');
    expect(sleeps).to.have.length(1);
    expect(sleeps[0]).to.be.within(1000, 4000);
    expect(server.requests).to.have.length(2);
    expect(server.requests[1]?.headers['x-okta-retry-for']).to.equal('req-0');
    expect(server.requests[1]?.headers['x-okta-retry-count']).to.equal('1');
  });

  it('does not wait longer than maxRateLimitWaitMs: a far reset fails as rate-limited', async () => {
    server = await startLoopback((_req, _body, res) => {
      res.statusCode = 429;
      res.setHeader('X-Rate-Limit-Reset', String(Math.floor(Date.now() / 1000) + 600));
      res.end(JSON.stringify({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' }));
    });
    const sleeps: number[] = [];
    const client = new OktaClient({ orgUrl: server.url, token: 'tok-123456', sleep: async (ms) => void sleeps.push(ms) });
    const err = await rejection(client.getApp('0oa1'));
    expect(err.kind).to.equal('rate-limited');
    expect(err.status).to.equal(429);
    expect(err.message).to.contain('E0000047').and.contain('longer than the 60 s we wait');
    expect(sleeps).to.deep.equal([]);
  });

  it('does not wait past the run\'s deadline: a reset after it fails as rate-limited at once, saying so (issue 14)', async () => {
    server = await startLoopback((_req, _body, res) => {
      res.statusCode = 429;
      res.setHeader('X-Rate-Limit-Reset', String(Math.floor(Date.now() / 1000) + 30));
      res.end(JSON.stringify({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' }));
    });
    const sleeps: number[] = [];
    const client = new OktaClient({ orgUrl: server.url, token: 'tok-123456', deadline: Date.now() + 5000, sleep: async (ms) => void sleeps.push(ms) });
    const err = await rejection(client.getApp('0oa1'));
    expect(err.kind).to.equal('rate-limited');
    expect(err.message).to.match(/resets in 3\d s, after the run's deadline \(--max-duration\), [45] s from now/);
    expect(sleeps).to.deep.equal([]);
    expect(server.requests).to.have.length(1);
  });

  it('waits for a reset that comes before the run\'s deadline', async () => {
    server = await startLoopback((_req, _body, res, index) => {
      res.setHeader('Content-Type', 'application/json');
      if (index === 0) {
        res.statusCode = 429;
        res.setHeader('X-Rate-Limit-Reset', String(Math.floor(Date.now() / 1000) + 2));
        res.end(JSON.stringify({ errorCode: 'E0000047', errorSummary: 'rate limit' }));
        return;
      }
      res.end(JSON.stringify({ id: '0oa1', status: 'ACTIVE', features: [] }));
    });
    const sleeps: number[] = [];
    const client = new OktaClient({ orgUrl: server.url, token: 'tok-123456', deadline: Date.now() + 20_000, sleep: async (ms) => void sleeps.push(ms) });
    expect((await client.getApp('0oa1')).id).to.equal('0oa1');
    expect(sleeps).to.have.length(1);
    expect(sleeps[0]).to.be.within(1000, 4000);
  });

  it('uses the injected clock when the 429 has no Date header', async () => {
    server = await startLoopback((_req, _body, res, index) => {
      res.sendDate = false;
      if (index === 0) {
        res.statusCode = 429;
        res.setHeader('X-Rate-Limit-Reset', '1000');
        res.end('{}');
        return;
      }
      res.end(JSON.stringify({ id: '0oa1' }));
    });
    const sleeps: number[] = [];
    const client = new OktaClient({ orgUrl: server.url, token: 'tok-123456', now: () => 995_500, sleep: async (ms) => void sleeps.push(ms) });
    await client.getApp('0oa1');
    expect(sleeps).to.deep.equal([1000 * 1000 - 995_500 + 1000]);
  });

  it('redacts the token even when a server echoes it', async () => {
    server = await startLoopback((req, _body, res) => {
      res.statusCode = 403;
      res.end(JSON.stringify({ errorCode: 'E0000006', errorSummary: `You sent ${req.headers.authorization}`, errorCauses: [{ errorSummary: String(req.headers.authorization) }] }));
    });
    const err = await rejection(new OktaClient({ orgUrl: server.url, token: 'super-secret-token' }).getApp('0oa1'));
    expect(err.message).to.contain('‹redacted›').and.not.contain('super-secret-token');
    expect(err.errorCauses.join()).not.to.contain('super-secret-token');
  });

  it('calls an HTML answer an invalid response and refuses a next link to another origin', async () => {
    server = await startLoopback((req, _body, res) => {
      if (req.url?.startsWith('/api/v1/apps?')) {
        res.setHeader('Link', '<https://elsewhere.example/api/v1/apps?after=x>; rel="next"');
        res.end('[{"id":"0oa1"}]');
        return;
      }
      res.setHeader('Content-Type', 'text/html');
      res.end('<html><body>Sign in</body></html>');
    });
    const client = new OktaClient({ orgUrl: server.url, token: 'tok-123456' });
    const html = await rejection(client.getApp('0oa1'));
    expect(html.kind).to.equal('invalid-response');
    expect(html.message).to.contain('is this the Okta org URL?');
    const foreign = await rejection(client.listApps({ limit: 1 }));
    expect(foreign.message).to.contain('another origin');
    expect(server.requests.filter((r) => r.url.startsWith('/api/v1/apps?'))).to.have.length(1);
  });
});
