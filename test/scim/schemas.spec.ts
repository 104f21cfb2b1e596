import { expect } from 'chai';
import { buildErrorBody, scimError } from '../../src/scim/errors.js';
import { attributeDefinition, ALL_SCHEMAS, type AttributeDefinition } from '../../src/scim/schemas.js';
import { ENTERPRISE_USER_SCHEMA_URN, ERROR_URN, GROUP_SCHEMA_URN, USER_SCHEMA_URN } from '../../src/scim/urns.js';

describe('scim/schemas: attributeDefinition (RFC7643-8.7.1)', () => {
  const cases: readonly (readonly [string, string, Partial<AttributeDefinition> | undefined])[] = [
    [USER_SCHEMA_URN, 'userName', { type: 'string', required: true, caseExact: false, uniqueness: 'server' }],
    [USER_SCHEMA_URN, 'USERNAME', { name: 'userName' }],
    [USER_SCHEMA_URN, 'password', { mutability: 'writeOnly', returned: 'never' }],
    [USER_SCHEMA_URN, 'active', { type: 'boolean' }],
    [USER_SCHEMA_URN, 'emails', { type: 'complex', multiValued: true }],
    [USER_SCHEMA_URN, 'emails.value', { type: 'string', caseExact: false }],
    [USER_SCHEMA_URN, 'name.givenName', { type: 'string' }],
    [USER_SCHEMA_URN, 'groups', { mutability: 'readOnly' }],
    [USER_SCHEMA_URN, 'id', { caseExact: true, mutability: 'readOnly', returned: 'always' }],
    [USER_SCHEMA_URN, 'externalId', { caseExact: true }],
    [USER_SCHEMA_URN, 'meta.lastModified', { type: 'dateTime' }],
    [GROUP_SCHEMA_URN, 'members.value', { mutability: 'immutable' }],
    [GROUP_SCHEMA_URN, 'members.$ref', { type: 'reference', referenceTypes: ['User', 'Group'] }],
    [ENTERPRISE_USER_SCHEMA_URN, 'manager.value', { type: 'string' }],
    [ENTERPRISE_USER_SCHEMA_URN, 'manager.displayName', { mutability: 'readOnly' }],
    [ENTERPRISE_USER_SCHEMA_URN.toUpperCase(), 'employeeNumber', { type: 'string' }],
    [ENTERPRISE_USER_SCHEMA_URN, 'id', undefined],
    [USER_SCHEMA_URN, 'nope', undefined],
    [USER_SCHEMA_URN, 'name.givenName.x', undefined],
    ['urn:unknown', 'userName', undefined],
  ];
  for (const [urn, path, expected] of cases) {
    it(`${urn.split(':').slice(-1)[0] ?? urn} ${path}`, () => {
      const definition = attributeDefinition(urn, path);
      if (expected === undefined) expect(definition).to.equal(undefined);
      else expect(definition).to.deep.include(expected);
    });
  }

  it('every attribute carries every characteristic (no nulls in /Schemas)', () => {
    const check = (attribute: AttributeDefinition): void => {
      for (const key of ['name', 'type', 'multiValued', 'description', 'required', 'caseExact', 'mutability', 'returned', 'uniqueness'] as const) {
        expect(attribute[key], `${attribute.name}.${key}`).to.not.equal(undefined);
      }
      if (attribute.type === 'complex') expect(attribute.subAttributes, attribute.name).to.be.an('array').that.is.not.empty;
      attribute.subAttributes?.forEach(check);
    };
    for (const schema of ALL_SCHEMAS) schema.attributes.forEach(check);
  });
});

describe('scim/errors: buildErrorBody (RFC7644-3.12)', () => {
  it('has the Error URN, status as a string, scimType and detail', () => {
    expect(buildErrorBody(scimError(409, 'dup', 'uniqueness'))).to.deep.equal({
      schemas: [ERROR_URN],
      status: '409',
      scimType: 'uniqueness',
      detail: 'dup',
    });
  });
  it('omits scimType when there is none', () => {
    expect(buildErrorBody(scimError(404, 'gone'))).to.deep.equal({ schemas: [ERROR_URN], status: '404', detail: 'gone' });
  });
});
