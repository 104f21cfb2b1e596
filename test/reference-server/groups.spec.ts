import { expect } from 'chai';
import { startReferenceServer, type ReferenceServer } from '../../src/reference-server/index.js';
import type { JsonObject } from '../../src/scim/json-value.js';
import { GROUP_SCHEMA_URN } from '../../src/scim/urns.js';
import { createGroup, createUser, filterQuery, idOf, patchBody, send } from './scim-client.js';

let groupCounter = 0;
const groupName = (): string => `Group ${++groupCounter} ${Date.now()}`;

describe('reference-server: /Groups', () => {
  let server: ReferenceServer;
  before(async () => {
    server = await startReferenceServer({ port: 0 });
  });
  after(async () => {
    await server.close();
  });

  it('POST answers 201; members get $ref, type and display from the referenced resource', async () => {
    const user = await createUser(server);
    const name = groupName();
    const response = await send(server, 'POST', '/Groups', { body: { schemas: [GROUP_SCHEMA_URN], displayName: name, members: [{ value: user['id'] }] } });
    expect(response.status).to.equal(201);
    expect(response.headers.get('location')).to.equal(`${server.baseUrl}/Groups/${idOf(response.json)}`);
    expect(response.json).to.deep.include({ schemas: [GROUP_SCHEMA_URN], displayName: name });
    expect(response.json['members']).to.deep.equal([
      { value: user['id'], $ref: `${server.baseUrl}/Users/${idOf(user)}`, display: user['userName'], type: 'User' },
    ]);
    expect((response.json['meta'] as Record<string, unknown>)['resourceType']).to.equal('Group');
  });

  it('Okta: POST with empty members stores a group without members', async () => {
    const response = await send(server, 'POST', '/Groups', { body: { schemas: [GROUP_SCHEMA_URN], displayName: groupName(), members: [] } });
    expect(response.status).to.equal(201);
    expect(response.json).to.not.have.property('members');
  });

  it('answers 409 uniqueness for a duplicate displayName (case-insensitive)', async () => {
    const name = groupName();
    await createGroup(server, name);
    const response = await send(server, 'POST', '/Groups', { body: { schemas: [GROUP_SCHEMA_URN], displayName: name.toUpperCase() } });
    expect(response.status).to.equal(409);
    expect(response.json['scimType']).to.equal('uniqueness');
  });

  it('answers 400 invalidValue for a member that does not exist', async () => {
    const response = await send(server, 'POST', '/Groups', { body: { schemas: [GROUP_SCHEMA_URN], displayName: groupName(), members: [{ value: 'nobody' }] } });
    expect(response.status).to.equal(400);
    expect(response.json['scimType']).to.equal('invalidValue');
  });

  it('Okta PATCH: rename with {id, displayName}, add and remove members', async () => {
    const [one, two] = [await createUser(server), await createUser(server)];
    const group = await createGroup(server, groupName(), [{ value: idOf(one) }]);
    const id = idOf(group);
    const newName = groupName();
    const response = await send(server, 'PATCH', `/Groups/${id}`, {
      body: patchBody(
        { op: 'replace', value: { id, displayName: newName } },
        { op: 'remove', path: `members[value eq "${idOf(one)}"]` },
        { op: 'add', path: 'members', value: [{ value: idOf(two), display: two['userName'] }] },
      ),
    });
    expect(response.status).to.equal(200);
    expect(response.json['displayName']).to.equal(newName);
    expect((response.json['members'] as readonly JsonObject[]).map((member) => member['value'])).to.deep.equal([idOf(two)]);
  });

  it('Entra PATCH: "Add" and "Remove" members with value arrays', async () => {
    const user = await createUser(server);
    const group = await createGroup(server, groupName());
    const added = await send(server, 'PATCH', `/Groups/${idOf(group)}`, { body: patchBody({ op: 'Add', path: 'members', value: [{ $ref: null, value: idOf(user) }] }) });
    expect((added.json['members'] as readonly JsonObject[])[0]).to.deep.include({ value: idOf(user), type: 'User' });
    const removed = await send(server, 'PATCH', `/Groups/${idOf(group)}`, { body: patchBody({ op: 'Remove', path: 'members', value: [{ $ref: null, value: idOf(user) }] }) });
    expect(removed.json).to.not.have.property('members');
  });

  it('PUT replaces displayName and members', async () => {
    const [one, two] = [await createUser(server), await createUser(server)];
    const group = await createGroup(server, groupName(), [{ value: idOf(one) }]);
    const name = groupName();
    const response = await send(server, 'PUT', `/Groups/${idOf(group)}`, { body: { schemas: [GROUP_SCHEMA_URN], displayName: name, members: [{ value: idOf(two) }] } });
    expect(response.status).to.equal(200);
    expect(response.json['displayName']).to.equal(name);
    expect((response.json['members'] as readonly JsonObject[]).map((member) => member['value'])).to.deep.equal([idOf(two)]);
  });

  it('honours excludedAttributes=members on GET and on a filtered list (Entra)', async () => {
    const user = await createUser(server);
    const name = groupName();
    const group = await createGroup(server, name, [{ value: idOf(user) }]);
    const single = await send(server, 'GET', `/Groups/${idOf(group)}?excludedAttributes=members`);
    expect(single.json).to.not.have.property('members');
    expect(single.json['displayName']).to.equal(name);
    const list = await send(server, 'GET', `/Groups?excludedAttributes=members&${filterQuery(`displayName eq "${name}"`)}`);
    expect(list.json['totalResults']).to.equal(1);
    expect((list.json['Resources'] as readonly JsonObject[])[0]).to.not.have.property('members');
    const members = await send(server, 'GET', `/Groups/${idOf(group)}?attributes=members`);
    expect(members.json).to.have.keys('schemas', 'id', 'members');
  });

  it('a User lists its groups (readOnly "groups"); deleting the User removes the membership', async () => {
    const user = await createUser(server);
    const name = groupName();
    const group = await createGroup(server, name, [{ value: idOf(user) }]);
    const fetched = await send(server, 'GET', `/Users/${idOf(user)}`);
    expect(fetched.json['groups']).to.deep.equal([{ value: idOf(group), $ref: `${server.baseUrl}/Groups/${idOf(group)}`, display: name, type: 'direct' }]);
    await send(server, 'DELETE', `/Users/${idOf(user)}`);
    const after = await send(server, 'GET', `/Groups/${idOf(group)}`);
    expect(after.json).to.not.have.property('members');
  });

  it('filters by members.value', async () => {
    const user = await createUser(server);
    const group = await createGroup(server, groupName(), [{ value: idOf(user) }]);
    const list = await send(server, 'GET', `/Groups?${filterQuery(`members[value eq "${idOf(user)}"]`)}`);
    expect((list.json['Resources'] as readonly JsonObject[]).map((item) => item['id'])).to.deep.equal([idOf(group)]);
  });

  it('DELETE answers 204 then 404', async () => {
    const group = await createGroup(server, groupName());
    expect((await send(server, 'DELETE', `/Groups/${idOf(group)}`)).status).to.equal(204);
    expect((await send(server, 'GET', `/Groups/${idOf(group)}`)).status).to.equal(404);
  });
});
