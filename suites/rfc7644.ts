/**
 * `rfc7644`: the SCIM 2.0 protocol (RFC 7644) and the resource rules it relies on (RFC 7643),
 * checked end to end against one server: discovery, media type, create/read/replace/patch/
 * delete of Users and Groups, `attributes`/`excludedAttributes`, filtering, paging, sorting,
 * ETags and the error contract.
 *
 * Capability-aware (DESIGN.md core decision 9): steps that need PATCH, filtering, sorting or
 * ETags declare `requires`, so the engine's /ServiceProviderConfig discovery makes them `n/a`
 * when the server does not advertise the feature. Groups are not a /ServiceProviderConfig
 * feature: the suite reads /ResourceTypes itself, and a group step checks nothing when no Group
 * resource type is listed — it passes with a single "not applicable" check naming the reason
 * ("unknown", when /ResourceTypes cannot be read, is not "unsupported": the step checks as
 * usual). Steps that depend on a resource a gated step did not create are `skip`, naming that
 * step.
 *
 * Test data is namespaced (`scim-conformance-<8 letters>@example.com`, groups
 * `scim-conformance-<8 letters>`) and everything created — also a duplicate a broken server
 * accepted — is deleted by the cleanup actions. The suite uses the core User attributes
 * userName, name, emails, externalId, active, displayName and title; a server that does not
 * store one of them fails the checks that read it back.
 *
 */
import { stringForm } from '../src/assert/convert.js';
import type { Check, RequestStep, Suite, VerifyContext } from '../src/model/suite.js';
import {
  USER_URN,
  GROUP_URN,
  LIST_RESPONSE_URN,
  SPC_URN,
  SCIM_HEADERS,
  status,
  json,
  header,
  scimErrorEnvelope,
  errorStatusString,
  statusIn,
  integerAt,
  valueAt,
  equalAt,
  absentAt,
  holdsValue,
  whenBody,
  variableGate,
  stepBuilder,
  patchOps,
  deleteAction,
  randomLetters,
  unknownId,
  listedFlagScript,
  at,
  shown,
} from './scim-step-kit.js';
import type { Probe } from './scim-step-kit.js';

// ---------------------------------------------------------------------------------------------
// Discovery checks (RFC7643-5, RFC7643-6, RFC7643-7)
// ---------------------------------------------------------------------------------------------

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const SPC_FEATURES = ['patch', 'bulk', 'filter', 'changePassword', 'sort', 'etag'] as const;

/** RFC7643-5: every feature object carries a boolean `supported`; bulk and filter their limits. */
const serviceProviderConfigShape: Probe = (ctx) => {
  const body = isObject(ctx.json) ? ctx.json : {};
  const checks: Check[] = SPC_FEATURES.map((feature) => {
    const value = body[feature];
    return {
      title: `${feature}.supported is a JSON boolean`,
      ok: isObject(value) && typeof value['supported'] === 'boolean',
      expected: `{"supported": true|false, …}`,
      actual: value ?? { missing: true },
    };
  });
  const bulk = isObject(body['bulk']) ? body['bulk'] : {};
  const filter = isObject(body['filter']) ? body['filter'] : {};
  checks.push(
    { title: 'bulk.maxOperations is an integer', ok: Number.isInteger(bulk['maxOperations']), expected: 'an integer', actual: bulk['maxOperations'] ?? { missing: true } },
    { title: 'bulk.maxPayloadSize is an integer', ok: Number.isInteger(bulk['maxPayloadSize']), expected: 'an integer', actual: bulk['maxPayloadSize'] ?? { missing: true } },
    { title: 'filter.maxResults is an integer', ok: Number.isInteger(filter['maxResults']), expected: 'an integer', actual: filter['maxResults'] ?? { missing: true } },
    {
      title: 'authenticationSchemes is an array', ok: Array.isArray(body['authenticationSchemes']),
      expected: 'an array of {type, name, description}', actual: body['authenticationSchemes'] ?? { missing: true },
    },
  );
  return checks;
};

const ATTRIBUTE_TYPES = ['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'complex', 'binary'];
const MUTABILITY = ['readOnly', 'readWrite', 'immutable', 'writeOnly'];
const RETURNED = ['always', 'never', 'default', 'request'];
const UNIQUENESS = ['none', 'server', 'global'];

/** Problems in one schema's attribute definitions (RFC7643-7), as "where: what" strings. */
export function attributeProblems(attributes: unknown, where: string): string[] {
  if (!Array.isArray(attributes)) return [`${where}: attributes is not an array`];
  return attributes.flatMap((attribute, i): string[] => {
    const here = `${where}[${i}]`;
    if (!isObject(attribute)) return [`${here}: not an object`];
    const name = typeof attribute['name'] === 'string' ? attribute['name'] : undefined;
    const label = name ? `${where}.${name}` : here;
    const problems: string[] = [];
    if (!name) problems.push(`${here}: name is not a string`);
    if (!ATTRIBUTE_TYPES.includes(String(attribute['type']))) problems.push(`${label}: type ${JSON.stringify(attribute['type'])} is not an RFC 7643 type`);
    if (typeof attribute['multiValued'] !== 'boolean') problems.push(`${label}: multiValued is not a boolean`);
    const enumerated: readonly [string, readonly string[]][] = [['mutability', MUTABILITY], ['returned', RETURNED], ['uniqueness', UNIQUENESS]];
    for (const [key, allowed] of enumerated) {
      if (attribute[key] !== undefined && !allowed.includes(String(attribute[key]))) {
        problems.push(`${label}: ${key} ${JSON.stringify(attribute[key])} is not one of ${allowed.join(', ')}`);
      }
    }
    if (attribute['subAttributes'] !== undefined) problems.push(...attributeProblems(attribute['subAttributes'], label));
    return problems;
  });
}

/** At most this many ids, names or problems are shown in a check's actual value. */
export const SHOWN = 20;

/**
 * Walks a Resources array once, by index, allocating only for what is shown: a /Schemas or
 * /ResourceTypes answer of 10^6 elements costs a loop, not arrays of 10^6 values (issue 14).
 */
function shownList<T>(resources: readonly unknown[], pick: (r: unknown, i: number) => T | undefined): { readonly shown: T[]; readonly count: number } {
  const shown: T[] = [];
  let count = 0;
  for (let i = 0; i < resources.length; i += 1) {
    const v = pick(resources[i], i);
    if (v === undefined) continue;
    count += 1;
    if (shown.length < SHOWN) shown.push(v);
  }
  return { shown, count };
}

/** The shown values, and how many more there were. */
export const withRest = <T>(list: { readonly shown: T[]; readonly count: number }): (T | string)[] =>
  list.count > list.shown.length ? [...list.shown, `… and ${list.count - list.shown.length} more`] : list.shown;

/** Whether a /Schemas Resources array lists the core User schema (ids compared case-insensitively). */
export function userSchemaListed(list: readonly unknown[]): boolean {
  for (let i = 0; i < list.length; i += 1) {
    const r = list[i];
    if (isObject(r) && isUrn(r['id'], USER_URN)) return true;
  }
  return false;
}

/** `value` is the string `urn`, in any letter case (no string is made for other values). */
function isUrn(value: unknown, urn: string): boolean {
  return typeof value === 'string' && value.length === urn.length && value.toLowerCase() === urn.toLowerCase();
}

/** The ids of a /Schemas Resources array, the first {@link SHOWN} of them and how many more. */
export const schemaIdsShown = (list: readonly unknown[]): (string | number)[] => withRest(shownList(list, (r) => (isObject(r) ? String(r['id']) : '?')));

/** The attribute definition problems of every schema in a /Schemas Resources array: the first {@link SHOWN}, and how many in all. */
export function schemaProblems(list: readonly unknown[]): { readonly shown: string[]; readonly count: number } {
  const shown: string[] = [];
  let count = 0;
  for (let i = 0; i < list.length; i += 1) {
    const schema = list[i];
    if (!isObject(schema)) {
      count += 1;
      if (shown.length < SHOWN) shown.push(`Resources[${i}]: not an object`);
      continue;
    }
    if (!Array.isArray(schema['attributes'])) {
      count += 1;
      if (shown.length < SHOWN) shown.push(`${String(schema['id'] ?? `Resources[${i}]`)}: attributes is not an array`);
      continue;
    }
    const found = attributeProblems(schema['attributes'], String(schema['id'] ?? `Resources[${i}]`));
    count += found.length;
    for (const p of found) if (shown.length < SHOWN) shown.push(p);
  }
  return { shown, count };
}

/** RFC7644-4 + RFC7643-7: /Schemas is a ListResponse of schemas with well-formed attributes, the core User schema among them. */
export const schemasShape: Probe = (ctx) => {
  const body = isObject(ctx.json) ? ctx.json : {};
  const resources = Array.isArray(body['Resources']) ? body['Resources'] : undefined;
  const list = resources ?? [];
  const problems = schemaProblems(list);
  return [
    { title: 'Resources is a non-empty array of schemas', ok: list.length > 0, expected: 'a non-empty array', actual: resources === undefined ? { missing: true } : `${list.length} schema(s)` },
    { title: `the core User schema ${USER_URN} is listed`, ok: userSchemaListed(list), expected: USER_URN, actual: schemaIdsShown(list) },
    { title: 'every attribute definition has a name, an RFC 7643 type, a boolean multiValued and canonical characteristic values', ok: problems.count === 0, expected: 'no problems', actual: withRest(problems) },
  ];
};

/** RFC7643-6: /ResourceTypes lists the User type (endpoint, schema), every type with name, endpoint, schema. */
export const resourceTypesShape: Probe = (ctx) => {
  const body = isObject(ctx.json) ? ctx.json : {};
  const resources = Array.isArray(body['Resources']) ? body['Resources'] : [];
  const incomplete = shownList(resources, (r) => (!isObject(r) || typeof r['name'] !== 'string' || typeof r['endpoint'] !== 'string' || typeof r['schema'] !== 'string' ? r : undefined));
  let user = false;
  for (let i = 0; i < resources.length && !user; i += 1) {
    const r = resources[i];
    user = isObject(r) && isUrn(r['schema'], USER_URN);
  }
  const names = shownList(resources, (r) => (isObject(r) ? r['name'] : r));
  return [
    { title: 'every resource type has a name, an endpoint and a schema (strings)', ok: resources.length > 0 && incomplete.count === 0, expected: 'name, endpoint and schema on each', actual: incomplete.count ? withRest(incomplete) : `${resources.length} type(s)` },
    { title: `a resource type has schema ${USER_URN}`, ok: user, expected: 'the User resource type', actual: withRest(names) },
  ];
};

// ---------------------------------------------------------------------------------------------
// List checks (RFC7644-3.4.2, RFC7644-3.4.2.4)
// ---------------------------------------------------------------------------------------------

const resourcesOf = (ctx: VerifyContext): readonly unknown[] | undefined => {
  const r = isObject(ctx.json) ? ctx.json['Resources'] : undefined;
  return Array.isArray(r) ? r : undefined;
};

/** A page asked for with `count`: at most `count` resources, and itemsPerPage says how many. */
const pageOf = (count: number, startIndex: number): Probe => (ctx) => {
  const resources = resourcesOf(ctx);
  const body = isObject(ctx.json) ? ctx.json : {};
  return [
    { title: `Resources has at most ${count} element(s) (count=${count})`, ok: resources !== undefined && resources.length <= count, expected: `≤ ${count}`, actual: resources === undefined ? { missing: true } : resources.length },
    { title: `startIndex is ${startIndex}`, ok: body['startIndex'] === startIndex, expected: String(startIndex), actual: body['startIndex'] ?? { missing: true } },
    { title: 'itemsPerPage is the number of resources on the page', ok: resources !== undefined && body['itemsPerPage'] === resources.length, expected: String(resources?.length ?? '?'), actual: body['itemsPerPage'] ?? { missing: true } },
  ];
};

/** The two test users appear in descending userName order (compared case-insensitively, letters only). */
const sortedDescending: Probe = (ctx) => {
  const resources = resourcesOf(ctx) ?? [];
  const first = (ctx.vars('userName1') ?? '').toLowerCase();
  const second = (ctx.vars('userName2') ?? '').toLowerCase();
  let i = -1;
  let j = -1;
  for (let k = 0; k < resources.length && (i < 0 || j < 0); k += 1) {
    const r = resources[k];
    const name = isObject(r) ? String(r['userName'] ?? '').toLowerCase() : '';
    if (i < 0 && name === first) i = k;
    if (j < 0 && name === second) j = k;
  }
  if (i < 0 || j < 0) {
    return [{ title: 'both test users are on the first page (nothing to compare otherwise)', ok: true, expected: 'both listed', actual: 'not both on the first page', level: 'optional' }];
  }
  const [high, low] = first > second ? [i, j] : [j, i];
  return [{
    title: 'the test users are listed in descending userName order', ok: high < low,
    expected: `${first > second ? first : second} before ${first > second ? second : first}`, actual: i <= j ? [first, second] : [second, first],
  }];
};

/** `Location` is the same URI as `meta.location` (RFC7644-3.3). */
const locationMatchesMeta: Probe = (ctx) => {
  const location = ctx.headers['location'];
  const meta = at(ctx, 'meta.location');
  const norm = (s: string): string => s.replace(/\/+$/, '');
  return [{
    title: 'the Location header equals meta.location',
    ok: location !== undefined && meta.found && typeof meta.value === 'string' && norm(location) === norm(meta.value),
    expected: meta.found ? stringForm(meta.value) : 'meta.location', actual: location ?? { missing: true },
  }];
};

/** `ETag` equals `meta.version` (RFC7643-3.1: "must be the same as the entity-tag"). */
const etagMatchesVersion: Probe = (ctx) => {
  const etag = ctx.headers['etag'];
  const version = at(ctx, 'meta.version');
  return [
    { title: 'an ETag header is returned', ok: etag !== undefined && etag !== '', expected: 'an entity tag', actual: etag ?? { missing: true } },
    { title: 'meta.version equals the ETag header', ok: version.found && version.value === etag, expected: etag ?? '(the ETag)', actual: shown(version) },
  ];
};

/** No `password` anywhere at the top level, whatever its case (RFC7643-4.1.1, returned "never"). */
const noPassword: Probe = (ctx) => {
  const keys = isObject(ctx.json) ? Object.keys(ctx.json) : [];
  const leaked = keys.filter((k) => k.toLowerCase() === 'password');
  return [{ title: 'password is not returned', ok: ctx.json !== undefined && leaked.length === 0, expected: 'no "password" attribute', actual: leaked.length ? '(a password value — redacted here)' : 'absent' }];
};

/** The value of `key` in `object`, attribute names compared case-insensitively (RFC7643-2.1). */
const valueOf = (object: unknown, key: string): unknown => {
  if (!isObject(object)) return undefined;
  const found = Object.keys(object).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : object[found];
};

/** Where a sent value is not what the server returns: `path: sent → returned` (empty when it round-trips). */
function roundTripProblems(path: string, sent: unknown, returned: unknown): string[] {
  if (Array.isArray(sent)) {
    const items = Array.isArray(returned) ? returned : [];
    return sent.flatMap((element, i) => {
      if (!isObject(element)) return items.some((r) => r === element) ? [] : [`${path}[${i}]: ${JSON.stringify(element)} not returned`];
      // The returned element whose value (or, without one, whose first sub-attribute) matches.
      const key = 'value' in element ? 'value' : Object.keys(element)[0] ?? '';
      const match = items.find((r) => valueOf(r, key) === element[key]);
      return match === undefined ? [`${path}[${i}]: no element with ${key} ${JSON.stringify(element[key])} returned`] : roundTripProblems(`${path}[${i}]`, element, match);
    });
  }
  if (isObject(sent)) return Object.entries(sent).flatMap(([k, v]) => roundTripProblems(`${path}.${k}`, v, valueOf(returned, k)));
  return returned === sent ? [] : [`${path}: sent ${JSON.stringify(sent)}, returned ${returned === undefined ? 'nothing' : JSON.stringify(returned)}`];
}

/**
 * Every attribute of the schema-filled create (variable schemaPayloadSent, src/scim/schema-payload.ts)
 * comes back as sent: core, extension and custom attributes (RFC7643-2, RFC7644-3.3). One check per
 * attribute that does not.
 */
const schemaPayloadRoundTrips: Probe = (ctx) => {
  const text = ctx.vars('schemaPayloadSent');
  let sent: unknown;
  try {
    sent = text === undefined ? undefined : JSON.parse(text);
  } catch {
    sent = undefined;
  }
  if (!isObject(sent)) return [{ title: 'the schema-filled body sent on create is known', ok: false, expected: 'the body of rfc7644/user-create-with-every-schema-attribute', actual: { missing: true } }];
  const problems = Object.entries(sent)
    .filter(([k]) => !['schemas', 'password'].includes(k.toLowerCase()))
    .flatMap(([k, v]) => (k.includes(':') && isObject(v)
      ? Object.entries(v).flatMap(([inner, w]) => roundTripProblems(`${k}:${inner}`, w, valueOf(valueOf(ctx.json, k), inner)))
      : roundTripProblems(k, v, valueOf(ctx.json, k))));
  if (problems.length === 0) return [{ title: `every attribute sent (${Object.keys(sent).length} top-level) is returned as sent`, ok: true, expected: 'as sent', actual: 'as sent' }];
  return problems.map((p) => ({ title: `${p.split(':')[0] ?? p} round-trips`, ok: false, expected: 'the value sent on create', actual: p }));
};

// ---------------------------------------------------------------------------------------------
// The suite
// ---------------------------------------------------------------------------------------------

const step = stepBuilder('rfc7644');
const GROUPS = variableGate('groupsAdvertised', '/ResourceTypes lists no Group resource type, so the server offers no Groups');
const PATCH_STATUS = statusIn([200, 204]);

/** The first test user as the client knows it (no password: that is sent on create only). */
const USER_BODY = {
  schemas: [USER_URN],
  userName: '{{userName1}}',
  externalId: '{{externalId1}}',
  name: { givenName: '{{givenName}}', familyName: '{{familyName}}' },
  displayName: '{{givenName}} {{familyName}}',
  title: '{{title}}',
  emails: [{ value: '{{userName1}}', type: 'work', primary: true }],
  active: true,
};

const RFC7644_PATCH_FIX = 'Implement PATCH (RFC 7644 §3.5.2) or advertise "patch": {"supported": false} in /ServiceProviderConfig. Okta and Entra both send PATCH.';

const rfc7644Steps: readonly RequestStep[] = [
  // --- Discovery --------------------------------------------------------------------------------
  step({
    id: 'discovery-service-provider-config',
    title: 'GET /ServiceProviderConfig describes the supported features',
    requirement: 'RFC 7644 §4: GET /ServiceProviderConfig returns the "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig" resource. RFC 7643 §5: patch, bulk (with maxOperations, maxPayloadSize), filter (with maxResults), changePassword, sort and etag are REQUIRED complex attributes, each with a boolean "supported"; authenticationSchemes is REQUIRED.',
    fix: 'Serve GET /ServiceProviderConfig with every RFC 7643 §5 attribute, booleans as JSON booleans and limits as integers; say "supported": false for what you do not offer rather than omitting it.',
    level: 'required',
    refs: ['RFC7644-4', 'RFC7643-5'],
    method: 'GET',
    path: '/ServiceProviderConfig',
    assertions: [status(200), json('schemas', 'has_value', SPC_URN)],
    checks: [serviceProviderConfigShape],
  }),
  step({
    id: 'discovery-schemas',
    title: 'GET /Schemas lists well-formed schema definitions',
    requirement: 'RFC 7644 §4: GET /Schemas SHALL return all supported schemas in ListResponse format. RFC 7643 §7: each attribute definition has a name, a type (string, boolean, decimal, integer, dateTime, reference, complex, binary), multiValued, and mutability/returned/uniqueness from their canonical values; the core User schema is among them.',
    fix: 'Answer GET /Schemas with {"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":n,"Resources":[…schema resources…]} whose attribute definitions use the exact RFC 7643 §7 keys and camelCase values (readWrite, not ReadWrite).',
    level: 'required',
    refs: ['RFC7644-4', 'RFC7643-7', 'RFC7644-3.4.2'],
    method: 'GET',
    path: '/Schemas',
    assertions: [status(200), json('schemas', 'has_value', LIST_RESPONSE_URN)],
    checks: [schemasShape],
  }),
  step({
    id: 'discovery-schema-by-urn',
    title: 'GET /Schemas/{core User URN} returns that schema',
    requirement: 'RFC 7644 §4: individual schema definitions can be returned by appending the schema URI to the /Schemas endpoint, e.g. /Schemas/urn:ietf:params:scim:schemas:core:2.0:User.',
    fix: 'Route GET /Schemas/{id} to the schema whose id is the URN in the path.',
    level: 'recommended',
    refs: ['RFC7644-4'],
    method: 'GET',
    path: `/Schemas/${USER_URN}`,
    assertions: [status(200), json('id', 'equal', USER_URN)],
  }),
  step({
    id: 'discovery-resource-types',
    title: 'GET /ResourceTypes lists the resource types and their endpoints',
    requirement: 'RFC 7644 §4: GET /ResourceTypes SHALL return the supported resource types in ListResponse format. RFC 7643 §6: each has a name, an endpoint and a schema; the User type has schema urn:ietf:params:scim:schemas:core:2.0:User.',
    fix: 'Serve GET /ResourceTypes as a ListResponse of ResourceType resources, e.g. {"name":"User","endpoint":"/Users","schema":"urn:ietf:params:scim:schemas:core:2.0:User"}; list Group only if /Groups works.',
    level: 'required',
    refs: ['RFC7644-4', 'RFC7643-6'],
    method: 'GET',
    path: '/ResourceTypes',
    assertions: [status(200), json('schemas', 'has_value', LIST_RESPONSE_URN)],
    checks: [resourceTypesShape],
    scripts: [listedFlagScript('groupsAdvertised', 'schema', [GROUP_URN], 'rfc7644/discovery-resource-types: is a Group resource type listed?')],
  }),
  step({
    id: 'response-media-type-is-scim-json',
    title: 'Responses are labelled application/scim+json',
    requirement: 'RFC 7644 §3.8: service providers MUST support "Accept: application/scim+json"; §3.1 and §8.1: SCIM messages use the media type application/scim+json. A request that accepts only application/scim+json gets a response with Content-Type application/scim+json.',
    fix: 'Send "Content-Type: application/scim+json; charset=utf-8" on every SCIM response body (most frameworks default to application/json; override it globally). Microsoft\'s validator aborts on application/json.',
    level: 'required',
    refs: ['RFC7644-3.8', 'RFC7644-3.1', 'RFC7644-8.1'],
    method: 'GET',
    path: '/Users?startIndex=1&count=1',
    assertions: [status(200), header('Content-Type', 'contains', 'application/scim+json')],
  }),
  step({
    id: 'request-without-credentials-returns-401',
    title: 'A request without credentials is refused with 401',
    requirement: 'RFC 7644 §3.12: 401 Unauthorized — "Authorization failure. The authorization header is invalid or missing." The body is a SCIM Error with "status": "401".',
    fix: 'Authenticate every SCIM request (RFC 7644 §2) and answer a missing or bad Authorization header with 401 and {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"401","detail":"…"}.',
    level: 'required',
    refs: ['RFC7644-3.12', 'RFC7644-2'],
    method: 'GET',
    path: '/Users?startIndex=1&count=1',
    headers: [['Accept', 'application/scim+json']],
    assertions: scimErrorEnvelope(401),
    checks: [errorStatusString(401)],
  }),

  // --- Users: create and read -------------------------------------------------------------------
  step({
    id: 'user-create-returns-201',
    title: 'POST /Users creates the user: 201, Location, meta',
    requirement: 'RFC 7644 §3.3: on success the response SHALL be 201 Created; the URI of the created resource SHALL be in the Location header and in the body as meta.location. RFC 7643 §3.1: the server assigns id; meta carries resourceType, created and lastModified.',
    fix: 'Answer POST /Users with 201, a "Location: <absolute URI of the user>" header equal to meta.location, and the stored representation (id, schemas, userName, meta.resourceType "User", meta.created, meta.lastModified).',
    level: 'required',
    refs: ['RFC7644-3.3', 'RFC7643-3.1', 'RFC7643-4.1'],
    method: 'POST',
    path: '/Users',
    body: { ...USER_BODY, password: '{{userPassword}}' },
    assertions: [
      status(201),
      json('id', 'not_empty'),
      json('schemas', 'has_value', USER_URN),
      json('userName', 'equal', '{{userName1}}'),
      header('Location', 'not_empty'),
      json('meta.location', 'not_empty'),
      json('meta.resourceType', 'equal', 'User', 'recommended'),
      json('meta.created', 'not_empty', null, 'recommended'),
      json('meta.lastModified', 'not_empty', null, 'recommended'),
    ],
    checks: [locationMatchesMeta],
    extractions: [{ name: 'userId', source: 'response_json', property: 'id' }],
  }),
  step({
    id: 'user-create-second',
    title: 'POST /Users creates a second user (for filtering, paging, sorting and group membership)',
    requirement: 'RFC 7644 §3.3: POST /Users creates the user and answers 201 Created.',
    fix: 'See rfc7644/user-create-returns-201.',
    level: 'required',
    refs: ['RFC7644-3.3'],
    method: 'POST',
    path: '/Users',
    body: {
      schemas: [USER_URN], userName: '{{userName2}}', name: { givenName: '{{givenName}}', familyName: '{{familyName}}' },
      emails: [{ value: '{{userName2}}', type: 'work', primary: true }], active: true,
    },
    assertions: [status(201), json('id', 'not_empty')],
    extractions: [{ name: 'user2Id', source: 'response_json', property: 'id' }],
  }),
  step({
    id: 'user-get-by-id',
    title: 'GET /Users/{id} returns the user as created',
    requirement: 'RFC 7644 §3.4.1: GET on the resource URI returns the resource (200). The values the client sent are returned as stored: userName, externalId, name, displayName, title, emails.',
    fix: 'Store and return the attributes sent on create unchanged (RFC 7643 §4.1); GET /Users/{id} answers 200 with them.',
    level: 'required',
    refs: ['RFC7644-3.4.1', 'RFC7643-4.1'],
    method: 'GET',
    path: '/Users/{{userId}}',
    readBack: true,
    assertions: [
      status(200),
      json('id', 'equal', '{{userId}}'),
      json('userName', 'equal', '{{userName1}}'),
      json('externalId', 'equal', '{{externalId1}}'),
      json('name.familyName', 'equal', '{{familyName}}'),
      json('displayName', 'equal', '{{givenName}} {{familyName}}'),
      json('title', 'equal', '{{title}}'),
      json('emails[0].value', 'equal', '{{userName1}}'),
    ],
  }),
  {
    ...step({
      id: 'user-create-with-every-schema-attribute',
      title: 'POST /Users with every writable attribute the server\'s /Schemas defines (core, extensions, custom)',
      requirement: 'RFC 7643 §2 and §7: the attributes a service provider defines in /Schemas, extension schemas included (RFC 7643 §3.3), are what clients may send; RFC 7644 §3.3: a valid resource is created with 201. The body is built from the server\'s own /Schemas: every writable attribute gets a value of its type (the first canonical value where it lists some; --user-template gives values only you know).',
      fix: 'Accept every attribute your /Schemas declares writable, in the type it declares; if a value we generate is not acceptable (a format rule /Schemas cannot express), give one with --user-template, or describe the attribute accurately in /Schemas.',
      level: 'recommended',
      refs: ['RFC7643-2', 'RFC7643-7', 'RFC7643-3.3', 'RFC7644-3.3'],
      method: 'POST',
      path: '/Users',
      body: { schemas: [USER_URN], userName: '{{userName3}}' },
      assertions: [status(201), json('id', 'not_empty')],
      extractions: [{ name: 'schemaUserId', source: 'response_json', property: 'id', optional: true }],
    }),
    schemaPayload: 'all',
  },
  step({
    id: 'user-every-schema-attribute-read-back',
    title: 'GET returns every attribute of that user as sent',
    requirement: 'RFC 7644 §3.3 and §3.4.1: the created resource holds the values the client sent; RFC 7643 §3.3: extension attributes are returned in their extension object. Values a server cannot store as sent are a write-read mismatch clients cannot see.',
    fix: 'Persist every attribute you accept, extension and custom ones included, and return them unchanged (attribute names may change case, values must not).',
    level: 'recommended',
    refs: ['RFC7644-3.3', 'RFC7644-3.4.1', 'RFC7643-3.3'],
    method: 'GET',
    path: '/Users/{{schemaUserId}}',
    readBack: true,
    assertions: [status(200)],
    checks: [schemaPayloadRoundTrips],
  }),
  step({
    id: 'user-password-never-returned',
    title: 'The password is never returned',
    requirement: 'RFC 7643 §4.1.1 and §7: "password" has returned "never" — it is writeOnly and MUST NOT appear in any response, even after it was set on create.',
    fix: 'Drop "password" from every User representation you serialise (GET, list, POST/PUT/PATCH responses). Okta copies a GET into its next PUT, so a returned hash would be sent back as the new password.',
    level: 'required',
    refs: ['RFC7643-4.1.1', 'RFC7643-7'],
    method: 'GET',
    path: '/Users/{{userId}}',
    assertions: [status(200)],
    checks: [noPassword],
  }),
  step({
    id: 'user-etag-matches-meta-version',
    title: 'With ETags advertised, GET returns an ETag equal to meta.version',
    requirement: 'RFC 7644 §3.14: a service provider that supports ETags returns the resource version in the ETag header. RFC 7643 §3.1: meta.version "must be the same as the entity-tag (ETag) HTTP response header".',
    fix: 'Return "ETag: W/\\"<version>\\"" on resource responses and the same string in meta.version, or advertise "etag": {"supported": false}.',
    level: 'required',
    refs: ['RFC7644-3.14', 'RFC7643-3.1'],
    method: 'GET',
    path: '/Users/{{userId}}',
    requires: ['etag'],
    assertions: [status(200)],
    checks: [etagMatchesVersion],
    extractions: [{ name: 'userEtag', source: 'response_headers', property: 'ETag', optional: true }],
  }),
  step({
    id: 'user-if-none-match-returns-304',
    title: 'GET with If-None-Match of the current ETag answers 304',
    requirement: 'RFC 7644 §3.14: a client MAY supply If-None-Match with the entity tag it holds; when the resource is unchanged the service provider answers 304 Not Modified.',
    fix: 'Compare If-None-Match with the current entity tag (weak comparison) and answer 304 without a body when it matches.',
    level: 'recommended',
    refs: ['RFC7644-3.14'],
    method: 'GET',
    path: '/Users/{{userId}}',
    headers: [...SCIM_HEADERS, ['If-None-Match', '{{userEtag}}']],
    requires: ['etag'],
    assertions: [status(304)],
  }),
  step({
    id: 'user-attributes-parameter',
    title: '?attributes=userName returns only userName and the "always" attributes',
    requirement: 'RFC 7644 §3.4.2.5 and §3.9: "attributes" and "excludedAttributes" are OPTIONAL for clients but "MUST be supported by SCIM service providers"; "attributes" overrides the default set, so only the listed attributes (and those returned "always", such as id) come back.',
    fix: 'Project responses on the "attributes" query parameter (RFC 7644 §3.9): keep id, schemas and the listed attributes; drop the rest.',
    level: 'required',
    refs: ['RFC7644-3.4.2.5', 'RFC7644-3.9', 'RFC7643-7'],
    method: 'GET',
    path: '/Users/{{userId}}?attributes=userName',
    assertions: [status(200), json('id', 'equal', '{{userId}}'), json('userName', 'equal', '{{userName1}}')],
    checks: [absentAt('name'), absentAt('emails'), absentAt('title'), absentAt('externalId')],
  }),
  step({
    id: 'user-excluded-attributes-parameter',
    title: '?excludedAttributes=name,emails removes those attributes',
    requirement: 'RFC 7644 §3.4.2.5 and §3.9: "excludedAttributes" (which service providers MUST support) removes the listed attributes from the default set; other attributes are still returned.',
    fix: 'Remove the attributes named in "excludedAttributes" from the response (never those returned "always", such as id). Entra sends excludedAttributes=members on every group lookup.',
    level: 'required',
    refs: ['RFC7644-3.4.2.5', 'RFC7644-3.9'],
    method: 'GET',
    path: '/Users/{{userId}}?excludedAttributes=name,emails',
    assertions: [status(200), json('id', 'equal', '{{userId}}'), json('userName', 'equal', '{{userName1}}')],
    checks: [absentAt('name'), absentAt('emails')],
  }),
  step({
    id: 'user-filter-by-username',
    title: 'filter=userName eq "…" finds exactly the user',
    requirement: 'RFC 7644 §3.4.2.2: when a filter is specified, only the resources matching it SHALL be returned, in a ListResponse with totalResults (RFC 7644 §3.4.2).',
    fix: 'Evaluate `userName eq "<value>"` filters (case-insensitively: userName has caseExact false) and answer a ListResponse with the match.',
    level: 'required',
    refs: ['RFC7644-3.4.2.2', 'RFC7644-3.4.2'],
    method: 'GET',
    path: '/Users?filter=userName eq "{{userName1}}"',
    requires: ['filter'],
    readBack: true,
    assertions: [status(200), json('schemas', 'has_value', LIST_RESPONSE_URN), json('totalResults', 'equal_number', '1'), json('Resources[0].id', 'equal', '{{userId}}')],
  }),
  step({
    id: 'list-invalid-filter-returns-400',
    title: 'An unparsable filter is answered with 400 invalidFilter',
    requirement: 'RFC 7644 §3.4.2.2 and §3.12 (Table 9): a filter whose syntax is invalid is a client error — 400 Bad Request with scimType "invalidFilter" — not a server failure.',
    fix: 'Parse filters before evaluating them and turn parse errors into 400 {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"invalidFilter","detail":"…"}; never let them reach a 500.',
    level: 'required',
    refs: ['RFC7644-3.4.2.2', 'RFC7644-3.12'],
    method: 'GET',
    path: '/Users?filter=userName zz "{{userName1}}"',
    requires: ['filter'],
    assertions: [...scimErrorEnvelope(400), json('scimType', 'equal', 'invalidFilter', 'recommended')],
    checks: [errorStatusString(400)],
  }),
  step({
    id: 'user-duplicate-username-returns-409',
    title: 'A second user with the same userName is refused with 409 uniqueness',
    requirement: 'RFC 7644 §3.3: if the new resource conflicts with an existing one (e.g. a User with a duplicate userName), the service provider MUST return 409 Conflict with scimType "uniqueness" (RFC 7644 §3.12).',
    fix: 'Enforce userName uniqueness case-insensitively (RFC 7643 §4.1.1: uniqueness "server", caseExact false) and answer 409 with "scimType": "uniqueness".',
    level: 'required',
    refs: ['RFC7644-3.3', 'RFC7644-3.12', 'RFC7643-4.1.1'],
    method: 'POST',
    path: '/Users',
    body: { schemas: [USER_URN], userName: '{{userName1}}', name: { givenName: '{{givenName}}', familyName: '{{familyName}}' }, active: true },
    assertions: [...scimErrorEnvelope(409), json('scimType', 'equal', 'uniqueness')],
    checks: [errorStatusString(409)],
    extractions: [{ name: 'duplicateUserId', source: 'response_json', property: 'id', optional: true }],
  }),
  step({
    id: 'user-create-invalid-json-returns-400',
    title: 'A body that is not JSON is refused with 400 invalidSyntax',
    requirement: 'RFC 7644 §3.12 (Table 9): a request body whose message structure is invalid is answered 400 with scimType "invalidSyntax", as a SCIM Error.',
    fix: 'Catch JSON parse errors in the request pipeline and answer 400 {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"invalidSyntax","detail":"…"} instead of 500 or a framework error page.',
    level: 'required',
    refs: ['RFC7644-3.12'],
    method: 'POST',
    path: '/Users',
    body: `{"schemas": ["${USER_URN}"], "userName": "{{userName1}}", `,
    assertions: [...scimErrorEnvelope(400), json('scimType', 'equal', 'invalidSyntax', 'recommended')],
    checks: [errorStatusString(400)],
    extractions: [{ name: 'invalidJsonUserId', source: 'response_json', property: 'id', optional: true }],
  }),

  // --- Lists: paging and sorting ------------------------------------------------------------------
  step({
    id: 'list-count-limits-page',
    title: 'GET /Users?startIndex=1&count=1 returns one user and integer paging fields',
    requirement: 'RFC 7644 §3.4.2.4: with "count" the service provider MUST NOT return more results than specified. RFC 7644 §3.4.2: totalResults is REQUIRED; itemsPerPage (resources on this page) and startIndex are REQUIRED when partial results are returned; all are non-negative integers.',
    fix: 'Honour startIndex (1-based) and count when listing, and return totalResults, itemsPerPage and startIndex as JSON integers (not strings; Okta rejects strings).',
    level: 'required',
    refs: ['RFC7644-3.4.2.4', 'RFC7644-3.4.2'],
    method: 'GET',
    path: '/Users?startIndex=1&count=1',
    // Waits (bounded) until both users created above are listed; the paging checks judge that answer once.
    readBack: { of: 'user-create-second', settledBy: 'assertions' },
    assertions: [status(200), json('schemas', 'has_value', LIST_RESPONSE_URN), json('totalResults', 'is_greater_than_or_equal', '2')],
    checks: [integerAt('totalResults'), integerAt('itemsPerPage'), integerAt('startIndex'), pageOf(1, 1)],
    extractions: [{ name: 'firstPageUserId', source: 'response_json', property: 'Resources[0].id', optional: true }],
  }),
  step({
    id: 'list-start-index-selects-page',
    title: 'GET /Users?startIndex=2&count=1 returns the next page',
    requirement: 'RFC 7644 §3.4.2.4: startIndex is "the 1-based index of the first query result"; the response\'s startIndex is that index and at most count resources follow. Okta pages this way and needs a stable order across pages.',
    fix: 'Apply startIndex as an offset (startIndex − 1) after filtering and sorting, echo it in the response, and list in a stable order (e.g. by creation time or id).',
    level: 'required',
    refs: ['RFC7644-3.4.2.4', 'OKTA-SCIM'],
    method: 'GET',
    path: '/Users?startIndex=2&count=1',
    assertions: [status(200), json('Resources[0].id', 'not_equal', '{{firstPageUserId}}', 'recommended')],
    checks: [integerAt('startIndex'), pageOf(1, 2)],
  }),
  step({
    id: 'list-sort-by-username',
    title: 'With sorting advertised, sortBy=userName&sortOrder=descending orders the users',
    requirement: 'RFC 7644 §3.4.2.3: sortBy names the attribute to order by and sortOrder "descending" reverses the order; sorting is OPTIONAL and advertised with sort.supported (RFC 7643 §5).',
    fix: 'Sort on the sortBy attribute (case-insensitively for caseExact false attributes) before paging, or advertise "sort": {"supported": false}.',
    level: 'recommended',
    refs: ['RFC7644-3.4.2.3', 'RFC7643-5'],
    method: 'GET',
    path: '/Users?sortBy=userName&sortOrder=descending',
    requires: ['sort'],
    assertions: [status(200)],
    checks: [sortedDescending],
  }),

  // --- Users: replace (PUT) ---------------------------------------------------------------------
  step({
    id: 'user-put-ignores-readonly-attributes',
    title: 'PUT with id, meta and groups copied from a GET succeeds; they are ignored',
    requirement: 'RFC 7644 §3.5.1: for readOnly attributes in a PUT body, "Any values provided SHALL be ignored" (id, meta, groups are readOnly, RFC 7643 §3.1, §4.1.2). Clients such as Okta PUT back the representation they read.',
    fix: 'Ignore id (when it matches the URL), meta and groups in PUT bodies instead of answering 400; keep your own meta.created.',
    level: 'required',
    refs: ['RFC7644-3.5.1', 'RFC7643-3.1', 'RFC7643-4.1.2', 'OKTA-SCIM'],
    method: 'PUT',
    path: '/Users/{{userId}}',
    body: {
      ...USER_BODY,
      id: '{{userId}}',
      name: { givenName: '{{givenName}}', familyName: '{{familyName2}}' },
      groups: [],
      meta: { resourceType: 'User', created: '2000-01-01T00:00:00Z', lastModified: '2000-01-01T00:00:00Z', location: '{{SCIMBaseURL}}/Users/{{userId}}' },
    },
    assertions: [
      status(200),
      json('id', 'equal', '{{userId}}'),
      json('name.familyName', 'equal', '{{familyName2}}'),
      json('meta.created', 'not_equal', '2000-01-01T00:00:00Z'),
    ],
  }),
  step({
    id: 'user-put-replaces-attributes',
    title: 'PUT replaces the user: null clears title, an omitted displayName is cleared',
    requirement: 'RFC 7644 §3.5.1: PUT replaces the resource; for readWrite attributes "Any values provided SHALL replace the existing attribute values", and a client clears a single-valued attribute by sending null. Omitted readWrite attributes MAY be cleared or defaulted by the server — clients that PUT the full user (Okta) expect omissions to clear.',
    fix: 'Build the new state from the PUT body alone (not a merge into the stored user): clear attributes sent as null, and clear (or reset to your default) readWrite attributes the body omits.',
    level: 'required',
    refs: ['RFC7644-3.5.1', 'RFC7643-2.5', 'OKTA-SCIM'],
    method: 'PUT',
    path: '/Users/{{userId}}',
    body: {
      schemas: [USER_URN], userName: '{{userName1}}', externalId: '{{externalId1}}',
      name: { givenName: '{{givenName}}', familyName: '{{familyName2}}' },
      emails: [{ value: '{{userName1}}', type: 'work', primary: true }], active: true, title: null,
    },
    assertions: [status(200), json('name.familyName', 'equal', '{{familyName2}}')],
    checks: [absentAt('title'), absentAt('displayName', 'recommended')],
  }),
  step({
    id: 'user-put-read-back',
    title: 'GET after the PUT shows the replaced state',
    requirement: 'RFC 7644 §3.5.1: the PUT result is the resource\'s new state: title cleared (sent as null), displayName cleared or defaulted (omitted), other values as sent.',
    fix: 'Persist the replaced representation, not only the response you send back.',
    level: 'required',
    refs: ['RFC7644-3.5.1'],
    method: 'GET',
    path: '/Users/{{userId}}',
    readBack: true,
    assertions: [status(200), json('userName', 'equal', '{{userName1}}'), json('name.familyName', 'equal', '{{familyName2}}'), json('emails[0].value', 'equal', '{{userName1}}')],
    checks: [absentAt('title'), absentAt('displayName', 'recommended')],
  }),

  // --- Users: modify (PATCH) --------------------------------------------------------------------
  step({
    id: 'user-patch-deactivate',
    title: 'PATCH replace active=false deactivates the user',
    requirement: 'RFC 7644 §3.5.2.3: "replace" of a single-valued attribute replaces its value. RFC 7644 §3.5.2: on success the server answers 200 with the entire resource, or 204.',
    fix: `Apply {"op":"replace","path":"active","value":false} and answer 200 with the updated user (active false) or 204. ${RFC7644_PATCH_FIX}`,
    level: 'required',
    refs: ['RFC7644-3.5.2.3', 'RFC7644-3.5.2', 'RFC7643-4.1.1'],
    method: 'PATCH',
    path: '/Users/{{userId}}',
    body: patchOps({ op: 'replace', path: 'active', value: false }),
    requires: ['patch'],
    checks: [PATCH_STATUS, whenBody(valueAt('active', false))],
  }),
  step({
    id: 'user-patch-deactivate-read-back',
    title: 'The deactivated user is still there, with active false',
    requirement: 'RFC 7644 §3.5.2.3: the replaced value is the new state, so GET returns active false. RFC 7643 §4.1.1: active is the administrative status — deactivation is not deletion (RFC 7644 §3.6), so the user stays retrievable.',
    fix: 'Store active=false as a status flag; do not delete or hide the user (Okta deactivates instead of deleting, and reactivates later).',
    level: 'required',
    refs: ['RFC7644-3.5.2.3', 'RFC7643-4.1.1', 'RFC7644-3.6'],
    method: 'GET',
    path: '/Users/{{userId}}',
    requires: ['patch'],
    readBack: true,
    assertions: [status(200)],
    checks: [valueAt('active', false)],
  }),
  step({
    id: 'user-patch-reactivate',
    title: 'PATCH replace active=true reactivates the user',
    requirement: 'RFC 7644 §3.5.2.3: "replace" sets the new value whatever the old one was; reactivating an inactive user is an ordinary replace.',
    fix: `Apply active=true to inactive users too (no "once inactive, frozen" rule). ${RFC7644_PATCH_FIX}`,
    level: 'required',
    refs: ['RFC7644-3.5.2.3', 'RFC7643-4.1.1'],
    method: 'PATCH',
    path: '/Users/{{userId}}',
    body: patchOps({ op: 'replace', path: 'active', value: true }),
    requires: ['patch'],
    checks: [PATCH_STATUS, whenBody(valueAt('active', true))],
  }),
  step({
    id: 'user-patch-reactivate-read-back',
    title: 'GET shows the user active again',
    requirement: 'RFC 7644 §3.5.2.3: after replace active=true, the user\'s state is active true.',
    fix: 'Persist reactivation; Okta reassignments and Entra restores depend on it.',
    level: 'required',
    refs: ['RFC7644-3.5.2.3'],
    method: 'GET',
    path: '/Users/{{userId}}',
    requires: ['patch'],
    readBack: true,
    assertions: [status(200)],
    checks: [valueAt('active', true)],
  }),
  step({
    id: 'user-patch-pathless-replace',
    title: 'PATCH replace without a path sets the attributes of the value object',
    requirement: 'RFC 7644 §3.5.2.3: "If the "path" parameter is omitted, the target is assumed to be the resource itself. In this case, the "value" attribute SHALL contain a list of one or more attributes that are to be replaced." Okta sends {"op":"replace","value":{"active":false}} this way.',
    fix: `Accept operations without "path": treat each key of the value object as a path and replace it. ${RFC7644_PATCH_FIX}`,
    level: 'required',
    refs: ['RFC7644-3.5.2.3', 'OKTA-SCIM'],
    method: 'PATCH',
    path: '/Users/{{userId}}',
    body: patchOps({ op: 'replace', value: { displayName: '{{displayName2}}', title: '{{title}}' } }),
    requires: ['patch'],
    checks: [PATCH_STATUS, whenBody(equalAt('displayName', '{{displayName2}}'), equalAt('title', '{{title}}'))],
  }),
  step({
    id: 'user-patch-pathless-replace-read-back',
    title: 'GET shows the values set by the path-less replace',
    requirement: 'RFC 7644 §3.5.2.3: the attributes of the value object are the new values.',
    fix: 'Persist every attribute of a path-less replace.',
    level: 'required',
    refs: ['RFC7644-3.5.2.3'],
    method: 'GET',
    path: '/Users/{{userId}}',
    requires: ['patch'],
    readBack: true,
    assertions: [status(200), json('displayName', 'equal', '{{displayName2}}'), json('title', 'equal', '{{title}}')],
  }),
  step({
    id: 'user-patch-remove-attribute',
    title: 'PATCH remove path=title unassigns title',
    requirement: 'RFC 7644 §3.5.2.2: "If the target location is a single-value attribute, the attribute and its associated value is removed, and the attribute SHALL be considered unassigned."',
    fix: `Support {"op":"remove","path":"<attribute>"} by deleting the attribute. ${RFC7644_PATCH_FIX}`,
    level: 'required',
    refs: ['RFC7644-3.5.2.2'],
    method: 'PATCH',
    path: '/Users/{{userId}}',
    body: patchOps({ op: 'remove', path: 'title' }),
    requires: ['patch'],
    checks: [PATCH_STATUS, whenBody(absentAt('title'))],
  }),
  step({
    id: 'user-patch-remove-attribute-read-back',
    title: 'GET shows title unassigned and userName untouched',
    requirement: 'RFC 7644 §3.5.2.2: the removed attribute is unassigned; attributes the operation does not target keep their values.',
    fix: 'Persist removals and leave untargeted attributes alone.',
    level: 'required',
    refs: ['RFC7644-3.5.2.2', 'RFC7644-3.5.2'],
    method: 'GET',
    path: '/Users/{{userId}}',
    requires: ['patch'],
    readBack: true,
    assertions: [status(200), json('userName', 'equal', '{{userName1}}'), json('name.familyName', 'equal', '{{familyName2}}')],
    checks: [absentAt('title')],
  }),

  // --- Groups -----------------------------------------------------------------------------------
  step({
    id: 'group-create-returns-201',
    title: 'POST /Groups creates a group with a member: 201, Location',
    requirement: 'RFC 7644 §3.3: 201 Created, the Location header and meta.location carry the new group\'s URI. RFC 7643 §4.2: a Group has displayName and members ({value: id of a User or Group}).',
    fix: 'Serve POST /Groups like POST /Users: 201, Location, the stored group with id and displayName; accept members on create. If you do not support groups, do not list a Group resource type in /ResourceTypes.',
    level: 'required',
    refs: ['RFC7644-3.3', 'RFC7643-4.2'],
    method: 'POST',
    path: '/Groups',
    body: { schemas: [GROUP_URN], displayName: '{{groupName}}', externalId: '{{groupExternalId}}', members: [{ value: '{{user2Id}}' }] },
    gates: [GROUPS],
    assertions: [
      status(201), json('id', 'not_empty'), json('displayName', 'equal', '{{groupName}}'), header('Location', 'not_empty'),
      json('meta.resourceType', 'equal', 'Group', 'recommended'),
    ],
    extractions: [{ name: 'groupId', source: 'response_json', property: 'id', optional: true }],
  }),
  step({
    id: 'group-get-by-id',
    title: 'GET /Groups/{id} returns the group',
    requirement: 'RFC 7644 §3.4.1: GET on the group\'s URI answers 200 with the group.',
    fix: 'Serve GET /Groups/{id} with id, displayName and meta.',
    level: 'required',
    refs: ['RFC7644-3.4.1', 'RFC7643-4.2'],
    method: 'GET',
    path: '/Groups/{{groupId}}',
    gates: [GROUPS],
    readBack: true,
    assertions: [status(200), json('id', 'equal', '{{groupId}}'), json('displayName', 'equal', '{{groupName}}')],
  }),
  step({
    id: 'group-members-returned-on-request',
    title: 'GET /Groups/{id}?attributes=members shows the member added on create',
    requirement: 'RFC 7643 §4.2: members holds the group\'s members; RFC 7644 §3.9: "attributes=members" returns it (also when the server returns members only on request).',
    fix: 'Store members sent on POST and return them when asked for with attributes=members.',
    level: 'required',
    refs: ['RFC7643-4.2', 'RFC7644-3.9'],
    method: 'GET',
    path: '/Groups/{{groupId}}?attributes=members',
    gates: [GROUPS],
    readBack: true,
    assertions: [status(200)],
    checks: [holdsValue('members', '{{user2Id}}', true)],
  }),
  step({
    id: 'group-filter-by-display-name',
    title: 'filter=displayName eq "…" finds the group',
    requirement: 'RFC 7644 §3.4.2.2: only matching resources SHALL be returned; Okta and Entra look groups up by displayName.',
    fix: 'Evaluate `displayName eq "<value>"` on /Groups (caseExact false) and answer a ListResponse.',
    level: 'required',
    refs: ['RFC7644-3.4.2.2', 'RFC7643-4.2'],
    method: 'GET',
    path: '/Groups?filter=displayName eq "{{groupName}}"',
    gates: [GROUPS],
    requires: ['filter'],
    readBack: true,
    assertions: [status(200), json('totalResults', 'equal_number', '1'), json('Resources[0].id', 'equal', '{{groupId}}')],
  }),
  step({
    id: 'group-patch-remove-member',
    title: 'PATCH remove members[value eq "…"] removes the member',
    requirement: 'RFC 7644 §3.5.2.2: "If the target location is a multi-valued attribute and a complex filter is specified comparing a "value", the values matched by the filter are removed."',
    fix: `Support value-filtered remove paths such as members[value eq "<id>"] (Okta and Entra with aadOptscim062020 send them). ${RFC7644_PATCH_FIX}`,
    level: 'required',
    refs: ['RFC7644-3.5.2.2'],
    method: 'PATCH',
    path: '/Groups/{{groupId}}',
    body: patchOps({ op: 'remove', path: 'members[value eq "{{user2Id}}"]' }),
    gates: [GROUPS],
    requires: ['patch'],
    checks: [PATCH_STATUS],
  }),
  step({
    id: 'group-patch-remove-member-read-back',
    title: 'GET shows the member removed',
    requirement: 'RFC 7644 §3.5.2.2: the matched member is gone from members.',
    fix: 'Persist membership removals.',
    level: 'required',
    refs: ['RFC7644-3.5.2.2'],
    method: 'GET',
    path: '/Groups/{{groupId}}?attributes=members',
    gates: [GROUPS],
    requires: ['patch'],
    readBack: true,
    assertions: [status(200)],
    checks: [holdsValue('members', '{{user2Id}}', false)],
  }),
  step({
    id: 'group-patch-add-member',
    title: 'PATCH add members adds the member',
    requirement: 'RFC 7644 §3.5.2.1: "If the target location specifies a multi-valued attribute, a new value is added to the attribute."',
    fix: `Support {"op":"add","path":"members","value":[{"value":"<id>"}]} by appending (without duplicates). ${RFC7644_PATCH_FIX}`,
    level: 'required',
    refs: ['RFC7644-3.5.2.1'],
    method: 'PATCH',
    path: '/Groups/{{groupId}}',
    body: patchOps({ op: 'add', path: 'members', value: [{ value: '{{user2Id}}' }] }),
    gates: [GROUPS],
    requires: ['patch'],
    checks: [PATCH_STATUS],
  }),
  step({
    id: 'group-patch-add-member-read-back',
    title: 'GET shows the member added',
    requirement: 'RFC 7644 §3.5.2.1: the added value is in members.',
    fix: 'Persist membership additions.',
    level: 'required',
    refs: ['RFC7644-3.5.2.1'],
    method: 'GET',
    path: '/Groups/{{groupId}}?attributes=members',
    gates: [GROUPS],
    requires: ['patch'],
    readBack: true,
    assertions: [status(200)],
    checks: [holdsValue('members', '{{user2Id}}', true)],
  }),
  step({
    id: 'group-put-replaces-name-and-members',
    title: 'PUT /Groups/{id} renames the group and replaces its members',
    requirement: 'RFC 7644 §3.5.1: PUT replaces the resource; "Any values provided SHALL replace the existing attribute values" — a new displayName and an empty members list.',
    fix: 'Replace displayName and members from the PUT body (an empty array clears all members).',
    level: 'required',
    refs: ['RFC7644-3.5.1', 'RFC7643-4.2'],
    method: 'PUT',
    path: '/Groups/{{groupId}}',
    body: { schemas: [GROUP_URN], displayName: '{{groupName2}}', externalId: '{{groupExternalId}}', members: [] },
    gates: [GROUPS],
    assertions: [status(200), json('displayName', 'equal', '{{groupName2}}')],
  }),
  step({
    id: 'group-put-read-back',
    title: 'GET shows the new name and no members',
    requirement: 'RFC 7644 §3.5.1: the PUT body is the group\'s new state.',
    fix: 'Persist the replaced group.',
    level: 'required',
    refs: ['RFC7644-3.5.1'],
    method: 'GET',
    path: '/Groups/{{groupId}}?attributes=displayName,members',
    gates: [GROUPS],
    readBack: true,
    assertions: [status(200), json('displayName', 'equal', '{{groupName2}}')],
    checks: [holdsValue('members', '{{user2Id}}', false)],
  }),
  step({
    id: 'group-delete-returns-204',
    title: 'DELETE /Groups/{id} answers 204',
    requirement: 'RFC 7644 §3.6: in response to a successful DELETE, the server SHALL return 204 No Content.',
    fix: 'Answer DELETE with 204 and no body.',
    level: 'required',
    refs: ['RFC7644-3.6'],
    method: 'DELETE',
    path: '/Groups/{{groupId}}',
    gates: [GROUPS],
    assertions: [status(204)],
  }),
  step({
    id: 'group-deleted-returns-404',
    title: 'GET of the deleted group answers 404',
    requirement: 'RFC 7644 §3.6: the service provider MUST return 404 Not Found for all operations associated with the previously deleted resource.',
    fix: 'Make deleted groups unreachable (404 with a SCIM Error), also when you delete softly.',
    level: 'required',
    refs: ['RFC7644-3.6', 'RFC7644-3.12'],
    method: 'GET',
    path: '/Groups/{{groupId}}',
    gates: [GROUPS],
    readBack: true,
    assertions: scimErrorEnvelope(404),
    checks: [errorStatusString(404)],
  }),

  // --- Users: delete ----------------------------------------------------------------------------
  step({
    id: 'user-delete-returns-204',
    title: 'DELETE /Users/{id} answers 204 with no body',
    requirement: 'RFC 7644 §3.6: in response to a successful DELETE, the server SHALL return 204 No Content.',
    fix: 'Answer DELETE /Users/{id} with 204 and an empty body.',
    level: 'required',
    refs: ['RFC7644-3.6'],
    method: 'DELETE',
    path: '/Users/{{userId}}',
    assertions: [status(204), { source: 'response_text', comparison: 'empty', value: null, level: 'recommended' }],
  }),
  step({
    id: 'user-deleted-returns-404',
    title: 'GET of the deleted user answers 404',
    requirement: 'RFC 7644 §3.6: the service provider MUST return 404 Not Found for all operations associated with the previously deleted resource.',
    fix: 'Make deleted users unreachable (404 with a SCIM Error), also when you delete softly.',
    level: 'required',
    refs: ['RFC7644-3.6', 'RFC7644-3.12'],
    method: 'GET',
    path: '/Users/{{userId}}',
    readBack: true,
    assertions: scimErrorEnvelope(404),
    checks: [errorStatusString(404)],
  }),
  step({
    id: 'user-delete-unknown-id-returns-404',
    title: 'DELETE of an id that never existed answers 404',
    requirement: 'RFC 7644 §3.12: 404 Not Found — "Specified resource (e.g., User) or endpoint does not exist", as a SCIM Error with "status": "404".',
    fix: 'Answer operations on unknown ids with 404 (not 400 or 500) and a SCIM Error body.',
    level: 'required',
    refs: ['RFC7644-3.12', 'RFC7644-3.6'],
    method: 'DELETE',
    path: '/Users/{{unknownUserId}}',
    assertions: scimErrorEnvelope(404),
    checks: [errorStatusString(404)],
  }),
];

/** Random, namespaced test data for one run of the rfc7644 suite. */
function rfc7644RandomData(random: () => number): Record<string, string> {
  const given = `Conformance${randomLetters(random, 4)}`;
  const family = `Tester${randomLetters(random, 6)}`;
  return {
    userName1: `scim-conformance-${randomLetters(random, 8)}@example.com`,
    userName2: `scim-conformance-${randomLetters(random, 8)}@example.com`,
    userName3: `scim-conformance-${randomLetters(random, 8)}@example.com`,
    externalId1: `scim-conformance-${randomLetters(random, 8)}`,
    givenName: given,
    familyName: family,
    familyName2: `${family}replaced`,
    displayName2: `${given} ${family} (patched)`,
    title: 'Conformance Tester',
    userPassword: `Sc1m!${randomLetters(random, 12)}`,
    groupName: `scim-conformance-${randomLetters(random, 8)}`,
    groupName2: `scim-conformance-${randomLetters(random, 8)}-renamed`,
    groupExternalId: `scim-conformance-${randomLetters(random, 8)}`,
    unknownUserId: unknownId(random),
  };
}

/** The `rfc7644` suite: RFC 7644 protocol behaviour (with the RFC 7643 rules it exercises). */
export const rfc7644Suite: Suite = {
  id: 'rfc7644',
  name: 'SCIM 2.0 protocol (RFC 7644)',
  description: 'Discovery, media type, errors, Users and Groups create/read/replace/patch/delete, attributes projection, filtering, paging, sorting and ETags, checked against RFC 7644 and RFC 7643; optional features are checked only when the server advertises them.',
  source: { format: 'native' },
  inputs: [
    { name: 'SCIMBaseURL', description: 'SCIM base URL (--scim-url)' },
    { name: 'auth', description: 'Authorization header value for the SCIM API (--scim-auth)', secret: true },
  ],
  initial: { kind: 'generate', generate: rfc7644RandomData },
  steps: rfc7644Steps,
  secretVariables: ['userPassword'],
  cleanup: [
    deleteAction('SCIM group {{groupName}} ({{groupId}}) created by rfc7644/group-create-returns-201: deleted', ['groupId'], '/Groups/{{groupId}}'),
    deleteAction('SCIM user {{userName1}} ({{userId}}) created by rfc7644/user-create-returns-201: deleted', ['userId'], '/Users/{{userId}}'),
    deleteAction('SCIM user {{userName2}} ({{user2Id}}) created by rfc7644/user-create-second: deleted', ['user2Id'], '/Users/{{user2Id}}'),
    deleteAction('SCIM user {{userName3}} ({{schemaUserId}}) created by rfc7644/user-create-with-every-schema-attribute: deleted', ['schemaUserId'], '/Users/{{schemaUserId}}'),
    deleteAction('duplicate SCIM user {{userName1}} ({{duplicateUserId}}) accepted by rfc7644/user-duplicate-username-returns-409: deleted', ['duplicateUserId'], '/Users/{{duplicateUserId}}'),
    deleteAction('SCIM user ({{invalidJsonUserId}}) created from invalid JSON by rfc7644/user-create-invalid-json-returns-400: deleted', ['invalidJsonUserId'], '/Users/{{invalidJsonUserId}}'),
  ],
};
