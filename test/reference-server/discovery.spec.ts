import { expect } from 'chai';
import { startReferenceServer, type ReferenceServer } from '../../src/reference-server/index.js';
import type { JsonObject } from '../../src/scim/json-value.js';
import {
  ENTERPRISE_USER_SCHEMA_URN,
  GROUP_SCHEMA_URN,
  LIST_RESPONSE_URN,
  OKTA_ROLE_SCHEMA_URN,
  RESOURCE_TYPE_SCHEMA_URN,
  SCHEMA_SCHEMA_URN,
  SERVICE_PROVIDER_CONFIG_SCHEMA_URN,
  USER_SCHEMA_URN,
} from '../../src/scim/urns.js';
import { send } from './scim-client.js';

const resourcesOf = (json: JsonObject): readonly JsonObject[] => json['Resources'] as readonly JsonObject[];

describe('reference-server: discovery (RFC7644-4)', () => {
  let server: ReferenceServer;
  before(async () => {
    server = await startReferenceServer({ port: 0 });
  });
  after(async () => {
    await server.close();
  });

  it('/ServiceProviderConfig advertises patch, sort, etag, filter maxResults 200, no bulk, bearer auth', async () => {
    const response = await send(server, 'GET', '/ServiceProviderConfig');
    expect(response.status).to.equal(200);
    expect(response.json).to.deep.include({
      schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA_URN],
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: 200 },
      sort: { supported: true },
      etag: { supported: true },
    });
    expect(response.json['authenticationSchemes']).to.be.an('array').with.length(1);
    expect((response.json['meta'] as Record<string, unknown>)['location']).to.equal(`${server.baseUrl}/ServiceProviderConfig`);
  });

  it('/Schemas lists User, EnterpriseUser, Group and Role as a ListResponse', async () => {
    const response = await send(server, 'GET', '/Schemas');
    expect(response.json).to.deep.include({ schemas: [LIST_RESPONSE_URN], totalResults: 4, itemsPerPage: 4, startIndex: 1 });
    expect(resourcesOf(response.json).map((schema) => schema['id'])).to.deep.equal([USER_SCHEMA_URN, ENTERPRISE_USER_SCHEMA_URN, GROUP_SCHEMA_URN, OKTA_ROLE_SCHEMA_URN]);
    for (const schema of resourcesOf(response.json)) expect(schema['schemas']).to.deep.equal([SCHEMA_SCHEMA_URN]);
    expect(response.text).to.not.contain('null');
  });

  it('/Schemas/{urn} describes userName, password and the Group displayName uniqueness', async () => {
    const user = await send(server, 'GET', `/Schemas/${USER_SCHEMA_URN}`);
    const attributes = user.json['attributes'] as readonly JsonObject[];
    expect(attributes.find((attribute) => attribute['name'] === 'userName')).to.deep.include({ required: true, caseExact: false, uniqueness: 'server' });
    expect(attributes.find((attribute) => attribute['name'] === 'password')).to.deep.include({ mutability: 'writeOnly', returned: 'never' });
    const group = await send(server, 'GET', `/Schemas/${GROUP_SCHEMA_URN}`);
    const displayName = (group.json['attributes'] as readonly JsonObject[]).find((attribute) => attribute['name'] === 'displayName');
    expect(displayName).to.deep.include({ uniqueness: 'server', required: true });
    expect((group.json['meta'] as Record<string, unknown>)).to.deep.equal({ resourceType: 'Schema', location: `${server.baseUrl}/Schemas/${GROUP_SCHEMA_URN}` });
  });

  it('/Schemas/{unknown} → 404', async () => {
    expect((await send(server, 'GET', '/Schemas/urn:nope')).status).to.equal(404);
  });

  it('/ResourceTypes lists User (with the enterprise extension), Group and Role', async () => {
    const response = await send(server, 'GET', '/ResourceTypes');
    expect(response.json['totalResults']).to.equal(3);
    const [user, group, role] = resourcesOf(response.json);
    expect(user).to.deep.include({
      schemas: [RESOURCE_TYPE_SCHEMA_URN],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      schema: USER_SCHEMA_URN,
      schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA_URN, required: false }],
    });
    expect(group).to.deep.include({ name: 'Group', endpoint: '/Groups', schema: GROUP_SCHEMA_URN });
    expect(role).to.deep.include({ name: 'Role', endpoint: '/Roles', schema: OKTA_ROLE_SCHEMA_URN });
  });

  it('/ResourceTypes/{name} and 404 for an unknown one', async () => {
    const group = await send(server, 'GET', '/ResourceTypes/Group');
    expect(group.json).to.deep.include({ id: 'Group', endpoint: '/Groups' });
    expect((group.json['meta'] as Record<string, unknown>)['resourceType']).to.equal('ResourceType');
    expect((await send(server, 'GET', '/ResourceTypes/Device')).status).to.equal(404);
  });
});
