import { AssertionError, expect } from 'chai';
import {
  DEFECT_NAMES,
  describeDefect,
  startReferenceServer,
  type DefectName,
  type ReferenceServer,
} from '../../src/reference-server/index.js';
import type { JsonObject } from '../../src/scim/json-value.js';
import { ERROR_URN, GROUP_SCHEMA_URN, LIST_RESPONSE_URN, USER_SCHEMA_URN } from '../../src/scim/urns.js';
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
};

async function withServers(defect: DefectName, run: (correct: ReferenceServer, broken: ReferenceServer) => Promise<void>): Promise<void> {
  const correct = await startReferenceServer({ port: 0 });
  const broken = await startReferenceServer({ port: 0, defects: [defect] });
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
      for (const reference of description.breaks) expect(reference).to.match(/^(RFC\d{4}-[\d.]+|OKTA-[A-Z]+|ENTRA-[A-Z]+)$/);
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
