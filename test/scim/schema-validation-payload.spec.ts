/**
 * Schema-driven payloads (src/scim/schema-payload.ts): what a body gets from a target's schema —
 * required attributes filled by type, canonical values respected, the user template first,
 * extensions added to `schemas`, nothing the body has changed, no password or made-up resource
 * reference generated.
 */
import { expect } from 'chai';
import { completePayload, generatedValue } from '../../src/scim/schema-payload.js';
import type { AttributeDefinition, SchemaDefinition } from '../../src/scim/schemas.js';
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from '../../src/scim/schemas.js';
import { USER_SCHEMA_URN } from '../../src/scim/urns.js';

const attr = (name: string, type: AttributeDefinition['type'], extra: Partial<AttributeDefinition> = {}): AttributeDefinition => ({
  name, type, multiValued: false, description: '', required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none', ...extra,
});
const ACME = 'urn:example:acme:2.0:User';
const acme: SchemaDefinition = { id: ACME, name: 'Acme', description: '', attributes: [attr('costCenterCode', 'string', { required: true }), attr('badge', 'integer')] };
const core: SchemaDefinition = { ...USER_SCHEMA, attributes: USER_SCHEMA.attributes.filter((a) => a.name !== 'userName') };

describe('schema-driven payloads', () => {
  describe('generated values, by type', () => {
    const rows: readonly (readonly [AttributeDefinition, unknown])[] = [
      [attr('flag', 'boolean'), true],
      [attr('count', 'integer'), 1],
      [attr('ratio', 'decimal'), 1.5],
      [attr('since', 'dateTime'), '2026-01-01T00:00:00Z'],
      [attr('blob', 'binary'), 'c2NpbS1jb25mb3JtYW5jZQ=='],
      [attr('kind', 'string', { canonicalValues: ['employee', 'contractor'] }), 'employee'],
      [attr('kind', 'string', { canonicalValues: [] }), undefined],
      [attr('tags', 'string', { multiValued: true }), ['scim-conformance-tags-t1']],
      [attr('locale', 'string'), 'en-US'],
      [attr('manager', 'reference', { referenceTypes: ['User'] }), undefined],
      [attr('manager', 'reference', { referenceTypes: ['User'], required: true }), 'https://example.com/scim-conformance/t1'],
      [attr('site', 'reference', { referenceTypes: ['external'] }), 'https://example.com/scim-conformance/t1'],
    ];
    for (const [definition, expected] of rows) {
      it(`${definition.name} (${definition.type}${definition.canonicalValues ? `, canonical ${JSON.stringify(definition.canonicalValues)}` : ''}${definition.referenceTypes ? `, to ${definition.referenceTypes.join('/')}` : ''}${definition.required ? ', required' : ''}) → ${JSON.stringify(expected)}`, () => {
        expect(generatedValue(definition, 't1', true)).to.deep.equal(expected);
      });
    }
    it('an email address where the schema says emails.value', () => {
      const emails = USER_SCHEMA.attributes.find((a) => a.name === 'emails')!;
      expect(generatedValue(emails, 't1', true)).to.deep.equal([{ value: 'scim-conformance-t1@example.com', display: 'scim-conformance-display-t1', type: 'work', primary: true }]);
    });
  });

  it('required attributes of a required extension are filled and the extension is listed in schemas', () => {
    const { body, added } = completePayload({ schemas: [USER_SCHEMA_URN], userName: 'ada' }, core, [acme], { requiredExtensions: [ACME], token: 't1' });
    expect(body).to.deep.equal({ schemas: [USER_SCHEMA_URN, ACME], userName: 'ada', [ACME]: { costCenterCode: 'scim-conformance-costCenterCode-t1' } });
    expect(added).to.deep.equal([`${ACME}:costCenterCode`]);
  });

  it('nothing is added when nothing is required (the body is unchanged)', () => {
    const body = { schemas: [USER_SCHEMA_URN], userName: 'ada', title: 'x' };
    const completed = completePayload(body, core, [ENTERPRISE_USER_SCHEMA], { token: 't1' });
    expect(completed.added).to.deep.equal([]);
    expect(completed.body).to.deep.equal(body);
  });

  it('the user template fills what the body lacks, before generated values, and never overrides the body', () => {
    const { body } = completePayload(
      { schemas: [USER_SCHEMA_URN], userName: 'ada', locale: 'fr-FR' },
      core, [acme],
      { template: { locale: 'de-CH', title: 'Engineer', [ACME]: { costCenterCode: 'CC-4711' } }, token: 't1' },
    );
    expect(body).to.deep.equal({ schemas: [USER_SCHEMA_URN, ACME], userName: 'ada', locale: 'fr-FR', title: 'Engineer', [ACME]: { costCenterCode: 'CC-4711' } });
  });

  it('fillAll fills every writable attribute but never a password or a readOnly one', () => {
    const { body } = completePayload({ schemas: [USER_SCHEMA_URN], userName: 'ada' }, core, [ENTERPRISE_USER_SCHEMA], { fillAll: true, token: 't1' });
    expect(body).to.not.have.property('password');
    expect(body).to.not.have.property('groups');
    expect(body).to.include.keys('name', 'displayName', 'active', 'emails', 'addresses', 'x509Certificates');
    const enterprise = body[ENTERPRISE_USER_SCHEMA.id] as Record<string, unknown>;
    expect(enterprise).to.include.keys('employeeNumber', 'costCenter', 'department', 'manager');
    expect(enterprise['manager'], 'manager.$ref refers to a User and displayName is readOnly').to.deep.equal({ value: 'scim-conformance-value-t1' });
  });
});
