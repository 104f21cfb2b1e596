import { expect } from 'chai';
import { compileScimFilter, compileValueFilter, equalityConstraints } from '../../src/scim/filter.js';
import type { JsonObject } from '../../src/scim/json-value.js';
import { findAttribute, GROUP_SCHEMA_SET, USER_SCHEMA, USER_SCHEMA_SET } from '../../src/scim/schemas.js';
import { ENTERPRISE_USER_SCHEMA_URN, USER_SCHEMA_URN } from '../../src/scim/urns.js';

const ID = '2819c223-7f76-453a-919d-413861904646';

const bjensen: JsonObject = {
  schemas: [USER_SCHEMA_URN, ENTERPRISE_USER_SCHEMA_URN],
  id: ID,
  externalId: 'Ext-701984',
  userName: 'BJensen@Example.com',
  name: { familyName: 'Jensen', givenName: 'Barbara' },
  displayName: 'Babs Jensen',
  title: 'Tour Guide',
  userType: 'Employee',
  active: true,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  [ENTERPRISE_USER_SCHEMA_URN]: { employeeNumber: '701984', manager: { value: 'mgr-1' } },
  meta: { resourceType: 'User', created: '2010-01-23T04:56:22Z', lastModified: '2011-05-13T04:42:34Z' },
};

describe('scim/filter: compileScimFilter on a User', () => {
  const cases: readonly (readonly [string, boolean])[] = [
    // caseExact false (RFC7643-4.1.1): userName and emails.value fold case
    ['userName eq "bjensen@example.com"', true],
    ['userName eq "BJENSEN@EXAMPLE.COM"', true],
    ['userName eq "other@example.com"', false],
    ['emails.value eq "BJENSEN@example.com"', true],
    // caseExact true (RFC7643-3.1): id and externalId do not
    [`id eq "${ID}"`, true],
    [`id eq "${ID.toUpperCase()}"`, false],
    ['externalId eq "Ext-701984"', true],
    ['externalId eq "ext-701984"', false],
    // attribute names are case-insensitive (RFC7643-2.1)
    ['USERNAME eq "bjensen@example.com"', true],
    ['username eq "bjensen@example.com"', true],
    ['Name.GivenName eq "barbara"', true],
    ['EMAILS.VALUE eq "babs@jensen.org"', true],
    // operators
    ['userName ne "other"', true],
    ['userName ne "bjensen@example.com"', false],
    ['nickName ne "x"', true],
    ['emails co "jensen.org"', true],
    ['emails eq "babs@jensen.org"', true],
    ['name.givenName sw "bar"', true],
    ['name.familyName ew "SEN"', true],
    ['name.familyName co "xyz"', false],
    ['title pr', true],
    ['nickName pr', false],
    ['nickName eq null', true],
    ['title eq null', false],
    ['userName gt "a"', true],
    ['userName lt "a"', false],
    ['userName ge "bjensen@example.com"', true],
    ['userName le "bjensen@example.com"', true],
    // booleans (and Entra's string booleans)
    ['active eq true', true],
    ['active eq false', false],
    ['active ne false', true],
    ['active eq "True"', true],
    // dateTime compares chronologically
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', false],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', true],
    ['meta.lastModified lt "2012-01-01T00:00:00Z"', true],
    ['meta.lastModified eq "2011-05-13T06:42:34+02:00"', true],
    ['meta.created gt "2009-12-31T23:59:59Z"', true],
    // value paths
    ['emails[type eq "work"]', true],
    ['emails[type eq "other"]', false],
    ['emails[type eq "work" and value co "@example.com"]', true],
    ['emails[type eq "home" and value co "@example.com"]', false],
    ['emails[TYPE eq "WORK"]', true],
    ['emails[not (type eq "work")]', true],
    ['emails[type eq "work"].value eq "bjensen@example.com"', true],
    ['emails[type eq "home"].value eq "bjensen@example.com"', false],
    ['emails[primary eq true].value co "example.com"', true],
    // logical operators and grouping
    ['userType eq "Employee" and (emails.type eq "work" or title sw "x")', true],
    ['title pr and userType eq "Intern"', false],
    ['userName eq "a" or userName sw "BJ"', true],
    ['not (userName eq "bjensen@example.com")', false],
    ['not (userName eq "x") and active eq true', true],
    ['userType eq "Intern" or (title pr and not (nickName pr))', true],
    // fully-qualified URN paths (RFC7644-3.10)
    [`${USER_SCHEMA_URN}:userName eq "bjensen@example.com"`, true],
    [`${USER_SCHEMA_URN}:name.givenName eq "Barbara"`, true],
    [`${ENTERPRISE_USER_SCHEMA_URN}:employeeNumber eq "701984"`, true],
    [`${ENTERPRISE_USER_SCHEMA_URN}:manager.value eq "mgr-1"`, true],
    [`${ENTERPRISE_USER_SCHEMA_URN}:manager eq "mgr-1"`, true],
    ['employeeNumber eq "701984"', true],
    // unknown attributes never match (and are not errors)
    ['favouriteColour eq "blue"', false],
    ['favouriteColour pr', false],
  ];
  for (const [filter, expected] of cases) {
    it(`${filter} → ${expected}`, () => {
      const compiled = compileScimFilter(filter, USER_SCHEMA_SET);
      if (compiled.kind !== 'compiled') throw new Error(compiled.error.detail);
      expect(compiled.matches(bjensen)).to.equal(expected);
    });
  }
});

describe('scim/filter: invalid filters are invalidFilter (RFC7644-3.4.2.2)', () => {
  const invalidFilters: readonly string[] = [
    '',
    'userName eq',
    'userName xx "a"',
    '(userName eq "a"',
    'userName eq "a" and',
    'emails[type eq "work"',
    'active gt true',
    'x509Certificates.value lt "a"',
    'userName gt null',
    'userName eq "unterminated',
  ];
  for (const filter of invalidFilters) {
    it(JSON.stringify(filter), () => {
      const compiled = compileScimFilter(filter, USER_SCHEMA_SET);
      expect(compiled.kind).to.equal('invalid');
      if (compiled.kind === 'invalid') {
        expect(compiled.error.status).to.equal(400);
        expect(compiled.error.scimType).to.equal('invalidFilter');
        expect(compiled.error.detail).to.be.a('string').and.not.equal('');
      }
    });
  }
});

describe('scim/filter: unknown attributes (a server that knows its schemas, RFC7644-3.12 Table 9)', () => {
  const unknown: readonly string[] = [
    'noSuchAttribute eq "x"',
    'userName eq "a" and nickNamez pr',
    'name.noSuchPart eq "x"',
    'emails[noSuchPart eq "x"]',
    'not (urn:example:unknown:2.0:User:thing eq "x")',
  ];
  for (const filter of unknown) {
    it(`${filter}: invalidFilter with unknownAttributes 'invalid', compiled (lenient) by default`, () => {
      const strict = compileScimFilter(filter, USER_SCHEMA_SET, { unknownAttributes: 'invalid' });
      expect(strict.kind).to.equal('invalid');
      if (strict.kind === 'invalid') expect(strict.error.scimType).to.equal('invalidFilter');
      expect(compileScimFilter(filter, USER_SCHEMA_SET).kind).to.equal('compiled');
    });
  }
  const known: readonly string[] = [
    'USERNAME eq "a"',
    'meta.created gt "2020-01-01T00:00:00Z"',
    'emails[type eq "work" and value co "@"]',
    'emails[type eq "work"].value eq "a@example.com"',
    `${ENTERPRISE_USER_SCHEMA_URN}:department eq "x"`,
    'externalId eq "x" or id eq "y"',
  ];
  for (const filter of known) {
    it(`${filter}: defined attributes compile with unknownAttributes 'invalid'`, () => {
      expect(compileScimFilter(filter, USER_SCHEMA_SET, { unknownAttributes: 'invalid' }).kind).to.equal('compiled');
    });
  }
});

describe('scim/filter: Groups', () => {
  const group: JsonObject = {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    id: 'g1',
    displayName: 'Tour Guides',
    members: [
      { value: 'u1', display: 'Babs', type: 'User' },
      { value: 'u2', display: 'Mandy', type: 'User' },
    ],
  };
  const cases: readonly (readonly [string, boolean])[] = [
    ['displayName eq "tour guides"', true],
    ['members[value eq "u2"]', true],
    ['members[value eq "u3"]', false],
    ['members.value eq "u1"', true],
    ['members eq "u1"', true],
    ['members[type eq "User" and display sw "man"]', true],
  ];
  for (const [filter, expected] of cases) {
    it(`${filter} → ${expected}`, () => {
      const compiled = compileScimFilter(filter, GROUP_SCHEMA_SET);
      if (compiled.kind !== 'compiled') throw new Error(compiled.error.detail);
      expect(compiled.matches(group)).to.equal(expected);
    });
  }
});

describe('scim/filter: compileValueFilter and equalityConstraints', () => {
  const emails = findAttribute(USER_SCHEMA.attributes, 'emails');
  it('selects elements of a multi-valued attribute by sub-attribute, case-insensitively', () => {
    if (emails === undefined) throw new Error('emails not defined');
    const compiled = compileValueFilter('type eq "WORK"', emails);
    if (compiled.kind !== 'compiled') throw new Error(compiled.error.detail);
    expect(compiled.matches({ type: 'work', value: 'a@b' })).to.equal(true);
    expect(compiled.matches({ type: 'home', value: 'a@b' })).to.equal(false);
  });
  it('rejects URN or dotted paths inside a value filter', () => {
    if (emails === undefined) throw new Error('emails not defined');
    expect(compileValueFilter('name.givenName eq "x"', emails).kind).to.equal('invalid');
  });
  const constraints: readonly (readonly [string, Readonly<Record<string, unknown>> | undefined])[] = [
    ['type eq "work"', { type: 'work' }],
    ['type eq "work" and primary eq true', { type: 'work', primary: true }],
    ['value eq "x"', { value: 'x' }],
    ['type co "w"', undefined],
    ['type eq "a" or type eq "b"', undefined],
    ['not (type eq "a")', undefined],
    ['bad filter (', undefined],
  ];
  for (const [filter, expected] of constraints) {
    it(`equalityConstraints(${filter})`, () => {
      expect(equalityConstraints(filter)).to.deep.equal(expected);
    });
  }
});
