import { expect } from 'chai';
import { normalizeResourceInput } from '../../src/scim/resource-input.js';
import { GROUP_SCHEMA_SET, USER_SCHEMA_SET } from '../../src/scim/schemas.js';
import { ENTERPRISE_USER_SCHEMA_URN as ENTERPRISE, GROUP_SCHEMA_URN, USER_SCHEMA_URN } from '../../src/scim/urns.js';

describe('scim/resource-input: normalizeResourceInput', () => {
  const valid = (input: unknown, schemas = USER_SCHEMA_SET) => {
    const result = normalizeResourceInput(input, schemas);
    if (result.kind !== 'valid') throw new Error(result.error.detail);
    return result.attributes;
  };

  it('canonicalises attribute names and drops readOnly, unknown and null attributes', () => {
    const attributes = valid({
      schemas: [USER_SCHEMA_URN],
      USERNAME: 'a@example.com',
      Name: { GIVENNAME: 'A' },
      id: 'client-id',
      meta: { resourceType: 'User' },
      groups: [],
      favourite: 'blue',
      title: null,
      emails: [],
    });
    expect(attributes).to.deep.equal({ userName: 'a@example.com', name: { givenName: 'A' } });
  });

  it('keeps externalId and writeOnly password; converts Entra string booleans', () => {
    const attributes = valid({ schemas: [USER_SCHEMA_URN], userName: 'a', externalId: 'X1', password: 'pw', active: 'False' });
    expect(attributes).to.deep.equal({ userName: 'a', externalId: 'X1', password: 'pw', active: false });
  });

  it('moves URN-qualified keys into their extension and wraps a bare manager id', () => {
    const attributes = valid({
      schemas: [USER_SCHEMA_URN, ENTERPRISE],
      userName: 'a',
      [`${USER_SCHEMA_URN}:title`]: 'Boss',
      [`${ENTERPRISE}:employeeNumber`]: '7',
      [ENTERPRISE]: { manager: 'm-1' },
    });
    expect(attributes).to.deep.equal({ userName: 'a', title: 'Boss', [ENTERPRISE]: { employeeNumber: '7', manager: { value: 'm-1' } } });
  });

  it('wraps a single value of a multi-valued attribute', () => {
    const attributes = valid({ schemas: [USER_SCHEMA_URN], userName: 'a', emails: { value: 'a@x' } });
    expect(attributes['emails']).to.deep.equal([{ value: 'a@x' }]);
  });

  const invalid: readonly (readonly [string, unknown, string])[] = [
    ['not an object', 'x', 'invalidSyntax'],
    ['no schemas', { userName: 'a' }, 'invalidSyntax'],
    ['schemas without the core URN', { schemas: [GROUP_SCHEMA_URN], userName: 'a' }, 'invalidSyntax'],
    ['no userName', { schemas: [USER_SCHEMA_URN], name: { givenName: 'A' } }, 'invalidValue'],
    ['empty userName', { schemas: [USER_SCHEMA_URN], userName: '' }, 'invalidValue'],
    ['userName not a string', { schemas: [USER_SCHEMA_URN], userName: 42 }, 'invalidValue'],
    ['active not a boolean', { schemas: [USER_SCHEMA_URN], userName: 'a', active: 'yes' }, 'invalidValue'],
    ['two primary emails', { schemas: [USER_SCHEMA_URN], userName: 'a', emails: [{ value: 'a', primary: true }, { value: 'b', primary: true }] }, 'invalidValue'],
    ['an array for a single-valued attribute', { schemas: [USER_SCHEMA_URN], userName: 'a', title: ['x'] }, 'invalidValue'],
    ['a string for name', { schemas: [USER_SCHEMA_URN], userName: 'a', name: 'A B' }, 'invalidValue'],
  ];
  for (const [title, input, scimType] of invalid) {
    it(`rejects ${title} with ${scimType}`, () => {
      const result = normalizeResourceInput(input, USER_SCHEMA_SET);
      expect(result.kind).to.equal('invalid');
      if (result.kind === 'invalid') {
        expect(result.error.status).to.equal(400);
        expect(result.error.scimType).to.equal(scimType);
      }
    });
  }

  it('requires a Group displayName (RFC7643-4.2)', () => {
    expect(normalizeResourceInput({ schemas: [GROUP_SCHEMA_URN], members: [] }, GROUP_SCHEMA_SET).kind).to.equal('invalid');
    expect(valid({ schemas: [GROUP_SCHEMA_URN], displayName: 'G', members: [{ value: 'u', $ref: null }] }, GROUP_SCHEMA_SET)).to.deep.equal({
      displayName: 'G',
      members: [{ value: 'u' }],
    });
  });
});
