/**
 * Resources are validated as they are when their keys are already spelled as their schemas
 * spell them (schema-validation.ts `isCanonical`), and through a renamed copy otherwise
 * (`canonical`, RFC7643-2.1: attribute names are case-insensitive). The fast path must say
 * "as it is" exactly when the copy would equal the resource, key order included.
 */
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'chai';
import fc from 'fast-check';
import { canonical, isCanonical } from '../../src/scim/schema-validation.js';
import { COMMON_ATTRIBUTES, ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from '../../src/scim/schemas.js';

const ATTRIBUTES = [...USER_SCHEMA.attributes, ...COMMON_ATTRIBUTES];
const EXTENSIONS = [ENTERPRISE_USER_SCHEMA];

/** `name` as written, or with its letter case changed. */
const spelled = (name: string): fc.Arbitrary<string> => fc.constantFrom(name, name, name, name.toUpperCase(), name.toLowerCase());

const user = fc.record({
  schemas: spelled('schemas'),
  userName: spelled('userName'),
  name: spelled('name'),
  givenName: spelled('givenName'),
  emails: spelled('emails'),
  value: spelled('value'),
  extension: spelled(ENTERPRISE_USER_SCHEMA.id),
  manager: spelled('manager'),
  unknown: fc.constantFrom('x-custom', '__proto__', 'Schemas2'),
  scalarName: fc.boolean(),
}).map((k) => JSON.parse(JSON.stringify({
  [k.schemas]: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  [k.userName]: 'bjensen',
  [k.name]: k.scalarName ? 'not an object' : { [k.givenName]: 'Barbara', familyName: 'Jensen' },
  [k.emails]: [{ [k.value]: 'b@example.com', primary: true }, 'not an object'],
  [k.extension]: { [k.manager]: { [k.value]: 'm-1' }, employeeNumber: '7' },
  [k.unknown]: { a: 1 },
})) as Record<string, unknown>);

describe('scim/schema-validation: resources validated as they are', () => {
  it('property: isCanonical holds exactly when the renamed copy equals the resource, key order included', () => {
    fc.assert(fc.property(user, (resource) => {
      const copy = canonical(resource, ATTRIBUTES, EXTENSIONS);
      const same = isDeepStrictEqual(copy, resource) && JSON.stringify(copy) === JSON.stringify(resource);
      expect(isCanonical(resource, ATTRIBUTES, EXTENSIONS)).to.equal(same);
    }), { numRuns: 2000 });
  });

  it('a resource spelled as its schemas is validated as it is; another spelling is not', () => {
    const asDefined = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'b', name: { givenName: 'B' }, emails: [{ value: 'b@example.com' }] };
    expect(isCanonical(asDefined, ATTRIBUTES, EXTENSIONS)).to.equal(true);
    expect(isCanonical({ ...asDefined, name: { GIVENNAME: 'B' } }, ATTRIBUTES, EXTENSIONS)).to.equal(false);
    expect(isCanonical({ ...asDefined, Schemas: [] }, ATTRIBUTES, EXTENSIONS)).to.equal(false);
    expect(isCanonical({ ...asDefined, [ENTERPRISE_USER_SCHEMA.id.toUpperCase()]: {} }, ATTRIBUTES, EXTENSIONS)).to.equal(false);
  });
});
