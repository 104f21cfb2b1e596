import { expect } from 'chai';
import { startReferenceServer, type ReferenceServer } from '../../src/reference-server/index.js';
import type { JsonObject } from '../../src/scim/json-value.js';
import { LIST_RESPONSE_URN, SEARCH_REQUEST_URN } from '../../src/scim/urns.js';
import { createGroup, createUser, filterQuery, idOf, send } from './scim-client.js';

const resourcesOf = (json: JsonObject): readonly JsonObject[] => json['Resources'] as readonly JsonObject[];

describe('reference-server: lists, filters, paging, sorting (RFC7644-3.4.2)', () => {
  let server: ReferenceServer;
  let ids: readonly string[] = [];
  const names = ['carol@example.com', 'Alice@Example.com', 'bob@example.com', 'dave@example.com', 'eve@example.com'];

  before(async () => {
    server = await startReferenceServer({ port: 0 });
    const created: string[] = [];
    for (const name of names) created.push(idOf(await createUser(server, name, { title: name.startsWith('a') || name.startsWith('A') ? 'Boss' : 'Staff' })));
    ids = created;
  });
  after(async () => {
    await server.close();
  });

  it('an empty store lists an empty ListResponse', async () => {
    const empty = await startReferenceServer();
    try {
      const response = await send(empty, 'GET', '/Groups?startIndex=1&count=100');
      expect(response.status).to.equal(200);
      expect(response.json).to.deep.equal({ schemas: [LIST_RESPONSE_URN], totalResults: 0, itemsPerPage: 0, startIndex: 1, Resources: [] });
    } finally {
      await empty.close();
    }
  });

  it('lists every user in creation order with integer paging fields', async () => {
    const response = await send(server, 'GET', '/Users');
    expect(response.json).to.deep.include({ schemas: [LIST_RESPONSE_URN], totalResults: 5, itemsPerPage: 5, startIndex: 1 });
    expect(resourcesOf(response.json).map((user) => user['id'])).to.deep.equal(ids);
    expect(resourcesOf(response.json).every((user) => !('password' in user))).to.equal(true);
  });

  describe('filter', () => {
    const cases: readonly (readonly [string, readonly string[]])[] = [
      ['userName eq "alice@example.com"', ['Alice@Example.com']],
      ['userName eq "BOB@EXAMPLE.COM"', ['bob@example.com']],
      ['username eq "bob@example.com"', ['bob@example.com']],
      ['userName sw "c" or userName sw "d"', ['carol@example.com', 'dave@example.com']],
      ['title eq "Boss"', ['Alice@Example.com']],
      ['emails[type eq "work" and value co "eve"]', ['eve@example.com']],
      ['not (title eq "Staff")', ['Alice@Example.com']],
      ['externalId eq "00ujl29u0le5T6Aj10h7"', names],
      ['externalId eq "00UJL29U0LE5T6AJ10H7"', []],
    ];
    for (const [filter, expected] of cases) {
      it(`${filter} → ${expected.length} result(s)`, async () => {
        const response = await send(server, 'GET', `/Users?${filterQuery(filter)}&startIndex=1&count=100`);
        expect(response.status).to.equal(200);
        expect(response.json['totalResults']).to.equal(expected.length);
        expect(resourcesOf(response.json).map((user) => user['userName'])).to.deep.equal(expected);
      });
    }

    it('a filter with no match answers 200 with totalResults 0 and Resources [] (Okta SPEC)', async () => {
      const response = await send(server, 'GET', `/Users?${filterQuery('userName eq "nobody@example.com"')}`);
      expect(response.status).to.equal(200);
      expect(response.json).to.deep.equal({ schemas: [LIST_RESPONSE_URN], totalResults: 0, itemsPerPage: 0, startIndex: 1, Resources: [] });
    });

    it('accepts "+" for spaces (Okta 2018 encoding)', async () => {
      const response = await send(server, 'GET', '/Users?filter=userName+eq+%22bob%40example.com%22&startIndex=1&count=100');
      expect(response.json['totalResults']).to.equal(1);
    });

    it('answers 400 invalidFilter for a malformed filter', async () => {
      const response = await send(server, 'GET', `/Users?${filterQuery('userName eq')}`);
      expect(response.status).to.equal(400);
      expect(response.json).to.deep.include({ status: '400', scimType: 'invalidFilter' });
    });
  });

  describe('paging (RFC7644-3.4.2.4)', () => {
    const cases: readonly (readonly [string, number, number, readonly number[]])[] = [
      ['startIndex=1&count=2', 1, 2, [0, 1]],
      ['startIndex=3&count=2', 3, 2, [2, 3]],
      ['startIndex=5&count=2', 5, 1, [4]],
      ['startIndex=9&count=2', 9, 0, []],
      ['startIndex=0&count=2', 1, 2, [0, 1]],
      ['startIndex=-4&count=1', 1, 1, [0]],
      ['count=0', 1, 0, []],
      ['count=-3', 1, 0, []],
      ['startIndex=2', 2, 4, [1, 2, 3, 4]],
      ['STARTINDEX=2&COUNT=1', 2, 1, [1]],
    ];
    for (const [query, startIndex, itemsPerPage, indexes] of cases) {
      it(`${query} → startIndex ${startIndex}, itemsPerPage ${itemsPerPage}`, async () => {
        const response = await send(server, 'GET', `/Users?${query}`);
        expect(response.json).to.deep.include({ totalResults: 5, startIndex, itemsPerPage });
        expect(resourcesOf(response.json).map((user) => user['id'])).to.deep.equal(indexes.map((index) => ids[index]));
      });
    }

    it('answers 400 invalidValue for a non-integer count', async () => {
      const response = await send(server, 'GET', '/Users?count=ten');
      expect(response.status).to.equal(400);
      expect(response.json['scimType']).to.equal('invalidValue');
    });

    it('caps count at maxResults 200', async () => {
      const big = await startReferenceServer();
      try {
        for (let index = 0; index < 201; index += 1) await createUser(big, `u${index}@example.com`);
        const response = await send(big, 'GET', '/Users?count=1000');
        expect(response.json).to.deep.include({ totalResults: 201, itemsPerPage: 200 });
        const rest = await send(big, 'GET', '/Users?startIndex=201&count=100');
        expect(resourcesOf(rest.json).map((user) => user['userName'])).to.deep.equal(['u200@example.com']);
      } finally {
        await big.close();
      }
    });
  });

  describe('sorting (RFC7644-3.4.2.3)', () => {
    it('sortBy=userName ascending, case-insensitively, before paging', async () => {
      const response = await send(server, 'GET', '/Users?sortBy=userName&count=3');
      expect(resourcesOf(response.json).map((user) => user['userName'])).to.deep.equal(['Alice@Example.com', 'bob@example.com', 'carol@example.com']);
    });
    it('sortOrder=descending', async () => {
      const response = await send(server, 'GET', '/Users?sortBy=userName&sortOrder=descending&count=2');
      expect(resourcesOf(response.json).map((user) => user['userName'])).to.deep.equal(['eve@example.com', 'dave@example.com']);
    });
    it('answers 400 for an unknown sortOrder', async () => {
      expect((await send(server, 'GET', '/Users?sortBy=userName&sortOrder=up')).status).to.equal(400);
    });
  });

  it('applies attributes / excludedAttributes to every listed resource', async () => {
    const only = await send(server, 'GET', '/Users?attributes=userName&count=2');
    for (const user of resourcesOf(only.json)) expect(user).to.have.keys('schemas', 'id', 'userName');
    const without = await send(server, 'GET', '/Users?excludedAttributes=emails,name&count=2');
    for (const user of resourcesOf(without.json)) expect(user).to.not.have.any.keys('emails', 'name');
  });

  describe('POST .search (RFC7644-3.4.3)', () => {
    it('POST /Users/.search filters, sorts, pages and projects', async () => {
      const response = await send(server, 'POST', '/Users/.search', {
        body: { schemas: [SEARCH_REQUEST_URN], filter: 'title eq "Staff"', sortBy: 'userName', startIndex: 2, count: 2, attributes: ['userName'] },
      });
      expect(response.status).to.equal(200);
      expect(response.json).to.deep.include({ totalResults: 4, startIndex: 2, itemsPerPage: 2 });
      expect(resourcesOf(response.json).map((user) => user['userName'])).to.deep.equal(['carol@example.com', 'dave@example.com']);
    });
    it('POST /.search searches Users and Groups', async () => {
      await createGroup(server, 'Searchable');
      const response = await send(server, 'POST', '/.search', { body: { schemas: [SEARCH_REQUEST_URN], filter: 'displayName eq "searchable"' } });
      expect(response.json['totalResults']).to.equal(1);
      expect((resourcesOf(response.json)[0]?.['meta'] as Record<string, unknown>)['resourceType']).to.equal('Group');
    });
    it('answers 400 invalidSyntax without the SearchRequest schema', async () => {
      const response = await send(server, 'POST', '/Users/.search', { body: { filter: 'userName pr' } });
      expect(response.status).to.equal(400);
      expect(response.json['scimType']).to.equal('invalidSyntax');
    });
  });

  describe('/Roles (Okta entitlements)', () => {
    it('GET /Roles?count=1&startIndex=1 → itemsPerPage 1 with a non-empty Resources (Okta Entitlements test)', async () => {
      const response = await send(server, 'GET', '/Roles?count=1&startIndex=1');
      expect(response.status).to.equal(200);
      expect(response.json).to.deep.include({ schemas: [LIST_RESPONSE_URN], totalResults: 3, itemsPerPage: 1, startIndex: 1 });
      expect(resourcesOf(response.json)[0]).to.include.keys('id', 'displayName', 'schemas', 'meta');
    });
    it('pages, filters and reads by id', async () => {
      const page = await send(server, 'GET', '/Roles?startIndex=3&count=5');
      expect(resourcesOf(page.json).map((role) => role['id'])).to.deep.equal(['viewer']);
      const filtered = await send(server, 'GET', `/Roles?${filterQuery('displayName eq "editor"')}`);
      expect(resourcesOf(filtered.json).map((role) => role['id'])).to.deep.equal(['editor']);
      expect((await send(server, 'GET', '/Roles/admin')).json['displayName']).to.equal('Administrator');
      expect((await send(server, 'GET', '/Roles/root')).status).to.equal(404);
    });
  });
});
