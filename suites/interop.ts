/**
 * `interop`: the SCIM interoperability profile draft (draft-zollner-scim-interop-profile-01,
 * Okta, April 2026; summarised in shared/research/peers.md §2.14), for a service provider that
 * claims it. Only the profile's testable service-provider rules that go beyond RFC 7643/7644
 * are checked here (the RFC rules are the `rfc` profile's):
 * - /ServiceProviderConfig says `interopProfileConformant: true`;
 * - every ResourceType's `id` equals its `name`;
 * - `userName` is caseExact false, and uniqueness follows the same case rule as filtering;
 * - attributes and schema URIs the server does not define are refused with 400 invalidSyntax;
 * - every PATCH operation has a `path`; a path-less one is refused with 400 invalidSyntax;
 * - a filter on an undefined attribute is refused with 400 invalidFilter;
 * - DELETE deletes: the resource is gone (404), absent from queries, and its userName reusable.
 * The profile contradicts Okta (path-less PATCH, PUT updates) and Entra (path-less replace,
 * extra attributes), so these rules apply only under this profile (src/suite/profiles.ts).
 */
import type { Check, RequestStep, Suite } from '../src/model/suite.js';
import type { Probe } from './scim-step-kit.js';
import {
  deleteAction, json, LIST_RESPONSE_URN, patchOps, randomLetters, scimError, SPC_URN, status, statusIn, stepBuilder, USER_URN,
} from './scim-step-kit.js';

const step = stepBuilder('interop');
const REF = 'SCIM-INTEROP';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every resource type's id equals its name (the profile: "id" MUST equal "name"). */
const resourceTypeIdsAreNames: Probe = (ctx) => {
  const resources = isObject(ctx.json) && Array.isArray(ctx.json['Resources']) ? ctx.json['Resources'] : [];
  const differing = resources.filter((r) => !isObject(r) || r['id'] !== r['name']).map((r) => (isObject(r) ? { id: r['id'], name: r['name'] } : r));
  return [{ title: 'every resource type has id equal to name', ok: resources.length > 0 && differing.length === 0, expected: 'id == name on each', actual: differing.length ? differing : `${resources.length} type(s)` }];
};

/** In the User schema, userName says caseExact false (the profile: userName is case-insensitive). */
const userNameCaseInsensitive: Probe = (ctx) => {
  const resources = isObject(ctx.json) && Array.isArray(ctx.json['Resources']) ? ctx.json['Resources'] : [];
  const user = resources.find((r) => isObject(r) && String(r['id']).toLowerCase() === USER_URN.toLowerCase());
  const attributes = isObject(user) && Array.isArray(user['attributes']) ? user['attributes'] : [];
  const userName = attributes.find((a) => isObject(a) && String(a['name']).toLowerCase() === 'username');
  const caseExact: unknown = isObject(userName) ? userName['caseExact'] : undefined;
  const checks: Check[] = [{ title: 'userName is caseExact false in the User schema', ok: caseExact === false, expected: 'false', actual: caseExact ?? { missing: true } }];
  return checks;
};

const USER = (userName: string): Record<string, unknown> => ({
  schemas: [USER_URN], userName, name: { givenName: 'Interop', familyName: '{{familyName}}' }, active: true,
  emails: [{ value: userName, type: 'work', primary: true }],
});

const interopSteps: readonly RequestStep[] = [
  step({
    id: 'service-provider-config-declares-conformance',
    title: 'GET /ServiceProviderConfig says interopProfileConformant: true',
    requirement: 'SCIM interoperability profile: a service provider conforming to the profile advertises it with "interopProfileConformant": true in /ServiceProviderConfig.',
    fix: 'Add "interopProfileConformant": true to your /ServiceProviderConfig once the server follows the profile.',
    level: 'required', refs: [REF, 'RFC7643-5'], method: 'GET', path: '/ServiceProviderConfig',
    assertions: [status(200), json('schemas', 'has_value', SPC_URN), json('interopProfileConformant', 'equal', 'true')],
  }),
  step({
    id: 'resource-type-id-equals-name',
    title: 'GET /ResourceTypes: every resource type has id equal to its name',
    requirement: 'SCIM interoperability profile: a ResourceType\'s "id" equals its "name" (RFC 7643 §6 leaves id free).',
    fix: 'Give each resource type the id that is its name ("User", "Group").',
    level: 'required', refs: [REF, 'RFC7643-6'], method: 'GET', path: '/ResourceTypes',
    assertions: [status(200), json('schemas', 'has_value', LIST_RESPONSE_URN)],
    checks: [resourceTypeIdsAreNames],
  }),
  step({
    id: 'username-case-insensitive-in-schema',
    title: 'GET /Schemas: userName is caseExact false',
    requirement: 'SCIM interoperability profile: userName is matched case-insensitively, so the User schema says caseExact false for it, and filtering and uniqueness follow that rule.',
    fix: 'Declare userName with "caseExact": false and compare it case-insensitively in filters and in your uniqueness check.',
    level: 'required', refs: [REF, 'RFC7643-4.1.1'], method: 'GET', path: '/Schemas',
    assertions: [status(200)],
    checks: [userNameCaseInsensitive],
  }),
  step({
    id: 'create-user',
    title: 'POST /Users with defined attributes only: 201',
    requirement: 'RFC 7644 §3.3: a valid user is created with 201 (the resource the profile checks below).',
    fix: 'Create the user and answer 201 with its representation.',
    level: 'required', refs: ['RFC7644-3.3', REF], method: 'POST', path: '/Users',
    body: USER('{{userName}}'),
    assertions: [status(201), json('id', 'not_empty')],
    extractions: [{ name: 'userId', source: 'response_json', property: 'id' }],
  }),
  step({
    id: 'uniqueness-follows-filter-case-rule',
    title: 'A user whose userName differs only in case is refused with 409 uniqueness',
    requirement: 'SCIM interoperability profile: the case rules of filtering are the case rules of uniqueness; userName is case-insensitive, so a case variant conflicts: 409 with scimType "uniqueness".',
    fix: 'Check userName uniqueness case-insensitively (the same comparison your filter uses) and answer 409 "uniqueness".',
    level: 'required', refs: [REF, 'RFC7644-3.3', 'RFC7644-3.12'], method: 'POST', path: '/Users',
    body: USER('{{userNameUpper}}'),
    assertions: [...scimError(409), json('scimType', 'equal', 'uniqueness')],
    extractions: [{ name: 'caseVariantUserId', source: 'response_json', property: 'id', optional: true }],
  }),
  step({
    id: 'undefined-attribute-refused',
    title: 'POST /Users with an attribute the server does not define: 400 invalidSyntax',
    requirement: 'SCIM interoperability profile: a request naming an attribute the service provider does not define is refused with 400 and scimType "invalidSyntax" (never silently dropped).',
    fix: 'Validate request bodies against your /Schemas and refuse unknown attributes with 400 "invalidSyntax", naming the attribute in detail.',
    level: 'required', refs: [REF, 'RFC7644-3.12'], method: 'POST', path: '/Users',
    body: { ...USER('{{userName2}}'), scimConformanceUndefinedAttribute: 'x' },
    assertions: [...scimError(400), json('scimType', 'equal', 'invalidSyntax')],
    extractions: [{ name: 'undefinedAttributeUserId', source: 'response_json', property: 'id', optional: true }],
  }),
  step({
    id: 'undefined-schema-uri-refused',
    title: 'POST /Users listing a schema URI the server does not define: 400 invalidSyntax',
    requirement: 'SCIM interoperability profile: a request whose "schemas" names a URI the service provider does not define is refused with 400 and scimType "invalidSyntax".',
    fix: 'Refuse "schemas" values that are not among your /Schemas with 400 "invalidSyntax".',
    level: 'required', refs: [REF, 'RFC7644-3.12', 'RFC7643-3'], method: 'POST', path: '/Users',
    body: { ...USER('{{userName3}}'), schemas: [USER_URN, 'urn:example:scim-conformance:undefined:2.0:User'] },
    assertions: [...scimError(400), json('scimType', 'equal', 'invalidSyntax')],
    extractions: [{ name: 'undefinedSchemaUserId', source: 'response_json', property: 'id', optional: true }],
  }),
  step({
    id: 'patch-with-path-applies',
    title: 'PATCH replace with a path applies',
    requirement: 'SCIM interoperability profile: PATCH is mandatory for service providers; an operation with a "path" is applied (RFC 7644 §3.5.2.3), answered 200 or 204.',
    fix: 'Implement PATCH replace with a path.',
    level: 'required', refs: [REF, 'RFC7644-3.5.2.3'], method: 'PATCH', path: '/Users/{{userId}}',
    body: patchOps({ op: 'replace', path: 'displayName', value: 'Interop {{familyName}}' }),
    checks: [statusIn([200, 204])],
  }),
  step({
    id: 'pathless-patch-refused',
    title: 'PATCH without a path: 400 invalidSyntax',
    requirement: 'SCIM interoperability profile: every PATCH operation has a "path"; an operation without one is refused with 400 and scimType "invalidSyntax". (RFC 7644 §3.5.2 allows path-less operations and Okta and Entra send them: this rule applies only under the interop profile.)',
    fix: 'Refuse operations without "path" with 400 "invalidSyntax" when you claim the interop profile.',
    level: 'required', refs: [REF, 'RFC7644-3.5.2'], method: 'PATCH', path: '/Users/{{userId}}',
    body: patchOps({ op: 'replace', value: { displayName: 'Path-less {{familyName}}' } }),
    assertions: [...scimError(400), json('scimType', 'equal', 'invalidSyntax')],
  }),
  step({
    id: 'filter-undefined-attribute-refused',
    title: 'A filter on an undefined attribute: 400 invalidFilter',
    requirement: 'SCIM interoperability profile: a filter naming an attribute the service provider does not define is refused with 400 and scimType "invalidFilter" (never answered as an empty or full list).',
    fix: 'Resolve filter attribute paths against your schema and answer unknown ones with 400 "invalidFilter".',
    level: 'required', refs: [REF, 'RFC7644-3.4.2.2', 'RFC7644-3.12'], method: 'GET',
    path: '/Users?filter=scimConformanceUndefinedAttribute eq "x"',
    assertions: [...scimError(400), json('scimType', 'equal', 'invalidFilter')],
  }),
  step({
    id: 'delete-user',
    title: 'DELETE /Users/{id}: 204',
    requirement: 'SCIM interoperability profile: DELETE deletes (it does not deactivate); RFC 7644 §3.6: 204 No Content.',
    fix: 'Delete the resource on DELETE; use PATCH active=false for deactivation.',
    level: 'required', refs: [REF, 'RFC7644-3.6'], method: 'DELETE', path: '/Users/{{userId}}',
    assertions: [status(204)],
  }),
  step({
    id: 'deleted-user-absent-from-queries',
    title: 'The deleted user is absent from a userName query',
    requirement: 'SCIM interoperability profile: a deleted resource is absent from queries (and GET answers 404, RFC 7644 §3.6).',
    fix: 'Remove deleted resources from list and filter results, not only from GET by id.',
    level: 'required', refs: [REF, 'RFC7644-3.6'], method: 'GET', path: '/Users?filter=userName eq "{{userName}}"',
    readBack: true,
    assertions: [status(200), json('totalResults', 'equal_number', '0')],
  }),
  step({
    id: 'deleted-username-reusable',
    title: 'A new user may take the deleted user\'s userName: 201',
    requirement: 'SCIM interoperability profile: identifiers of deleted resources are reusable — a new user with the deleted userName is created.',
    fix: 'Free the userName (and externalId) when a user is deleted; do not keep tombstones that block re-creation.',
    level: 'required', refs: [REF, 'RFC7644-3.3'], method: 'POST', path: '/Users',
    body: USER('{{userName}}'),
    assertions: [status(201), json('id', 'not_empty')],
    extractions: [{ name: 'reusedUserId', source: 'response_json', property: 'id' }],
  }),
];

/** Random, namespaced test data for one run of the interop suite. */
function interopRandomData(random: () => number): Record<string, string> {
  const userName = `scim-conformance-${randomLetters(random, 8)}@example.com`;
  return {
    userName,
    userNameUpper: userName.toUpperCase(),
    userName2: `scim-conformance-${randomLetters(random, 8)}@example.com`,
    userName3: `scim-conformance-${randomLetters(random, 8)}@example.com`,
    familyName: `Tester${randomLetters(random, 6)}`,
  };
}

/** The `interop` suite: the SCIM interoperability profile draft's service-provider rules. */
export const interopSuite: Suite = {
  id: 'interop',
  name: 'SCIM interoperability profile (draft-zollner-scim-interop-profile)',
  description: 'Rules of the 2026 SCIM interoperability profile draft beyond RFC 7643/7644: declared conformance, ResourceType ids, case rules, refusal of undefined attributes, schema URIs and path-less PATCH, invalidFilter on undefined attributes, and real deletion.',
  source: { format: 'native' },
  client: 'interop',
  inputs: [
    { name: 'SCIMBaseURL', description: 'SCIM base URL (--scim-url)' },
    { name: 'auth', description: 'Authorization header value for the SCIM API (--scim-auth)', secret: true },
  ],
  initial: { kind: 'generate', generate: interopRandomData },
  steps: interopSteps,
  cleanup: [
    deleteAction('SCIM user {{userName}} ({{userId}}) created by interop/create-user: deleted', ['userId'], '/Users/{{userId}}'),
    deleteAction('case-variant SCIM user ({{caseVariantUserId}}) accepted by interop/uniqueness-follows-filter-case-rule: deleted', ['caseVariantUserId'], '/Users/{{caseVariantUserId}}'),
    deleteAction('SCIM user ({{undefinedAttributeUserId}}) accepted by interop/undefined-attribute-refused: deleted', ['undefinedAttributeUserId'], '/Users/{{undefinedAttributeUserId}}'),
    deleteAction('SCIM user ({{undefinedSchemaUserId}}) accepted by interop/undefined-schema-uri-refused: deleted', ['undefinedSchemaUserId'], '/Users/{{undefinedSchemaUserId}}'),
    deleteAction('SCIM user {{userName}} ({{reusedUserId}}) created by interop/deleted-username-reusable: deleted', ['reusedUserId'], '/Users/{{reusedUserId}}'),
  ],
};
