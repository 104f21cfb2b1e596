/**
 * The emulator's Management API rules (okta-wire.md §2.2–2.3) that the CRUD flow and a
 * runner's cleanup depend on; provisioning is off (no features) unless a case needs it.
 */
import { expect } from 'chai';
import { OktaClient } from '../../src/okta/client.js';
import { startOktaEmulator, type OktaEmulator } from '../../src/okta/emulator/index.js';
import { OktaApiError } from '../../src/okta/okta-api-error.js';
import { assignmentBody, closedPortUrl, createUserBody, crudUser } from './helpers.js';

async function failure(promise: Promise<unknown>): Promise<OktaApiError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).to.be.instanceOf(OktaApiError);
  return err as OktaApiError;
}

describe('okta/emulator Management API', () => {
  let emulator: OktaEmulator;
  let okta: OktaClient;

  before(async () => {
    // Features on (for E0000075 and Group Push), but the SCIM side is down: pushes just fail.
    emulator = await startOktaEmulator({ scimUrl: await closedPortUrl(), scimAuth: 'Bearer x-unused' });
    okta = new OktaClient({ orgUrl: emulator.orgUrl, token: emulator.token });
  });
  after(() => emulator.close());

  async function newUser(): Promise<{ id: string; u: ReturnType<typeof crudUser> }> {
    const u = crudUser();
    return { id: (await okta.createUser(createUserBody(u))).id, u };
  }

  it('validates user creation like Okta (E0000001 with one cause per field)', async () => {
    const err = await failure(okta.createUser({ profile: { login: 'not-an-email', firstName: 'A' } }));
    expect(err.errorCode).to.equal('E0000001');
    expect(err.errorCauses).to.deep.equal([
      'email: The field cannot be left blank',
      'lastName: The field cannot be left blank',
      'login: Username must be in the form of an email address',
    ]);
    const weak = await failure(okta.createUser({ ...createUserBody(crudUser()), credentials: { password: { value: 'short' } } }));
    expect(weak.errorCauses[0]).to.contain('Password requirements were not met');
  });

  it('rejects an assignment whose mapped attribute differs from the Okta profile (403 E0000075)', async () => {
    const { id, u } = await newUser();
    const err = await failure(okta.assignUserToApp(emulator.appId, assignmentBody(id, { ...u, lastName: 'Other' })));
    expect([err.status, err.errorCode]).to.deep.equal([403, 'E0000075']);
    expect(err.errorSummary).to.equal('Cannot modify the familyName attribute because it has a field mapping and profile push is enabled.');
  });

  it('lifecycle: deactivate drops assignments, deactivating again is E0000038, suspend/unsuspend', async () => {
    const { id, u } = await newUser();
    await okta.assignUserToApp(emulator.appId, assignmentBody(id, u));
    await okta.deactivateUser(id);
    expect((await okta.getUser(id)).status).to.equal('DEPROVISIONED');
    expect((await failure(okta.getAppUser(emulator.appId, id))).errorCode).to.equal('E0000007');
    expect((await failure(okta.deactivateUser(id))).errorCode).to.equal('E0000038');
    expect((await failure(okta.assignUserToApp(emulator.appId, assignmentBody(id, u)))).errorCode).to.equal('E0000038');
    expect(await okta.activateUser(id, { sendEmail: false })).to.have.property('activationUrl').that.contains('/welcome/');
    expect((await okta.getUser(id)).status).to.equal('ACTIVE');
    await okta.suspendUser(id);
    expect((await okta.getUser(id)).status).to.equal('SUSPENDED');
    expect((await failure(okta.suspendUser(id))).errorCode).to.equal('E0000001');
    await okta.unsuspendUser(id);
    expect((await failure(okta.reactivateUser(id))).errorCode).to.equal('E0000038');
  });

  it('finds a user by login and cleans up with deactivateAndDeleteUser', async () => {
    const { id, u } = await newUser();
    expect((await okta.getUser(u.email.toUpperCase())).id).to.equal(id);
    await okta.deactivateAndDeleteUser(id);
    expect((await failure(okta.getUser(id))).status).to.equal(404);
  });

  it('lists apps with a status filter (to count active instances)', async () => {
    expect((await okta.listApps({ filter: 'status eq "ACTIVE"' })).map((a) => a.id)).to.deep.equal([emulator.appId]);
    expect(await okta.listApps({ filter: 'status eq "INACTIVE"' })).to.deep.equal([]);
  });

  it('groups: duplicate names refused, members listed, mappings need a target', async () => {
    const g = await okta.createGroup({ name: 'Sales', description: 'the sales team' });
    expect(g.id).to.match(/^00g\w{17}$/);
    expect(g.profile).to.deep.equal({ name: 'Sales', description: 'the sales team' });
    expect((await failure(okta.createGroup({ name: 'sales' }))).errorCauses[0]).to.contain('already exists');
    const { id } = await newUser();
    await okta.addGroupMember(g.id, id);
    expect((await okta.listGroupMembers(g.id)).map((u) => u.id)).to.deep.equal([id]);
    const bad = await failure(okta.createGroupPushMapping(emulator.appId, { sourceGroupId: g.id } as never));
    expect(bad.errorCode).to.equal('E0000001');
    const m = await okta.createGroupPushMapping(emulator.appId, { sourceGroupId: g.id, targetGroupName: 'Sales', status: 'INACTIVE' });
    expect((await okta.listGroupPushMappings(emulator.appId, { sourceGroupId: g.id })).map((x) => x.id)).to.deep.equal([m.id]);
    await okta.deleteGroupPushMapping(emulator.appId, m.id, { deleteTargetGroup: false });
    await okta.deleteGroup(g.id);
    expect((await failure(okta.getGroup(g.id))).errorCode).to.equal('E0000007');
    expect(emulator.groups().map((x) => x.id)).not.to.include(g.id);
  });

  it('accepts the entitlements variant\'s governance grant (200)', async () => {
    const { id } = await newUser();
    const grant = await okta.createGrant({
      grantType: 'CUSTOM',
      targetPrincipal: { externalId: id, type: 'OKTA_USER' },
      actor: 'ADMIN',
      target: { externalId: emulator.appId, type: 'APPLICATION' },
    });
    expect(grant).to.have.property('grantType', 'CUSTOM');
  });

  it('answers unknown paths with 404 E0000007 and bad JSON with 400 E0000003', async () => {
    const headers = { Authorization: `SSWS ${emulator.token}`, 'Content-Type': 'application/json', Accept: 'application/json' };
    const unknown = await fetch(`${emulator.orgUrl}/api/v1/nothing`, { headers });
    expect([unknown.status, ((await unknown.json()) as { errorCode: string }).errorCode]).to.deep.equal([404, 'E0000007']);
    const bad = await fetch(`${emulator.orgUrl}/api/v1/users`, { method: 'POST', headers, body: '{nope' });
    expect([bad.status, ((await bad.json()) as { errorCode: string }).errorCode]).to.deep.equal([400, 'E0000003']);
  });
});
