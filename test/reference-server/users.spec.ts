import { expect } from 'chai';
import { startReferenceServer, type ReferenceServer } from '../../src/reference-server/index.js';
import { ENTERPRISE_USER_SCHEMA_URN, ERROR_URN, USER_SCHEMA_URN } from '../../src/scim/urns.js';
import { createUser, idOf, patchBody, send, uniqueUserName, userBody } from './scim-client.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('reference-server: /Users', () => {
  let server: ReferenceServer;
  before(async () => {
    server = await startReferenceServer({ port: 0 });
  });
  after(async () => {
    await server.close();
  });

  describe('POST /Users (RFC7644-3.3)', () => {
    it('answers 201 with the resource, Location = meta.location, ETag = meta.version', async () => {
      const userName = uniqueUserName();
      const response = await send(server, 'POST', '/Users', { body: userBody(userName, { id: 'client-chosen', meta: { resourceType: 'User' } }), contentType: 'application/json' });
      expect(response.status).to.equal(201);
      const user = response.json;
      const meta = user['meta'] as Record<string, unknown>;
      expect(user['id']).to.match(UUID).and.not.equal('client-chosen');
      expect(user).to.deep.include({ schemas: [USER_SCHEMA_URN], userName, externalId: '00ujl29u0le5T6Aj10h7', active: true, displayName: 'Test User' });
      expect(user['name']).to.deep.equal({ givenName: 'Test', familyName: 'User' });
      expect(user).to.not.have.property('password');
      expect(user).to.not.have.property('groups');
      expect(meta['resourceType']).to.equal('User');
      expect(meta['created']).to.equal(meta['lastModified']);
      expect(Date.parse(String(meta['created']))).to.not.be.NaN;
      expect(meta['location']).to.equal(`${server.baseUrl}/Users/${String(user['id'])}`);
      expect(meta['version']).to.match(/^W\/".+"$/);
      expect(response.headers.get('location')).to.equal(meta['location']);
      expect(response.headers.get('etag')).to.equal(meta['version']);
    });

    it('defaults active to true', async () => {
      const { active: _omitted, ...body } = userBody(uniqueUserName());
      const response = await send(server, 'POST', '/Users', { body });
      expect(response.json['active']).to.equal(true);
    });

    it('stores Enterprise User extension attributes and lists the extension in schemas', async () => {
      const response = await send(server, 'POST', '/Users', {
        body: userBody(uniqueUserName(), { schemas: [USER_SCHEMA_URN, ENTERPRISE_USER_SCHEMA_URN], [ENTERPRISE_USER_SCHEMA_URN]: { employeeNumber: '42' } }),
      });
      expect(response.json['schemas']).to.deep.equal([USER_SCHEMA_URN, ENTERPRISE_USER_SCHEMA_URN]);
      expect(response.json[ENTERPRISE_USER_SCHEMA_URN]).to.deep.equal({ employeeNumber: '42' });
    });

    it('answers 409 uniqueness for a duplicate userName, compared case-insensitively', async () => {
      const userName = uniqueUserName('Dup');
      await createUser(server, userName);
      for (const variant of [userName, userName.toUpperCase(), userName.toLowerCase()]) {
        const response = await send(server, 'POST', '/Users', { body: userBody(variant) });
        expect(response.status, variant).to.equal(409);
        expect(response.json).to.deep.include({ schemas: [ERROR_URN], status: '409', scimType: 'uniqueness' });
        expect(response.json['detail']).to.be.a('string');
      }
    });

    it('answers 400 invalidValue without userName, and for a wrongly typed attribute', async () => {
      const missing = await send(server, 'POST', '/Users', { body: { schemas: [USER_SCHEMA_URN], name: { givenName: 'x' } } });
      expect(missing.status).to.equal(400);
      expect(missing.json['scimType']).to.equal('invalidValue');
      const typed = await send(server, 'POST', '/Users', { body: userBody(uniqueUserName(), { active: 'sometimes' }) });
      expect(typed.status).to.equal(400);
      expect(typed.json['scimType']).to.equal('invalidValue');
    });

    it('answers 400 invalidSyntax without schemas', async () => {
      const response = await send(server, 'POST', '/Users', { body: { userName: uniqueUserName() } });
      expect(response.status).to.equal(400);
      expect(response.json['scimType']).to.equal('invalidSyntax');
    });
  });

  describe('GET /Users/{id} (RFC7644-3.4.1)', () => {
    it('answers 200 with the resource and its ETag, never the password', async () => {
      const created = await createUser(server);
      const response = await send(server, 'GET', `/Users/${idOf(created)}`);
      expect(response.status).to.equal(200);
      expect(response.json).to.deep.equal(created);
      expect(response.headers.get('etag')).to.equal((created['meta'] as Record<string, unknown>)['version']);
    });

    it('answers 304 when If-None-Match matches, 200 when it does not', async () => {
      const created = await createUser(server);
      const etag = String((created['meta'] as Record<string, unknown>)['version']);
      expect((await send(server, 'GET', `/Users/${idOf(created)}`, { headers: { 'If-None-Match': etag } })).status).to.equal(304);
      expect((await send(server, 'GET', `/Users/${idOf(created)}`, { headers: { 'If-None-Match': 'W/"999"' } })).status).to.equal(200);
    });

    it('honours attributes and excludedAttributes', async () => {
      const created = await createUser(server);
      const only = await send(server, 'GET', `/Users/${idOf(created)}?attributes=userName,name.familyName`);
      expect(only.json).to.deep.equal({ schemas: [USER_SCHEMA_URN], id: created['id'], userName: created['userName'], name: { familyName: 'User' } });
      const without = await send(server, 'GET', `/Users/${idOf(created)}?excludedAttributes=emails,meta`);
      expect(without.json).to.not.have.any.keys('emails', 'meta');
      expect(without.json).to.include.keys('id', 'userName');
    });

    it('answers 404 with detail and status "404" for an unknown id (Okta SPEC)', async () => {
      const response = await send(server, 'GET', '/Users/00919288221112222');
      expect(response.status).to.equal(404);
      expect(response.json).to.deep.include({ schemas: [ERROR_URN], status: '404' });
      expect(response.json['detail']).to.be.a('string').and.not.equal('');
    });
  });

  describe('PUT /Users/{id} (RFC7644-3.5.1)', () => {
    it('replaces: omitted attributes are cleared, readOnly ones in the body ignored, lastModified and version move', async () => {
      const created = await createUser(server, uniqueUserName(), { title: 'Tour Guide', nickName: 'Babs' });
      const id = idOf(created);
      const createdMeta = created['meta'] as Record<string, unknown>;
      const body = {
        schemas: [USER_SCHEMA_URN],
        id: 'ignored-id',
        meta: { resourceType: 'User', created: '2000-01-01T00:00:00Z' },
        userName: created['userName'],
        name: { givenName: 'Another', middleName: 'Excited', familyName: 'User' },
        groups: [],
        active: true,
      };
      const response = await send(server, 'PUT', `/Users/${id}`, { body });
      expect(response.status).to.equal(200);
      const meta = response.json['meta'] as Record<string, unknown>;
      expect(response.json['id']).to.equal(id);
      expect(response.json['name']).to.deep.equal({ givenName: 'Another', middleName: 'Excited', familyName: 'User' });
      expect(response.json).to.not.have.any.keys('title', 'nickName', 'emails', 'displayName', 'externalId');
      expect(meta['created']).to.equal(createdMeta['created']);
      expect(Date.parse(String(meta['lastModified']))).to.be.greaterThan(Date.parse(String(createdMeta['lastModified'])));
      expect(meta['version']).to.not.equal(createdMeta['version']);
      expect(response.headers.get('etag')).to.equal(meta['version']);
      expect((await send(server, 'GET', `/Users/${id}`)).json).to.deep.equal(response.json);
    });

    it('keeps the stored password when the PUT body has none (Okta read-modify-write)', async () => {
      const userName = uniqueUserName();
      const created = await createUser(server, userName);
      await send(server, 'PUT', `/Users/${idOf(created)}`, { body: { schemas: [USER_SCHEMA_URN], userName, active: false } });
      const stored = server.users().find((user) => user['id'] === created['id']);
      expect(stored).to.deep.include({ password: '1mz050nq', active: false });
    });

    it('answers 409 when the new userName belongs to another user', async () => {
      const first = await createUser(server);
      const second = await createUser(server);
      const response = await send(server, 'PUT', `/Users/${idOf(second)}`, { body: { schemas: [USER_SCHEMA_URN], userName: String(first['userName']).toUpperCase() } });
      expect(response.status).to.equal(409);
      expect(response.json['scimType']).to.equal('uniqueness');
    });

    it('answers 412 when If-Match does not match, and applies when it does', async () => {
      const created = await createUser(server);
      const etag = String((created['meta'] as Record<string, unknown>)['version']);
      const body = { schemas: [USER_SCHEMA_URN], userName: created['userName'], title: 'x' };
      const stale = await send(server, 'PUT', `/Users/${idOf(created)}`, { body, headers: { 'If-Match': 'W/"0"' } });
      expect(stale.status).to.equal(412);
      expect(stale.json['status']).to.equal('412');
      expect((await send(server, 'PUT', `/Users/${idOf(created)}`, { body, headers: { 'If-Match': etag } })).status).to.equal(200);
    });
  });

  describe('PATCH /Users/{id} (RFC7644-3.5.2)', () => {
    it('Okta deactivate and reactivate: path-less replace answers 200 with the resource', async () => {
      const created = await createUser(server);
      const id = idOf(created);
      const off = await send(server, 'PATCH', `/Users/${id}`, { body: patchBody({ op: 'replace', value: { active: false } }) });
      expect(off.status).to.equal(200);
      expect(off.json['active']).to.equal(false);
      expect((await send(server, 'GET', `/Users/${id}`)).json['active']).to.equal(false);
      const on = await send(server, 'PATCH', `/Users/${id}`, { body: patchBody({ op: 'replace', value: { active: true } }) });
      expect(on.json['active']).to.equal(true);
    });

    it('Entra: "Replace" with string "False", and a work email by value path', async () => {
      const created = await createUser(server);
      const response = await send(server, 'PATCH', `/Users/${idOf(created)}`, {
        body: patchBody(
          { op: 'Replace', path: 'active', value: 'False' },
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'changed@example.com' },
          { op: 'Add', path: 'title', value: 'Boss' },
        ),
      });
      expect(response.status).to.equal(200);
      expect(response.json).to.deep.include({ active: false, title: 'Boss' });
      expect(response.json['emails']).to.deep.equal([{ primary: true, value: 'changed@example.com', type: 'work' }]);
    });

    it('updates meta.lastModified and version; a no-op PATCH keeps them', async () => {
      const created = await createUser(server);
      const id = idOf(created);
      const createdMeta = created['meta'] as Record<string, unknown>;
      const noop = await send(server, 'PATCH', `/Users/${id}`, { body: patchBody({ op: 'replace', path: 'active', value: true }) });
      expect(noop.json['meta']).to.deep.equal(createdMeta);
      const change = await send(server, 'PATCH', `/Users/${id}`, { body: patchBody({ op: 'replace', path: 'displayName', value: 'New' }) });
      const meta = change.json['meta'] as Record<string, unknown>;
      expect(meta['lastModified']).to.not.equal(createdMeta['lastModified']);
      expect(meta['version']).to.not.equal(createdMeta['version']);
    });

    const errors: readonly (readonly [string, Record<string, unknown>, string])[] = [
      ['missing PatchOp schema', { Operations: [{ op: 'add', path: 'title', value: 'x' }] }, 'invalidSyntax'],
      ['unknown path', patchBody({ op: 'replace', path: 'nope', value: 'x' }), 'invalidPath'],
      ['unmatched value filter', patchBody({ op: 'replace', path: 'emails[type eq "home"].value', value: 'x' }), 'noTarget'],
      ['readOnly id', patchBody({ op: 'replace', path: 'id', value: 'x' }), 'mutability'],
      ['wrong type', patchBody({ op: 'replace', path: 'active', value: 'perhaps' }), 'invalidValue'],
    ];
    for (const [title, body, scimType] of errors) {
      it(`answers 400 ${scimType} for ${title}`, async () => {
        const created = await createUser(server);
        const response = await send(server, 'PATCH', `/Users/${idOf(created)}`, { body });
        expect(response.status).to.equal(400);
        expect(response.json).to.deep.include({ schemas: [ERROR_URN], status: '400', scimType });
      });
    }

    it('answers 409 when PATCH renames to a taken userName', async () => {
      const first = await createUser(server);
      const second = await createUser(server);
      const response = await send(server, 'PATCH', `/Users/${idOf(second)}`, { body: patchBody({ op: 'replace', path: 'userName', value: first['userName'] }) });
      expect(response.status).to.equal(409);
    });
  });

  describe('DELETE /Users/{id} (RFC7644-3.6)', () => {
    it('answers 204 without body, then 404 for every operation on that id', async () => {
      const created = await createUser(server);
      const id = idOf(created);
      const deleted = await send(server, 'DELETE', `/Users/${id}`);
      expect(deleted.status).to.equal(204);
      expect(deleted.text).to.equal('');
      for (const [method, body] of [
        ['GET', undefined],
        ['PUT', userBody(String(created['userName']))],
        ['PATCH', patchBody({ op: 'replace', value: { active: false } })],
        ['DELETE', undefined],
      ] as const) {
        const response = await send(server, method, `/Users/${id}`, body === undefined ? {} : { body });
        expect(response.status, method).to.equal(404);
        expect(response.json, method).to.deep.include({ status: '404' });
      }
    });

    it('frees the userName for reuse', async () => {
      const userName = uniqueUserName();
      const created = await createUser(server, userName);
      await send(server, 'DELETE', `/Users/${idOf(created)}`);
      expect((await send(server, 'POST', '/Users', { body: userBody(userName) })).status).to.equal(201);
    });
  });
});
