/**
 * `entra-gallery`: what a SCIM server must pass to be listed in the Microsoft Entra app
 * gallery, beyond the `entra` suite: the direct-SCIM part of Microsoft's onboarding validation
 * (the "SCIM Validation Logic App", ENTRA-LOGIC-APP: research/peers.md §2.4) and the Entra SCIM
 * Validator's preview tests (ENTRA-VALIDATOR, §2.2).
 *
 * Pass logic of the onboarding run, applied here: group provisioning is mandatory — a server
 * without Groups FAILS (the Logic App: "Group provisioning is mandatory"; there is no `n/a`
 * here, unlike `entra`, where groups are optional); users are paged (≥ 11, pages of 5,
 * `startIndex` = page·5+1), and groups too (optional in the Logic App: `recommended`); one
 * PATCH adds 100 members and one removes them; attributes set to "" and to null, by PATCH and by
 * PUT, are cleared; every attribute the suite sends is listed in /Schemas (matched
 * case-insensitively); and a bounded burst of Entra's lookup request is served at Entra's
 * documented minimum of 25 requests per second.
 *
 * What this suite cannot cover needs a real Entra tenant: the lifecycle tests the Logic App
 * drives through the Entra provisioning engine (Provision-on-Demand, a provisioning cycle,
 * restore) — the readiness check lists them. OAuth (the Logic App's authentication test) is
 * checked by the `oauth` suite a run adds with --oauth-token-url.
 *
 * Microsoft publishes no list of the validator's preview tests; their names come from
 * implementers' reports (third-party descriptions; each such step says so). Entra's own dialect
 * is used throughout (capitalised ops, `{"$ref": null, "value": …}` members). Test data is
 * namespaced (`scim-conformance-…`) and deleted by the cleanup actions.
 */
import type { Check, CleanupAction, RequestStep, Suite } from '../src/model/suite.js';
import type { Probe, StepSpec } from './scim-step-kit.js';
import {
  absentAt, deleteAction, ENTERPRISE_URN, equalAt, GROUP_URN, holdsValue, json, LIST_RESPONSE_URN, patchOps, randomLetters,
  scimError, status, statusIn, stepBuilder, unknownId, USER_URN, whenBody,
} from './scim-step-kit.js';

const SUITE = 'entra-gallery';
const ENTRA_GROUP_SCHEMA = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
/** Members one PATCH adds (the onboarding requirement "multi-member PATCH on /Groups"; Okta batches 100 too). */
export const MEMBER_COUNT = 100;
/** Users and groups the pagination tests walk: at least 11, in pages of 5 (ENTRA-LOGIC-APP). */
const PAGE_SIZE = 5;
const PAGED_GROUPS = 11;
/** Entra's documented minimum throughput (ENTRA-LOGIC-APP onboarding requirements). */
export const MIN_REQUESTS_PER_SECOND = 25;

const step = stepBuilder(SUITE);
/** Entra accepts 200 with a body or 204 for PATCH. */
const PATCH_STATUS = statusIn([200, 204]);
const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const memberNumbers = Array.from({ length: MEMBER_COUNT }, (_, i) => pad(i + 1, 3));
const groupNumbers = Array.from({ length: PAGED_GROUPS - 1 }, (_, i) => pad(i + 1, 2));
/** JSON path of an enterprise extension attribute. */
const ext = (name: string): string => `["${ENTERPRISE_URN}"].${name}`;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const LOGIC_APP_GROUPS = 'ENTRA-LOGIC-APP: "Group provisioning is mandatory" — the onboarding run FAILS (not skips) the group tests when /Schemas has no Group schema.';

/**
 * The attributes this suite sends, per schema URN (Schema_Discoverability: each must be in
 * /Schemas). externalId is left out: it is a common attribute (RFC 7643 §3.1), which schema
 * definitions do not list.
 */
const SENT_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  [USER_URN]: [
    'userName', 'active', 'displayName', 'nickName', 'title',
    'name.givenName', 'name.familyName', 'name.formatted', 'emails.value', 'emails.type', 'emails.primary',
  ],
  [ENTERPRISE_URN]: ['employeeNumber', 'department', 'manager.value'],
  [GROUP_URN]: ['displayName', 'members.value'],
};

/** `attributes` of a /Schemas resource as lower-cased dotted names (sub-attributes included). */
function schemaAttributeNames(schema: Record<string, unknown>): Set<string> {
  const names = new Set<string>();
  const attributes = Array.isArray(schema['attributes']) ? schema['attributes'] : [];
  for (const a of attributes) {
    if (!isObject(a) || typeof a['name'] !== 'string') continue;
    const name = a['name'].toLowerCase();
    names.add(name);
    const subs = Array.isArray(a['subAttributes']) ? a['subAttributes'] : [];
    for (const s of subs) if (isObject(s) && typeof s['name'] === 'string') names.add(`${name}.${s['name'].toLowerCase()}`);
  }
  return names;
}

function schemaResources(ctx: Parameters<Probe>[0]): Map<string, Record<string, unknown>> {
  const body = isObject(ctx.json) ? ctx.json : {};
  const resources = Array.isArray(body['Resources']) ? body['Resources'] : [];
  const out = new Map<string, Record<string, unknown>>();
  for (const r of resources) if (isObject(r) && typeof r['id'] === 'string') out.set(r['id'].toLowerCase(), r);
  return out;
}

/** The Group schema is listed in /Schemas (groups are mandatory for the gallery). */
const groupSchemaListed: Probe = (ctx) => {
  const ids = [...schemaResources(ctx).keys()];
  return [{
    title: `/Schemas lists the Group schema ${GROUP_URN} (group provisioning is mandatory)`,
    ok: ids.includes(GROUP_URN.toLowerCase()),
    expected: GROUP_URN, actual: ids,
  }];
};

/** Every attribute the suite sends is defined in /Schemas, matched case-insensitively. */
const everySentAttributeDiscoverable: Probe = (ctx) => {
  const schemas = schemaResources(ctx);
  return Object.entries(SENT_ATTRIBUTES).map(([urn, wanted]): Check => {
    const schema = schemas.get(urn.toLowerCase());
    const names = schema ? schemaAttributeNames(schema) : new Set<string>();
    const missing = wanted.filter((n) => !names.has(n.toLowerCase()));
    return {
      title: `every attribute sent for ${urn} is defined in /Schemas`,
      ok: schema !== undefined && missing.length === 0,
      expected: wanted.join(', '),
      actual: schema === undefined ? { missing: `no schema ${urn}` } : { notDefined: missing },
    };
  });
};

/** Ids of a ListResponse page, for the pagination checks of later pages. */
function pageScript(variable: string): RequestStep['scripts'][number] {
  return {
    origin: `${SUITE}: remember the ids of this page`,
    code: [
      'var list = null;',
      'try { list = (response.json !== undefined ? response.json : JSON.parse(response.body)).Resources; } catch (e) { list = null; }',
      'if (Array.isArray(list)) {',
      `  variables.set(${JSON.stringify(variable)}, JSON.stringify(list.map(function (r) { return r && typeof r === 'object' ? String(r.id) : '?'; })));`,
      '}',
    ].join('\n'),
  };
}

/**
 * Page `page` (0-based) of a walk in pages of 5: startIndex echoed, a full page (the last one
 * may be short), and no resource already seen on an earlier page.
 */
const pageChecks = (page: number, earlier: readonly string[]): Probe => (ctx) => {
  const body = isObject(ctx.json) ? ctx.json : {};
  const resources = Array.isArray(body['Resources']) ? body['Resources'] : [];
  const ids = resources.map((r) => (isObject(r) ? String(r['id']) : '?'));
  const total = typeof body['totalResults'] === 'number' ? body['totalResults'] : Number.NaN;
  const startIndex = page * PAGE_SIZE + 1;
  const expectedCount = Math.max(0, Math.min(PAGE_SIZE, total - page * PAGE_SIZE));
  const seen = new Set<string>();
  for (const name of earlier) {
    const raw = ctx.vars(name);
    try {
      const parsed: unknown = raw === undefined ? [] : JSON.parse(raw);
      if (Array.isArray(parsed)) for (const id of parsed) seen.add(String(id));
    } catch { /* an unreadable earlier page was already reported there */ }
  }
  const repeated = ids.filter((id) => seen.has(id));
  return [
    { title: `startIndex is ${startIndex}`, ok: body['startIndex'] === startIndex, expected: String(startIndex), actual: body['startIndex'] ?? { missing: 'no startIndex' } },
    {
      title: `the page holds ${Number.isNaN(total) ? 'count' : expectedCount} resource(s) (count=${PAGE_SIZE}, totalResults ${Number.isNaN(total) ? '?' : total})`,
      ok: !Number.isNaN(total) && ids.length === expectedCount && ids.length > 0,
      expected: String(expectedCount), actual: ids.length,
    },
    { title: 'no resource of an earlier page appears again', ok: repeated.length === 0, expected: 'new resources only', actual: repeated },
  ];
};

/** The attribute at `path` was cleared: absent, null, "" or an empty array (RFC 7643 §2.5). */
const clearedAt = (path: string): Probe => (ctx) => {
  const [check] = absentAt(path)(ctx);
  if (check === undefined) return [];
  const body = isObject(ctx.json) ? ctx.json : undefined;
  const value = body === undefined ? undefined : path.split('.').reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), body);
  return [{ ...check, title: `${path} is cleared`, ok: check.ok || value === '', expected: 'absent, null or ""' }];
};

/** The enterprise attribute `name` was cleared. */
const extClearedAt = (name: string): Probe => (ctx) => {
  const extension = isObject(ctx.json) ? ctx.json[ENTERPRISE_URN] : undefined;
  const value = isObject(extension) ? extension[name] : undefined;
  const ok = value === undefined || value === null || value === '';
  return [{ title: `${ENTERPRISE_URN}:${name} is cleared`, ok, expected: 'absent, null or ""', actual: value === undefined ? { missing: 'absent' } : value }];
};

/** The one email with primary true has the value of variable `name`. */
const primaryEmailIs = (name: string): Probe => (ctx) => {
  const emails = isObject(ctx.json) && Array.isArray(ctx.json['emails']) ? ctx.json['emails'] : [];
  const primary = emails.filter((e) => isObject(e) && e['primary'] === true);
  const want = ctx.vars(name);
  return [{
    title: `the primary email is {{${name}}}`, ok: want !== undefined && primary.length === 1 && isObject(primary[0]) && primary[0]['value'] === want,
    expected: `exactly one primary email, ${want ?? `{{${name}}}`}`, actual: emails,
  }];
};

/** All `count` member ids are (or none is) in members. */
const holdsMembers = (wanted: boolean): Probe => (ctx) => {
  const members = isObject(ctx.json) && Array.isArray(ctx.json['members']) ? ctx.json['members'] : [];
  const values = new Set(members.map((m) => (isObject(m) ? String(m['value']) : '')));
  const ids = memberNumbers.map((n) => ctx.vars(`memberId${n}`) ?? `{{memberId${n}}}`);
  const present = ids.filter((id) => values.has(id)).length;
  return [{
    title: wanted ? `members holds all ${MEMBER_COUNT} users added in one PATCH` : `members holds none of the ${MEMBER_COUNT} users removed in one PATCH`,
    ok: wanted ? present === MEMBER_COUNT : present === 0,
    expected: wanted ? `${MEMBER_COUNT} of ${MEMBER_COUNT}` : `0 of ${MEMBER_COUNT}`,
    actual: `${present} of ${MEMBER_COUNT}`,
  }];
};

/** The burst's measured rate and answers (variables set by the engine's burst, model/suite.ts Burst). */
const burstChecks: Probe = (ctx) => {
  const rate = Number(ctx.vars('burst.requestsPerSecond'));
  const notOk = Number(ctx.vars('burst.notOk'));
  const sent = ctx.vars('burst.sent') ?? '?';
  return [
    {
      title: `every request of the burst is answered 2xx (no 429 throttling, no 5xx)`, ok: notOk === 0,
      expected: `${sent} answers 2xx`, actual: `${ctx.vars('burst.notOk') ?? '?'} not 2xx; statuses ${ctx.vars('burst.statuses') ?? '?'}`,
    },
    {
      title: `the server completes at least ${MIN_REQUESTS_PER_SECOND} requests per second`, ok: rate >= MIN_REQUESTS_PER_SECOND,
      expected: `≥ ${MIN_REQUESTS_PER_SECOND} requests/s`, actual: `${ctx.vars('burst.requestsPerSecond') ?? '?'} requests/s over ${sent} requests`,
    },
  ];
};

const memberUserSteps: readonly StepSpec[] = memberNumbers.map((n) => ({
  id: `create-member-user-${n}`,
  title: `Create user ${Number(n)} of ${MEMBER_COUNT} (members for the multi-member PATCH; users for pagination)`,
  requirement: 'ENTRA-LOGIC-APP: the onboarding run needs users to page through (at least 11) and to add to a group many at once; POST /Users answers 201 Created with the user and its id (RFC 7644 §3.3).',
  fix: 'Answer POST /Users with 201 and the created user, including its id.',
  level: 'required',
  refs: ['ENTRA-LOGIC-APP', 'RFC7644-3.3'],
  method: 'POST',
  path: '/Users',
  body: {
    schemas: [USER_URN], userName: `{{memberPrefix}}-${n}@example.com`, externalId: `{{memberPrefix}}-${n}`, active: true,
    name: { givenName: 'Member', familyName: `Gallery${n}` },
    emails: [{ primary: true, type: 'work', value: `{{memberPrefix}}-${n}@example.com` }],
  },
  assertions: [status(201), json('id', 'not_empty')],
  extractions: [{ name: `memberId${n}`, source: 'response_json', property: 'id' }],
}));

const pagingGroupSteps: readonly StepSpec[] = groupNumbers.map((n) => ({
  id: `create-paging-group-${n}`,
  title: `Create group ${Number(n) + 1} of ${PAGED_GROUPS} (groups for pagination)`,
  requirement: `ENTRA-LOGIC-APP: Group pagination walks at least ${PAGED_GROUPS} groups in pages of ${PAGE_SIZE}; ${LOGIC_APP_GROUPS} POST /Groups answers 201 Created.`,
  fix: 'Offer Groups (the gallery requires group provisioning) and answer POST /Groups with 201 and the group.',
  level: 'required',
  refs: ['ENTRA-LOGIC-APP', 'RFC7644-3.3'],
  method: 'POST',
  path: '/Groups',
  body: { schemas: [GROUP_URN, ENTRA_GROUP_SCHEMA], externalId: `{{groupPrefix}}-${n}`, displayName: `{{groupPrefix}}-${n}` },
  assertions: [status(201), json('id', 'not_empty')],
  extractions: [{ name: `pagingGroupId${n}`, source: 'response_json', property: 'id' }],
}));

const pageSteps = (kind: 'users' | 'groups'): StepSpec[] => [0, 1, 2].map((page) => ({
  id: `${kind}-page-${page + 1}`,
  title: `${kind === 'users' ? 'User' : 'Group'} pagination: GET /${kind === 'users' ? 'Users' : 'Groups'}?startIndex=${page * PAGE_SIZE + 1}&count=${PAGE_SIZE}`,
  requirement: kind === 'users'
    ? `ENTRA-LOGIC-APP User Pagination: with at least 11 users, pages of ${PAGE_SIZE} are read with startIndex = page·${PAGE_SIZE}+1; each page holds ${PAGE_SIZE} users (the last may hold fewer), none repeated (RFC 7644 §3.4.2.4).`
    : `ENTRA-LOGIC-APP Group Pagination (optional in the onboarding run, reported as a warning): groups are paged like users, startIndex = page·${PAGE_SIZE}+1, count=${PAGE_SIZE}. ${LOGIC_APP_GROUPS}`,
  fix: 'Honour startIndex (1-based) and count on list requests, echo startIndex, return at most count resources, and keep a stable order between pages.',
  level: kind === 'users' ? 'required' : 'recommended',
  refs: ['ENTRA-LOGIC-APP', 'RFC7644-3.4.2.4'],
  method: 'GET',
  path: kind === 'users'
    ? `/Users?startIndex=${page * PAGE_SIZE + 1}&count=${PAGE_SIZE}`
    : `/Groups?excludedAttributes=members&startIndex=${page * PAGE_SIZE + 1}&count=${PAGE_SIZE}`,
  ...(page === 0 ? { readBack: { settledBy: 'assertions' as const } } : {}),
  assertions: [
    status(200), json('schemas', 'has_value', LIST_RESPONSE_URN),
    json('totalResults', 'is_greater_than_or_equal', String(kind === 'users' ? 11 : PAGED_GROUPS)),
  ],
  checks: [pageChecks(page, Array.from({ length: page }, (_, i) => `${kind}Page${i + 1}`))],
  scripts: [pageScript(`${kind}Page${page + 1}`)],
}));

const memberValues = memberNumbers.map((n) => ({ $ref: null, value: `{{memberId${n}}}` }));

const specs: readonly StepSpec[] = [
  // --- Discovery: groups mandatory, every attribute discoverable ---------------------------------
  {
    id: 'groups-required',
    title: 'Group provisioning is offered: /Schemas lists the Group schema',
    requirement: `${LOGIC_APP_GROUPS} All mandatory tests must pass for the gallery listing.`,
    fix: 'Implement the Group resource (RFC 7643 §4.2: /Groups with displayName and members, PATCH of members) and list its schema in /Schemas and /ResourceTypes.',
    level: 'required',
    refs: ['ENTRA-LOGIC-APP', 'RFC7643-4.2', 'RFC7644-4'],
    method: 'GET',
    path: '/Schemas',
    assertions: [status(200)],
    checks: [groupSchemaListed],
  },
  {
    id: 'schema-discoverability',
    title: 'Schema discoverability: every attribute this suite sends is defined in /Schemas',
    requirement: 'ENTRA-LOGIC-APP Schema_Discoverability: every mapped attribute appears in /Schemas, matched case-insensitively (gallery apps read /Schemas when the provisioning configuration is saved, ENTRA-SCIM). Checked here for each attribute this suite sends: core User, enterprise User (employeeNumber, department, manager) and Group.',
    fix: 'List every attribute you accept in GET /Schemas (RFC 7643 §7), with its sub-attributes (emails.value/type/primary, name.givenName…, manager.value, members.value), under the schema URN it belongs to.',
    level: 'required',
    refs: ['ENTRA-LOGIC-APP', 'ENTRA-SCIM', 'RFC7643-7'],
    method: 'GET',
    path: '/Schemas',
    assertions: [status(200), json('schemas', 'has_value', LIST_RESPONSE_URN)],
    checks: [everySentAttributeDiscoverable],
  },

  // --- Users for members and pagination ---------------------------------------------------------
  ...memberUserSteps,
  ...pageSteps('users'),

  // --- The user the preview and null-update tests change ----------------------------------------
  {
    id: 'create-user',
    title: 'Create the user whose attributes the following tests change (Entra\'s body)',
    requirement: 'ENTRA-LOGIC-APP User Create: 200/201 and the attributes round-trip; ENTRA-SCIM "Create User" body (core and enterprise schemas, externalId, work email, name, displayName).',
    fix: 'Accept Entra\'s create body and answer 201 with the stored user.',
    level: 'required',
    refs: ['ENTRA-LOGIC-APP', 'ENTRA-SCIM', 'RFC7644-3.3'],
    method: 'POST',
    path: '/Users',
    body: {
      schemas: [USER_URN, ENTERPRISE_URN],
      externalId: '{{externalId}}', userName: '{{userName}}', active: true, displayName: '{{displayName}}',
      nickName: '{{nickName}}', title: '{{jobTitle}}',
      emails: [{ primary: true, type: 'work', value: '{{workEmail}}' }],
      name: { formatted: 'Gallery {{familyName}}', familyName: '{{familyName}}', givenName: 'Gallery' },
      [ENTERPRISE_URN]: { employeeNumber: '{{employeeNumber}}', department: '{{department}}' },
    },
    assertions: [status(201), json('id', 'not_empty')],
    extractions: [{ name: 'galleryUserId', source: 'response_json', property: 'id' }],
  },
  {
    id: 'user-multiple-ops-same-attribute',
    title: 'Patch User – multiple ops on the same attribute: "Add" then "Replace" of nickName in one PATCH',
    requirement: 'Entra SCIM Validator preview test "Patch User – multiple ops on the same attribute" (its name comes from implementers\' reports, a third-party description; ENTRA-VALIDATOR). RFC 7644 §3.5.2: the operations are applied in order, so the last one wins.',
    fix: 'Apply the Operations of a PATCH sequentially, each on the result of the previous one.',
    level: 'recommended',
    refs: ['ENTRA-VALIDATOR', 'RFC7644-3.5.2'],
    method: 'PATCH',
    path: '/Users/{{galleryUserId}}',
    body: patchOps({ op: 'Add', path: 'nickName', value: '{{nickName2}}' }, { op: 'Replace', path: 'nickName', value: '{{nickName3}}' }),
    checks: [PATCH_STATUS],
  },
  {
    id: 'user-multiple-ops-same-attribute-read-back',
    title: 'GET shows the last op\'s nickName',
    requirement: 'RFC 7644 §3.5.2: operations are applied sequentially; the user keeps the value of the last one.',
    fix: 'Apply every operation in order; do not keep only the first or merge them.',
    level: 'recommended',
    refs: ['ENTRA-VALIDATOR', 'RFC7644-3.5.2'],
    method: 'GET',
    path: '/Users/{{galleryUserId}}',
    readBack: true,
    assertions: [status(200), json('nickName', 'equal', '{{nickName3}}')],
  },
  {
    id: 'manager-add-value-form',
    title: 'Patch User – manager in the {"value": id} form: "Add" of the enterprise manager',
    requirement: 'Entra SCIM Validator preview test for the manager sent as {"value": "<id>"} (RFC 7643 §4.3 complex form; Entra also sends a bare id, checked by entra/patch-user-add-manager). Source of the test name: implementers\' reports (third-party description; ENTRA-VALIDATOR).',
    fix: 'Accept the manager as a complex value {"value": "<manager id>"} on the URN path urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.',
    level: 'recommended',
    refs: ['ENTRA-VALIDATOR', 'RFC7643-4.3', 'RFC7644-3.5.2.1'],
    method: 'PATCH',
    path: '/Users/{{galleryUserId}}',
    body: patchOps({ op: 'Add', path: `${ENTERPRISE_URN}:manager`, value: { value: '{{memberId001}}' } }),
    checks: [PATCH_STATUS],
  },
  {
    id: 'manager-add-value-form-read-back',
    title: 'GET shows manager.value = the first manager\'s id',
    requirement: 'RFC 7643 §4.3: manager.value is the id of the manager\'s User.',
    fix: 'Store the manager inside the enterprise extension as {"value": "<id>"}.',
    level: 'recommended',
    refs: ['ENTRA-VALIDATOR', 'RFC7643-4.3'],
    method: 'GET',
    path: '/Users/{{galleryUserId}}',
    readBack: true,
    assertions: [status(200), json(ext('manager.value'), 'equal', '{{memberId001}}')],
  },
  {
    id: 'manager-replace',
    title: 'Patch User – replace the manager: "Replace" with another manager',
    requirement: 'ENTRA-LOGIC-APP Manager tests (set, change, remove) and the validator\'s preview "replace manager" test (name from implementers\' reports, third-party): replacing the manager stores the new one.',
    fix: 'Apply replace on the enterprise manager: the new value replaces the old one.',
    level: 'recommended',
    refs: ['ENTRA-LOGIC-APP', 'ENTRA-VALIDATOR', 'RFC7644-3.5.2.3'],
    method: 'PATCH',
    path: '/Users/{{galleryUserId}}',
    body: patchOps({ op: 'Replace', path: `${ENTERPRISE_URN}:manager`, value: { value: '{{memberId002}}' } }),
    checks: [PATCH_STATUS],
  },
  {
    id: 'manager-replace-read-back',
    title: 'GET shows the new manager',
    requirement: 'RFC 7644 §3.5.2.3: after the replace, manager.value is the second manager\'s id.',
    fix: 'Persist manager changes.',
    level: 'recommended',
    refs: ['ENTRA-LOGIC-APP', 'RFC7644-3.5.2.3'],
    method: 'GET',
    path: '/Users/{{galleryUserId}}',
    readBack: true,
    assertions: [status(200), json(ext('manager.value'), 'equal', '{{memberId002}}')],
  },
  {
    id: 'replace-primary-email',
    title: 'Patch User – "Replace" of emails[primary eq true].value',
    requirement: 'ENTRA-VALIDATOR "Patch User – Replace Attributes" uses valuePaths such as emails[primary eq true].value (reported by implementers, a third-party description). RFC 7644 §3.5.2.3: a value filter with a sub-attribute replaces that sub-attribute of the matching values.',
    fix: 'Support value-filter paths on boolean sub-attributes (emails[primary eq true].value) in PATCH.',
    level: 'recommended',
    refs: ['ENTRA-VALIDATOR', 'RFC7644-3.5.2.3'],
    method: 'PATCH',
    path: '/Users/{{galleryUserId}}',
    body: patchOps({ op: 'Replace', path: 'emails[primary eq true].value', value: '{{workEmail2}}' }),
    checks: [PATCH_STATUS],
  },
  {
    id: 'replace-primary-email-read-back',
    title: 'GET shows the primary email replaced',
    requirement: 'RFC 7644 §3.5.2.3: the primary email now has the new value (and is still the only primary one).',
    fix: 'Change the value of the matching email in place.',
    level: 'recommended',
    refs: ['ENTRA-VALIDATOR', 'RFC7644-3.5.2.3'],
    method: 'GET',
    path: '/Users/{{galleryUserId}}',
    readBack: true,
    assertions: [status(200)],
    checks: [primaryEmailIs('workEmail2')],
  },
  // --- Null and empty updates (SCIM_Null_Update) ------------------------------------------------
  {
    id: 'patch-empty-string',
    title: 'Null update by PATCH: "Replace" of nickName with ""',
    requirement: 'ENTRA-LOGIC-APP SCIM_Null_Update: Entra clears attributes by PATCHing empty strings, then nulls; the attribute must end up cleared (RFC 7643 §2.5: unassigned).',
    fix: 'Treat a PATCH value of "" (and null) as clearing the attribute; answer 200 or 204.',
    level: 'required',
    refs: ['ENTRA-LOGIC-APP', 'RFC7643-2.5', 'RFC7644-3.5.2.3'],
    method: 'PATCH',
    path: '/Users/{{galleryUserId}}',
    body: patchOps({ op: 'Replace', path: 'nickName', value: '' }),
    checks: [PATCH_STATUS, whenBody(clearedAt('nickName'))],
  },
  {
    id: 'patch-empty-string-read-back',
    title: 'GET shows nickName cleared',
    requirement: 'ENTRA-LOGIC-APP SCIM_Null_Update: after the update the attribute is cleared (absent, null or "").',
    fix: 'Do not ignore empty-string updates: clear the stored value.',
    level: 'required',
    refs: ['ENTRA-LOGIC-APP', 'RFC7643-2.5'],
    method: 'GET',
    path: '/Users/{{galleryUserId}}',
    readBack: true,
    assertions: [status(200)],
    checks: [clearedAt('nickName')],
  },
  {
    id: 'patch-null',
    title: 'Null update by PATCH: "Replace" of title with null',
    requirement: 'ENTRA-LOGIC-APP SCIM_Null_Update (nulls); RFC 7644 §3.5.2.3 with RFC 7643 §2.5: replacing with null unassigns the attribute.',
    fix: 'Treat a PATCH replace with "value": null as a remove of the attribute.',
    level: 'required',
    refs: ['ENTRA-LOGIC-APP', 'RFC7643-2.5', 'RFC7644-3.5.2.3'],
    method: 'PATCH',
    path: '/Users/{{galleryUserId}}',
    body: patchOps({ op: 'Replace', path: 'title', value: null }),
    checks: [PATCH_STATUS, whenBody(clearedAt('title'))],
  },
  {
    id: 'patch-null-read-back',
    title: 'GET shows title cleared',
    requirement: 'ENTRA-LOGIC-APP SCIM_Null_Update: the attribute set to null is cleared.',
    fix: 'Do not ignore null updates: remove the stored value.',
    level: 'required',
    refs: ['ENTRA-LOGIC-APP', 'RFC7643-2.5'],
    method: 'GET',
    path: '/Users/{{galleryUserId}}',
    readBack: true,
    assertions: [status(200)],
    checks: [clearedAt('title')],
  },
  {
    id: 'put-empty-and-null',
    title: 'Null update by PUT: displayName "" and the enterprise department null',
    requirement: 'ENTRA-LOGIC-APP SCIM_Null_Update, applied to PUT (RFC 7644 §3.5.1: the body replaces the resource; "" and null are unassigned, RFC 7643 §2.5).',
    fix: 'On PUT, clear attributes sent as "" or null (and those left out).',
    level: 'required',
    refs: ['ENTRA-LOGIC-APP', 'RFC7643-2.5', 'RFC7644-3.5.1'],
    method: 'PUT',
    path: '/Users/{{galleryUserId}}',
    body: {
      schemas: [USER_URN, ENTERPRISE_URN],
      externalId: '{{externalId}}', userName: '{{userName}}', active: true, displayName: '',
      emails: [{ primary: true, type: 'work', value: '{{workEmail2}}' }],
      name: { formatted: 'Gallery {{familyName}}', familyName: '{{familyName}}', givenName: 'Gallery' },
      [ENTERPRISE_URN]: { employeeNumber: '{{employeeNumber}}', department: null },
    },
    assertions: [status(200)],
    checks: [clearedAt('displayName'), extClearedAt('department')],
  },
  {
    id: 'put-empty-and-null-read-back',
    title: 'GET shows displayName and department cleared, employeeNumber kept',
    requirement: 'ENTRA-LOGIC-APP SCIM_Null_Update: attributes PUT as "" or null are cleared; the others keep their values.',
    fix: 'Replace the resource with the PUT body: "" and null clear, sent values stay.',
    level: 'required',
    refs: ['ENTRA-LOGIC-APP', 'RFC7643-2.5', 'RFC7644-3.5.1'],
    method: 'GET',
    path: '/Users/{{galleryUserId}}',
    readBack: true,
    assertions: [status(200), json(ext('employeeNumber'), 'equal', '{{employeeNumber}}')],
    checks: [clearedAt('displayName'), extClearedAt('department')],
  },

  // --- Groups: mandatory, paged, 100 members in one PATCH ----------------------------------------
  {
    id: 'create-group',
    title: 'Create Group (Entra\'s body: Microsoft group schema URN, no members)',
    requirement: `ENTRA-LOGIC-APP Group Create: 200/201 and round-trip. ${LOGIC_APP_GROUPS}`,
    fix: 'Offer Groups and answer POST /Groups with 201 and the group (ignore the Microsoft schema URN in "schemas").',
    level: 'required',
    refs: ['ENTRA-LOGIC-APP', 'ENTRA-SCIM', 'RFC7644-3.3'],
    method: 'POST',
    path: '/Groups',
    body: { schemas: [GROUP_URN, ENTRA_GROUP_SCHEMA], externalId: '{{groupExternalId}}', displayName: '{{groupName}}', meta: { resourceType: 'Group' } },
    assertions: [status(201), json('id', 'not_empty')],
    extractions: [{ name: 'galleryGroupId', source: 'response_json', property: 'id' }],
  },
  ...pagingGroupSteps,
  ...pageSteps('groups'),
  {
    id: 'group-add-100-members',
    title: `Multi-member PATCH: "Add" of ${MEMBER_COUNT} members in one request`,
    requirement: `ENTRA-LOGIC-APP onboarding requirement "multi-member PATCH on /Groups": one PATCH adds many members ({"op":"Add","path":"members","value":[{"$ref":null,"value":…} × ${MEMBER_COUNT}]}); ENTRA-SCIM advises 204.`,
    fix: `Accept at least ${MEMBER_COUNT} members in one PATCH operation (no low per-request cap) and apply them all; answer 204 (or 200).`,
    level: 'required',
    refs: ['ENTRA-LOGIC-APP', 'ENTRA-SCIM', 'RFC7644-3.5.2.1'],
    method: 'PATCH',
    path: '/Groups/{{galleryGroupId}}',
    body: patchOps({ op: 'Add', path: 'members', value: memberValues }),
    checks: [PATCH_STATUS],
  },
  {
    id: 'group-add-100-members-read-back',
    title: `GET /Groups/{id}?attributes=members shows all ${MEMBER_COUNT} members`,
    requirement: 'ENTRA-LOGIC-APP Group Add member: the members are read back after the PATCH (RFC 7644 §3.5.2.1).',
    fix: 'Persist every member of a multi-member add.',
    level: 'required',
    refs: ['ENTRA-LOGIC-APP', 'RFC7644-3.5.2.1'],
    method: 'GET',
    path: '/Groups/{{galleryGroupId}}?attributes=members',
    readBack: true,
    assertions: [status(200)],
    checks: [holdsMembers(true)],
  },
  {
    id: 'group-remove-100-members',
    title: `Multi-member PATCH: "Remove" of the ${MEMBER_COUNT} members in one request`,
    requirement: 'ENTRA-LOGIC-APP Group Remove member with the multi-member PATCH; ENTRA-COMPAT: the default job removes with a value array {"op":"Remove","path":"members","value":[…]}.',
    fix: 'Accept a remove of many members in one operation (value array) and apply all of them.',
    level: 'required',
    refs: ['ENTRA-LOGIC-APP', 'ENTRA-COMPAT', 'RFC7644-3.5.2.2'],
    method: 'PATCH',
    path: '/Groups/{{galleryGroupId}}',
    body: patchOps({ op: 'Remove', path: 'members', value: memberValues }),
    checks: [PATCH_STATUS],
  },
  {
    id: 'group-remove-100-members-read-back',
    title: 'GET shows none of the removed members',
    requirement: 'ENTRA-LOGIC-APP Group Remove member: the removed members are gone.',
    fix: 'Persist every removal of a multi-member remove.',
    level: 'required',
    refs: ['ENTRA-LOGIC-APP', 'RFC7644-3.5.2.2'],
    method: 'GET',
    path: '/Groups/{{galleryGroupId}}?attributes=members',
    readBack: true,
    assertions: [status(200)],
    checks: [holdsMembers(false)],
  },
  {
    id: 'group-multiple-ops-same-attribute',
    title: 'Patch Group – multiple ops on members in one PATCH: add two, remove the first',
    requirement: 'Entra SCIM Validator preview test "Patch Group – multiple ops on the same attribute" (name from implementers\' reports, a third-party description; ENTRA-VALIDATOR). RFC 7644 §3.5.2: operations apply in order.',
    fix: 'Apply the operations of one PATCH sequentially on members.',
    level: 'recommended',
    refs: ['ENTRA-VALIDATOR', 'RFC7644-3.5.2'],
    method: 'PATCH',
    path: '/Groups/{{galleryGroupId}}',
    body: patchOps(
      { op: 'Add', path: 'members', value: [{ $ref: null, value: '{{memberId001}}' }] },
      { op: 'Add', path: 'members', value: [{ $ref: null, value: '{{memberId002}}' }] },
      { op: 'Remove', path: 'members', value: [{ $ref: null, value: '{{memberId001}}' }] },
    ),
    checks: [PATCH_STATUS],
  },
  {
    id: 'group-multiple-ops-same-attribute-read-back',
    title: 'GET shows only the second member',
    requirement: 'RFC 7644 §3.5.2: after add, add, remove, the group holds the second user only.',
    fix: 'Apply every operation of the PATCH in order.',
    level: 'recommended',
    refs: ['ENTRA-VALIDATOR', 'RFC7644-3.5.2'],
    method: 'GET',
    path: '/Groups/{{galleryGroupId}}?attributes=members',
    readBack: true,
    assertions: [status(200)],
    checks: [holdsValue('members', '{{memberId002}}', true), holdsValue('members', '{{memberId001}}', false)],
  },
  {
    id: 'group-pathless-rename',
    title: 'Patch Group – path-less "Replace" of displayName',
    requirement: 'Required Entra SCIM Validator test "Patch Group – Replace Attributes (path-less)" and its preview rename (reported by implementers, a third-party description): {"op":"Replace","value":{"displayName":"…"}}. RFC 7644 §3.5.2.3: without path, the value\'s attributes are replaced.',
    fix: 'Accept PATCH operations without "path" whose value is an object of attributes to replace.',
    level: 'recommended',
    refs: ['ENTRA-VALIDATOR', 'RFC7644-3.5.2.3'],
    method: 'PATCH',
    path: '/Groups/{{galleryGroupId}}',
    body: patchOps({ op: 'Replace', value: { displayName: '{{groupName2}}' } }),
    checks: [PATCH_STATUS],
  },
  {
    id: 'group-pathless-rename-read-back',
    title: 'GET shows the new displayName',
    requirement: 'RFC 7644 §3.5.2.3: the group has the new name.',
    fix: 'Persist path-less replaces.',
    level: 'recommended',
    refs: ['ENTRA-VALIDATOR', 'RFC7644-3.5.2.3'],
    method: 'GET',
    path: '/Groups/{{galleryGroupId}}?excludedAttributes=members',
    readBack: true,
    assertions: [status(200)],
    checks: [equalAt('displayName', '{{groupName2}}')],
  },
  {
    id: 'delete-missing-group',
    title: 'Delete a group that does not exist: 404',
    requirement: 'Entra SCIM Validator preview test "Delete non-existent Group" (name from implementers\' reports, a third-party description; ENTRA-VALIDATOR): 404 Not Found with a SCIM Error (RFC 7644 §3.6, §3.12).',
    fix: 'Answer DELETE of an unknown group id with 404 and a SCIM Error (not 204, 400 or 500).',
    level: 'recommended',
    refs: ['ENTRA-VALIDATOR', 'RFC7644-3.6', 'RFC7644-3.12'],
    method: 'DELETE',
    path: '/Groups/{{missingGroupId}}',
    assertions: scimError(404),
  },
  {
    id: 'delete-group',
    title: 'Delete Group: 204',
    requirement: 'ENTRA-SCIM "Delete Group": 204 No Content (ENTRA-LOGIC-APP Group Delete).',
    fix: 'Answer DELETE /Groups/{id} with 204.',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-LOGIC-APP', 'RFC7644-3.6'],
    method: 'DELETE',
    path: '/Groups/{{pagingGroupId01}}',
    assertions: [status(204)],
  },
  {
    id: 'delete-group-twice',
    title: 'Delete the same group again: 404',
    requirement: 'Entra SCIM Validator preview test "Delete same Group twice" (name from implementers\' reports, a third-party description; ENTRA-VALIDATOR): the second DELETE answers 404 (RFC 7644 §3.6).',
    fix: 'Answer DELETE of an already deleted group with 404 and a SCIM Error.',
    level: 'recommended',
    refs: ['ENTRA-VALIDATOR', 'RFC7644-3.6'],
    method: 'DELETE',
    path: '/Groups/{{pagingGroupId01}}',
    assertions: scimError(404),
  },

  // --- Throughput ------------------------------------------------------------------------------
  {
    id: 'burst-25-requests-per-second',
    title: `A bounded burst of Entra's lookup: 50 GET /Users?filter=userName eq "…", paced at 50/s, 10 in flight`,
    requirement: `ENTRA-LOGIC-APP onboarding requirement: the SCIM endpoint handles at least ${MIN_REQUESTS_PER_SECOND} requests per second. The burst sends Entra's most frequent request (the lookup before every create) 50 times at 50 per second (10 in flight); every answer must be 2xx and at least ${MIN_REQUESTS_PER_SECOND} must complete per second. A bounded probe, not a load test (see the load command for that).`,
    fix: `Serve at least ${MIN_REQUESTS_PER_SECOND} requests per second without 429 throttling or errors (index userName for filters; do not serialise list requests).`,
    level: 'required',
    refs: ['ENTRA-LOGIC-APP'],
    method: 'GET',
    path: '/Users?filter=userName eq "{{probeName}}"',
    assertions: [status(200)],
    checks: [burstChecks],
  },
];

const steps: readonly RequestStep[] = specs.map((spec) =>
  spec.id === 'burst-25-requests-per-second' ? { ...step(spec), burst: { requests: 50, ratePerSecond: 50, concurrency: 10 } } : step(spec));

/** Random, namespaced test data for one run. */
function galleryRandomData(random: () => number): Record<string, string> {
  const tag = randomLetters(random, 8);
  const groupName = `scim-conformance-gallery-${randomLetters(random, 8)}`;
  return {
    probeName: `scim-conformance-probe-${randomLetters(random, 8)}`,
    memberPrefix: `scim-conformance-gallery-${tag}`,
    groupPrefix: `scim-conformance-gallery-${randomLetters(random, 8)}`,
    userName: `scim-conformance-gallery-${randomLetters(random, 8)}@example.com`,
    externalId: `scim-conformance-${randomLetters(random, 8)}`,
    displayName: `Gallery ${randomLetters(random, 6)}`,
    workEmail: `scim-conformance-${randomLetters(random, 8)}@example.com`,
    workEmail2: `scim-conformance-${randomLetters(random, 8)}@example.com`,
    familyName: `Tester${randomLetters(random, 6)}`,
    nickName: `nick${randomLetters(random, 4)}`,
    nickName2: `nick${randomLetters(random, 4)}`,
    nickName3: `nick${randomLetters(random, 4)}`,
    jobTitle: `Title ${randomLetters(random, 4)}`,
    department: 'Conformance',
    employeeNumber: `E${randomLetters(random, 6)}`,
    groupName,
    groupName2: `${groupName}-renamed`,
    groupExternalId: `scim-conformance-${randomLetters(random, 8)}`,
    missingGroupId: unknownId(random),
  };
}

const cleanup: readonly CleanupAction[] = [
  deleteAction('SCIM group {{groupName}} ({{galleryGroupId}}) created by entra-gallery/create-group: deleted', ['galleryGroupId'], '/Groups/{{galleryGroupId}}'),
  ...groupNumbers.map((n) => deleteAction(`SCIM group {{groupPrefix}}-${n} ({{pagingGroupId${n}}}): deleted`, [`pagingGroupId${n}`], `/Groups/{{pagingGroupId${n}}}`)),
  deleteAction('SCIM user {{userName}} ({{galleryUserId}}) created by entra-gallery/create-user: deleted', ['galleryUserId'], '/Users/{{galleryUserId}}'),
  ...memberNumbers.map((n) => deleteAction(`SCIM user {{memberPrefix}}-${n} ({{memberId${n}}}): deleted`, [`memberId${n}`], `/Users/{{memberId${n}}}`)),
];

/** The `entra-gallery` suite: Microsoft's gallery onboarding checks and the validator's preview tests. */
export const entraGallerySuite: Suite = {
  id: SUITE,
  name: 'Microsoft Entra app gallery onboarding',
  description: `The direct-SCIM tests of Microsoft's gallery onboarding run and the Entra SCIM Validator's preview tests: groups mandatory, pagination over ≥ 11 users and groups in pages of 5, ${MEMBER_COUNT} members in one PATCH, null and empty updates by PATCH and PUT, schema discoverability, manager and primary-email paths, group deletes, and a bounded burst at ${MIN_REQUESTS_PER_SECOND} requests per second.`,
  source: { format: 'native' },
  inputs: [
    { name: 'SCIMBaseURL', description: 'SCIM base URL (--scim-url)' },
    { name: 'auth', description: 'Authorization header value for the SCIM API (--scim-auth, or OAuth)', secret: true },
  ],
  initial: { kind: 'generate', generate: galleryRandomData },
  steps,
  cleanup,
};
