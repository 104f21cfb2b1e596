import { expect } from 'chai';
import type { JsonObject } from '../../src/scim/json-value.js';
import { parseAttributeList, projectResource, type ProjectionRequest } from '../../src/scim/projection.js';
import { GROUP_SCHEMA_SET, USER_SCHEMA_SET } from '../../src/scim/schemas.js';
import { ENTERPRISE_USER_SCHEMA_URN as ENTERPRISE, USER_SCHEMA_URN } from '../../src/scim/urns.js';

const user: JsonObject = {
  schemas: [USER_SCHEMA_URN, ENTERPRISE],
  id: 'u-1',
  userName: 'a@example.com',
  name: { givenName: 'A', familyName: 'B' },
  password: 'secret',
  emails: [{ value: 'a@example.com', type: 'work', primary: true }],
  [ENTERPRISE]: { employeeNumber: '7', department: 'D' },
  meta: { resourceType: 'User', location: 'http://x/Users/u-1' },
};

describe('scim/projection: projectResource (RFC7643-7 returned, RFC7644-3.9)', () => {
  const cases: readonly (readonly [string, ProjectionRequest, readonly string[]])[] = [
    ['default: everything but password (returned never)', {}, ['schemas', 'id', 'userName', 'name', 'emails', ENTERPRISE, 'meta']],
    ['attributes=userName: plus always-returned id and schemas', { attributes: ['userName'] }, ['schemas', 'id', 'userName']],
    ['attributes names are case-insensitive', { attributes: ['USERNAME', 'Name'] }, ['schemas', 'id', 'userName', 'name']],
    ['attributes=password never returns it', { attributes: ['password'] }, ['schemas', 'id']],
    ['attributes=<extension URN>', { attributes: [ENTERPRISE] }, ['schemas', 'id', ENTERPRISE]],
    ['attributes=<URN-qualified core attribute>', { attributes: [`${USER_SCHEMA_URN}:userName`] }, ['schemas', 'id', 'userName']],
    ['excludedAttributes=emails,meta', { excludedAttributes: ['emails', 'meta'] }, ['schemas', 'id', 'userName', 'name', ENTERPRISE]],
    ['excludedAttributes cannot remove id (returned always)', { excludedAttributes: ['id', 'userName'] }, ['schemas', 'id', 'name', 'emails', ENTERPRISE, 'meta']],
  ];
  for (const [title, request, keys] of cases) {
    it(title, () => {
      expect(Object.keys(projectResource(user, USER_SCHEMA_SET, request))).to.have.members([...keys]);
    });
  }

  it('selects sub-attributes', () => {
    const projected = projectResource(user, USER_SCHEMA_SET, { attributes: ['name.givenName', 'emails.value', `${ENTERPRISE}:department`] });
    expect(projected['name']).to.deep.equal({ givenName: 'A' });
    expect(projected['emails']).to.deep.equal([{ value: 'a@example.com' }]);
    expect(projected[ENTERPRISE]).to.deep.equal({ department: 'D' });
  });

  it('excludes sub-attributes', () => {
    const projected = projectResource(user, USER_SCHEMA_SET, { excludedAttributes: ['emails.primary', 'name.familyName'] });
    expect(projected['emails']).to.deep.equal([{ value: 'a@example.com', type: 'work' }]);
    expect(projected['name']).to.deep.equal({ givenName: 'A' });
  });

  it('excludedAttributes=members on a Group (Entra)', () => {
    const group: JsonObject = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'g', displayName: 'G', members: [{ value: 'u' }] };
    expect(projectResource(group, GROUP_SCHEMA_SET, { excludedAttributes: ['members'] })).to.deep.equal({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      id: 'g',
      displayName: 'G',
    });
  });

  it('parseAttributeList splits on commas and trims', () => {
    expect(parseAttributeList(' userName, name.givenName ,,')).to.deep.equal(['userName', 'name.givenName']);
    expect(parseAttributeList('')).to.equal(undefined);
    expect(parseAttributeList(null)).to.equal(undefined);
  });
});
