import { AssertionError, expect } from 'chai';
import {
  DEFECT_NAMES,
  describeDefect,
  isInteropDefect,
  startReferenceServer,
  type DefectName,
  type ReferenceServer,
} from '../../src/reference-server/index.js';
import type { JsonObject } from '../../src/scim/json-value.js';
import { ENTERPRISE_USER_SCHEMA_URN, ERROR_URN, GROUP_SCHEMA_URN, LIST_RESPONSE_URN, USER_SCHEMA_URN } from '../../src/scim/urns.js';
import { createGroup, createUser, filterQuery, idOf, patchBody, send, uniqueUserName, userBody } from './scim-client.js';

/**
 * A conformance check per defect: it resolves against the RFC-correct server and fails
 * with an assertion against a server running only that defect profile.
 */
type Check = (server: ReferenceServer) => Promise<void>;

const unknownUser = async (server: ReferenceServer): Promise<JsonObject> => {
  const response = await send(server, 'GET', '/Users/00919288221112222');
  expect(response.status).to.equal(404);
  return response.json;
};

const getUser = async (server: ReferenceServer, user: JsonObject): Promise<JsonObject> => {
  const response = await send(server, 'GET', `/Users/${idOf(user)}`);
  expect(response.status).to.equal(200);
  return response.json;
};

const CHECKS: { readonly [name in DefectName]: Check } = {
  'list-no-schemas': async (server) => {
    expect((await send(server, 'GET', '/Users')).json['schemas']).to.deep.equal([LIST_RESPONSE_URN]);
  },
  'list-no-paging-fields': async (server) => {
    const json = (await send(server, 'GET', '/Users?startIndex=1&count=1')).json;
    expect(json['itemsPerPage']).to.be.a('number');
    expect(json['startIndex']).to.be.a('number');
  },
  'post-returns-200': async (server) => {
    expect((await send(server, 'POST', '/Users', { body: userBody(uniqueUserName()) })).status).to.equal(201);
  },
  'no-uniqueness': async (server) => {
    const userName = uniqueUserName();
    await createUser(server, userName);
    expect((await send(server, 'POST', '/Users', { body: userBody(userName) })).status).to.equal(409);
  },
  'error-without-schema': async (server) => {
    expect((await unknownUser(server))['schemas']).to.deep.equal([ERROR_URN]);
  },
  'error-no-detail': async (server) => {
    expect((await unknownUser(server))['detail']).to.be.a('string').and.not.equal('');
  },
  'error-no-status': async (server) => {
    expect((await unknownUser(server))['status']).to.equal('404');
  },
  'auth-not-enforced': async (server) => {
    expect((await send(server, 'GET', '/Users', { authorization: null })).status).to.equal(401);
    expect((await send(server, 'GET', '/Users', { authorization: 'Bearer wrong' })).status).to.equal(401);
  },
  'empty-filter-404': async (server) => {
    const response = await send(server, 'GET', `/Users?${filterQuery('userName eq "nobody@example.com"')}`);
    expect(response.status).to.equal(200);
    expect(response.json['totalResults']).to.equal(0);
  },
  'filter-ignored': async (server) => {
    const first = await createUser(server);
    await createUser(server);
    const response = await send(server, 'GET', `/Users?${filterQuery(`userName eq "${String(first['userName'])}"`)}`);
    expect(response.json['totalResults']).to.equal(1);
  },
  'username-case-sensitive': async (server) => {
    const user = await createUser(server);
    const response = await send(server, 'GET', `/Users?${filterQuery(`userName eq "${String(user['userName']).toUpperCase()}"`)}`);
    expect(response.json['totalResults']).to.equal(1);
  },
  'no-active-attribute': async (server) => {
    expect((await getUser(server, await createUser(server)))['active']).to.equal(true);
  },
  'post-drops-name': async (server) => {
    expect((await getUser(server, await createUser(server)))['name']).to.deep.equal({ givenName: 'Test', familyName: 'User' });
  },
  'get-by-id-404': async (server) => {
    await getUser(server, await createUser(server));
  },
  'rejects-application-json': async (server) => {
    const response = await send(server, 'POST', '/Users', { body: userBody(uniqueUserName()), contentType: 'application/json' });
    expect(response.status).to.equal(201);
  },
  'no-groups-endpoint': async (server) => {
    expect((await send(server, 'GET', '/Groups?startIndex=1&count=100')).status).to.equal(200);
  },
  'patch-active-ignored': async (server) => {
    const user = await createUser(server);
    await send(server, 'PATCH', `/Users/${idOf(user)}`, { body: patchBody({ op: 'replace', path: 'active', value: false }) });
    expect((await getUser(server, user))['active']).to.equal(false);
  },
  'put-merges': async (server) => {
    const user = await createUser(server, uniqueUserName(), { title: 'Tour Guide' });
    await send(server, 'PUT', `/Users/${idOf(user)}`, { body: { schemas: [USER_SCHEMA_URN], userName: user['userName'] } });
    expect(await getUser(server, user)).to.not.have.property('title');
  },
  'reactivation-ignored': async (server) => {
    const user = await createUser(server);
    await send(server, 'PATCH', `/Users/${idOf(user)}`, { body: patchBody({ op: 'replace', value: { active: false } }) });
    await send(server, 'PATCH', `/Users/${idOf(user)}`, { body: patchBody({ op: 'replace', value: { active: true } }) });
    expect((await getUser(server, user))['active']).to.equal(true);
  },
  'filter-lookup-broken': async (server) => {
    const user = await createUser(server);
    const response = await send(server, 'GET', `/Users?${filterQuery(`userName eq "${String(user['userName'])}"`)}&startIndex=1&count=100`);
    expect(response.json['totalResults']).to.equal(1);
  },
  'plain-json-content-type': async (server) => {
    expect((await send(server, 'GET', '/Users')).headers.get('content-type')).to.match(/^application\/scim\+json/);
  },
  'group-patch-members-ignored': async (server) => {
    const user = await createUser(server);
    const group = await createGroup(server, 'Members');
    await send(server, 'PATCH', `/Groups/${idOf(group)}`, { body: patchBody({ op: 'add', path: 'members', value: [{ value: idOf(user) }] }) });
    const members = (await send(server, 'GET', `/Groups/${idOf(group)}`)).json['members'];
    expect(members).to.be.an('array').with.length(1);
  },
  'group-rename-ignored': async (server) => {
    const group = await createGroup(server, 'Before');
    await send(server, 'PATCH', `/Groups/${idOf(group)}`, { body: patchBody({ op: 'replace', value: { id: idOf(group), displayName: 'After' } }) });
    expect((await send(server, 'GET', `/Groups/${idOf(group)}`)).json['displayName']).to.equal('After');
  },
  'excluded-attributes-ignored': async (server) => {
    const user = await createUser(server);
    const group = await createGroup(server, 'Excluded', [{ value: idOf(user) }]);
    expect((await send(server, 'GET', `/Groups/${idOf(group)}?excludedAttributes=members`)).json).to.not.have.property('members');
  },
  'password-returned': async (server) => {
    expect(await getUser(server, await createUser(server))).to.not.have.property('password');
  },
  'patch-op-case-sensitive': async (server) => {
    const user = await createUser(server);
    const response = await send(server, 'PATCH', `/Users/${idOf(user)}`, { body: patchBody({ op: 'Replace', path: 'displayName', value: 'X' }) });
    expect(response.status).to.equal(200);
  },
  'patch-string-boolean-rejected': async (server) => {
    const user = await createUser(server);
    const response = await send(server, 'PATCH', `/Users/${idOf(user)}`, { body: patchBody({ op: 'Replace', path: 'active', value: 'False' }) });
    expect(response.status).to.equal(200);
    expect(response.json['active']).to.equal(false);
  },
  'patch-pathless-rejected': async (server) => {
    const user = await createUser(server);
    const response = await send(server, 'PATCH', `/Users/${idOf(user)}`, { body: patchBody({ op: 'replace', value: { active: false } }) });
    expect(response.status).to.equal(200);
  },
  'unknown-id-400': async (server) => {
    await unknownUser(server);
  },
  'invalid-filter-500': async (server) => {
    const response = await send(server, 'GET', `/Users?${filterQuery('userName eq')}`);
    expect(response.status).to.equal(400);
    expect(response.json['scimType']).to.equal('invalidFilter');
  },
  'paging-ignored': async (server) => {
    await createUser(server);
    const second = await createUser(server);
    await createUser(server);
    const response = await send(server, 'GET', '/Users?startIndex=2&count=1');
    expect(response.json['itemsPerPage']).to.equal(1);
    expect((response.json['Resources'] as readonly JsonObject[]).map((user) => user['id'])).to.deep.equal([second['id']]);
  },
  'paging-start-index-ignored': async (server) => {
    for (let i = 0; i < 4; i += 1) await createUser(server);
    const first = await send(server, 'GET', '/Users?startIndex=1&count=2');
    const third = await send(server, 'GET', '/Users?startIndex=3&count=2');
    const ids = (r: { json: JsonObject }): unknown[] => (r.json['Resources'] as readonly JsonObject[]).map((user) => user['id']);
    expect(ids(third).filter((id) => ids(first).includes(id))).to.deep.equal([]);
  },
  'paging-fields-as-strings': async (server) => {
    const json = (await send(server, 'GET', '/Users')).json;
    for (const field of ['totalResults', 'itemsPerPage', 'startIndex']) expect(json[field], field).to.be.a('number');
  },
  'no-location-header': async (server) => {
    const response = await send(server, 'POST', '/Users', { body: userBody(uniqueUserName()) });
    expect(response.headers.get('location')).to.equal((response.json['meta'] as Record<string, unknown>)['location']);
  },
  'deactivate-deletes': async (server) => {
    const user = await createUser(server);
    await send(server, 'PATCH', `/Users/${idOf(user)}`, { body: patchBody({ op: 'replace', value: { active: false } }) });
    expect((await getUser(server, user))['active']).to.equal(false);
  },
  'readonly-attributes-rejected': async (server) => {
    // Okta AIW read-modify-write: GET, change one attribute, PUT the whole body back.
    const current = await getUser(server, await createUser(server));
    const response = await send(server, 'PUT', `/Users/${idOf(current)}`, { body: { ...current, active: false } });
    expect(response.status).to.equal(200);
  },
  'spc-incomplete': async (server) => {
    const config = (await send(server, 'GET', '/ServiceProviderConfig')).json;
    for (const feature of ['patch', 'bulk', 'filter', 'changePassword', 'sort', 'etag']) {
      expect(config[feature], feature).to.have.property('supported').that.is.a('boolean');
    }
  },
  'schema-by-urn-404': async (server) => {
    const response = await send(server, 'GET', `/Schemas/${USER_SCHEMA_URN}`);
    expect(response.status).to.equal(200);
    expect(response.json['id']).to.equal(USER_SCHEMA_URN);
  },
  'if-none-match-ignored': async (server) => {
    const user = await createUser(server);
    const etag = (await send(server, 'GET', `/Users/${idOf(user)}`)).headers.get('etag') ?? '';
    const response = await send(server, 'GET', `/Users/${idOf(user)}`, { headers: { 'If-None-Match': etag } });
    expect(response.status).to.equal(304);
    expect(response.text).to.equal('');
  },
  'sort-order-ignored': async (server) => {
    await createUser(server, 'sort-a@example.com');
    await createUser(server, 'sort-b@example.com');
    const response = await send(server, 'GET', `/Users?sortBy=userName&sortOrder=descending&${filterQuery('userName sw "sort-"')}`);
    expect((response.json['Resources'] as readonly JsonObject[]).map((user) => user['userName'])).to.deep.equal(['sort-b@example.com', 'sort-a@example.com']);
  },
  'group-get-by-id-404': async (server) => {
    const group = await createGroup(server, 'Findable');
    const response = await send(server, 'GET', `/Groups/${idOf(group)}`);
    expect(response.status).to.equal(200);
    expect(response.json['displayName']).to.equal('Findable');
  },
  'group-patch-405': async (server) => {
    const group = await createGroup(server, 'Patchable');
    const response = await send(server, 'PATCH', `/Groups/${idOf(group)}`, { body: patchBody({ op: 'replace', path: 'displayName', value: 'Patched' }) });
    expect(response.status).to.equal(200);
  },
  'group-patch-remove-ignored': async (server) => {
    const [first, second] = [await createUser(server), await createUser(server)];
    const group = await createGroup(server, 'Shrinking', [{ value: idOf(first) }, { value: idOf(second) }]);
    const path = `members[value eq "${idOf(first)}"]`;
    expect((await send(server, 'PATCH', `/Groups/${idOf(group)}`, { body: patchBody({ op: 'remove', path }) })).status).to.equal(200);
    const members = (await send(server, 'GET', `/Groups/${idOf(group)}`)).json['members'] as readonly JsonObject[];
    expect(members.map((member) => member['value'])).to.deep.equal([idOf(second)]);
  },
  'group-delete-returns-200': async (server) => {
    const group = await createGroup(server, 'Deletable');
    const response = await send(server, 'DELETE', `/Groups/${idOf(group)}`);
    expect(response.status).to.equal(204);
    expect(response.text).to.equal('');
  },
  'uppercase-filter-rejected': async (server) => {
    const user = await createUser(server, 'lower.case@example.com');
    const response = await send(server, 'GET', `/Users?${filterQuery('userName eq "Lower.Case@EXAMPLE.com"')}`);
    expect(response.status).to.equal(200);
    expect(response.json['totalResults']).to.equal(1);
    expect((response.json['Resources'] as readonly JsonObject[])[0]?.['id']).to.equal(idOf(user));
  },
  'filter-names-case-sensitive': async (server) => {
    const user = await createUser(server);
    const response = await send(server, 'GET', `/Users?${filterQuery(`USERNAME EQ "${String(user['userName'])}"`)}`);
    expect(response.json['totalResults']).to.equal(1);
  },
  'filter-grouping-ignored': async (server) => {
    const user = await createUser(server, uniqueUserName(), { title: 'Engineer' });
    const userName = String(user['userName']);
    // Grouped, title must be "Manager": no match; without parentheses ("a or (b and c)") the userName alone matches.
    const response = await send(server, 'GET', `/Users?${filterQuery(`(userName eq "${userName}" or userName eq "nobody") and title eq "Manager"`)}`);
    expect(response.json['totalResults']).to.equal(0);
  },
  'filter-value-path-any-element': async (server) => {
    const user = await createUser(server, uniqueUserName(), {
      emails: [{ value: 'work@example.com', type: 'work' }, { value: 'home@example.org', type: 'home' }],
    });
    const response = await send(server, 'GET', `/Users?${filterQuery(`userName eq "${String(user['userName'])}" and emails[type eq "work" and value ew ".org"]`)}`);
    expect(response.json['totalResults']).to.equal(0);
  },
  'filter-ge-le-exclusive': async (server) => {
    const user = await createUser(server);
    const created = String((user['meta'] as JsonObject)['created']);
    const response = await send(server, 'GET', `/Users?${filterQuery(`userName eq "${String(user['userName'])}" and meta.created ge "${created}" and meta.created le "${created}"`)}`);
    expect(response.json['totalResults']).to.equal(1);
  },
  'filter-case-exact-ignored': async (server) => {
    const user = await createUser(server, uniqueUserName(), { externalId: 'Ext-CaseExact' });
    const response = await send(server, 'GET', `/Users?${filterQuery(`userName eq "${String(user['userName'])}" and externalId eq "ext-caseexact"`)}`);
    expect(response.json['totalResults']).to.equal(0);
  },
  'unknown-attribute-filter-500': async (server) => {
    const response = await send(server, 'GET', `/Users?${filterQuery('noSuchAttribute eq "x"')}`);
    expect(response.status).to.equal(400);
    expect(response.json['scimType']).to.equal('invalidFilter');
  },
  'duplicate-group-names-allowed': async (server) => {
    const name = uniqueUserName('group');
    await createGroup(server, name);
    expect((await send(server, 'POST', '/Groups', { body: { schemas: [GROUP_SCHEMA_URN], displayName: name } })).status).to.equal(409);
  },




  'error-status-number': async (server) => {
    expect((await unknownUser(server))['status']).to.equal('404');
  },
  'emails-primary-as-string': async (server) => {
    const user = await getUser(server, await createUser(server));
    const emails = user['emails'] as readonly JsonObject[];
    expect(emails[0]?.['primary']).to.equal(true);
  },
  'meta-created-not-datetime': async (server) => {
    const user = await getUser(server, await createUser(server));
    expect((user['meta'] as JsonObject)['created']).to.be.a('string').and.match(/^\d{4}-\d{2}-\d{2}T/);
  },
  'schemas-missing-characteristics': async (server) => {
    const schemas = (await send(server, 'GET', '/Schemas')).json['Resources'] as readonly JsonObject[];
    const userName = (schemas[0]?.['attributes'] as readonly JsonObject[])[0] ?? {};
    for (const key of ['caseExact', 'mutability', 'returned', 'uniqueness']) expect(userName, key).to.have.property(key);
  },
  // The interop defects run against a server in interop mode (withServers), which they break.
  'interop-not-declared': async (server) => {
    expect((await send(server, 'GET', '/ServiceProviderConfig')).json['interopProfileConformant']).to.equal(true);
  },
  'interop-pathless-patch-accepted': async (server) => {
    const user = await createUser(server);
    const response = await send(server, 'PATCH', `/Users/${idOf(user)}`, { body: patchBody({ op: 'replace', value: { displayName: 'x' } }) });
    expect(response.status).to.equal(400);
    expect(response.json['scimType']).to.equal('invalidSyntax');
  },
  'unmapped-attributes-dropped': async (server) => {
    const user = await getUser(server, await createUser(server, uniqueUserName(), { ims: [{ value: 'ada', type: 'xmpp' }] }));
    expect(user['ims']).to.deep.equal([{ value: 'ada', type: 'xmpp' }]);
  },
  'interop-resource-type-id-differs': async (server) => {
    const types = (await send(server, 'GET', '/ResourceTypes')).json['Resources'] as readonly JsonObject[];
    for (const type of types) expect(type['id']).to.equal(type['name']);
  },
  'interop-username-case-exact': async (server) => {
    const userName = uniqueUserName();
    await createUser(server, userName);
    expect((await send(server, 'POST', '/Users', { body: userBody(userName.toUpperCase()) })).status).to.equal(409);
  },
  'interop-undefined-filter-attribute-ignored': async (server) => {
    const response = await send(server, 'GET', `/Users?${filterQuery('notDefinedHere eq "x"')}`);
    expect(response.status).to.equal(400);
    expect(response.json['scimType']).to.equal('invalidFilter');
  },
  'interop-delete-keeps-username': async (server) => {
    const userName = uniqueUserName();
    const user = await createUser(server, userName);
    expect((await send(server, 'DELETE', `/Users/${idOf(user)}`)).status).to.equal(204);
    expect((await send(server, 'POST', '/Users', { body: userBody(userName) })).status).to.equal(201);
  },

  'interop-undefined-attributes-accepted': async (server) => {
    const response = await send(server, 'POST', '/Users', { body: userBody(uniqueUserName(), { notDefinedHere: 'x' }) });
    expect(response.status).to.equal(400);
    expect(response.json['scimType']).to.equal('invalidSyntax');
  },
  'no-groups': async (server) => {
    const schemas = (await send(server, 'GET', '/Schemas')).json['Resources'] as readonly JsonObject[];
    expect(schemas.map((s) => s['id'])).to.include(GROUP_SCHEMA_URN);
    expect((await send(server, 'GET', '/Groups')).status).to.equal(200);
  },
  'patch-member-cap': async (server) => {
    const users = await Promise.all(Array.from({ length: 12 }, () => createUser(server)));
    const group = await createGroup(server, `group-${uniqueUserName()}`);
    const response = await send(server, 'PATCH', `/Groups/${idOf(group)}`, {
      body: patchBody({ op: 'add', path: 'members', value: users.map((u) => ({ value: idOf(u) })) }),
    });
    expect(response.status).to.equal(200);
  },
  'ignores-null-update': async (server) => {
    const user = await createUser(server, uniqueUserName(), { title: 'Boss' });
    const response = await send(server, 'PATCH', `/Users/${idOf(user)}`, { body: patchBody({ op: 'replace', path: 'title', value: null }) });
    expect(response.json['title']).to.equal(undefined);
  },
  'list-requests-serialized': async (server) => {
    const started = performance.now();
    await Promise.all(Array.from({ length: 8 }, () => send(server, 'GET', '/Users?count=1')));
    // Serialized, eight take 8 × 45 = 360 ms.
    expect(performance.now() - started, 'eight concurrent list requests (ms)').to.be.below(250);
  },
  'required-attribute-not-enforced': async (server) => {
    const body = userBody(uniqueUserName());
    delete body['userName'];
    expect((await send(server, 'POST', '/Users', { body })).status).to.equal(400);
  },
  'create-active-false-ignored': async (server) => {
    expect((await getUser(server, await createUser(server, uniqueUserName(), { active: false })))['active']).to.equal(false);
  },
  'multi-valued-sub-attributes-dropped': async (server) => {
    const emails = (await getUser(server, await createUser(server)))['emails'] as readonly JsonObject[];
    expect(emails[0]?.['type']).to.equal('work');
    expect(emails[0]?.['primary']).to.equal(true);
  },
  'extension-dropped-on-create': async (server) => {
    const user = await getUser(server, await createUser(server, uniqueUserName(), { [ENTERPRISE_USER_SCHEMA_URN]: { department: 'Research' } }));
    expect((user[ENTERPRISE_USER_SCHEMA_URN] as JsonObject | undefined)?.['department']).to.equal('Research');
  },
  'patch-sub-attribute-replaces-parent': async (server) => {
    const user = await createUser(server);
    await send(server, 'PATCH', `/Users/${idOf(user)}`, { body: patchBody({ op: 'replace', path: 'name.givenName', value: 'New' }) });
    expect(((await getUser(server, user))['name'] as JsonObject)['familyName']).to.equal('User');
  },
  'patch-value-filter-ignored': async (server) => {
    const user = await createUser(server, uniqueUserName(), { emails: [{ value: 'w@example.com', type: 'work' }, { value: 'h@example.com', type: 'home' }] });
    await send(server, 'PATCH', `/Users/${idOf(user)}`, { body: patchBody({ op: 'replace', path: 'emails[type eq "work"].value', value: 'new@example.com' }) });
    const emails = (await getUser(server, user))['emails'] as readonly JsonObject[];
    expect(emails.map((e) => e['value'])).to.deep.equal(['new@example.com', 'h@example.com']);
  },
  'patch-add-replaces-multi-valued': async (server) => {
    const user = await createUser(server);
    await send(server, 'PATCH', `/Users/${idOf(user)}`, { body: patchBody({ op: 'add', path: 'emails', value: [{ value: 'other@example.com', type: 'other' }] }) });
    expect(((await getUser(server, user))['emails'] as readonly JsonObject[]).length).to.equal(2);
  },
  'patch-extension-path-ignored': async (server) => {
    const user = await createUser(server);
    await send(server, 'PATCH', `/Users/${idOf(user)}`, { body: patchBody({ op: 'add', path: `${ENTERPRISE_USER_SCHEMA_URN}:department`, value: 'Research' }) });
    expect(((await getUser(server, user))[ENTERPRISE_USER_SCHEMA_URN] as JsonObject | undefined)?.['department']).to.equal('Research');
  },
  'patchop-not-validated': async (server) => {
    const user = await createUser(server);
    expect((await send(server, 'PATCH', `/Users/${idOf(user)}`, { body: patchBody() })).status).to.equal(400);
  },
  'no-target-ignored': async (server) => {
    const user = await createUser(server);
    const response = await send(server, 'PATCH', `/Users/${idOf(user)}`, { body: patchBody({ op: 'replace', path: 'emails[type eq "none"].value', value: 'x@example.com' }) });
    expect(response.status).to.equal(400);
    expect(response.json['scimType']).to.equal('noTarget');
  },
  'readonly-patch-ignored': async (server) => {
    const user = await createUser(server);
    const response = await send(server, 'PATCH', `/Users/${idOf(user)}`, { body: patchBody({ op: 'replace', path: 'id', value: 'mine' }) });
    expect(response.status).to.equal(400);
    expect(response.json['scimType']).to.equal('mutability');
  },
  // Each method is checked on its own: the defect ignores If-Match on PATCH, PUT and DELETE alike.
  'if-match-ignored': async (server) => {
    const user = await createUser(server);
    const stale = { 'If-Match': 'W/"stale"' };
    const patch = await send(server, 'PATCH', `/Users/${idOf(user)}`, { body: patchBody({ op: 'replace', path: 'title', value: 'x' }), headers: stale });
    const put = await send(server, 'PUT', `/Users/${idOf(user)}`, { body: userBody(String(user['userName']), { title: 'y' }), headers: stale });
    const removed = await send(server, 'DELETE', `/Users/${idOf(user)}`, { headers: stale });
    expect([patch.status, put.status, removed.status]).to.deep.equal([412, 412, 412]);
    expect((await getUser(server, user))['title']).to.equal(undefined);
  },
  'client-id-honoured': async (server) => {
    const clientId = `client-chosen-${Date.now()}`;
    const user = await createUser(server, uniqueUserName(), { id: clientId });
    expect(idOf(user)).to.not.equal(clientId);
    expect((await send(server, 'GET', `/Users/${clientId}`)).status).to.equal(404);
  },
  'group-filter-ignored': async (server) => {
    const name = `filtered-group-${Date.now()}`;
    const group = await createGroup(server, name);
    await createGroup(server, `${name}-other`);
    const response = await send(server, 'GET', `/Groups?${filterQuery(`displayName eq "${name}"`)}`);
    expect((response.json['Resources'] as readonly JsonObject[]).map((r) => r['id'])).to.deep.equal([idOf(group)]);
  },
  'token-prefix-accepted': async (server) => {
    expect((await send(server, 'GET', '/Users', { authorization: 'Bearer reference-token-and-more' })).status).to.equal(401);
  },
  'sort-ignored-with-filter': async (server) => {
    const b = await createUser(server, `zz-sort-b-${Date.now()}@example.com`);
    const a = await createUser(server, `zz-sort-a-${Date.now()}@example.com`);
    const response = await send(server, 'GET', `/Users?${filterQuery('userName sw "zz-sort-"')}&sortBy=userName`);
    expect((response.json['Resources'] as readonly JsonObject[]).map((r) => r['id'])).to.deep.equal([idOf(a), idOf(b)]);
  },
  'paging-start-index-as-page': async (server) => {
    const users = [await createUser(server), await createUser(server), await createUser(server)];
    const response = await send(server, 'GET', '/Users?startIndex=3&count=2');
    expect((response.json['Resources'] as readonly JsonObject[]).map((r) => r['id'])).to.deep.equal([idOf(users[2] ?? {})]);
  },
  'method-not-allowed-404': async (server) => {
    const response = await send(server, 'POST', '/ServiceProviderConfig', { body: { schemas: [] } });
    expect(response.status).to.equal(405);
  },
  // Servers in OAuth mode (withServers) issuing 0.2 s tokens: one used after its lifetime gets 401.
  'oauth-expired-token-accepted': async (server) => {
    const basic = `Basic ${Buffer.from(`${OAUTH_CLIENT.clientId}:${OAUTH_CLIENT.clientSecret}`).toString('base64')}`;
    const answer = await fetch(server.oauth?.tokenUrl ?? '', {
      method: 'POST', headers: { Authorization: basic, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials',
    });
    const token = ((await answer.json()) as { access_token: string }).access_token;
    expect((await send(server, 'GET', '/Users', { authorization: `Bearer ${token}` })).status).to.equal(200);
    await new Promise((r) => setTimeout(r, 300));
    const expired = await send(server, 'GET', '/Users', { authorization: `Bearer ${token}` });
    expect(expired.status).to.equal(401);
    expect(expired.headers.get('www-authenticate')).to.match(/error="invalid_token"/);
  },
};

/** The OAuth mode's client for `oauth-…` defects. */
const OAUTH_CLIENT = { clientId: 'defects-client', clientSecret: 'defects-secret-0042', tokenLifetimeS: 0.2 };

async function withServers(defect: DefectName, run: (correct: ReferenceServer, broken: ReferenceServer) => Promise<void>): Promise<void> {
  // An interop defect breaks a rule of interop mode: compare with a server in that mode.
  // An `oauth-…` defect bends the OAuth mode: both servers run in it.
  const oauth = defect.startsWith('oauth-') ? { oauth: OAUTH_CLIENT } : {};
  const correct = await startReferenceServer({ port: 0, interop: isInteropDefect(defect), ...oauth });
  const broken = await startReferenceServer({ port: 0, defects: [defect], ...oauth });
  try {
    await run(correct, broken);
  } finally {
    await Promise.all([correct.close(), broken.close()]);
  }
}

describe('reference-server: defect profiles', () => {
  for (const name of DEFECT_NAMES) {
    it(`${name}: ${describeDefect(name).description}`, async () => {
      await withServers(name, async (correct, broken) => {
        await CHECKS[name](correct);
        let failure: unknown;
        try {
          await CHECKS[name](broken);
        } catch (error) {
          failure = error;
        }
        expect(failure, `the ${name} server should fail the check with an assertion`).to.be.instanceOf(AssertionError);
      });
    });
  }

  it('username-case-sensitive keeps uniqueness case-insensitive and exact-case filters working', async () => {
    await withServers('username-case-sensitive', async (_correct, broken) => {
      const user = await createUser(broken, 'Mixed.Case@example.com');
      expect((await send(broken, 'POST', '/Users', { body: userBody('mixed.case@EXAMPLE.com') })).status).to.equal(409);
      const exact = await send(broken, 'GET', `/Users?${filterQuery(`userName eq "${String(user['userName'])}"`)}`);
      expect(exact.json['totalResults']).to.equal(1);
    });
  });

  it('filter-lookup-broken also accepts the duplicate POST its empty lookup leads to', async () => {
    await withServers('filter-lookup-broken', async (_correct, broken) => {
      const userName = uniqueUserName();
      await createUser(broken, userName);
      expect((await send(broken, 'POST', '/Users', { body: userBody(userName) })).status).to.equal(201);
      expect(broken.users()).to.have.length(2);
    });
  });

  it('no-groups-endpoint still advertises the Group resource type', async () => {
    await withServers('no-groups-endpoint', async (_correct, broken) => {
      const types = (await send(broken, 'GET', '/ResourceTypes')).json['Resources'] as readonly JsonObject[];
      expect(types.map((type) => type['name'])).to.include('Group');
      expect((await send(broken, 'POST', '/Groups', { body: { schemas: [GROUP_SCHEMA_URN], displayName: 'x' } })).status).to.equal(404);
    });
  });

  it('group-delete-returns-200 still deletes the Group; group-get-by-id-404 still lists it', async () => {
    await withServers('group-delete-returns-200', async (_correct, broken) => {
      const group = await createGroup(broken, 'Gone');
      const response = await send(broken, 'DELETE', `/Groups/${idOf(group)}`);
      expect(response.json['displayName']).to.equal('Gone');
      expect((await send(broken, 'GET', `/Groups/${idOf(group)}`)).status).to.equal(404);
      expect(broken.groups()).to.have.length(0);
    });
    await withServers('group-get-by-id-404', async (_correct, broken) => {
      const group = await createGroup(broken, 'Listed');
      const list = await send(broken, 'GET', `/Groups?${filterQuery('displayName eq "Listed"')}`);
      expect(list.json['totalResults']).to.equal(1);
      expect((await send(broken, 'DELETE', `/Groups/${idOf(group)}`)).status).to.equal(204);
    });
  });

  it('group-patch-remove-ignored still applies additions; group-patch-405 leaves PATCH /Users working', async () => {
    await withServers('group-patch-remove-ignored', async (_correct, broken) => {
      const user = await createUser(broken);
      const group = await createGroup(broken, 'Growing');
      await send(broken, 'PATCH', `/Groups/${idOf(group)}`, { body: patchBody({ op: 'add', path: 'members', value: [{ value: idOf(user) }] }) });
      expect(broken.groups()[0]?.['members']).to.have.length(1);
    });
    await withServers('group-patch-405', async (_correct, broken) => {
      const user = await createUser(broken);
      const group = await createGroup(broken, 'Unpatchable');
      const refused = await send(broken, 'PATCH', `/Groups/${idOf(group)}`, { body: patchBody({ op: 'replace', path: 'displayName', value: 'X' }) });
      expect(refused.status).to.equal(405);
      expect(refused.headers.get('allow')).to.equal('GET, PUT, DELETE');
      expect((await send(broken, 'PATCH', `/Users/${idOf(user)}`, { body: patchBody({ op: 'replace', path: 'title', value: 'X' }) })).status).to.equal(200);
    });
  });

  it('uppercase-filter-rejected answers 400 only for upper-case userName values', async () => {
    await withServers('uppercase-filter-rejected', async (_correct, broken) => {
      await createUser(broken, 'Mixed.Case@example.com');
      const rejected = await send(broken, 'GET', `/Users?${filterQuery('userName eq "Mixed.Case@example.com"')}`);
      expect(rejected.status).to.equal(400);
      expect(rejected.json['scimType']).to.equal('invalidFilter');
      const lower = await send(broken, 'GET', `/Users?${filterQuery('userName eq "mixed.case@example.com"')}`);
      expect(lower.json['totalResults']).to.equal(1);
    });
  });

  it('error defects keep the HTTP status and the other fields', async () => {
    await withServers('error-without-schema', async (_correct, broken) => {
      const response = await send(broken, 'GET', '/Users/none');
      expect(response.status).to.equal(404);
      expect(response.json).to.deep.equal({ status: '404', detail: 'User "none" not found' });
    });
  });

  it('catalogue: unique names, each with a description and the rules it breaks', () => {
    expect(new Set(DEFECT_NAMES).size).to.equal(DEFECT_NAMES.length);
    for (const name of DEFECT_NAMES) {
      const description = describeDefect(name);
      expect(description.name).to.equal(name);
      expect(description.description).to.be.a('string').and.not.equal('');
      expect(description.breaks).to.be.an('array').that.is.not.empty;
      for (const reference of description.breaks) expect(reference).to.match(/^(RFC\d{4}-[\d.]+|OKTA-[A-Z]+|ENTRA-[A-Z]+(?:-[A-Z]+)*|SCIM-INTEROP)$/);
    }
  });

  it('combines several defects', async () => {
    const server = await startReferenceServer({ defects: ['list-no-schemas', 'plain-json-content-type'] });
    try {
      const response = await send(server, 'GET', '/Users');
      expect(response.json).to.not.have.property('schemas');
      expect(response.headers.get('content-type')).to.match(/^application\/json/);
    } finally {
      await server.close();
    }
  });
});
