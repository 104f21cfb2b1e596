/**
 * The emulator against the REAL reference server: the SCIM requests it receives have the
 * shapes okta-wire.md §1 documents (method, path, query, headers, body), and the SCIM state
 * follows the CRUD flow of okta-runscope.md §3.
 */
import { expect } from 'chai';
import { OktaClient } from '../../src/okta/client.js';
import { startOktaEmulator, type OktaEmulator, type OktaEmulatorOptions } from '../../src/okta/emulator/index.js';
import { startReferenceServer, type DefectName, type RecordedRequest, type ReferenceServer } from '../../src/reference-server/index.js';
import { assignmentBody, createUserBody, crudUser } from './helpers.js';

const SCIM_AUTH = 'Bearer reference-token';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

interface Rig {
  readonly ref: ReferenceServer;
  readonly emulator: OktaEmulator;
  readonly okta: OktaClient;
  /** Requests the reference server received since the last call. */
  readonly take: () => RecordedRequest[];
}

type CrudUser = ReturnType<typeof crudUser>;

describe('okta/emulator → reference server', () => {
  const open: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((close) => close()));
  });

  async function rig(options: Partial<OktaEmulatorOptions> = {}, defects: readonly DefectName[] = []): Promise<Rig> {
    const ref = await startReferenceServer({ port: 0, defects });
    const emulator = await startOktaEmulator({ scimUrl: ref.baseUrl, scimAuth: SCIM_AUTH, ...options });
    open.push(() => emulator.close(), () => ref.close());
    let seen = 0;
    return {
      ref,
      emulator,
      okta: new OktaClient({ orgUrl: emulator.orgUrl, token: emulator.token }),
      take: () => {
        const all = ref.requests;
        const fresh = all.slice(seen);
        seen = all.length;
        return [...fresh];
      },
    };
  }

  /** CRUD steps 2–3 and the push they trigger. */
  async function createAndAssign(r: Rig, u: CrudUser = crudUser()): Promise<{ userId: string; scimId: string; u: CrudUser }> {
    const user = await r.okta.createUser(createUserBody(u));
    const appUser = await r.okta.assignUserToApp(r.emulator.appId, assignmentBody(user.id, u));
    expect(appUser.status, 'queued, not yet provisioned').to.equal('STAGED');
    await r.emulator.awaitIdle();
    const scimId = (await r.okta.getAppUser(r.emulator.appId, user.id)).externalId;
    expect(scimId).to.be.a('string');
    return { userId: user.id, scimId: scimId as string, u };
  }

  function scimUser(r: Rig, id: string): Record<string, unknown> {
    const found = r.ref.users().find((x) => x['id'] === id);
    expect(found, `SCIM user ${id}`).to.exist;
    return found as Record<string, unknown>;
  }

  function shape(req: RecordedRequest | undefined): string {
    return `${req?.method} ${req?.path}${req?.query ? `?${req.query}` : ''}`;
  }

  function expectOktaHeaders(req: RecordedRequest | undefined, withBody: boolean): void {
    expect(req?.headers['user-agent']).to.equal('Okta SCIM Client 1.0.0');
    expect(req?.headers['accept']).to.equal('application/scim+json');
    expect(req?.headers['accept-charset']).to.equal('utf-8');
    expect(req?.headers['authorization']).to.equal(SCIM_AUTH);
    if (withBody) expect(req?.headers['content-type']).to.equal('application/scim+json; charset=utf-8');
    else expect(req?.headers).not.to.have.property('content-type');
  }

  it('assignment: filter lookup, then POST /Users with the documented body', async () => {
    const r = await rig();
    const { userId, scimId, u } = await createAndAssign(r);
    const [lookup, create, ...rest] = r.take();
    expect(rest).to.deep.equal([]);
    expect(shape(lookup)).to.equal(`GET /scim/v2/Users?filter=userName%20eq%20%22${encodeURIComponent(u.email)}%22&startIndex=1&count=100`);
    expectOktaHeaders(lookup, false);
    expect(shape(create)).to.equal('POST /scim/v2/Users');
    expectOktaHeaders(create, true);
    const body = JSON.parse(create?.body ?? '') as Record<string, unknown>;
    expect(Object.keys(body)).to.deep.equal(['schemas', 'userName', 'name', 'emails', 'displayName', 'locale', 'externalId', 'groups', 'password', 'active']);
    expect(body).to.deep.include({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: u.email,
      name: { givenName: u.firstName, familyName: u.lastName },
      emails: [{ primary: true, value: u.email, type: 'work' }],
      displayName: `${u.firstName} ${u.lastName}`,
      locale: 'en-US',
      externalId: userId,
      groups: [],
      active: true,
    });
    expect(body['password']).to.be.a('string').with.length(8);
    // CRUD step 5 reads what the server stored.
    expect(scimUser(r, scimId)).to.deep.include({ userName: u.email, active: true, name: { givenName: u.firstName, familyName: u.lastName } });
    const appUser = await r.okta.getAppUser(r.emulator.appId, userId);
    expect(appUser).to.deep.include({ status: 'PROVISIONED', syncState: 'SYNCHRONIZED', externalId: scimId });
    expect(r.emulator.appUsers()[0]).to.include({ provisioning: 'PROVISIONED', lastError: null, lastOperation: 'create' });
  });

  it('profile update (PUT mode): GET /Users/{id}, then PUT the whole resource back', async () => {
    const r = await rig();
    const { userId, scimId, u } = await createAndAssign(r);
    r.take();
    await r.okta.replaceUser(userId, { profile: { firstName: `${u.firstName}update`, lastName: u.lastName, email: u.email, login: u.email } });
    await r.emulator.awaitIdle();
    const [get, put, ...rest] = r.take();
    expect(rest).to.deep.equal([]);
    expect(shape(get)).to.equal(`GET /scim/v2/Users/${scimId}`);
    expect(shape(put)).to.equal(`PUT /scim/v2/Users/${scimId}`);
    expectOktaHeaders(put, true);
    const body = JSON.parse(put?.body ?? '') as Record<string, unknown>;
    expect(body).to.deep.include({ id: scimId, userName: u.email, active: true, displayName: `${u.firstName}update ${u.lastName}` });
    expect(body['name']).to.deep.equal({ givenName: `${u.firstName}update`, familyName: u.lastName });
    expect(body['meta'], 'server fields echo back').to.have.property('resourceType', 'User');
    expect(scimUser(r, scimId)['name']).to.deep.include({ givenName: `${u.firstName}update` });
  });

  it('profile update (PATCH mode): GET, then PATCH replace with the changed attributes', async () => {
    const r = await rig({ profileUpdate: 'patch' });
    const { userId, scimId, u } = await createAndAssign(r);
    r.take();
    await r.okta.updateUser(userId, { profile: { firstName: `${u.firstName}update` } });
    await r.emulator.awaitIdle();
    const [get, patch, ...rest] = r.take();
    expect(rest).to.deep.equal([]);
    expect(shape(get)).to.equal(`GET /scim/v2/Users/${scimId}`);
    expect(shape(patch)).to.equal(`PATCH /scim/v2/Users/${scimId}`);
    expect(JSON.parse(patch?.body ?? '')).to.deep.equal({
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: 'replace', value: { name: { givenName: `${u.firstName}update`, familyName: u.lastName }, displayName: `${u.firstName}update ${u.lastName}` } }],
    });
    expect(scimUser(r, scimId)['name']).to.deep.include({ givenName: `${u.firstName}update` });
  });

  it('does not push a change of an unmapped attribute', async () => {
    const r = await rig();
    const { userId } = await createAndAssign(r);
    r.take();
    await r.okta.updateUser(userId, { profile: { title: 'Architect' } });
    await r.emulator.awaitIdle();
    expect(r.take()).to.deep.equal([]);
  });

  it('deactivate → path-less PATCH active:false; reactivate + re-assign → same SCIM id active again; unassign → active:false', async () => {
    const r = await rig();
    const { userId, scimId, u } = await createAndAssign(r);
    // CRUD step 6: the re-assignment of step 13 must carry the updated name (else E0000075).
    await r.okta.replaceUser(userId, { profile: { firstName: `${u.firstName}update`, lastName: u.lastName, email: u.email, login: u.email } });
    const stale = await r.okta.assignUserToApp(r.emulator.appId, assignmentBody(userId, u)).catch((e: unknown) => e);
    expect(stale).to.have.property('errorCode', 'E0000075');
    await r.emulator.awaitIdle();
    r.take();

    // CRUD step 9.
    await r.okta.deactivateUser(userId);
    await r.emulator.awaitIdle();
    const [deactivate, ...none] = r.take();
    expect(none).to.deep.equal([]);
    expect(shape(deactivate)).to.equal(`PATCH /scim/v2/Users/${scimId}`);
    expectOktaHeaders(deactivate, true);
    expect(JSON.parse(deactivate?.body ?? '')).to.deep.equal({ schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', value: { active: false } }] });
    expect(scimUser(r, scimId)['active']).to.equal(false);
    // Deactivation drops the assignment (okta-wire.md §2.3).
    const gone = await r.okta.getAppUser(r.emulator.appId, userId).catch((e: unknown) => e);
    expect(gone).to.have.property('status', 404);

    // CRUD steps 12–13.
    await r.okta.activateUser(userId);
    await r.emulator.awaitIdle();
    expect(r.take(), 'activation alone restores no direct assignment').to.deep.equal([]);
    await r.okta.assignUserToApp(r.emulator.appId, assignmentBody(userId, { ...u, firstName: `${u.firstName}update` }));
    await r.emulator.awaitIdle();
    const reassign = r.take();
    expect(reassign.map(shape)).to.deep.equal([
      `GET /scim/v2/Users?filter=userName%20eq%20%22${encodeURIComponent(u.email)}%22&startIndex=1&count=100`,
      `PATCH /scim/v2/Users/${scimId}`,
      `GET /scim/v2/Users/${scimId}`,
      `PUT /scim/v2/Users/${scimId}`,
    ]);
    expect(JSON.parse(reassign[1]?.body ?? '')).to.deep.equal({ schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', value: { active: true } }] });
    expect(scimUser(r, scimId)).to.deep.include({ active: true, name: { givenName: `${u.firstName}update`, familyName: u.lastName } });
    expect(r.ref.users().filter((x) => x['userName'] === u.email)).to.have.length(1);
    expect((await r.okta.getAppUser(r.emulator.appId, userId)).externalId).to.equal(scimId);

    // CRUD step 17.
    await r.okta.unassignUserFromApp(r.emulator.appId, userId);
    await r.emulator.awaitIdle();
    const [unassign, ...after] = r.take();
    expect(after).to.deep.equal([]);
    expect(shape(unassign)).to.equal(`PATCH /scim/v2/Users/${scimId}`);
    expect(JSON.parse(unassign?.body ?? '')).to.deep.equal({ schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', value: { active: false } }] });
    expect(scimUser(r, scimId)['active']).to.equal(false);
    expect(r.emulator.appUsers().find((a) => a.userId === userId)).to.include({ assigned: false, provisioning: 'PROVISIONED', lastOperation: 'deactivate' });
  });

  it('honours the features list: no PUSH_USER_DEACTIVATION, no deactivation push', async () => {
    const r = await rig({ features: ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES'] });
    const { userId, scimId } = await createAndAssign(r);
    r.take();
    await r.okta.unassignUserFromApp(r.emulator.appId, userId);
    await r.emulator.awaitIdle();
    expect(r.take()).to.deep.equal([]);
    expect(scimUser(r, scimId)['active']).to.equal(true);
  });

  it('provisions a STAGED user only once activated', async () => {
    const r = await rig();
    const u = crudUser();
    const user = await r.okta.createUser(createUserBody(u), { activate: false });
    expect(user.status).to.equal('STAGED');
    await r.okta.assignUserToApp(r.emulator.appId, assignmentBody(user.id, u));
    await r.emulator.awaitIdle();
    expect(r.take()).to.deep.equal([]);
    await r.okta.activateUser(user.id);
    await r.emulator.awaitIdle();
    expect(r.take().map((x) => x.method)).to.deep.equal(['GET', 'POST']);
  });

  it('group push: POST /Groups, member add, rename, member remove, delete on unlink', async () => {
    const r = await rig();
    const { userId, scimId, u } = await createAndAssign(r);
    const group = await r.okta.createGroup({ name: 'Test SCIMv2' });
    await r.okta.addGroupMember(group.id, userId);
    r.take();
    const mapping = await r.okta.createGroupPushMapping(r.emulator.appId, { sourceGroupId: group.id, targetGroupName: 'Test SCIMv2' });
    expect(mapping).to.include({ sourceGroupId: group.id, status: 'ACTIVE', targetGroupId: null });
    await r.emulator.awaitIdle();
    const [create, add, ...rest] = r.take();
    expect(rest).to.deep.equal([]);
    expect(shape(create)).to.equal('POST /scim/v2/Groups');
    expectOktaHeaders(create, true);
    expect(JSON.parse(create?.body ?? '')).to.deep.equal({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Test SCIMv2', members: [] });
    const scimGroupId = (await r.okta.getGroupPushMapping(r.emulator.appId, mapping.id)).targetGroupId;
    expect(scimGroupId).to.be.a('string');
    expect(shape(add)).to.equal(`PATCH /scim/v2/Groups/${scimGroupId}`);
    expect(JSON.parse(add?.body ?? '')).to.deep.equal({ schemas: [PATCH_SCHEMA], Operations: [{ op: 'add', path: 'members', value: [{ value: scimId, display: u.email }] }] });
    expect(r.ref.groups()[0]).to.deep.include({ displayName: 'Test SCIMv2' });
    expect((r.ref.groups()[0]?.['members'] as { value: string }[]).map((m) => m.value)).to.deep.equal([scimId]);

    await r.okta.replaceGroup(group.id, { name: 'Test SCIMv2 renamed' });
    await r.emulator.awaitIdle();
    const [rename] = r.take();
    expect(JSON.parse(rename?.body ?? '')).to.deep.equal({ schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', value: { id: scimGroupId, displayName: 'Test SCIMv2 renamed' } }] });
    expect(r.ref.groups()[0]).to.deep.include({ displayName: 'Test SCIMv2 renamed' });

    await r.okta.removeGroupMember(group.id, userId);
    await r.emulator.awaitIdle();
    const membership = r.take();
    expect(membership.map(shape)).to.deep.equal([`PATCH /scim/v2/Groups/${scimGroupId}`, `PATCH /scim/v2/Groups/${scimGroupId}`]);
    expect(JSON.parse(membership[0]?.body ?? '').Operations).to.deep.equal([{ op: 'replace', value: { id: scimGroupId, displayName: 'Test SCIMv2 renamed' } }]);
    expect(JSON.parse(membership[1]?.body ?? '').Operations).to.deep.equal([{ op: 'remove', path: `members[value eq "${scimId}"]` }]);
    expect(r.ref.groups()[0]?.['members'] ?? []).to.deep.equal([]);

    const stillActive = await r.okta.deleteGroupPushMapping(r.emulator.appId, mapping.id, { deleteTargetGroup: true }).catch((e: unknown) => e);
    expect(stillActive).to.have.property('errorCode', 'E0000001');
    await r.okta.updateGroupPushMapping(r.emulator.appId, mapping.id, 'INACTIVE');
    await r.okta.deleteGroupPushMapping(r.emulator.appId, mapping.id, { deleteTargetGroup: true });
    await r.emulator.awaitIdle();
    const [del] = r.take();
    expect(shape(del)).to.equal(`DELETE /scim/v2/Groups/${scimGroupId}`);
    expect(r.ref.groups()).to.deep.equal([]);
  });

  it('group push to an existing SCIM group: GET it, then replace the full membership (also on re-activation)', async () => {
    const r = await rig();
    const { userId, scimId, u } = await createAndAssign(r);
    const created = await fetch(`${r.ref.baseUrl}/Groups`, {
      method: 'POST',
      headers: { Authorization: SCIM_AUTH, 'Content-Type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Existing' }),
    });
    const scimGroupId = ((await created.json()) as { id: string }).id;
    const group = await r.okta.createGroup({ name: 'Existing' });
    await r.okta.addGroupMember(group.id, userId);
    r.take();
    const mapping = await r.okta.createGroupPushMapping(r.emulator.appId, { sourceGroupId: group.id, targetGroupId: scimGroupId });
    await r.emulator.awaitIdle();
    const full = { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'members', value: [{ value: scimId, display: u.email }] }] };
    const [get, replace, ...rest] = r.take();
    expect(rest).to.deep.equal([]);
    expect(shape(get)).to.equal(`GET /scim/v2/Groups/${scimGroupId}`);
    expect(shape(replace)).to.equal(`PATCH /scim/v2/Groups/${scimGroupId}`);
    expect(JSON.parse(replace?.body ?? '')).to.deep.equal(full);
    expect((r.ref.groups()[0]?.['members'] as { value: string }[]).map((m) => m.value)).to.deep.equal([scimId]);

    await r.okta.updateGroupPushMapping(r.emulator.appId, mapping.id, 'INACTIVE');
    await r.okta.removeGroupMember(group.id, userId);
    await r.emulator.awaitIdle();
    expect(r.take(), 'an inactive mapping pushes nothing').to.deep.equal([]);
    await r.okta.addGroupMember(group.id, userId);
    await r.okta.updateGroupPushMapping(r.emulator.appId, mapping.id, 'ACTIVE');
    await r.emulator.awaitIdle();
    const [again, ...more] = r.take();
    expect(more).to.deep.equal([]);
    expect(JSON.parse(again?.body ?? '')).to.deep.equal(full);
  });

  it('group assignment provisions members; activation restores group-based assignments with the reactivation sequence', async () => {
    const r = await rig();
    const u = crudUser();
    const user = await r.okta.createUser(createUserBody(u));
    const group = await r.okta.createGroup({ name: 'Engineering' });
    await r.okta.assignGroupToApp(r.emulator.appId, group.id);
    await r.okta.addGroupMember(group.id, user.id);
    await r.emulator.awaitIdle();
    expect(r.take().map((x) => x.method)).to.deep.equal(['GET', 'POST']);
    const scimId = (await r.okta.getAppUser(r.emulator.appId, user.id)).externalId as string;
    expect((await r.okta.getAppUser(r.emulator.appId, user.id)).scope).to.equal('GROUP');

    await r.okta.deactivateUser(user.id);
    await r.emulator.awaitIdle();
    expect(r.take().map(shape)).to.deep.equal([`PATCH /scim/v2/Users/${scimId}`]);
    await r.okta.activateUser(user.id);
    await r.emulator.awaitIdle();
    expect(r.take().map((x) => x.method)).to.deep.equal(['GET', 'PATCH', 'GET', 'PUT']);
    expect(scimUser(r, scimId)['active']).to.equal(true);
  });

  it('a server ignoring PATCH active (patch-active-ignored): PROVISIONED for Okta, still active in SCIM', async () => {
    const r = await rig({}, ['patch-active-ignored']);
    const { userId, scimId } = await createAndAssign(r);
    await r.okta.deactivateUser(userId);
    await r.emulator.awaitIdle();
    const record = r.emulator.appUsers().find((a) => a.userId === userId);
    expect(record).to.include({ provisioning: 'PROVISIONED', lastError: null, lastOperation: 'deactivate' });
    expect(scimUser(r, scimId)['active'], 'Okta cannot tell; the CRUD read-back can').to.equal(true);
  });

  it('a server ignoring reactivation (reactivation-ignored): PROVISIONED for Okta, still inactive in SCIM', async () => {
    const r = await rig({}, ['reactivation-ignored']);
    const { userId, scimId, u } = await createAndAssign(r);
    await r.okta.deactivateUser(userId);
    await r.okta.activateUser(userId);
    await r.okta.assignUserToApp(r.emulator.appId, assignmentBody(userId, u));
    await r.emulator.awaitIdle();
    const record = r.emulator.appUsers().find((a) => a.userId === userId);
    expect(record).to.include({ assigned: true, provisioning: 'PROVISIONED', lastError: null, externalId: scimId });
    expect(scimUser(r, scimId)['active']).to.equal(false);
  });

  it('keeps the SCIM credential out of the provisioning log', async () => {
    const r = await rig();
    await createAndAssign(r);
    const log = r.emulator.provisioningLog();
    expect(log.map((x) => x.request.method)).to.deep.equal(['GET', 'POST']);
    expect(log[1]?.response?.status).to.equal(201);
    const text = JSON.stringify(log);
    expect(text).not.to.contain('reference-token');
    // Credential headers are redacted wholesale, keeping the scheme (http/redact.ts redactHeader).
    expect(log[0]?.request.headers).to.deep.include(['Authorization', 'Bearer ‹redacted›']);
  });
});
