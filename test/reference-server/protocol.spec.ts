import { expect } from 'chai';
import { startReferenceServer, type ReferenceServer } from '../../src/reference-server/index.js';
import { ERROR_URN } from '../../src/scim/urns.js';
import { createUser, send, uniqueUserName, userBody } from './scim-client.js';

describe('reference-server: protocol (auth, media types, errors, routing)', () => {
  let server: ReferenceServer;
  before(async () => {
    server = await startReferenceServer({ port: 0 });
  });
  after(async () => {
    await server.close();
  });

  describe('bearer authentication on every endpoint (RFC7644-2)', () => {
    const paths = ['/Users', '/Groups', '/Users/x', '/ServiceProviderConfig', '/Schemas', '/ResourceTypes', '/Roles', '/Me', '/nope'];
    for (const path of paths) {
      it(`GET ${path} without Authorization → 401 SCIM error`, async () => {
        const response = await send(server, 'GET', path, { authorization: null });
        expect(response.status).to.equal(401);
        expect(response.json).to.deep.include({ schemas: [ERROR_URN], status: '401' });
        expect(response.json['detail']).to.be.a('string').and.not.equal('');
        expect(response.headers.get('www-authenticate')).to.match(/^Bearer realm="/);
      });
    }
    const wrong: readonly (readonly [string, string])[] = [
      ['a wrong token', 'Bearer not-the-token'],
      ['Basic credentials', 'Basic cmVmZXJlbmNlLXRva2Vu'],
      ['the bare token', 'reference-token'],
    ];
    for (const [title, authorization] of wrong) {
      it(`rejects ${title} with 401 and error="invalid_token"`, async () => {
        const response = await send(server, 'GET', '/Users', { authorization });
        expect(response.status).to.equal(401);
        expect(response.headers.get('www-authenticate')).to.contain('error="invalid_token"');
      });
    }
    it('accepts the scheme in any case', async () => {
      expect((await send(server, 'GET', '/Users', { authorization: 'bearer reference-token' })).status).to.equal(200);
    });
    it('uses the configured token', async () => {
      const custom = await startReferenceServer({ token: 's3cret' });
      try {
        expect((await send(custom, 'GET', '/Users', { authorization: 'Bearer s3cret' })).status).to.equal(200);
        expect((await send(custom, 'GET', '/Users')).status).to.equal(401);
      } finally {
        await custom.close();
      }
    });
  });

  describe('media types (RFC7644-3.1, RFC7644-3.8)', () => {
    it('answers application/scim+json; charset=utf-8', async () => {
      const response = await send(server, 'GET', '/Users');
      expect(response.headers.get('content-type')).to.equal('application/scim+json; charset=utf-8');
    });
    const accepted = ['application/scim+json', 'application/scim+json; charset=utf-8', 'application/json', 'application/json;charset=UTF-8'];
    for (const contentType of accepted) {
      it(`accepts request bodies sent as ${contentType}`, async () => {
        const response = await send(server, 'POST', '/Users', { body: userBody(uniqueUserName()), contentType });
        expect(response.status).to.equal(201);
      });
    }
    it('answers 415 with a SCIM error for other media types', async () => {
      const response = await send(server, 'POST', '/Users', { body: userBody(uniqueUserName()), contentType: 'text/plain' });
      expect(response.status).to.equal(415);
      expect(response.json).to.deep.include({ schemas: [ERROR_URN], status: '415' });
    });
    it('answers 400 invalidSyntax for malformed JSON', async () => {
      const response = await send(server, 'POST', '/Users', { rawBody: '{"userName": ' });
      expect(response.status).to.equal(400);
      expect(response.json).to.deep.include({ status: '400', scimType: 'invalidSyntax' });
    });
    it('answers 400 invalidSyntax for JSON nested 100 000 levels deep, and keeps serving', async () => {
      const response = await send(server, 'POST', '/Users', { rawBody: `{"userName":"deep","name":${'['.repeat(100_000)}${']'.repeat(100_000)}}` });
      expect(response.status).to.equal(400);
      expect(response.json).to.deep.include({ status: '400', scimType: 'invalidSyntax' });
      expect((await send(server, 'GET', '/Users')).status).to.equal(200);
    });
    it('answers 400 invalidSyntax for an empty body', async () => {
      const response = await send(server, 'POST', '/Users', { rawBody: '' , contentType: 'application/scim+json' });
      expect(response.status).to.equal(400);
      expect(response.json['scimType']).to.equal('invalidSyntax');
    });
    it('ignores a Content-Type header on a body-less DELETE (Okta sends one)', async () => {
      const user = await createUser(server);
      const response = await send(server, 'DELETE', `/Users/${String(user['id'])}`, { headers: { 'Content-Type': 'text/plain' } });
      expect(response.status).to.equal(204);
    });
  });

  describe('routing', () => {
    it('answers 404 with a SCIM error for an unknown endpoint', async () => {
      for (const path of ['/nope', '/Users/a/b', '']) {
        const response = await send(server, 'GET', path);
        expect(response.status, path).to.equal(404);
        expect(response.json, path).to.deep.include({ schemas: [ERROR_URN], status: '404' });
        expect(response.json['detail'], path).to.be.a('string');
      }
    });
    it('answers 404 outside the base path', async () => {
      const response = await fetch(server.baseUrl.replace('/scim/v2', '/other/Users'), { headers: { Authorization: 'Bearer reference-token' } });
      expect(response.status).to.equal(404);
    });
    const wrongMethods: readonly (readonly [string, string, string])[] = [
      ['DELETE', '/Users', 'GET, POST'],
      ['PUT', '/Users', 'GET, POST'],
      ['POST', '/Users/some-id', 'GET, PUT, PATCH, DELETE'],
      ['POST', '/ServiceProviderConfig', 'GET'],
      ['DELETE', '/Schemas', 'GET'],
      ['POST', '/Roles', 'GET'],
      ['GET', '/.search', 'POST'],
    ];
    for (const [method, path, allow] of wrongMethods) {
      it(`${method} ${path} → 405 with Allow: ${allow}`, async () => {
        const response = await send(server, method, path);
        expect(response.status).to.equal(405);
        expect(response.headers.get('allow')).to.equal(allow);
        expect(response.json).to.deep.include({ schemas: [ERROR_URN], status: '405' });
      });
    }
    for (const path of ['/Me', '/Bulk']) {
      it(`${path} → 501 SCIM error`, async () => {
        const response = await send(server, 'GET', path);
        expect(response.status).to.equal(501);
        expect(response.json).to.deep.include({ schemas: [ERROR_URN], status: '501' });
      });
    }
    it('serves under a custom base path', async () => {
      const custom = await startReferenceServer({ basePath: '/api/scim/' });
      try {
        expect(custom.baseUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+\/api\/scim$/);
        expect((await send(custom, 'GET', '/Users')).status).to.equal(200);
      } finally {
        await custom.close();
      }
    });
  });

  describe('inspection API', () => {
    it('starts empty', async () => {
      const fresh = await startReferenceServer();
      try {
        expect(fresh.users()).to.deep.equal([]);
        expect(fresh.groups()).to.deep.equal([]);
        expect(fresh.requests).to.deep.equal([]);
        const list = await send(fresh, 'GET', '/Users');
        expect(list.json['totalResults']).to.equal(0);
      } finally {
        await fresh.close();
      }
    });

    it('records each request with method, path, query, lower-cased headers, body, time and status', async () => {
      const fresh = await startReferenceServer();
      try {
        const userName = uniqueUserName();
        await send(fresh, 'POST', '/Users?attributes=userName', { body: userBody(userName), headers: { 'User-Agent': 'Okta SCIM Client 1.0.0' } });
        await send(fresh, 'GET', '/Users?filter=userName%20eq%20%22x%22&startIndex=1&count=100', { authorization: null });
        const [post, get] = fresh.requests;
        expect(fresh.requests).to.have.length(2);
        expect(post).to.deep.include({ method: 'POST', path: '/scim/v2/Users', query: 'attributes=userName', status: 201 });
        expect(post?.headers['user-agent']).to.equal('Okta SCIM Client 1.0.0');
        expect(post?.headers['authorization']).to.equal('Bearer reference-token');
        expect(JSON.parse(post?.body ?? '{}')).to.deep.include({ userName });
        expect(Date.parse(post?.at ?? '')).to.be.a('number').and.not.NaN;
        expect(get).to.deep.include({ method: 'GET', query: 'filter=userName%20eq%20%22x%22&startIndex=1&count=100', body: '', status: 401 });
        fresh.clearRequests();
        expect(fresh.requests).to.deep.equal([]);
      } finally {
        await fresh.close();
      }
    });

    it('users() is a frozen snapshot of stored state, including writeOnly password', async () => {
      const fresh = await startReferenceServer();
      try {
        const userName = uniqueUserName();
        await createUser(fresh, userName);
        const [user] = fresh.users();
        expect(user).to.deep.include({ userName, password: '1mz050nq', active: true });
        expect(Object.isFrozen(user)).to.equal(true);
        expect(fresh.users()).to.not.equal(fresh.users());
      } finally {
        await fresh.close();
      }
    });

    it('rejects unknown defect names', async () => {
      let failure: unknown;
      try {
        await startReferenceServer({ defects: ['no-such-defect' as never] });
      } catch (error) {
        failure = error;
      }
      expect(failure).to.be.instanceOf(Error);
    });
  });
});
