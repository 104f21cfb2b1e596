import { expect } from 'chai';
import type { JsonObject } from '../../src/scim/json-value.js';
import { applyPatch, parsePatchRequest, type PatchResult } from '../../src/scim/patch.js';
import { GROUP_SCHEMA_SET, USER_SCHEMA_SET, type ResourceSchemaSet } from '../../src/scim/schemas.js';
import { ENTERPRISE_USER_SCHEMA_URN as ENTERPRISE, GROUP_SCHEMA_URN, PATCH_OP_URN, USER_SCHEMA_URN } from '../../src/scim/urns.js';

const user: JsonObject = {
  schemas: [USER_SCHEMA_URN, ENTERPRISE],
  id: 'u-1',
  userName: 'bjensen@example.com',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  title: 'Tour Guide',
  active: true,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  [ENTERPRISE]: { employeeNumber: '701984', manager: { value: 'mgr-1' } },
  meta: { resourceType: 'User', created: '2010-01-23T04:56:22Z', lastModified: '2011-05-13T04:42:34Z' },
};

const group: JsonObject = {
  schemas: [GROUP_SCHEMA_URN],
  id: 'g-1',
  displayName: 'Tour Guides',
  members: [
    { value: 'u1', display: 'one', type: 'User' },
    { value: 'u2', display: 'two', type: 'User' },
  ],
  meta: { resourceType: 'Group' },
};

type Operation = Readonly<Record<string, unknown>>;

function patch(resource: JsonObject, schemas: ResourceSchemaSet, ...operations: readonly Operation[]): PatchResult {
  return applyPatch(resource, { schemas: [PATCH_OP_URN], Operations: operations }, schemas);
}

function patched(result: PatchResult): JsonObject {
  if (result.kind !== 'patched') throw new Error(`expected success, got ${result.error.scimType}: ${result.error.detail}`);
  return result.resource;
}

interface SuccessCase {
  readonly title: string;
  readonly resource: JsonObject;
  readonly schemas: ResourceSchemaSet;
  readonly operations: readonly Operation[];
  /** Top-level attributes the result must have (deep-equal per key); undefined = absent. */
  readonly expected: Readonly<Record<string, unknown>>;
}

const successes: readonly SuccessCase[] = [
  {
    title: "Okta deactivate: path-less replace {active:false}",
    resource: user, schemas: USER_SCHEMA_SET,
    operations: [{ op: 'replace', value: { active: false } }],
    expected: { active: false },
  },
  {
    title: 'Okta reactivate: path-less replace {active:true}',
    resource: { ...user, active: false }, schemas: USER_SCHEMA_SET,
    operations: [{ op: 'replace', value: { active: true } }],
    expected: { active: true },
  },
  {
    title: 'Entra: "Replace" with path active and string "False"',
    resource: user, schemas: USER_SCHEMA_SET,
    operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    expected: { active: false },
  },
  {
    title: 'Entra: "Add" a single-valued attribute',
    resource: user, schemas: USER_SCHEMA_SET,
    operations: [{ op: 'Add', path: 'nickName', value: 'Babs' }],
    expected: { nickName: 'Babs', title: 'Tour Guide' },
  },
  {
    title: 'attribute names in paths are case-insensitive and stored canonically',
    resource: user, schemas: USER_SCHEMA_SET,
    operations: [{ op: 'replace', path: 'TITLE', value: 'Boss' }],
    expected: { title: 'Boss', TITLE: undefined },
  },
  {
    title: 'replace a sub-attribute keeps its siblings',
    resource: user, schemas: USER_SCHEMA_SET,
    operations: [{ op: 'replace', path: 'name.givenName', value: 'Babs' }],
    expected: { name: { givenName: 'Babs', familyName: 'Jensen' } },
  },
  {
    title: 'replace a complex attribute merges sub-attributes (RFC7644-3.5.2.3)',
    resource: user, schemas: USER_SCHEMA_SET,
    operations: [{ op: 'replace', path: 'name', value: { givenName: 'Babs' } }],
    expected: { name: { givenName: 'Babs', familyName: 'Jensen' } },
  },
  {
    title: 'replace emails[type eq "work"].value changes only that element',
    resource: user, schemas: USER_SCHEMA_SET,
    operations: [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'new@example.com' }],
    expected: {
      emails: [
        { value: 'new@example.com', type: 'work', primary: true },
        { value: 'babs@jensen.org', type: 'home' },
      ],
    },
  },
  {
    title: 'add emails[type eq "other"].value creates the element when none matches',
    resource: user, schemas: USER_SCHEMA_SET,
    operations: [{ op: 'add', path: 'emails[type eq "other"].value', value: 'o@example.com' }],
    expected: {
      emails: [
        { value: 'bjensen@example.com', type: 'work', primary: true },
        { value: 'babs@jensen.org', type: 'home' },
        { type: 'other', value: 'o@example.com' },
      ],
    },
  },
  {
    title: 'add to a multi-valued attribute appends; a new primary clears the old one',
    resource: user, schemas: USER_SCHEMA_SET,
    operations: [{ op: 'add', path: 'emails', value: [{ value: 'p@example.com', type: 'other', primary: true }] }],
    expected: {
      emails: [
        { value: 'bjensen@example.com', type: 'work', primary: false },
        { value: 'babs@jensen.org', type: 'home' },
        { value: 'p@example.com', type: 'other', primary: true },
      ],
    },
  },
  {
    title: 'replace a multi-valued attribute without filter replaces all values',
    resource: user, schemas: USER_SCHEMA_SET,
    operations: [{ op: 'replace', path: 'emails', value: [{ value: 'only@example.com', type: 'work' }] }],
    expected: { emails: [{ value: 'only@example.com', type: 'work' }] },
  },
  {
    title: 'remove with a value filter removes matching elements',
    resource: user, schemas: USER_SCHEMA_SET,
    operations: [{ op: 'remove', path: 'emails[type eq "home"]' }],
    expected: { emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }] },
  },
  {
    title: 'remove a sub-attribute of filtered elements',
    resource: user, schemas: USER_SCHEMA_SET,
    operations: [{ op: 'remove', path: 'emails[type eq "work"].primary' }],
    expected: { emails: [{ value: 'bjensen@example.com', type: 'work' }, { value: 'babs@jensen.org', type: 'home' }] },
  },
  {
    title: 'remove a whole multi-valued attribute',
    resource: user, schemas: USER_SCHEMA_SET,
    operations: [{ op: 'remove', path: 'emails' }],
    expected: { emails: undefined },
  },
  {
    title: 'remove a single-valued attribute',
    resource: user, schemas: USER_SCHEMA_SET,
    operations: [{ op: 'remove', path: 'title' }],
    expected: { title: undefined },
  },
  {
    title: 'replace with null unassigns (RFC7643-2.5)',
    resource: user, schemas: USER_SCHEMA_SET,
    operations: [{ op: 'replace', path: 'title', value: null }],
    expected: { title: undefined },
  },
  {
    title: 'Entra aadOptscim062020: path-less replace with dotted and URN keys',
    resource: user, schemas: USER_SCHEMA_SET,
    operations: [{ op: 'replace', value: { 'name.givenName': 'Babs', [`${ENTERPRISE}:employeeNumber`]: '42', displayName: 'Babs J' } }],
    expected: {
      name: { givenName: 'Babs', familyName: 'Jensen' },
      displayName: 'Babs J',
      [ENTERPRISE]: { employeeNumber: '42', manager: { value: 'mgr-1' } },
    },
  },
  {
    title: 'Entra: manager sent as a bare string becomes {value}',
    resource: user, schemas: USER_SCHEMA_SET,
    operations: [{ op: 'Replace', path: `${ENTERPRISE}:manager`, value: 'mgr-2' }],
    expected: { [ENTERPRISE]: { employeeNumber: '701984', manager: { value: 'mgr-2' } } },
  },
  {
    title: 'remove an extension attribute by URN path',
    resource: user, schemas: USER_SCHEMA_SET,
    operations: [{ op: 'remove', path: `${ENTERPRISE}:employeeNumber` }],
    expected: { [ENTERPRISE]: { manager: { value: 'mgr-1' } } },
  },
  {
    title: 'add with the extension URN as path merges into the extension',
    resource: user, schemas: USER_SCHEMA_SET,
    operations: [{ op: 'add', path: ENTERPRISE, value: { department: 'Tours' } }],
    expected: { [ENTERPRISE]: { employeeNumber: '701984', manager: { value: 'mgr-1' }, department: 'Tours' } },
  },
  {
    title: 'add to an absent extension creates it',
    resource: { ...user, [ENTERPRISE]: null }, schemas: USER_SCHEMA_SET,
    operations: [{ op: 'add', path: `${ENTERPRISE}:costCenter`, value: 'CC1' }],
    expected: { [ENTERPRISE]: { costCenter: 'CC1' } },
  },
  {
    title: 'path-less value: readOnly keys equal to the current value and unknown keys are ignored',
    resource: user, schemas: USER_SCHEMA_SET,
    operations: [{ op: 'replace', value: { id: 'u-1', meta: { resourceType: 'User' }, groups: [], favourite: 'x', title: 'Boss' } }],
    expected: { id: 'u-1', title: 'Boss', favourite: undefined },
  },
  {
    title: 'several operations apply in order',
    resource: user, schemas: USER_SCHEMA_SET,
    operations: [
      { op: 'replace', path: 'title', value: 'A' },
      { op: 'replace', path: 'title', value: 'B' },
      { op: 'remove', path: 'name.familyName' },
    ],
    expected: { title: 'B', name: { givenName: 'Barbara' } },
  },
  {
    title: 'Okta group rename: path-less replace {id, displayName}',
    resource: group, schemas: GROUP_SCHEMA_SET,
    operations: [{ op: 'replace', value: { id: 'g-1', displayName: 'Guides' } }],
    expected: { displayName: 'Guides', id: 'g-1' },
  },
  {
    title: 'Okta: add members',
    resource: group, schemas: GROUP_SCHEMA_SET,
    operations: [{ op: 'add', path: 'members', value: [{ value: 'u3', display: 'three' }] }],
    expected: {
      members: [
        { value: 'u1', display: 'one', type: 'User' },
        { value: 'u2', display: 'two', type: 'User' },
        { value: 'u3', display: 'three' },
      ],
    },
  },
  {
    title: 'adding an existing member does not duplicate it',
    resource: group, schemas: GROUP_SCHEMA_SET,
    operations: [{ op: 'add', path: 'members', value: [{ value: 'u1' }] }],
    expected: { members: group['members'] },
  },
  {
    title: 'Okta: remove members[value eq "u1"]',
    resource: group, schemas: GROUP_SCHEMA_SET,
    operations: [{ op: 'remove', path: 'members[value eq "u1"]' }],
    expected: { members: [{ value: 'u2', display: 'two', type: 'User' }] },
  },
  {
    title: 'Okta: replace members with the full list',
    resource: group, schemas: GROUP_SCHEMA_SET,
    operations: [{ op: 'replace', path: 'members', value: [{ value: 'u9' }] }],
    expected: { members: [{ value: 'u9' }] },
  },
  {
    title: 'Entra default: remove members with a value array',
    resource: group, schemas: GROUP_SCHEMA_SET,
    operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: 'u2' }] }],
    expected: { members: [{ value: 'u1', display: 'one', type: 'User' }] },
  },
  {
    title: 'Entra default: add members with $ref null',
    resource: { ...group, members: null }, schemas: GROUP_SCHEMA_SET,
    operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: 'u5' }] }],
    expected: { members: [{ value: 'u5' }] },
  },
  {
    title: 'removing the last member unassigns members',
    resource: { ...group, members: [{ value: 'u1' }] }, schemas: GROUP_SCHEMA_SET,
    operations: [{ op: 'remove', path: 'members[value eq "u1"]' }],
    expected: { members: undefined },
  },
];

describe('scim/patch: applyPatch', () => {
  for (const testCase of successes) {
    it(testCase.title, () => {
      const before = structuredClone(testCase.resource);
      const result = patched(patch(testCase.resource, testCase.schemas, ...testCase.operations));
      for (const [key, value] of Object.entries(testCase.expected)) {
        if (value === undefined) expect(result, key).not.to.have.property(key);
        else expect(result[key], key).to.deep.equal(value);
      }
      expect(testCase.resource, 'the input is not modified').to.deep.equal(before);
    });
  }

  it('reports changed: false for a no-op', () => {
    const result = patch(group, GROUP_SCHEMA_SET, { op: 'add', path: 'members', value: [{ value: 'u1' }] });
    expect(result.kind === 'patched' && result.changed).to.equal(false);
    const changing = patch(group, GROUP_SCHEMA_SET, { op: 'add', path: 'members', value: [{ value: 'u7' }] });
    expect(changing.kind === 'patched' && changing.changed).to.equal(true);
  });
});

interface FailureCase {
  readonly title: string;
  readonly resource: JsonObject;
  readonly schemas: ResourceSchemaSet;
  readonly body: unknown;
  readonly scimType: string;
}

const ops = (...operations: readonly Operation[]) => ({ schemas: [PATCH_OP_URN], Operations: operations });

const failures: readonly FailureCase[] = [
  { title: 'body not an object', resource: user, schemas: USER_SCHEMA_SET, body: [], scimType: 'invalidSyntax' },
  { title: 'missing PatchOp schema', resource: user, schemas: USER_SCHEMA_SET, body: { Operations: [{ op: 'add', path: 'title', value: 'x' }] }, scimType: 'invalidSyntax' },
  { title: 'empty Operations', resource: user, schemas: USER_SCHEMA_SET, body: ops(), scimType: 'invalidSyntax' },
  { title: 'unknown op "move"', resource: user, schemas: USER_SCHEMA_SET, body: ops({ op: 'move', path: 'title', value: 'x' }), scimType: 'invalidSyntax' },
  { title: 'remove without path → noTarget', resource: user, schemas: USER_SCHEMA_SET, body: ops({ op: 'remove' }), scimType: 'noTarget' },
  { title: 'add without value', resource: user, schemas: USER_SCHEMA_SET, body: ops({ op: 'add', path: 'title' }), scimType: 'invalidValue' },
  { title: 'path-less add with a non-object value', resource: user, schemas: USER_SCHEMA_SET, body: ops({ op: 'add', value: 'x' }), scimType: 'invalidValue' },
  { title: 'unknown attribute path', resource: user, schemas: USER_SCHEMA_SET, body: ops({ op: 'replace', path: 'favourite', value: 'x' }), scimType: 'invalidPath' },
  { title: 'unbalanced value filter', resource: user, schemas: USER_SCHEMA_SET, body: ops({ op: 'replace', path: 'emails[type eq "work"', value: 'x' }), scimType: 'invalidPath' },
  { title: 'invalid value filter', resource: user, schemas: USER_SCHEMA_SET, body: ops({ op: 'replace', path: 'emails[type xx "work"].value', value: 'x' }), scimType: 'invalidPath' },
  { title: 'unknown sub-attribute after a filter', resource: user, schemas: USER_SCHEMA_SET, body: ops({ op: 'replace', path: 'emails[type eq "work"].bogus', value: 'x' }), scimType: 'invalidPath' },
  { title: 'value filter on a single-valued attribute', resource: user, schemas: USER_SCHEMA_SET, body: ops({ op: 'replace', path: 'title[value eq "x"]', value: 'x' }), scimType: 'invalidPath' },
  { title: 'replace with a filter that matches nothing → noTarget', resource: user, schemas: USER_SCHEMA_SET, body: ops({ op: 'replace', path: 'emails[type eq "other"].value', value: 'x' }), scimType: 'noTarget' },
  { title: 'remove with a filter that matches nothing → noTarget', resource: group, schemas: GROUP_SCHEMA_SET, body: ops({ op: 'remove', path: 'members[value eq "zz"]' }), scimType: 'noTarget' },
  { title: 'replace id → mutability', resource: user, schemas: USER_SCHEMA_SET, body: ops({ op: 'replace', path: 'id', value: 'other' }), scimType: 'mutability' },
  { title: 'remove meta → mutability', resource: user, schemas: USER_SCHEMA_SET, body: ops({ op: 'remove', path: 'meta' }), scimType: 'mutability' },
  { title: 'replace meta.lastModified → mutability', resource: user, schemas: USER_SCHEMA_SET, body: ops({ op: 'replace', path: 'meta.lastModified', value: '2020-01-01T00:00:00Z' }), scimType: 'mutability' },
  { title: 'add groups (readOnly) → mutability', resource: user, schemas: USER_SCHEMA_SET, body: ops({ op: 'add', path: 'groups', value: [{ value: 'g' }] }), scimType: 'mutability' },
  { title: 'path-less value with a different id → mutability', resource: group, schemas: GROUP_SCHEMA_SET, body: ops({ op: 'replace', value: { id: 'other', displayName: 'x' } }), scimType: 'mutability' },
  { title: 'remove the required userName → mutability', resource: user, schemas: USER_SCHEMA_SET, body: ops({ op: 'remove', path: 'userName' }), scimType: 'mutability' },
  { title: 'replace an immutable member value → mutability', resource: group, schemas: GROUP_SCHEMA_SET, body: ops({ op: 'replace', path: 'members[value eq "u1"].value', value: 'u9' }), scimType: 'mutability' },
  { title: 'non-boolean string for active → invalidValue', resource: user, schemas: USER_SCHEMA_SET, body: ops({ op: 'replace', path: 'active', value: 'maybe' }), scimType: 'invalidValue' },
  { title: 'number for a string attribute → invalidValue', resource: user, schemas: USER_SCHEMA_SET, body: ops({ op: 'replace', path: 'title', value: 42 }), scimType: 'invalidValue' },
  { title: 'two primaries added at once → invalidValue', resource: user, schemas: USER_SCHEMA_SET, body: ops({ op: 'add', path: 'emails', value: [{ value: 'a@x', primary: true }, { value: 'b@x', primary: true }] }), scimType: 'invalidValue' },
];

describe('scim/patch: errors (RFC7644-3.5.2, RFC7644-3.12)', () => {
  for (const testCase of failures) {
    it(testCase.title, () => {
      const result = applyPatch(testCase.resource, testCase.body, testCase.schemas);
      expect(result.kind).to.equal('failed');
      if (result.kind === 'failed') {
        expect(result.error.status).to.equal(400);
        expect(result.error.scimType).to.equal(testCase.scimType);
        expect(result.error.detail).to.be.a('string').and.not.equal('');
      }
    });
  }

  it('is atomic: a later failing operation leaves nothing applied', () => {
    const before = structuredClone(user);
    const result = patch(user, USER_SCHEMA_SET, { op: 'replace', path: 'title', value: 'Changed' }, { op: 'replace', path: 'id', value: 'x' });
    expect(result.kind).to.equal('failed');
    expect(user).to.deep.equal(before);
  });
});

describe('scim/patch: parsePatchRequest', () => {
  it('lower-cases op names and keeps path and value', () => {
    const parsed = parsePatchRequest({ schemas: [PATCH_OP_URN], Operations: [{ op: 'REPLACE', path: 'title', value: 'x' }] });
    expect(parsed).to.deep.equal({ kind: 'parsed', operations: [{ op: 'replace', path: 'title', value: 'x' }] });
  });
  it('accepts "operations" in any case (attribute names are case-insensitive)', () => {
    const parsed = parsePatchRequest({ schemas: [PATCH_OP_URN], operations: [{ op: 'add', value: { title: 'x' } }] });
    expect(parsed.kind).to.equal('parsed');
  });
});
