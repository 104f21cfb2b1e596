/**
 * `rfc7644/writes`: writes that mean what they say, and the error contract around them.
 * - POST: a missing required attribute is refused, a client-supplied `id` is ignored,
 *   `active: false` is kept, multi-valued sub-attributes (`type`, `primary`), complex values and
 *   (when /ResourceTypes lists it) the Enterprise extension round-trip on a read-back.
 * - PATCH: a sub-attribute path changes only that sub-attribute, a value path changes only the
 *   matching element, an extension URN path reaches the extension, `add` appends to a
 *   multi-valued attribute, `remove` with a value filter removes only the matches — every
 *   PATCH read back. Malformed PatchOps, `noTarget` and `mutability` errors.
 * - Conditional requests (etag.supported): a stale `If-Match` on PATCH, PUT and DELETE is 412 and
 *   the write is not applied (each read back).
 * - Paging and sorting over three users created for the purpose (all found by a prefix filter):
 *   `count=0`, a walk of every page (capped: at most two pages are read, whatever the server
 *   says), `startIndex` below 1 and past the end, `sortBy` with both sort orders.
 * - Errors: every error body a SCIM Error whose `status` is a JSON string, a wrong bearer token
 *   401, PUT/PATCH/DELETE on unknown ids 404 for Users and Groups, writes to discovery
 *   endpoints 405 and unknown URLs 404 (both recommended).
 * What `rfc7644` already checks (create 201, PUT replace, deactivate/reactivate, If-None-Match,
 * DELETE of an unknown user) is not repeated.
 */
import type { RequestStep, Script, Suite, VerifyContext } from '../src/model/suite.js';
import type { Level } from '../src/model/verdict.js';
import {
  USER_URN,
  GROUP_URN,
  ENTERPRISE_URN,
  ERROR_URN,
  LIST_RESPONSE_URN,
  SCIM_HEADERS,
  SCIM_BODY_HEADERS,
  status,
  json,
  statusIn,
  valueAt,
  equalAt,
  whenBody,
  variableGate,
  stepBuilder,
  patchOps,
  deleteAction,
  randomLetters,
  unknownId,
  at,
  shown,
  errorStatusString,
} from './scim-step-kit.js';
import type { Probe } from './scim-step-kit.js';

const SUITE_ID = 'rfc7644/writes';
const step = stepBuilder(SUITE_ID);
const PATCH_STATUS = statusIn([200, 204]);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const GROUPS = variableGate('writesGroupsAdvertised', '/ResourceTypes lists no Group resource type, so the server offers no Groups');
const ENTERPRISE = variableGate('writesEnterpriseAdvertised', 'the User resource type in /ResourceTypes lists no Enterprise User extension');

/** Sets writesGroupsAdvertised / writesEnterpriseAdvertised from /ResourceTypes (left unset when unreadable). */
const RESOURCE_TYPES_SCRIPT: Script = {
  origin: `${SUITE_ID}/discovery-resource-types: Groups and the Enterprise extension offered?`,
  code: [
    'var list = null;',
    'try { list = (response.json !== undefined ? response.json : JSON.parse(response.body)).Resources; } catch (e) { list = null; }',
    'if (Array.isArray(list)) {',
    '  var lower = function (v) { return typeof v === \'string\' ? v.toLowerCase() : \'\'; };',
    `  var groups = list.some(function (r) { return r !== null && typeof r === 'object' && lower(r.schema) === ${JSON.stringify(GROUP_URN.toLowerCase())}; });`,
    `  var user = list.find(function (r) { return r !== null && typeof r === 'object' && lower(r.schema) === ${JSON.stringify(USER_URN.toLowerCase())}; });`,
    '  var extensions = user && Array.isArray(user.schemaExtensions) ? user.schemaExtensions : [];',
    `  var enterprise = extensions.some(function (e) { return e !== null && typeof e === 'object' && lower(e.schema) === ${JSON.stringify(ENTERPRISE_URN.toLowerCase())}; });`,
    "  variables.set('writesGroupsAdvertised', groups ? 'true' : 'false');",
    "  variables.set('writesEnterpriseAdvertised', enterprise ? 'true' : 'false');",
    '}',
  ].join('\n'),
};

// ---------------------------------------------------------------------------------------------
// Probes
// ---------------------------------------------------------------------------------------------

/**
 * RFC 7644 §3.12: an error response is a SCIM Error — the Error schema URI and "status", "the
 * HTTP status code … expressed as a JSON string" (REQUIRED).
 */
const errorBody = (code: number, level?: Level): Probe => (ctx) => {
  const schemas = at(ctx, 'schemas');
  const lvl = level ? { level } : {};
  return [
    { title: `status is ${code}`, ok: ctx.status === code, expected: String(code), actual: ctx.status, ...lvl },
    {
      title: `the body is a SCIM Error (schemas holds ${ERROR_URN})`,
      ok: schemas.found && Array.isArray(schemas.value) && schemas.value.includes(ERROR_URN),
      expected: ERROR_URN, actual: shown(schemas), ...lvl,
    },
    ...errorStatusString(code, level)(ctx),
  ];
};

/** scimType is one of `types` (RFC 7644 §3.12 Table 9). */
const scimTypeIn = (types: readonly string[], level?: Level): Probe => (ctx) => {
  const found = at(ctx, 'scimType');
  return [{
    title: `scimType is ${types.join(' or ')}`, ok: found.found && types.includes(String(found.value)),
    expected: types.join(' or '), actual: shown(found), ...(level ? { level } : {}),
  }];
};

type Element = Record<string, unknown>;
const elementsAt = (ctx: VerifyContext, path: string): Element[] => {
  const f = at(ctx, path);
  return f.found && Array.isArray(f.value) ? f.value.filter(isObject) : [];
};
const render = (ctx: VerifyContext, template: string): string => template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => ctx.vars(name) ?? `{{${name}}}`);

/** The multi-valued attribute at `path` holds an element with exactly these sub-attribute values (templates rendered). */
const holdsElement = (path: string, wanted: Readonly<Record<string, string | boolean>>, level?: Level): Probe => (ctx) => {
  const expected = Object.fromEntries(Object.entries(wanted).map(([k, v]) => [k, typeof v === 'string' ? render(ctx, v) : v]));
  const elements = elementsAt(ctx, path);
  const ok = elements.some((e) => Object.entries(expected).every(([k, v]) => (typeof v === 'string' && typeof e[k] === 'string' ? e[k].toLowerCase() === v.toLowerCase() : e[k] === v)));
  return [{ title: `${path} holds ${JSON.stringify(expected)}`, ok, expected: JSON.stringify(expected), actual: shown(at(ctx, path)), ...(level ? { level } : {}) }];
};

/** The multi-valued attribute at `path` has exactly `n` elements. */
const countAt = (path: string, n: number): Probe => (ctx) => {
  const f = at(ctx, path);
  const length = f.found && Array.isArray(f.value) ? f.value.length : 0;
  return [{ title: `${path} has ${n} value(s)`, ok: length === n, expected: String(n), actual: f.found ? shown(f) : 'none' }];
};

/** No element of `path` has sub-attribute `key` equal to the rendered template. */
const lacksElement = (path: string, key: string, template: string): Probe => (ctx) => {
  const wanted = render(ctx, template).toLowerCase();
  const present = elementsAt(ctx, path).some((e) => typeof e[key] === 'string' && e[key].toLowerCase() === wanted);
  return [{ title: `${path} has no element with ${key} ${wanted}`, ok: !present, expected: `no ${key} ${wanted}`, actual: shown(at(ctx, path)) }];
};

const resourcesOf = (ctx: VerifyContext): readonly unknown[] => {
  const r = isObject(ctx.json) ? ctx.json['Resources'] : undefined;
  return Array.isArray(r) ? r : [];
};
/**
 * The ids of the first {@link MAX_IDS} resources: these pages ask for 2 or 3, so a server that
 * answers more has already failed the page's size check; the cap keeps the comparisons below
 * linear and small whatever a server sends (issue 14).
 */
const MAX_IDS = 1000;
const idsOf = (ctx: VerifyContext): string[] => {
  const resources = resourcesOf(ctx);
  const ids: string[] = [];
  for (let i = 0; i < resources.length && i < MAX_IDS; i += 1) {
    const r = resources[i];
    ids.push(isObject(r) ? String(r['id']) : '?');
  }
  return ids;
};
const PAGE_USERS = ['writesPageUser1Id', 'writesPageUser2Id', 'writesPageUser3Id'] as const;
const pageUserIds = (ctx: VerifyContext): string[] => PAGE_USERS.map((v) => ctx.vars(v) ?? `{{${v}}}`);

/** The ids on this page and on the first (extracted as writesPage1Ids) are the three paging users, each once. */
const walkComplete: Probe = (ctx) => {
  const first = (ctx.vars('writesPage1Ids') ?? '').split(',').filter((id) => id !== '');
  const seen = [...first, ...idsOf(ctx)];
  const expected = pageUserIds(ctx);
  const once = new Set<string>();
  const duplicates = seen.filter((id) => once.has(id) || (once.add(id), false));
  const missing = expected.filter((id) => !seen.includes(id));
  const foreign = seen.filter((id) => !expected.includes(id));
  return [
    { title: 'no user is listed on two pages', ok: duplicates.length === 0, expected: 'no duplicates', actual: duplicates.length ? duplicates : 'none' },
    { title: 'every user the filter matches is on one of the pages (no gaps)', ok: missing.length === 0, expected: 'the 3 paging users', actual: missing.length ? { missing } : 'all found' },
    { title: 'only users the filter matches are listed', ok: foreign.length === 0, expected: 'the 3 paging users', actual: foreign.length ? { foreign } : 'none other' },
  ];
};

/** Resources are the paging users in this order of their letters (a, b, c by userName). */
const orderedAs = (letters: readonly ('a' | 'b' | 'c')[]): Probe => (ctx) => {
  const byLetter: Record<string, string | undefined> = { c: ctx.vars('writesPageUser1Id'), a: ctx.vars('writesPageUser2Id'), b: ctx.vars('writesPageUser3Id') };
  const expected = letters.map((l) => byLetter[l] ?? '?');
  const actual = idsOf(ctx);
  const name = (id: string): string => Object.entries(byLetter).find(([, v]) => v === id)?.[0] ?? id;
  return [{
    title: `the users are listed in the order ${letters.join(', ')} (by userName)`,
    ok: actual.length === expected.length && actual.every((id, i) => id === expected[i]),
    expected: letters.join(', '), actual: actual.map(name).join(', '),
  }];
};

/** The paging-fields of a page: itemsPerPage resources, startIndex echoed. */
const pageFields = (items: number, startIndex: number): Probe => (ctx) => {
  const body = isObject(ctx.json) ? ctx.json : {};
  return [
    { title: `the page holds ${items} resource(s)`, ok: resourcesOf(ctx).length === items, expected: String(items), actual: resourcesOf(ctx).length },
    { title: `startIndex is ${startIndex}`, ok: Number(body['startIndex']) === startIndex, expected: String(startIndex), actual: body['startIndex'] ?? { missing: true } },
    { title: 'totalResults is 3 (the users the filter matches)', ok: Number(body['totalResults']) === 3, expected: '3', actual: body['totalResults'] ?? { missing: true } },
  ];
};

const PAGE_FILTER = 'userName sw "{{writesPrefix}}-page-"';

/** A body for writes to discovery endpoints (any JSON: the method is what is refused). */
const SPC_LIKE_URN = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';

// ---------------------------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------------------------

/** The main test user: complex name, two typed emails (one primary), active false, a client id. */
const MAIN_USER = {
  schemas: [USER_URN],
  id: '{{writesClientId}}',
  userName: '{{writesPrefix}}-main@example.com',
  name: { givenName: 'Grace', familyName: 'Hopper{{writesLetters}}' },
  displayName: 'Grace Hopper',
  active: false,
  emails: [
    { value: '{{writesPrefix}}-main@example.com', type: 'work', primary: true },
    { value: '{{writesPrefix}}-main@home.example.org', type: 'home', primary: false },
  ],
};

const ENTERPRISE_USER = {
  schemas: [USER_URN, ENTERPRISE_URN],
  userName: '{{writesPrefix}}-enterprise@example.com',
  name: { givenName: 'Ada', familyName: 'Enterprise{{writesLetters}}' },
  active: true,
  [ENTERPRISE_URN]: { employeeNumber: '{{writesEmployeeNumber}}', department: 'Engineering', costCenter: 'CC-{{writesLetters}}' },
};

const pageUser = (letter: string): Record<string, unknown> => ({
  schemas: [USER_URN],
  userName: `{{writesPrefix}}-page-${letter}@example.com`,
  name: { givenName: `Page${letter.toUpperCase()}`, familyName: 'Walker' },
  active: true,
});

const PATCH_FIX = 'Implement RFC 7644 §3.5.2 PATCH paths fully (attrPath, sub-attributes, value paths and URN-qualified paths), or advertise "patch": {"supported": false}. Okta and Entra send all of these.';

// ---------------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------------

const createSteps: readonly RequestStep[] = [
  step({
    id: 'discovery-resource-types',
    title: 'GET /ResourceTypes: are Groups and the Enterprise User extension offered?',
    requirement: 'RFC 7644 §4: /ResourceTypes lists the resource types and their schemaExtensions (RFC 7643 §6); the Group and Enterprise steps below apply only when listed.',
    fix: 'Serve GET /ResourceTypes as a ListResponse; list schemaExtensions on the User type when you support the Enterprise User extension.',
    level: 'required',
    refs: ['RFC7644-4', 'RFC7643-6'],
    method: 'GET',
    path: '/ResourceTypes',
    assertions: [status(200), json('schemas', 'has_value', LIST_RESPONSE_URN)],
    scripts: [RESOURCE_TYPES_SCRIPT],
  }),
  step({
    id: 'create-missing-required-returns-400',
    title: 'POST /Users without userName (required) is refused with 400',
    requirement: 'RFC 7643 §4.1.1: userName is REQUIRED; a resource missing a required attribute is not created — RFC 7644 §3.12: 400 Bad Request, scimType invalidValue "A required value was missing", as a SCIM Error.',
    fix: 'Validate required attributes (userName for Users, displayName for Groups) before storing and answer 400 {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"invalidValue","detail":"userName is required"}.',
    level: 'required',
    refs: ['RFC7643-4.1.1', 'RFC7643-2.2', 'RFC7644-3.3', 'RFC7644-3.12'],
    method: 'POST',
    path: '/Users',
    body: { schemas: [USER_URN], name: { givenName: 'No', familyName: 'Username{{writesLetters}}' }, emails: [{ value: '{{writesPrefix}}-nousername@example.com', type: 'work' }] },
    checks: [errorBody(400)],
    extractions: [{ name: 'writesNoUserNameId', source: 'response_json', property: 'id', optional: true }],
  }),
  step({
    id: 'create-ignores-client-id',
    title: 'POST /Users with a client-supplied id: the server assigns its own id',
    requirement: 'RFC 7643 §3.1: "The value of the "id" attribute is always issued by the service provider and MUST NOT be specified by the client"; id is readOnly (RFC 7643 §7: it "SHALL NOT be modified"). The created user gets the server\'s id, not the one a client put in the body (Okta and others copy whole representations).',
    fix: 'Drop id (and meta) from POST bodies and assign your own identifier; never store a client-chosen id.',
    level: 'required',
    refs: ['RFC7643-3.1', 'RFC7644-3.3'],
    method: 'POST',
    path: '/Users',
    body: MAIN_USER,
    assertions: [status(201), json('id', 'not_empty'), json('id', 'not_equal', '{{writesClientId}}')],
    extractions: [
      { name: 'writesUserId', source: 'response_json', property: 'id' },
      { name: 'writesCreateEtag', source: 'response_headers', property: 'ETag', optional: true },
    ],
  }),
  step({
    id: 'create-active-false-read-back',
    title: 'GET shows the user created with active:false still inactive',
    requirement: 'RFC 7643 §4.1.1: active is the user\'s administrative status; RFC 7644 §3.3: the created resource holds the values the client sent — a user created inactive stays inactive (Okta creates users this way for deferred activation).',
    fix: 'Store "active" as sent on POST; default it only when the client omits it.',
    level: 'required',
    refs: ['RFC7643-4.1.1', 'RFC7644-3.3'],
    method: 'GET',
    path: '/Users/{{writesUserId}}',
    readBack: true,
    assertions: [status(200)],
    checks: [valueAt('active', false)],
  }),
  step({
    id: 'create-multi-valued-read-back',
    title: 'GET returns every email with its type and primary, and the complex name, as sent',
    requirement: 'RFC 7643 §2.4: multi-valued attributes carry the sub-attributes type and primary ("primary" true on at most one value); RFC 7643 §2.3.8: complex attributes keep their sub-attributes; RFC 7644 §3.3: the stored resource holds what the client sent.',
    fix: 'Store each email as an object with value, type and primary (not only the address), and name with all of its sub-attributes.',
    level: 'required',
    refs: ['RFC7643-2.4', 'RFC7643-2.3.8', 'RFC7643-4.1.2', 'RFC7644-3.3'],
    method: 'GET',
    path: '/Users/{{writesUserId}}',
    readBack: true,
    assertions: [status(200), json('name.givenName', 'equal', 'Grace'), json('name.familyName', 'equal', 'Hopper{{writesLetters}}')],
    checks: [
      countAt('emails', 2),
      holdsElement('emails', { value: '{{writesPrefix}}-main@example.com', type: 'work', primary: true }),
      holdsElement('emails', { value: '{{writesPrefix}}-main@home.example.org', type: 'home' }),
    ],
  }),
  step({
    id: 'create-with-enterprise-extension',
    title: 'POST /Users with Enterprise User extension attributes',
    requirement: 'RFC 7643 §3.3 and §4.3: extension attributes travel in an object named by the extension URN, which is listed in "schemas"; RFC 7644 §3.3: the resource is created with them.',
    fix: 'Accept the "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" object on POST and store its attributes, or do not list the extension in /ResourceTypes.',
    level: 'required',
    refs: ['RFC7643-3.3', 'RFC7643-4.3', 'RFC7644-3.3'],
    method: 'POST',
    path: '/Users',
    body: ENTERPRISE_USER,
    gates: [ENTERPRISE],
    assertions: [status(201), json('id', 'not_empty')],
    extractions: [{ name: 'writesEnterpriseUserId', source: 'response_json', property: 'id', optional: true }],
  }),
  step({
    id: 'create-enterprise-extension-read-back',
    title: 'GET returns the Enterprise extension attributes as sent',
    requirement: 'RFC 7643 §3.3 and §4.3: extension attributes are part of the resource and returned with it (employeeNumber, department, costCenter are returned "default").',
    fix: 'Return the extension object (keyed by its URN) in GET responses, and list the URN in "schemas".',
    level: 'required',
    refs: ['RFC7643-3.3', 'RFC7643-4.3'],
    method: 'GET',
    path: '/Users/{{writesEnterpriseUserId}}',
    gates: [ENTERPRISE],
    readBack: true,
    assertions: [
      status(200),
      json(`["${ENTERPRISE_URN}"].employeeNumber`, 'equal', '{{writesEmployeeNumber}}'),
      json(`["${ENTERPRISE_URN}"].department`, 'equal', 'Engineering'),
      json('schemas', 'has_value', ENTERPRISE_URN),
    ],
  }),
];

const patchSteps: readonly RequestStep[] = [
  step({
    id: 'patch-sub-attribute',
    title: 'PATCH replace name.givenName changes only that sub-attribute',
    requirement: 'RFC 7644 §3.5.2.3: with a path naming a sub-attribute ("name.givenName"), replace changes that sub-attribute; the other sub-attributes of name are not targeted and keep their values.',
    fix: `Apply a sub-attribute path to the sub-attribute only — do not replace the whole complex attribute with {"givenName": …}. ${PATCH_FIX}`,
    level: 'required',
    refs: ['RFC7644-3.5.2.3', 'RFC7644-3.10'],
    method: 'PATCH',
    path: '/Users/{{writesUserId}}',
    body: patchOps({ op: 'replace', path: 'name.givenName', value: 'Amazing' }),
    requires: ['patch'],
    checks: [PATCH_STATUS, whenBody(valueAt('name.givenName', 'Amazing'), equalAt('name.familyName', 'Hopper{{writesLetters}}'))],
  }),
  step({
    id: 'patch-sub-attribute-read-back',
    title: 'GET shows the new givenName and the familyName unchanged',
    requirement: 'RFC 7644 §3.5.2.3: only the targeted sub-attribute changes.',
    fix: 'Merge the sub-attribute into the stored complex value.',
    level: 'required',
    refs: ['RFC7644-3.5.2.3'],
    method: 'GET',
    path: '/Users/{{writesUserId}}',
    requires: ['patch'],
    readBack: true,
    assertions: [status(200), json('name.givenName', 'equal', 'Amazing'), json('name.familyName', 'equal', 'Hopper{{writesLetters}}')],
  }),
  step({
    id: 'patch-value-path',
    title: 'PATCH replace emails[type eq "work"].value changes only the work email',
    requirement: 'RFC 7644 §3.5.2.3: a value path ("emails[type eq \\"work\\"].value") targets the sub-attribute of the values the filter matches; the other values are untouched.',
    fix: `Select the elements matching the bracketed filter and change only them; never store the path as a literal key or apply it to every element. ${PATCH_FIX}`,
    level: 'required',
    refs: ['RFC7644-3.5.2.3', 'RFC7644-3.5.2'],
    method: 'PATCH',
    path: '/Users/{{writesUserId}}',
    body: patchOps({ op: 'replace', path: 'emails[type eq "work"].value', value: '{{writesPrefix}}-changed@example.com' }),
    requires: ['patch'],
    checks: [PATCH_STATUS, whenBody(holdsElement('emails', { value: '{{writesPrefix}}-main@home.example.org', type: 'home' }))],
  }),
  step({
    id: 'patch-value-path-read-back',
    title: 'GET shows the changed work email and the home email as it was',
    requirement: 'RFC 7644 §3.5.2.3: only the matching value changed.',
    fix: 'Persist the element-wise change.',
    level: 'required',
    refs: ['RFC7644-3.5.2.3'],
    method: 'GET',
    path: '/Users/{{writesUserId}}',
    requires: ['patch'],
    readBack: true,
    assertions: [status(200)],
    checks: [
      countAt('emails', 2),
      holdsElement('emails', { value: '{{writesPrefix}}-changed@example.com', type: 'work' }),
      holdsElement('emails', { value: '{{writesPrefix}}-main@home.example.org', type: 'home' }),
    ],
  }),
  step({
    id: 'patch-add-multi-valued-appends',
    title: 'PATCH add emails appends a value and keeps the others',
    requirement: 'RFC 7644 §3.5.2.1: "If the target location specifies a multi-valued attribute, a new value is added to the attribute."',
    fix: `Append the values of an "add" to a multi-valued attribute (skipping exact duplicates); "replace" is what replaces the collection. ${PATCH_FIX}`,
    level: 'required',
    refs: ['RFC7644-3.5.2.1'],
    method: 'PATCH',
    path: '/Users/{{writesUserId}}',
    body: patchOps({ op: 'add', path: 'emails', value: [{ value: '{{writesPrefix}}-other@example.net', type: 'other' }] }),
    requires: ['patch'],
    checks: [PATCH_STATUS, whenBody(countAt('emails', 3))],
  }),
  step({
    id: 'patch-add-multi-valued-read-back',
    title: 'GET shows three emails: work, home and the added one',
    requirement: 'RFC 7644 §3.5.2.1: the added value joins the existing ones.',
    fix: 'Persist the appended value together with the existing ones.',
    level: 'required',
    refs: ['RFC7644-3.5.2.1'],
    method: 'GET',
    path: '/Users/{{writesUserId}}',
    requires: ['patch'],
    readBack: true,
    assertions: [status(200)],
    checks: [
      countAt('emails', 3),
      holdsElement('emails', { value: '{{writesPrefix}}-other@example.net', type: 'other' }),
      holdsElement('emails', { value: '{{writesPrefix}}-main@home.example.org', type: 'home' }),
    ],
  }),
  step({
    id: 'patch-remove-value-filter',
    title: 'PATCH remove emails[type eq "other"] removes only that email',
    requirement: 'RFC 7644 §3.5.2.2: "If the target location is a multi-valued attribute and a complex filter is specified comparing a "value", the values matched by the filter are removed."',
    fix: `Remove only the elements matching the value filter; never clear the whole attribute. ${PATCH_FIX}`,
    level: 'required',
    refs: ['RFC7644-3.5.2.2'],
    method: 'PATCH',
    path: '/Users/{{writesUserId}}',
    body: patchOps({ op: 'remove', path: 'emails[type eq "other"]' }),
    requires: ['patch'],
    checks: [PATCH_STATUS, whenBody(countAt('emails', 2))],
  }),
  step({
    id: 'patch-remove-value-filter-read-back',
    title: 'GET shows the work and home emails, without the removed one',
    requirement: 'RFC 7644 §3.5.2.2: the matched values are gone, the others remain.',
    fix: 'Persist the removal of the matched values only.',
    level: 'required',
    refs: ['RFC7644-3.5.2.2'],
    method: 'GET',
    path: '/Users/{{writesUserId}}',
    requires: ['patch'],
    readBack: true,
    assertions: [status(200)],
    checks: [countAt('emails', 2), lacksElement('emails', 'type', 'other'), holdsElement('emails', { value: '{{writesPrefix}}-changed@example.com', type: 'work' })],
  }),
  step({
    id: 'patch-extension-urn-path',
    title: 'PATCH replace urn:…:enterprise:2.0:User:department reaches the extension',
    requirement: 'RFC 7644 §3.10 and §3.5.2: a path may be URN-qualified ("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"); the operation applies to that attribute inside the extension object.',
    fix: `Resolve the URN prefix to the extension and apply the operation inside its object (not to a top-level key named after the path). ${PATCH_FIX}`,
    level: 'required',
    refs: ['RFC7644-3.10', 'RFC7644-3.5.2.3', 'RFC7643-3.3'],
    method: 'PATCH',
    path: '/Users/{{writesEnterpriseUserId}}',
    body: patchOps({ op: 'replace', path: `${ENTERPRISE_URN}:department`, value: 'Research' }),
    requires: ['patch'],
    gates: [ENTERPRISE],
    checks: [PATCH_STATUS, whenBody(equalAt(`["${ENTERPRISE_URN}"].department`, 'Research'))],
  }),
  step({
    id: 'patch-extension-urn-path-read-back',
    title: 'GET shows the new department and the employeeNumber unchanged',
    requirement: 'RFC 7644 §3.5.2.3: the targeted extension attribute has the new value; the others keep theirs.',
    fix: 'Persist the change inside the extension object.',
    level: 'required',
    refs: ['RFC7644-3.5.2.3', 'RFC7643-3.3'],
    method: 'GET',
    path: '/Users/{{writesEnterpriseUserId}}',
    requires: ['patch'],
    gates: [ENTERPRISE],
    readBack: true,
    assertions: [status(200), json(`["${ENTERPRISE_URN}"].department`, 'equal', 'Research'), json(`["${ENTERPRISE_URN}"].employeeNumber`, 'equal', '{{writesEmployeeNumber}}')],
  }),
];

/** A malformed PATCH body: 400 with a SCIM Error; invalidSyntax/invalidValue recommended. */
function malformedPatch(id: string, title: string, body: unknown, why: string): RequestStep {
  return step({
    id,
    title,
    requirement: `RFC 7644 §3.5.2: a PATCH request is a PatchOp message — "schemas" holds urn:ietf:params:scim:api:messages:2.0:PatchOp, "Operations" is an array of one or more operations, each with "op" add, remove or replace, and add/replace carry a "value". ${why} RFC 7644 §3.12: such a request is answered 400 (scimType invalidSyntax or invalidValue) and changes nothing.`,
    fix: 'Validate the whole PatchOp before applying any operation and answer 400 {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"invalidSyntax",…}; never 200 or 500.',
    level: 'required',
    refs: ['RFC7644-3.5.2', 'RFC7644-3.12'],
    method: 'PATCH',
    path: '/Users/{{writesUserId}}',
    body,
    requires: ['patch'],
    checks: [errorBody(400), scimTypeIn(['invalidSyntax', 'invalidValue'], 'recommended')],
  });
}

const errorSteps: readonly RequestStep[] = [
  malformedPatch('patch-wrong-schema-returns-400', 'PATCH whose schemas is not the PatchOp URN is refused with 400',
    { schemas: [USER_URN], Operations: [{ op: 'replace', path: 'displayName', value: 'Wrong Schema' }] }, 'Here "schemas" is the User URN.'),
  malformedPatch('patch-empty-operations-returns-400', 'PATCH with an empty Operations array is refused with 400',
    patchOps(), 'Here "Operations" is empty.'),
  malformedPatch('patch-unknown-op-returns-400', 'PATCH with op "merge" is refused with 400',
    patchOps({ op: 'merge', path: 'displayName', value: 'Unknown Op' }), 'Here "op" is "merge".'),
  malformedPatch('patch-missing-value-returns-400', 'PATCH replace without a value is refused with 400',
    patchOps({ op: 'replace', path: 'displayName' }), 'Here a replace has no "value".'),
  step({
    id: 'patch-malformed-changed-nothing',
    title: 'GET after the refused PATCHes: displayName is unchanged',
    requirement: 'RFC 7644 §3.5.2: a PATCH is atomic — a refused request changes nothing.',
    fix: 'Validate first, apply after; do not apply the operations a refused request carried.',
    level: 'required',
    refs: ['RFC7644-3.5.2'],
    method: 'GET',
    path: '/Users/{{writesUserId}}',
    requires: ['patch'],
    assertions: [status(200), json('displayName', 'equal', 'Grace Hopper')],
  }),
  step({
    id: 'patch-no-target-returns-400',
    title: 'PATCH replace with a value filter that matches nothing is refused with 400 noTarget',
    requirement: 'RFC 7644 §3.5.2.3: "If the target location is a multi-valued attribute for which a value selection filter ("valuePath") has been supplied and no record match was made, the service provider SHALL indicate failure by returning HTTP status code 400 and a "scimType" error code of "noTarget"."',
    fix: 'When a value filter selects no element on replace (or remove), answer 400 with scimType "noTarget" instead of 200.',
    level: 'required',
    refs: ['RFC7644-3.5.2.3', 'RFC7644-3.12'],
    method: 'PATCH',
    path: '/Users/{{writesUserId}}',
    body: patchOps({ op: 'replace', path: 'emails[type eq "scim-conformance-none"].value', value: '{{writesPrefix}}-nowhere@example.com' }),
    requires: ['patch'],
    checks: [errorBody(400), scimTypeIn(['noTarget'])],
  }),
  step({
    id: 'patch-remove-without-path-returns-400',
    title: 'PATCH remove without a path is refused with 400 noTarget',
    requirement: 'RFC 7644 §3.5.2.2: "If "path" is unspecified, the operation fails with HTTP status code 400 and a "scimType" error code of "noTarget"."',
    fix: 'Refuse "remove" operations that have no "path" with 400 noTarget (never remove the whole resource\'s attributes).',
    level: 'required',
    refs: ['RFC7644-3.5.2.2', 'RFC7644-3.12'],
    method: 'PATCH',
    path: '/Users/{{writesUserId}}',
    body: patchOps({ op: 'remove' }),
    requires: ['patch'],
    checks: [errorBody(400), scimTypeIn(['noTarget'])],
  }),
  step({
    id: 'patch-readonly-returns-400-mutability',
    title: 'PATCH replace of the readOnly id is refused with 400 mutability',
    requirement: 'RFC 7644 §3.5.2: "a client MUST NOT modify an attribute that has mutability "readOnly" …; an operation that is not compatible with an attribute\'s mutability … SHALL return the appropriate HTTP response status code and a JSON detail error response" — 400 with scimType "mutability" (RFC 7644 §3.12, Table 9). id is readOnly (RFC 7643 §3.1).',
    fix: 'Check each operation\'s target against the attribute\'s mutability and answer 400 {"scimType":"mutability"} for readOnly targets (id, meta, groups) given as a path; do not ignore the operation silently.',
    level: 'required',
    refs: ['RFC7644-3.5.2', 'RFC7644-3.12', 'RFC7643-3.1'],
    method: 'PATCH',
    path: '/Users/{{writesUserId}}',
    body: patchOps({ op: 'replace', path: 'id', value: '{{writesClientId}}' }),
    requires: ['patch'],
    checks: [errorBody(400), scimTypeIn(['mutability'])],
  }),
  step({
    id: 'if-match-stale-returns-412',
    title: 'PATCH with If-Match of an old version is refused with 412 Precondition Failed',
    requirement: 'RFC 7644 §3.14: a client may make a write conditional with If-Match and the version it holds; when the resource has changed since (this ETag is the one returned at creation, before the PATCHes above), the service provider answers 412 Precondition Failed and does not apply the write.',
    fix: 'Compare If-Match with the current entity tag (RFC 7232) on PUT, PATCH and DELETE and answer 412 when it differs; change the version on every modification. Or advertise "etag": {"supported": false}.',
    level: 'required',
    refs: ['RFC7644-3.14', 'RFC7644-3.12'],
    method: 'PATCH',
    path: '/Users/{{writesUserId}}',
    headers: [...SCIM_BODY_HEADERS, ['If-Match', '{{writesCreateEtag}}']],
    body: patchOps({ op: 'replace', path: 'displayName', value: 'Stale Write' }),
    requires: ['etag', 'patch'],
    checks: [errorBody(412)],
  }),
  step({
    id: 'if-match-stale-read-back',
    title: 'GET after the refused conditional PATCH: displayName unchanged',
    requirement: 'RFC 7644 §3.14: a write whose precondition failed is not applied.',
    fix: 'Check the precondition before applying the write.',
    level: 'required',
    refs: ['RFC7644-3.14'],
    method: 'GET',
    path: '/Users/{{writesUserId}}',
    requires: ['etag', 'patch'],
    assertions: [status(200), json('displayName', 'equal', 'Grace Hopper')],
  }),
  step({
    id: 'if-match-stale-put-returns-412',
    title: 'PUT with If-Match of an old version is refused with 412 Precondition Failed',
    requirement: 'RFC 7644 §3.14: when versioning is supported, a client may make a PUT conditional with If-Match; when the resource has changed since that version (the ETag returned at creation, before the PATCHes above), the service provider answers 412 Precondition Failed and does not replace the resource (RFC 7232 §3.1).',
    fix: 'Evaluate If-Match on PUT as on PATCH and DELETE, before replacing anything: compare it with the current entity tag (weak comparison) and answer 412 with a SCIM Error when none matches. Or advertise "etag": {"supported": false}.',
    level: 'required',
    refs: ['RFC7644-3.14', 'RFC7644-3.5.1', 'RFC7644-3.12'],
    method: 'PUT',
    path: '/Users/{{writesUserId}}',
    headers: [...SCIM_BODY_HEADERS, ['If-Match', '{{writesCreateEtag}}']],
    body: { ...MAIN_USER, id: undefined, displayName: 'Stale Put', name: { givenName: 'Stale', familyName: 'Put{{writesLetters}}' } },
    // The create's ETag is stale only once the PATCHes above changed the user.
    requires: ['etag', 'patch'],
    checks: [errorBody(412)],
  }),
  step({
    id: 'if-match-stale-put-read-back',
    title: 'GET after the refused conditional PUT: displayName and name unchanged',
    requirement: 'RFC 7644 §3.14: a PUT whose precondition failed is not applied.',
    fix: 'Check If-Match before replacing the resource.',
    level: 'required',
    refs: ['RFC7644-3.14', 'RFC7644-3.5.1'],
    method: 'GET',
    path: '/Users/{{writesUserId}}',
    requires: ['etag', 'patch'],
    assertions: [status(200), json('displayName', 'equal', 'Grace Hopper'), json('name.givenName', 'equal', 'Amazing')],
  }),
  step({
    id: 'if-match-stale-delete-returns-412',
    title: 'DELETE with If-Match of an old version is refused with 412 Precondition Failed',
    requirement: 'RFC 7644 §3.14: when versioning is supported, a client may make a DELETE conditional with If-Match; when the resource has changed since that version, the service provider answers 412 Precondition Failed and does not delete it (RFC 7644 §3.6, RFC 7232 §3.1).',
    fix: 'Evaluate If-Match on DELETE too, before deleting: answer 412 with a SCIM Error when it does not match the current entity tag. Or advertise "etag": {"supported": false}.',
    level: 'required',
    refs: ['RFC7644-3.14', 'RFC7644-3.6', 'RFC7644-3.12'],
    method: 'DELETE',
    path: '/Users/{{writesUserId}}',
    headers: [...SCIM_HEADERS, ['If-Match', '{{writesCreateEtag}}']],
    requires: ['etag', 'patch'],
    checks: [errorBody(412)],
  }),
  step({
    id: 'if-match-stale-delete-read-back',
    title: 'GET after the refused conditional DELETE: the user still exists',
    requirement: 'RFC 7644 §3.14: a DELETE whose precondition failed is not applied — the resource is still there (200).',
    fix: 'Check If-Match before deleting the resource.',
    level: 'required',
    refs: ['RFC7644-3.14', 'RFC7644-3.6'],
    method: 'GET',
    path: '/Users/{{writesUserId}}',
    requires: ['etag', 'patch'],
    assertions: [status(200), json('id', 'equal', '{{writesUserId}}')],
  }),
  step({
    id: 'wrong-bearer-token-returns-401',
    title: 'A request with a bearer token that is not the configured one is refused with 401',
    requirement: 'RFC 7644 §2 and §3.12: requests are authenticated; 401 Unauthorized — "Authorization failure. The authorization header is invalid or missing." — answered as a SCIM Error (RFC 6750 §3.1: invalid_token).',
    fix: 'Compare the whole token with the configured one (constant-time); any other token, also a longer one that starts with yours, gets 401.',
    level: 'required',
    refs: ['RFC7644-2', 'RFC7644-3.12', 'RFC6750-3.1'],
    method: 'GET',
    path: '/Users?startIndex=1&count=1',
    headers: [['Accept', 'application/scim+json'], ['Authorization', '{{auth}}x']],
    checks: [errorBody(401)],
  }),
  step({
    id: 'unknown-bearer-token-returns-401',
    title: 'A request with an unrelated bearer token is refused with 401',
    requirement: 'RFC 7644 §2 and §3.12: 401 for an invalid Authorization header, as a SCIM Error.',
    fix: 'Authenticate every SCIM request and answer an unknown token with 401 and a SCIM Error body.',
    level: 'required',
    refs: ['RFC7644-2', 'RFC7644-3.12', 'RFC6750-3.1'],
    method: 'GET',
    path: '/Users?startIndex=1&count=1',
    headers: [['Accept', 'application/scim+json'], ['Authorization', 'Bearer scim-conformance-{{writesLetters}}-not-a-token']],
    checks: [errorBody(401)],
  }),
  ...(['Users', 'Groups'] as const).flatMap((endpoint) => {
    const gates = endpoint === 'Groups' ? [GROUPS] : [];
    const body = endpoint === 'Users'
      ? { schemas: [USER_URN], userName: '{{writesPrefix}}-ghost@example.com' }
      : { schemas: [GROUP_URN], displayName: '{{writesPrefix}}-ghost' };
    const lower = endpoint.toLowerCase();
    const common = {
      level: 'required' as const,
      refs: ['RFC7644-3.12', 'RFC7644-3.5.1', 'RFC7644-3.5.2', 'RFC7644-3.6'],
      fix: 'Look the id up before writing and answer 404 with a SCIM Error ("status": "404") for ids that do not exist; never 400, 200 or 500, and never create the resource.',
      path: `/${endpoint}/{{writesUnknownId}}`,
      gates,
      checks: [errorBody(404)],
    };
    return [
      step({
        ...common,
        id: `put-unknown-${lower}-id-returns-404`,
        title: `PUT /${endpoint}/{unknown id} answers 404`,
        requirement: 'RFC 7644 §3.12: 404 Not Found — "Specified resource (e.g., User) or endpoint does not exist"; a PUT does not create a resource (RFC 7644 §3.5.1).',
        method: 'PUT',
        body,
        extractions: [{ name: `writesGhost${endpoint}PutId`, source: 'response_json', property: 'id', optional: true }],
      }),
      step({
        ...common,
        id: `patch-unknown-${lower}-id-returns-404`,
        title: `PATCH /${endpoint}/{unknown id} answers 404`,
        requirement: 'RFC 7644 §3.12: 404 Not Found for an operation on a resource that does not exist.',
        method: 'PATCH',
        body: patchOps({ op: 'replace', path: 'externalId', value: 'ghost' }),
        requires: ['patch'],
      }),
      ...(endpoint === 'Groups' ? [step({
        ...common,
        id: 'delete-unknown-groups-id-returns-404',
        title: 'DELETE /Groups/{unknown id} answers 404',
        requirement: 'RFC 7644 §3.6 and §3.12: DELETE of a resource that does not exist answers 404 Not Found. (DELETE of an unknown User is rfc7644/user-delete-unknown-id-returns-404.)',
        method: 'DELETE',
      })] : []),
    ];
  }),
  ...([['POST', '/ServiceProviderConfig'], ['POST', '/Schemas'], ['POST', '/ResourceTypes']] as const).map(([method, path]) => step({
    id: `discovery-${path.slice(1).toLowerCase()}-write-returns-405`,
    title: `${method} ${path} is refused with 405 Method Not Allowed`,
    requirement: 'RFC 7644 §4: the discovery endpoints are read-only — "An HTTP GET to this endpoint will return …"; a write to them is answered 405 Method Not Allowed (RFC 9110 §15.5.6) as a SCIM Error (RFC 7644 §3.12). Recommended: the RFC does not name the status.',
    fix: `Route only GET to ${path}; answer other methods with 405, an "Allow: GET" header and a SCIM Error body.`,
    level: 'recommended',
    refs: ['RFC7644-4', 'RFC7644-3.12', 'RFC9110-15.5.6'],
    method,
    path,
    body: { schemas: [SPC_LIKE_URN] },
    checks: [errorBody(405)],
  })),
  step({
    id: 'unknown-url-returns-404',
    title: 'GET of an endpoint that does not exist answers 404 with a SCIM Error',
    requirement: 'RFC 7644 §3.12: 404 Not Found — "Specified resource (e.g., User) or endpoint does not exist" — as a SCIM Error (schemas, "status" as a string). Recommended: a framework\'s HTML 404 page breaks clients that parse the body.',
    fix: 'Add a catch-all route under the SCIM base URL that answers 404 with {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"404","detail":"…"} and Content-Type application/scim+json.',
    level: 'recommended',
    refs: ['RFC7644-3.12'],
    method: 'GET',
    path: '/ScimConformanceNoSuchEndpoint',
    checks: [errorBody(404)],
  }),
];

const pagingSteps: readonly RequestStep[] = [
  // Created in the order c, a, b so that creation order is not userName order.
  ...(['c', 'a', 'b'] as const).map((letter, i) => step({
    id: `create-page-user-${letter}`,
    title: `POST /Users creates paging user ${letter}`,
    requirement: 'RFC 7644 §3.3: POST /Users creates the user (201). Three users with a common userName prefix are listed, paged and sorted below.',
    fix: 'See rfc7644/user-create-returns-201.',
    level: 'required',
    refs: ['RFC7644-3.3'],
    method: 'POST',
    path: '/Users',
    body: pageUser(letter),
    requires: ['filter'],
    assertions: [status(201), json('id', 'not_empty')],
    extractions: [{ name: PAGE_USERS[i] ?? 'writesPageUser1Id', source: 'response_json', property: 'id' }],
  })),
  step({
    id: 'list-count-zero',
    title: 'count=0 returns no resources and the true totalResults',
    requirement: 'RFC 7644 §3.4.2.4: "A value of "0" indicates that no resource results are to be returned except for "totalResults"" — totalResults is still the number of matching resources (here the 3 paging users).',
    fix: 'Treat count=0 as "count only": return totalResults with an empty (or absent) Resources; never treat 0 as "no limit".',
    level: 'required',
    refs: ['RFC7644-3.4.2.4', 'RFC7644-3.4.2'],
    method: 'GET',
    path: `/Users?filter=${PAGE_FILTER}&count=0`,
    requires: ['filter'],
    readBack: { of: 'create-page-user-b', settledBy: 'assertions' },
    assertions: [status(200), json('totalResults', 'equal_number', '3')],
    checks: [(ctx) => [{ title: 'no resources are returned', ok: resourcesOf(ctx).length === 0, expected: '0 resources', actual: `${resourcesOf(ctx).length} resource(s)` }]],
  }),
  step({
    id: 'list-walk-page-1',
    title: 'Paging walk, page 1: startIndex=1&count=2',
    requirement: 'RFC 7644 §3.4.2.4: startIndex is 1-based; at most "count" results are returned; the response says totalResults and startIndex.',
    fix: 'Apply startIndex − 1 as the offset and count as the page size, after filtering, in a stable order.',
    level: 'required',
    refs: ['RFC7644-3.4.2.4'],
    method: 'GET',
    path: `/Users?filter=${PAGE_FILTER}&startIndex=1&count=2`,
    requires: ['filter'],
    assertions: [status(200), json('schemas', 'has_value', LIST_RESPONSE_URN)],
    checks: [pageFields(2, 1)],
    scripts: [{
      origin: `${SUITE_ID}/list-walk-page-1: the ids on page 1`,
      code: [
        'var ids = [];',
        'try { ids = (response.json !== undefined ? response.json : JSON.parse(response.body)).Resources.slice(0, 100).map(function (r) { return String(r.id); }); } catch (e) { ids = []; }',
        "variables.set('writesPage1Ids', ids.join(','));",
      ].join('\n'),
    }],
  }),
  step({
    id: 'list-walk-page-2',
    title: 'Paging walk, page 2: startIndex=3&count=2 completes the list without duplicates or gaps',
    requirement: 'RFC 7644 §3.4.2.4: the next page starts at startIndex + itemsPerPage; together the pages list every matching resource once (Okta pages through users this way and needs a stable order). The walk stops here: 3 results, 2 pages (never more pages than our own users fill, whatever totalResults says).',
    fix: 'Keep a stable order across requests (e.g. by creation time or id) and slice exactly [startIndex − 1, startIndex − 1 + count).',
    level: 'required',
    refs: ['RFC7644-3.4.2.4', 'OKTA-SCIM'],
    method: 'GET',
    path: `/Users?filter=${PAGE_FILTER}&startIndex=3&count=2`,
    requires: ['filter'],
    assertions: [status(200)],
    checks: [pageFields(1, 3), walkComplete],
  }),
  step({
    id: 'list-start-index-below-one',
    title: 'startIndex=0 is read as 1',
    requirement: 'RFC 7644 §3.4.2.4: "A value less than 1 SHALL be interpreted as 1."',
    fix: 'Clamp startIndex to at least 1 instead of answering 400/500 or shifting the page.',
    level: 'required',
    refs: ['RFC7644-3.4.2.4'],
    method: 'GET',
    path: `/Users?filter=${PAGE_FILTER}&startIndex=0&count=2`,
    requires: ['filter'],
    assertions: [status(200)],
    checks: [pageFields(2, 1), (ctx) => {
      const first = (ctx.vars('writesPage1Ids') ?? '').split(',');
      const ids = idsOf(ctx);
      return [{ title: 'the page is page 1', ok: ids.length === first.length && ids.every((id, i) => id === first[i]), expected: first.join(', '), actual: ids.join(', ') }];
    }],
  }),
  step({
    id: 'list-start-index-past-end',
    title: 'startIndex past the end returns an empty page and the true totalResults',
    requirement: 'RFC 7644 §3.4.2.4 and §3.4.2: a startIndex beyond the results yields no resources; the response is still a ListResponse with totalResults (200, not 404 or 400).',
    fix: 'Answer 200 with totalResults, startIndex as asked and an empty Resources list.',
    level: 'required',
    refs: ['RFC7644-3.4.2.4', 'RFC7644-3.4.2'],
    method: 'GET',
    path: `/Users?filter=${PAGE_FILTER}&startIndex=10&count=2`,
    requires: ['filter'],
    assertions: [status(200), json('totalResults', 'equal_number', '3')],
    checks: [(ctx) => [{ title: 'no resources are returned', ok: resourcesOf(ctx).length === 0, expected: '0 resources', actual: `${resourcesOf(ctx).length} resource(s)` }]],
  }),
  step({
    id: 'sort-ascending',
    title: 'sortBy=userName&sortOrder=ascending orders the users a, b, c',
    requirement: 'RFC 7644 §3.4.2.3: "sortBy" names the attribute whose value SHALL be used to order the returned responses; "ascending" is the default order. Checked when sort.supported (RFC 7643 §5).',
    fix: 'Sort on the sortBy attribute (case-insensitively for caseExact false attributes) before paging, or advertise "sort": {"supported": false}.',
    level: 'required',
    refs: ['RFC7644-3.4.2.3', 'RFC7643-5'],
    method: 'GET',
    path: `/Users?filter=${PAGE_FILTER}&sortBy=userName&sortOrder=ascending`,
    requires: ['filter', 'sort'],
    assertions: [status(200)],
    checks: [orderedAs(['a', 'b', 'c'])],
  }),
  step({
    id: 'sort-descending',
    title: 'sortBy=userName&sortOrder=descending orders the users c, b, a',
    requirement: 'RFC 7644 §3.4.2.3: "descending" reverses the order of sortBy.',
    fix: 'Honour sortOrder=descending (case-insensitively), or advertise "sort": {"supported": false}.',
    level: 'required',
    refs: ['RFC7644-3.4.2.3', 'RFC7643-5'],
    method: 'GET',
    path: `/Users?filter=${PAGE_FILTER}&sortBy=userName&sortOrder=descending`,
    requires: ['filter', 'sort'],
    assertions: [status(200)],
    checks: [orderedAs(['c', 'b', 'a'])],
  }),
];

/** Random, namespaced test data for one run of the writes suite. */
function writesRandomData(random: () => number): Record<string, string> {
  const letters = randomLetters(random, 8);
  return {
    writesPrefix: `scim-conformance-${letters}`,
    writesLetters: letters,
    writesClientId: `scim-conformance-client-id-${randomLetters(random, 8)}`,
    writesEmployeeNumber: `E-${randomLetters(random, 6)}`,
    writesUnknownId: unknownId(random),
  };
}

/** The `rfc7644/writes` suite: writes, PATCH paths, conditional requests, paging walks and the error contract. */
export const rfc7644WritesSuite: Suite = {
  id: SUITE_ID,
  name: 'SCIM 2.0 writes, PATCH, paging and errors (RFC 7644)',
  description: 'POST validation and round-trips, PATCH sub-attribute/value-path/extension paths with read-backs, malformed PatchOps, noTarget and mutability, If-Match 412, count=0, a full paging walk, startIndex edge cases, sorting, 401/404/405 errors with SCIM Error bodies.',
  source: { format: 'native' },
  inputs: [
    { name: 'SCIMBaseURL', description: 'SCIM base URL (--scim-url)' },
    { name: 'auth', description: 'Authorization header value for the SCIM API (--scim-auth)', secret: true },
  ],
  initial: { kind: 'generate', generate: writesRandomData },
  steps: [...createSteps, ...patchSteps, ...errorSteps, ...pagingSteps],
  cleanup: [
    deleteAction(`SCIM user {{writesPrefix}}-main ({{writesUserId}}) created by ${SUITE_ID}/create-ignores-client-id: deleted`, ['writesUserId'], '/Users/{{writesUserId}}'),
    deleteAction(`SCIM user ({{writesNoUserNameId}}) accepted without userName by ${SUITE_ID}/create-missing-required-returns-400: deleted`, ['writesNoUserNameId'], '/Users/{{writesNoUserNameId}}'),
    deleteAction(`SCIM user {{writesPrefix}}-enterprise ({{writesEnterpriseUserId}}) created by ${SUITE_ID}/create-with-enterprise-extension: deleted`, ['writesEnterpriseUserId'], '/Users/{{writesEnterpriseUserId}}'),
    deleteAction(`SCIM user created by PUT to an unknown id (${SUITE_ID}/put-unknown-users-id-returns-404): deleted`, ['writesGhostUsersPutId'], '/Users/{{writesGhostUsersPutId}}'),
    deleteAction(`SCIM group created by PUT to an unknown id (${SUITE_ID}/put-unknown-groups-id-returns-404): deleted`, ['writesGhostGroupsPutId'], '/Groups/{{writesGhostGroupsPutId}}'),
    ...PAGE_USERS.map((v, i) => deleteAction(`SCIM paging user ${['c', 'a', 'b'][i] ?? ''} ({{${v}}}) created by ${SUITE_ID}: deleted`, [v], `/Users/{{${v}}}`)),
  ],
};

