/**
 * What the Okta org emulator does for the test plan suites, on the wire: Import Now in Okta's
 * pages (okta-wire.md §1.10), only active users, a paging the server breaks failing with a
 * readable task; Sync Password as PATCH (OIN) or GET + PUT (AIW) with the password redacted
 * from the log (§1.9); a 429's Retry-After honoured but clamped (§1.13); Import User Schema
 * from the reference server; linking a group with and without renaming it.
 */
import { expect } from 'chai';
import type { ServerResponse } from 'node:http';
import { OktaClient } from '../../src/okta/client.js';
import { startOktaEmulator, type OktaEmulator, type OktaEmulatorOptions } from '../../src/okta/emulator/index.js';
import { startReferenceServer } from '../../src/reference-server/index.js';
import { assignmentBody, createUserBody, crudUser, startLoopback, type LoopbackServer } from './helpers.js';

const SCIM_AUTH = 'Bearer scim-secret-value';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/scim+json');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.end(body === undefined ? '' : JSON.stringify(body));
}

interface AdminCall { status: number; body: Record<string, unknown> }

describe('okta/emulator: the test plan\'s admin actions', () => {
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

  async function admin(emulator: OktaEmulator, method: string, path: string, body?: unknown): Promise<AdminCall> {
    const res = await fetch(`${emulator.orgUrl}${path.replace('{appId}', emulator.appId)}`, {
      method,
      headers: { Authorization: `SSWS ${emulator.token}`, Accept: 'application/json', 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(res.headers.get('x-scim-conformance-emulator'), 'the emulator marks its answers').to.equal('okta-org');
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  /** `n` users, every third inactive; ids u1…un. */
  const users = (n: number): Record<string, unknown>[] => Array.from({ length: n }, (_, i) => ({
    id: `u${i + 1}`, userName: `user${i + 1}@example.com`, name: { givenName: `Given${i + 1}`, familyName: 'Family' },
    emails: [{ primary: true, value: `user${i + 1}@example.com`, type: 'work' }], active: (i + 1) % 3 !== 0,
  }));

  it('Import Now reads /Users in pages of 100 from startIndex 1, then /Groups, and imports only active users', async () => {
    const all = users(150);
    const server = await scim((req, _body, res) => {
      const url = new URL(req.url ?? '/', 'http://scim');
      const start = Number(url.searchParams.get('startIndex'));
      const count = Number(url.searchParams.get('count'));
      const list = url.pathname === '/Users' ? all : [{ id: 'g1', displayName: 'Engineering', members: [{ value: 'u1' }] }];
      const page = list.slice(start - 1, start - 1 + count);
      json(res, 200, { schemas: [LIST], totalResults: list.length, startIndex: start, itemsPerPage: page.length, Resources: page });
    });
    const { emulator } = await emulatorFor(server.url);
    const result = await admin(emulator, 'POST', '/emulator/v1/apps/{appId}/imports', { kind: 'FULL' });
    expect(result.status).to.equal(200);
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).to.deep.equal([
      'GET /Users?startIndex=1&count=100', 'GET /Users?startIndex=101&count=100', 'GET /Groups?startIndex=1&count=100',
    ]);
    expect(result.body).to.deep.include({ errors: [], usersScanned: 150, usersNew: 100, usersSkippedInactive: 50, groupsNew: 1 });
    // A second import finds nothing new; a confirmed user is linked without any SCIM write.
    const again = await admin(emulator, 'POST', '/emulator/v1/apps/{appId}/imports', { kind: 'INCREMENTAL' });
    expect(again.body).to.deep.include({ usersNew: 0, usersUnchanged: 100 });
    const confirmed = await admin(emulator, 'POST', '/emulator/v1/apps/{appId}/imports/confirm', { externalId: 'u1' });
    expect(confirmed.status).to.equal(200);
    expect(confirmed.body['appUser']).to.deep.include({ externalId: 'u1', status: 'PROVISIONED', scope: 'USER' });
    expect(server.requests.every((r) => r.method === 'GET')).to.equal(true);
  });

  it('a server that repeats its first page fails the import with a task naming the request', async () => {
    const all = users(5).map((u) => ({ ...u, active: true }));
    const server = await scim((_req, _body, res) => json(res, 200, { schemas: [LIST], totalResults: all.length, startIndex: 1, itemsPerPage: 2, Resources: all.slice(0, 2) }));
    const { emulator } = await emulatorFor(server.url);
    const result = await admin(emulator, 'POST', '/emulator/v1/apps/{appId}/imports', { kind: 'FULL' });
    const [error] = result.body['errors'] as string[];
    expect(error).to.match(/^Import of users and groups from app .+ failed: GET http:\/\/127\.0\.0\.1:\d+\/Users\?startIndex=3&count=100 returned 2 resource\(s\) already read on an earlier page \(u1, u2\)/);
  });

  it('Sync Password: PATCH replace {password} for an OIN app, GET + PUT of the whole user for an AIW app; the password never reaches the log', async () => {
    const server = await scim((req, body, res) => {
      if (req.method === 'GET' && req.url?.startsWith('/Users?')) return json(res, 200, { schemas: [LIST], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
      if (req.method === 'POST') return json(res, 201, { ...JSON.parse(body) as object, id: 'scim-1' });
      if (req.method === 'GET') return json(res, 200, { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'scim-1', userName: 'x', active: true });
      return json(res, 200, { id: 'scim-1' });
    });
    const { emulator, okta } = await emulatorFor(server.url);
    expect((await admin(emulator, 'PUT', '/emulator/v1/apps/{appId}/settings', { enableFeatures: ['PUSH_PASSWORD_UPDATES'] })).body['features']).to.include('PUSH_PASSWORD_UPDATES');
    const u = crudUser();
    const user = await okta.createUser({ ...createUserBody(u), credentials: { password: { value: 'First-pass-1' } } } as Parameters<OktaClient['createUser']>[0]);
    await okta.assignUserToApp(emulator.appId, assignmentBody(user.id, u));
    await emulator.awaitIdle();
    expect(JSON.parse(server.requests.find((r) => r.method === 'POST')?.body ?? '{}')).to.include({ password: 'First-pass-1' });

    await admin(emulator, 'POST', `/api/v1/users/${user.id}`, { credentials: { password: { value: 'Second-pass-2' } } });
    await emulator.awaitIdle();
    const patch = server.requests.at(-1);
    expect(patch?.method).to.equal('PATCH');
    expect(JSON.parse(patch?.body ?? '{}')).to.deep.equal({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { password: 'Second-pass-2' } }],
    });

    await admin(emulator, 'PUT', '/emulator/v1/apps/{appId}/settings', { appType: 'AIW' });
    await admin(emulator, 'POST', `/api/v1/users/${user.id}`, { credentials: { password: { value: 'Third-pass-3' } } });
    await emulator.awaitIdle();
    const [get, put] = server.requests.slice(-2);
    expect([get?.method, put?.method]).to.deep.equal(['GET', 'PUT']);
    expect(JSON.parse(put?.body ?? '{}')).to.deep.include({ id: 'scim-1', userName: 'x', active: true, password: 'Third-pass-3' });
    expect((await okta.getAppUser(emulator.appId, user.id)).passwordChanged).to.be.a('string');

    const log = JSON.stringify(emulator.provisioningLog());
    for (const secret of ['First-pass-1', 'Second-pass-2', 'Third-pass-3', 'scim-secret-value']) expect(log).not.to.contain(secret);
  });

  it('honours Retry-After but never waits longer than maxRateLimitWaitMs', async () => {
    const server = await scim((req, _body, res, index) => {
      if (index === 0) return json(res, 429, { detail: 'come back tomorrow' }, { 'Retry-After': '86400' });
      if (req.method === 'GET') return json(res, 200, { schemas: [LIST], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
      return json(res, 201, { id: 'scim-1', userName: 'x' });
    });
    const { emulator, okta } = await emulatorFor(server.url, { maxRateLimitWaitMs: 100 });
    const u = crudUser();
    const user = await okta.createUser(createUserBody(u));
    const started = Date.now();
    await okta.assignUserToApp(emulator.appId, assignmentBody(user.id, u));
    await emulator.awaitIdle();
    expect(Date.now() - started).to.be.within(90, 3000);
    expect(server.requests.map((r) => r.method)).to.deep.equal(['GET', 'GET', 'POST']);
    expect(emulator.appUsers()[0]).to.include({ provisioning: 'PROVISIONED' });
  });

  it('Import User Schema reads /ResourceTypes and /Schemas: base attributes and the listed extension', async () => {
    const server = await startReferenceServer({ port: 0, token: 't' });
    open.push(() => server.close());
    const emulator = await startOktaEmulator({ scimUrl: server.baseUrl, scimAuth: 'Bearer t' });
    open.push(() => emulator.close());
    const result = await admin(emulator, 'POST', '/emulator/v1/apps/{appId}/schema/import');
    expect(result.body['errors']).to.deep.equal([]);
    expect(result.body['base']).to.include.members(['userName', 'givenName', 'familyName', 'email', 'active']);
    expect(result.body['extensions']).to.deep.equal(['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']);
    expect(result.body['custom']).to.include('employeeNumber');
    const schema = await admin(emulator, 'GET', '/api/v1/meta/schemas/apps/{appId}/default');
    const definitions = schema.body['definitions'] as { base: { properties: Record<string, unknown> }; custom: { properties: Record<string, unknown> } };
    expect(definitions.base.properties).to.have.property('familyName');
    expect(definitions.custom.properties['employeeNumber']).to.deep.include({ externalNamespace: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User' });
  });

  it('linking to an existing app group renames it only with "Rename app groups…" on', async () => {
    const server = await startReferenceServer({ port: 0, token: 't' });
    open.push(() => server.close());
    const { emulator } = await emulatorFor(server.baseUrl, {});
    const direct = async (name: string): Promise<string> => {
      const res = await fetch(`${server.baseUrl}/Groups`, { method: 'POST', headers: { Authorization: 'Bearer t', 'Content-Type': 'application/scim+json' }, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: name }) });
      return ((await res.json()) as { id: string }).id;
    };
    const emulator2 = await startOktaEmulator({ scimUrl: server.baseUrl, scimAuth: 'Bearer t' });
    open.push(() => emulator2.close());
    for (const [org, rename] of [[emulator2, true], [emulator, false]] as const) {
      await admin(org, 'PUT', '/emulator/v1/apps/{appId}/settings', { renameAppGroups: rename });
      const target = await direct(`app-group-${String(rename)}`);
      const group = await admin(org, 'POST', '/api/v1/groups', { profile: { name: `okta-group-${String(rename)}` } });
      await admin(org, 'POST', '/api/v1/apps/{appId}/group-push/mappings', { sourceGroupId: group.body['id'], targetGroupId: target, status: 'ACTIVE' });
      await org.awaitIdle();
      const now = server.groups().find((g) => g.id === target);
      expect(now?.['displayName'], `rename ${String(rename)}`).to.equal(rename ? `okta-group-${String(rename)}` : `app-group-${String(rename)}`);
    }
  });
});
