/**
 * `rfc7644/filters`: every filter the RFC defines (RFC 7644 §3.4.2.2) — each comparison
 * operator, `and`/`or`/`not`, grouping, `pr`, value paths, and values of every type (string,
 * boolean, dateTime, complex sub-attributes) — checked by comparing the server's answer with a
 * client-side evaluation of the same filter (src/scim/filter.ts, RFC 7643 schema- and
 * caseExact-aware) over three users the suite creates for the purpose.
 *
 * The evaluation runs over the representations the server itself returns for the three users
 * (GET /Users/{id} after creating them), so a storage defect (a dropped attribute) is not
 * reported as a filter defect: only "the server's filter disagrees with its own data" is. Every filter but the
 * plain `eq` and `sw` ones is wrapped as `userName sw "<run prefix>" and (…)`, so only the
 * suite's own users can match, whatever else the server stores, and all fit on one page.
 *
 * /Groups (when /ResourceTypes lists Group): two groups with the suite's users as members,
 * read back the same way; `displayName eq` is `required` (Okta and Entra look groups up by
 * displayName, RFC 7643 §4.2) and `members[value eq "<id>"]` may be declined.
 *
 * Levels: `eq`, `and`, case-insensitive attribute names and operators, and userName compared
 * case-insensitively are `required` (RFC 7644 §3.4.2.2, RFC 7643 §4.1.1; Okta and Entra look
 * users up this way). For the other operators the RFC lets a server refuse a "filter comparison
 * combination [that] is not supported" with 400 invalidFilter (RFC 7644 §3.12, Table 9), so a
 * refusal is a `recommended` warning, and only a wrong answer, a 5xx or another error is `fail`.
 */
import { compileScimFilter } from '../src/scim/filter.js';
import { isJsonObject, type JsonObject } from '../src/scim/json-value.js';
import { GROUP_SCHEMA_SET, USER_SCHEMA_SET } from '../src/scim/schemas.js';
import { renderTemplate } from '../src/engine/template.js';
import type { Check, RequestStep, Script, Suite, VerifyContext } from '../src/model/suite.js';
import type { SpecRef } from '../src/model/spec-ref.js';
import {
  USER_URN,
  GROUP_URN,
  ERROR_URN,
  LIST_RESPONSE_URN,
  status,
  json,
  stepBuilder,
  deleteAction,
  randomLetters,
  at,
  shown,
  variableGate,
  errorStatusString,
  listedFlagScript,
} from './scim-step-kit.js';
import type { Gate, Probe } from './scim-step-kit.js';

const SUITE_ID = 'rfc7644/filters';
const step = stepBuilder(SUITE_ID);

/** A resource the filters are evaluated over: its label and the variables of its read-back body and id. */
interface Fixture {
  readonly letter: string;
  readonly body: string;
  readonly id: string;
  /** The steps (ids without the suite prefix) that create and read it back. */
  readonly create: string;
  readonly read: string;
}

/** The three users the filters are evaluated over (variables hold the server's GET bodies). */
const FIXTURES = [
  { letter: 'A', body: 'filterUserA', id: 'filterUserAId', create: 'create-user-a', read: 'read-user-a' },
  { letter: 'B', body: 'filterUserB', id: 'filterUserBId', create: 'create-user-b', read: 'read-user-b' },
  { letter: 'C', body: 'filterUserC', id: 'filterUserCId', create: 'create-user-c', read: 'read-user-c' },
] as const satisfies readonly Fixture[];

/**
 * The two groups the /Groups filters are evaluated over (RFC 7644 §3.4.2.2 applies to every
 * resource type; Okta and Entra look groups up by displayName): G1 with users A and B as
 * members, G2 with user C.
 */
const GROUP_FIXTURES = [
  { letter: 'G1', body: 'filterGroup1', id: 'filterGroup1Id', create: 'create-group-1', read: 'read-group-1' },
  { letter: 'G2', body: 'filterGroup2', id: 'filterGroup2Id', create: 'create-group-2', read: 'read-group-2' },
] as const satisfies readonly Fixture[];

/** Only the suite's users: every filter below is `WITHIN and (…)`. */
const WITHIN = 'userName sw "{{filterPrefix}}-"';
const within = (expression: string): string => `${WITHIN} and (${expression})`;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fixtures as the server returned them, or why they are not all known. */
function fixtureResources(ctx: VerifyContext, fixtures: readonly Fixture[] = FIXTURES): { letter: string; id: string; resource: JsonObject }[] | string {
  const out: { letter: string; id: string; resource: JsonObject }[] = [];
  for (const fixture of fixtures) {
    const text = ctx.vars(fixture.body);
    let parsed: unknown;
    try {
      parsed = text === undefined ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!isJsonObject(parsed) || typeof parsed['id'] !== 'string') {
      return `${fixtures === FIXTURES ? 'user' : 'group'} ${fixture.letter} was not created and read back with its id (see ${SUITE_ID}/${fixture.create} and ${fixture.read})`;
    }
    out.push({ letter: fixture.letter, id: parsed['id'], resource: parsed });
  }
  return out;
}

/** The filter steps judge nothing when the users to compare with do not exist (the create steps fail instead). */
const FIXTURES_GATE: Gate = (ctx) => {
  const fixtures = fixtureResources(ctx);
  return typeof fixtures === 'string' ? `nothing to compare the answer with: ${fixtures}` : undefined;
};

/** The /Groups steps apply when /ResourceTypes lists Group (variable set by discover-groups). */
const GROUPS_GATE = variableGate('filterGroupsAdvertised', '/ResourceTypes lists no Group resource type, so the server offers no Groups');

/** The /Groups filter steps judge nothing when the groups to compare with do not exist. */
const GROUP_FIXTURES_GATE: Gate = (ctx) => {
  const fixtures = fixtureResources(ctx, GROUP_FIXTURES);
  return typeof fixtures === 'string' ? `nothing to compare the answer with: ${fixtures}` : undefined;
};

const resourcesOf = (ctx: VerifyContext): readonly unknown[] => {
  const r = isObject(ctx.json) ? ctx.json['Resources'] : undefined;
  return Array.isArray(r) ? r : [];
};

/**
 * RFC 7644 §3.4.2.2: "only the resources matching the filter SHALL be returned". The answer's
 * resources (and totalResults) equal the client-side evaluation of `template` over the fixtures.
 */
export const matchesClientEvaluation = (template: string, over: 'Users' | 'Groups' = 'Users'): Probe => (ctx) => {
  const fixtures = fixtureResources(ctx, over === 'Users' ? FIXTURES : GROUP_FIXTURES);
  if (typeof fixtures === 'string') return [];
  const rendered = renderTemplate(template, (name) => ctx.vars(name));
  const compiled = compileScimFilter(rendered.text, over === 'Users' ? USER_SCHEMA_SET : GROUP_SCHEMA_SET);
  if (compiled.kind === 'invalid') {
    return [{ title: 'the client-side evaluation compiles the filter', ok: false, expected: 'a valid filter', actual: compiled.error.detail, level: 'optional' }];
  }
  const expected = fixtures.filter((f) => compiled.matches(f.resource)).map((f) => f.letter);
  const byId = new Map(fixtures.map((f) => [f.id, f.letter]));
  const returned = resourcesOf(ctx).map((r) => {
    const id = isObject(r) ? r['id'] : undefined;
    return typeof id === 'string' ? byId.get(id) ?? `another resource (id ${id})` : 'a resource without id';
  });
  const label = (letters: readonly string[]): string => (letters.length === 0 ? 'none' : [...letters].sort().join(', '));
  const total = at(ctx, 'totalResults');
  const sameSet = returned.length === expected.length && expected.every((l) => returned.includes(l));
  const kind = over === 'Users' ? 'users' : 'groups';
  return [
    {
      title: `the ${kind} returned are exactly those the filter matches (of the suite's ${kind} ${fixtures.map((f) => f.letter).join(', ')}: ${label(expected)})`,
      ok: sameSet, expected: `${kind} ${label(expected)}`, actual: `${kind} ${label(returned)}`,
    },
    {
      title: 'totalResults counts the matching resources',
      // Compared as a number: "totalResults is a JSON integer" is rfc7644/list-count-limits-page's check.
      ok: total.found && Number(total.value) === expected.length, expected: String(expected.length), actual: shown(total),
    },
  ];
};

/** The answer is a ListResponse with status 200 (RFC 7644 §3.4.2). */
const LIST_ASSERTIONS = [status(200), json('schemas', 'has_value', LIST_RESPONSE_URN)];

/**
 * For operators a server may decline (RFC 7644 §3.12 Table 9, invalidFilter: "the specified
 * attribute and filter comparison combination is not supported"): 200 (judged) or a 400
 * invalidFilter refusal (a warning); never a 5xx or any other answer.
 */
const answeredOrDeclined: Probe = (ctx) => {
  const scimType = at(ctx, 'scimType');
  const declined = ctx.status === 400 && scimType.found && scimType.value === 'invalidFilter';
  return [
    {
      title: 'the filter is answered (200) or declined as unsupported (400 invalidFilter), never a server error',
      ok: ctx.status === 200 || declined, expected: '200, or 400 with scimType invalidFilter', actual: ctx.status === 400 ? `400 ${JSON.stringify(shown(scimType))}` : ctx.status,
    },
    { title: 'the operator is supported (200)', ok: ctx.status === 200, expected: '200', actual: ctx.status, level: 'recommended' },
  ];
};

const whenOk = (...probes: readonly Probe[]): Probe => (ctx) => (ctx.status === 200 ? probes.flatMap((p) => p(ctx)) : []);

interface FilterSpec {
  readonly id: string;
  readonly title: string;
  readonly requirement: string;
  readonly fix: string;
  readonly refs: readonly SpecRef[];
  /** The filter (a template); evaluated by the server and by us. */
  readonly filter: string;
  /** `required`: the server must answer 200; `optional`: a 400 invalidFilter refusal is a warning. */
  readonly support: 'required' | 'optional';
  /** The first lookup after the creates: a read-back of the last one (later filters are judged at once). */
  readonly readBackOf?: string;
  /** The endpoint filtered (default /Users). */
  readonly over?: 'Users' | 'Groups';
}

function filterStep(spec: FilterSpec): RequestStep {
  return step({
    id: spec.id,
    title: spec.title,
    requirement: spec.requirement,
    fix: spec.fix,
    level: 'required',
    refs: spec.refs,
    method: 'GET',
    path: `/${spec.over ?? 'Users'}?filter=${spec.filter}`,
    requires: ['filter'],
    gates: spec.over === 'Groups' ? [GROUPS_GATE, GROUP_FIXTURES_GATE] : [FIXTURES_GATE],
    ...(spec.readBackOf === undefined ? {} : { readBack: { of: spec.readBackOf } }),
    ...(spec.support === 'required'
      ? { assertions: LIST_ASSERTIONS, checks: [whenOk(matchesClientEvaluation(spec.filter, spec.over))] }
      : { checks: [answeredOrDeclined, whenOk(matchesClientEvaluation(spec.filter, spec.over))] }),
  });
}

const OPERATOR_FIX = 'Implement the operator as RFC 7644 §3.4.2.2 Table 3 defines it, for every attribute type, or answer 400 {"scimType":"invalidFilter"} for combinations you do not support — never a wrong list.';

/** A user the filters are evaluated over. */
function createUser(letter: 'A' | 'B' | 'C', body: Record<string, unknown>): RequestStep {
  const fixture = FIXTURES.find((f) => f.letter === letter);
  if (fixture === undefined) throw new Error(`no fixture ${letter}`);
  return step({
    id: `create-user-${letter.toLowerCase()}`,
    title: `POST /Users creates filter test user ${letter}`,
    requirement: 'RFC 7644 §3.3: POST /Users creates the user and answers 201 Created with its id.',
    fix: 'Answer POST /Users with 201 and the stored representation, including id.',
    level: 'required',
    refs: ['RFC7644-3.3', 'RFC7643-3.1'],
    method: 'POST',
    path: '/Users',
    body: { schemas: [USER_URN], ...body },
    requires: ['filter'],
    assertions: [status(201), json('id', 'not_empty')],
    extractions: [{ name: fixture.id, source: 'response_json', property: 'id' }],
  });
}

/**
 * The user as the server stores it (GET /Users/{id}: its full default representation, not a
 * POST body some servers trim): what the filters are evaluated over.
 */
function readUser(letter: 'A' | 'B' | 'C'): RequestStep {
  const fixture = FIXTURES.find((f) => f.letter === letter);
  if (fixture === undefined) throw new Error(`no fixture ${letter}`);
  return step({
    id: `read-user-${letter.toLowerCase()}`,
    title: `GET /Users/{id} of filter test user ${letter} (the representation the filters are evaluated over)`,
    requirement: 'RFC 7644 §3.4.1: GET on the resource URI returns the resource (200) with its id and meta (RFC 7643 §3.1).',
    fix: 'Serve GET /Users/{id} with the stored user, its id and meta.created.',
    level: 'required',
    refs: ['RFC7644-3.4.1', 'RFC7643-3.1'],
    method: 'GET',
    path: `/Users/{{${fixture.id}}}`,
    requires: ['filter'],
    readBack: { of: `create-user-${letter.toLowerCase()}` },
    assertions: [status(200), json('id', 'equal', `{{${fixture.id}}}`)],
    extractions: [
      { name: fixture.body, source: 'response_json', property: '' },
      { name: `filterCreated${letter}`, source: 'response_json', property: 'meta.created', optional: true },
    ],
  });
}

/** Sets filterGroupsAdvertised from /ResourceTypes (left unset when unreadable: the group steps then run). */
const GROUPS_SCRIPT: Script = listedFlagScript('filterGroupsAdvertised', 'schema', [GROUP_URN], `${SUITE_ID}/discover-groups: are Groups offered?`);

/** A group the /Groups filters are evaluated over; its members are the suite's users. */
function createGroup(fixture: (typeof GROUP_FIXTURES)[number], name: string, members: readonly (typeof FIXTURES)[number][]): RequestStep {
  return step({
    id: fixture.create,
    title: `POST /Groups creates filter test group ${fixture.letter} (members: users ${members.map((m) => m.letter).join(', ')})`,
    requirement: 'RFC 7644 §3.3: POST /Groups creates the group and answers 201 Created with its id; RFC 7643 §4.2: a Group has a displayName and members ({"value": the id of a User}).',
    fix: 'Answer POST /Groups with 201 and the stored group, including id, displayName and members.',
    level: 'required',
    refs: ['RFC7644-3.3', 'RFC7643-4.2'],
    method: 'POST',
    path: '/Groups',
    body: { schemas: [GROUP_URN], displayName: name, members: members.map((m) => ({ value: `{{${m.id}}}` })) },
    requires: ['filter'],
    gates: [GROUPS_GATE],
    assertions: [status(201), json('id', 'not_empty')],
    extractions: [{ name: fixture.id, source: 'response_json', property: 'id', optional: true }],
  });
}

/** The group as the server stores it (GET /Groups/{id}): what the /Groups filters are evaluated over. */
function readGroup(fixture: (typeof GROUP_FIXTURES)[number]): RequestStep {
  return step({
    id: fixture.read,
    title: `GET /Groups/{id} of filter test group ${fixture.letter} (the representation the filters are evaluated over)`,
    requirement: 'RFC 7644 §3.4.1: GET on the resource URI returns the resource (200) with its id; RFC 7643 §4.2: members is returned by default.',
    fix: 'Serve GET /Groups/{id} with the stored group, its id, displayName and members.',
    level: 'required',
    refs: ['RFC7644-3.4.1', 'RFC7643-4.2'],
    method: 'GET',
    path: `/Groups/{{${fixture.id}}}`,
    requires: ['filter'],
    gates: [GROUPS_GATE],
    readBack: { of: fixture.create },
    assertions: [status(200), json('id', 'equal', `{{${fixture.id}}}`)],
    extractions: [{ name: fixture.body, source: 'response_json', property: '', optional: true }],
  });
}

/** A group filter on members needs groups whose members the server returns; otherwise there is nothing to compare with. */
const GROUP_MEMBERS_GATE: Gate = (ctx) => {
  const fixtures = fixtureResources(ctx, GROUP_FIXTURES);
  if (typeof fixtures === 'string') return undefined;
  const listed = fixtures.every((f) => Array.isArray(f.resource['members']) && f.resource['members'].length > 0);
  return listed ? undefined : `GET /Groups/{id} returned no members for the suite's groups (see ${SUITE_ID}/read-group-1), so a members filter cannot be compared`;
};

/** A malformed or forbidden filter: 400 with scimType invalidFilter (RFC 7644 §3.4.2.2, §3.12). */
function invalidFilterStep(id: string, title: string, filter: string, why: string): RequestStep {
  return step({
    id,
    title,
    requirement: `RFC 7644 §3.4.2.2 and §3.12 (Table 9): ${why} — a client error answered 400 with scimType "invalidFilter", as a SCIM Error; never a 5xx or a list.`,
    fix: 'Parse and type-check the whole filter before evaluating it; answer 400 {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"invalidFilter","detail":"…"}.',
    level: 'required',
    refs: ['RFC7644-3.4.2.2', 'RFC7644-3.12'],
    method: 'GET',
    path: `/Users?filter=${filter}`,
    requires: ['filter'],
    assertions: [status(400), json('schemas', 'has_value', ERROR_URN), json('scimType', 'equal', 'invalidFilter')],
    checks: [errorStatusString(400)],
  });
}


const filtersSteps: readonly RequestStep[] = [
  // --- The users the filters run over -------------------------------------------------------
  createUser('A', {
    userName: '{{filterPrefix}}-a@example.com',
    externalId: '{{filterPrefix}}-Ext-A',
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    displayName: 'Ada Lovelace',
    title: 'Engineer',
    active: true,
    emails: [
      { value: '{{filterPrefix}}-a@example.com', type: 'work', primary: true },
      { value: '{{filterPrefix}}-a@home.example.org', type: 'home' },
    ],
  }),
  createUser('B', {
    userName: '{{filterPrefix}}-b@example.com',
    externalId: '{{filterPrefix}}-Ext-B',
    name: { givenName: 'Bob', familyName: 'Babbage' },
    displayName: 'Bob Babbage',
    title: 'Manager',
    active: false,
    emails: [{ value: '{{filterPrefix}}-b@example.com', type: 'work', primary: true }],
  }),
  createUser('C', {
    userName: '{{filterPrefix}}-c@example.com',
    externalId: '{{filterPrefix}}-Ext-C',
    name: { givenName: 'Cy', familyName: 'Lovelace' },
    displayName: 'Cy Lovelace',
    active: true,
    emails: [{ value: '{{filterPrefix}}-c@home.example.org', type: 'home' }],
  }),
  readUser('A'),
  readUser('B'),
  readUser('C'),

  // --- The groups the /Groups filters run over (when /ResourceTypes lists Group) ------------------
  step({
    id: 'discover-groups',
    title: 'GET /ResourceTypes: are Groups offered?',
    requirement: 'RFC 7644 §4: /ResourceTypes lists the resource types the server offers (RFC 7643 §6); the /Groups filters below apply only when Group is listed.',
    fix: 'Serve GET /ResourceTypes as a ListResponse that lists Group when you serve /Groups.',
    level: 'required',
    refs: ['RFC7644-4', 'RFC7643-6'],
    method: 'GET',
    path: '/ResourceTypes',
    requires: ['filter'],
    assertions: [status(200), json('schemas', 'has_value', LIST_RESPONSE_URN)],
    scripts: [GROUPS_SCRIPT],
  }),
  createGroup(GROUP_FIXTURES[0], '{{filterPrefix}}-Group-One', [FIXTURES[0], FIXTURES[1]]),
  createGroup(GROUP_FIXTURES[1], '{{filterPrefix}}-Group-Two', [FIXTURES[2]]),
  readGroup(GROUP_FIXTURES[0]),
  readGroup(GROUP_FIXTURES[1]),

  // --- Required: what Okta and Entra rely on ---------------------------------------------------
  filterStep({
    id: 'eq-username',
    title: 'userName eq "…" returns exactly that user (the last one created, read back)',
    requirement: 'RFC 7644 §3.4.2.2: "eq" — the attribute and operator values must be identical for a match; only matching resources SHALL be returned, in a ListResponse.',
    fix: 'Evaluate `userName eq "<value>"` and return a ListResponse with exactly the matching users (an empty Resources list, 200, when none match).',
    refs: ['RFC7644-3.4.2.2', 'RFC7644-3.4.2'],
    filter: 'userName eq "{{filterPrefix}}-c@example.com"',
    support: 'required',
    readBackOf: 'create-user-c',
  }),
  filterStep({
    id: 'eq-username-any-case',
    title: 'userName eq "<UPPER CASE>" finds the user: userName is matched case-insensitively',
    requirement: 'RFC 7643 §4.1.1: userName has caseExact false; RFC 7644 §3.4.2.2: for caseExact false string attributes, comparisons are case-insensitive. Okta and Entra look users up by userName in whatever case their directory holds.',
    fix: 'Compare userName case-insensitively in filters (e.g. lower-case both sides, or a case-insensitive collation/index), the same way you enforce its uniqueness.',
    refs: ['RFC7643-4.1.1', 'RFC7644-3.4.2.2', 'RFC7643-2.2'],
    filter: 'userName eq "{{filterPrefixUpper}}-B@EXAMPLE.COM"',
    support: 'required',
  }),
  filterStep({
    id: 'names-and-operators-any-case',
    title: 'Attribute names and operators are case-insensitive: USERNAME EQ "…" AND Active eq …',
    requirement: 'RFC 7644 §3.4.2.2: "Attribute names and attribute operators used in filters are case insensitive." RFC 7643 §2.1: attribute names are case-insensitive.',
    fix: 'Match attribute names against your schema case-insensitively and accept operators (eq, AND, …) in any case; otherwise `username eq` finds nothing and clients create duplicates.',
    refs: ['RFC7644-3.4.2.2', 'RFC7643-2.1'],
    filter: 'USERNAME EQ "{{filterPrefix}}-a@example.com" AND Active eq true',
    support: 'required',
  }),
  filterStep({
    id: 'and',
    title: '"and" requires both comparisons (string and boolean)',
    requirement: 'RFC 7644 §3.4.2.2 Table 4: "and" — the filter is only a match if both expressions evaluate to true. RFC 7643 §2.3.2: booleans compare by value.',
    fix: 'Evaluate `and` as a logical conjunction and compare boolean attributes with JSON true/false.',
    refs: ['RFC7644-3.4.2.2', 'RFC7643-2.3.2'],
    filter: within('active eq false'),
    support: 'required',
  }),

  // --- Every other comparison operator ----------------------------------------------------------
  filterStep({
    id: 'sw',
    title: 'userName sw "<prefix>" returns the users whose userName starts with it',
    requirement: 'RFC 7644 §3.4.2.2 Table 3: "sw" — the entire operator value must be a substring of the attribute value, starting at the beginning.',
    fix: OPERATOR_FIX,
    refs: ['RFC7644-3.4.2.2'],
    filter: 'userName sw "{{filterPrefix}}-a"',
    support: 'optional',
  }),
  filterStep({
    id: 'ne',
    title: '"ne" returns the users whose value differs',
    requirement: 'RFC 7644 §3.4.2.2 Table 3: "ne" — the attribute and operator values are not identical.',
    fix: OPERATOR_FIX,
    refs: ['RFC7644-3.4.2.2'],
    filter: within('userName ne "{{filterPrefix}}-b@example.com"'),
    support: 'optional',
  }),
  filterStep({
    id: 'co-complex-sub-attribute',
    title: '"co" on a complex sub-attribute (name.familyName co "velac")',
    requirement: 'RFC 7644 §3.4.2.2 Table 3: "co" — the entire operator value must be a substring of the attribute value; RFC 7644 §3.10: sub-attributes of complex attributes are named "name.familyName".',
    fix: OPERATOR_FIX,
    refs: ['RFC7644-3.4.2.2', 'RFC7644-3.10'],
    filter: within('name.familyName co "velac"'),
    support: 'optional',
  }),
  filterStep({
    id: 'ew',
    title: '"ew" returns the users whose value ends with it',
    requirement: 'RFC 7644 §3.4.2.2 Table 3: "ew" — the entire operator value must be a substring of the attribute value, matching at the end.',
    fix: OPERATOR_FIX,
    refs: ['RFC7644-3.4.2.2'],
    filter: within('displayName ew "Babbage"'),
    support: 'optional',
  }),
  filterStep({
    id: 'pr',
    title: '"pr" returns the users that have a value',
    requirement: 'RFC 7644 §3.4.2.2 Table 3: "pr" — if the attribute has a non-empty value, or if it contains a non-empty node for complex attributes, there is a match.',
    fix: OPERATOR_FIX,
    refs: ['RFC7644-3.4.2.2'],
    filter: within('title pr'),
    support: 'optional',
  }),
  filterStep({
    id: 'gt-string',
    title: '"gt" on a string compares lexicographically (name.givenName gt "B")',
    requirement: 'RFC 7644 §3.4.2.2 Table 3: "gt" — for strings a lexicographical comparison is performed (case-insensitively when caseExact is false).',
    fix: OPERATOR_FIX,
    refs: ['RFC7644-3.4.2.2'],
    filter: within('name.givenName gt "B"'),
    support: 'optional',
  }),
  filterStep({
    id: 'lt-string',
    title: '"lt" on a string compares lexicographically (name.givenName lt "Bz")',
    requirement: 'RFC 7644 §3.4.2.2 Table 3: "lt" — for strings a lexicographical comparison is performed.',
    fix: OPERATOR_FIX,
    refs: ['RFC7644-3.4.2.2'],
    filter: within('name.givenName lt "Bz"'),
    support: 'optional',
  }),
  filterStep({
    id: 'ge-datetime',
    title: '"ge" on a dateTime includes the boundary (meta.created ge <user B\'s meta.created>)',
    requirement: 'RFC 7644 §3.4.2.2 Table 3: "ge" — greater than or equal to; for DateTime attributes the comparison is chronological (RFC 7643 §2.3.5).',
    fix: OPERATOR_FIX,
    refs: ['RFC7644-3.4.2.2', 'RFC7643-2.3.5', 'RFC7643-3.1'],
    filter: within('meta.created ge "{{filterCreatedB}}"'),
    support: 'optional',
  }),
  filterStep({
    id: 'le-datetime',
    title: '"le" on a dateTime includes the boundary (meta.created le <user B\'s meta.created>)',
    requirement: 'RFC 7644 §3.4.2.2 Table 3: "le" — less than or equal to; for DateTime attributes the comparison is chronological (RFC 7643 §2.3.5).',
    fix: OPERATOR_FIX,
    refs: ['RFC7644-3.4.2.2', 'RFC7643-2.3.5', 'RFC7643-3.1'],
    filter: within('meta.created le "{{filterCreatedB}}"'),
    support: 'optional',
  }),
  filterStep({
    id: 'gt-lt-datetime',
    title: '"gt" and "lt" on dateTime: created after 2000 (user A), not before 2000 (user B)',
    requirement: 'RFC 7644 §3.4.2.2 Table 3: "gt"/"lt" on DateTime attributes compare chronologically.',
    fix: OPERATOR_FIX,
    refs: ['RFC7644-3.4.2.2', 'RFC7643-2.3.5'],
    // Distributed rather than nested in WITHIN's parentheses: one level of grouping is what is checked here.
    filter: `(${WITHIN} and meta.lastModified gt "2000-01-01T00:00:00Z" and name.givenName eq "Ada") or (${WITHIN} and meta.created lt "2000-01-01T00:00:00Z" and name.givenName eq "Bob")`,
    support: 'optional',
  }),

  // --- Logic, grouping, multi-valued and value paths ---------------------------------------------
  filterStep({
    id: 'or-grouping',
    title: 'Parentheses group: (… or …) and … is not … or (… and …)',
    requirement: 'RFC 7644 §3.4.2.2 Table 4 and Figure 1: "or" matches if either expression does; "( )" changes the precedence (otherwise "and" binds tighter than "or").',
    fix: 'Parse filters with a grammar (RFC 7644 Figure 1) that honours parentheses and gives "and" precedence over "or"; never flatten or evaluate left to right.',
    refs: ['RFC7644-3.4.2.2'],
    filter: `${WITHIN} and (name.familyName eq "Babbage" or title eq "Engineer") and active eq true`,
    support: 'optional',
  }),
  filterStep({
    id: 'not',
    title: '"not ( … )" negates: users without a title',
    requirement: 'RFC 7644 §3.4.2.2 Table 4: "not" — the filter is a match if the expression evaluates to false.',
    fix: OPERATOR_FIX,
    refs: ['RFC7644-3.4.2.2'],
    filter: `${WITHIN} and not (title pr)`,
    support: 'optional',
  }),
  filterStep({
    id: 'multi-valued-sub-attribute',
    title: 'A multi-valued sub-attribute matches when any value does (emails.type eq "home")',
    requirement: 'RFC 7644 §3.4.2.2: a filter on a multi-valued attribute (or its sub-attribute) matches when at least one of its values matches.',
    fix: 'Evaluate emails.type / emails.value against every element of emails.',
    refs: ['RFC7644-3.4.2.2', 'RFC7644-3.10'],
    filter: within('emails.type eq "home"'),
    support: 'optional',
  }),
  filterStep({
    id: 'value-path-same-element',
    title: 'A value path emails[type eq … and value …] needs ONE element to match both',
    requirement: 'RFC 7644 §3.4.2.2: the "valuePath" filter "emails[type eq "work" and value co "@example.com"]" applies the bracketed filter to each value of the multi-valued attribute — the conditions hold for the same element.',
    fix: 'Evaluate the bracketed filter element by element (user A has a work email and a .org address, but no work .org address, so it must not match).',
    refs: ['RFC7644-3.4.2.2'],
    filter: within('emails[type eq "work" and value ew ".org"] or emails[type eq "home" and value sw "{{filterPrefix}}-c"]'),
    support: 'optional',
  }),

  // --- Groups -------------------------------------------------------------------------------------
  filterStep({
    id: 'groups-eq-display-name',
    title: 'On /Groups, displayName eq "…" returns exactly that group',
    requirement: 'RFC 7644 §3.4.2.2: filtering applies to every resource endpoint — only the resources matching the filter SHALL be returned; RFC 7643 §4.2: displayName is a Group\'s human-readable name (caseExact false). Okta and Entra look groups up by displayName before pushing them.',
    fix: 'Evaluate filters on /Groups as on /Users: `displayName eq "<value>"` returns a ListResponse with exactly the matching groups (an empty Resources list, 200, when none match), never every group.',
    refs: ['RFC7644-3.4.2.2', 'RFC7643-4.2', 'RFC7644-3.4.2'],
    filter: 'displayName eq "{{filterPrefix}}-Group-One"',
    support: 'required',
    over: 'Groups',
    readBackOf: 'create-group-2',
  }),
  step({
    id: 'groups-members-value-path',
    title: 'On /Groups, members[value eq "<user id>"] returns the groups that user is a member of',
    requirement: 'RFC 7644 §3.4.2.2: a valuePath filter (attrPath "[" valFilter "]") matches a resource when one value of the multi-valued attribute satisfies the bracketed filter — here the groups whose members include user B (group G1). A server may decline it as unsupported with 400 invalidFilter (RFC 7644 §3.12 Table 9): a warning.',
    fix: 'Evaluate value paths on members (members[value eq "<id>"], as members.value eq "<id>") against every member of each group, or answer 400 {"scimType":"invalidFilter"} — never a list of groups that do not hold the member.',
    level: 'required',
    refs: ['RFC7644-3.4.2.2', 'RFC7643-4.2', 'RFC7644-3.12'],
    method: 'GET',
    path: `/Groups?filter=displayName sw "{{filterPrefix}}-" and members[value eq "{{${FIXTURES[1].id}}}"]`,
    requires: ['filter'],
    gates: [GROUPS_GATE, GROUP_FIXTURES_GATE, GROUP_MEMBERS_GATE],
    checks: [answeredOrDeclined, whenOk(matchesClientEvaluation(`displayName sw "{{filterPrefix}}-" and members[value eq "{{${FIXTURES[1].id}}}"]`, 'Groups'))],
  }),

  // --- Errors -------------------------------------------------------------------------------------
  invalidFilterStep('invalid-unbalanced-parenthesis', 'A filter with an unbalanced "(" gets 400 invalidFilter', '(userName eq "{{filterPrefix}}-a@example.com"', 'a filter that does not comply with the grammar of Figure 1 (here an unclosed parenthesis) is invalid'),
  invalidFilterStep('invalid-missing-value', 'A comparison without a value gets 400 invalidFilter', 'userName eq', 'a comparison needs a compValue (Figure 1); "userName eq" alone is invalid'),
  invalidFilterStep('invalid-ordering-on-boolean', '"gt" on a boolean attribute gets 400 invalidFilter', within('active gt true'), '"Boolean and Binary attributes SHALL cause a failed response (HTTP status code 400) with "scimType" of "invalidFilter"" when compared with gt, ge, lt or le'),
  step({
    id: 'unknown-attribute-never-5xx',
    title: 'A filter on an attribute no schema defines is refused with 400 invalidFilter, never a 5xx',
    requirement: 'RFC 7644 §3.12 (Table 9): a filter the service provider cannot evaluate is a client error, 400 invalidFilter — a server error (5xx) is never right, and Okta and Entra turn 5xx into retries and admin tasks. Answering 400 invalidFilter (rather than an empty list) is recommended; the SCIM interoperability profile (draft-zollner-scim-interop-profile) requires it.',
    fix: 'Validate attribute paths in a filter against your /Schemas and answer 400 {"scimType":"invalidFilter","detail":"unknown attribute …"}; never let the lookup reach a 500.',
    level: 'required',
    refs: ['RFC7644-3.12', 'RFC7644-3.4.2.2'],
    method: 'GET',
    path: `/Users?filter=${within('scimConformanceNoSuchAttribute eq "x"')}`,
    requires: ['filter'],
    checks: [
      (ctx) => [{ title: 'the answer is not a server error (5xx)', ok: ctx.status > 0 && ctx.status < 500, expected: 'a status below 500', actual: ctx.status }],
      (ctx) => [{
        title: 'the unknown attribute is refused with 400 invalidFilter', level: 'recommended',
        ok: ctx.status === 400 && isObject(ctx.json) && ctx.json['scimType'] === 'invalidFilter',
        expected: '400 with scimType invalidFilter', actual: ctx.status === 400 ? shown(at(ctx, 'scimType')) : ctx.status,
      }],
      (ctx): Check[] => ctx.status === 200
        ? [{ title: 'a list answer holds none of the suite\'s users (none has that attribute)', ok: resourcesOf(ctx).length === 0, expected: 'no resources', actual: `${resourcesOf(ctx).length} resource(s)` }]
        : [],
      // A refusal is a SCIM Error, whose "status" is a JSON string (RFC 7644 §3.12).
      (ctx): readonly Check[] => (ctx.status >= 400 && ctx.status < 500 && ctx.json !== undefined ? errorStatusString(ctx.status)(ctx) : []),
    ],
  }),
  step({
    id: 'external-id-case-exact',
    title: 'externalId is caseExact: a different-case value does not match (recommended)',
    requirement: 'RFC 7643 §3.1: externalId has caseExact true; RFC 7644 §3.4.2.2: string comparisons honour caseExact, so "…-ext-a" does not match "…-Ext-A". Identity providers keep their own ids case-sensitively.',
    fix: 'Compare externalId (and id) exactly in filters; fold case only for caseExact false attributes such as userName.',
    level: 'recommended',
    refs: ['RFC7643-3.1', 'RFC7644-3.4.2.2', 'RFC7643-2.2'],
    method: 'GET',
    path: `/Users?filter=${within('externalId eq "{{filterPrefix}}-ext-a"')}`,
    requires: ['filter'],
    gates: [FIXTURES_GATE],
    assertions: LIST_ASSERTIONS,
    checks: [whenOk(matchesClientEvaluation(within('externalId eq "{{filterPrefix}}-ext-a"')))],
  }),
];

/** Random, namespaced test data for one run of the filters suite. */
function filtersRandomData(random: () => number): Record<string, string> {
  const prefix = `scim-conformance-${randomLetters(random, 8)}`;
  return { filterPrefix: prefix, filterPrefixUpper: prefix.toUpperCase() };
}

/** The `rfc7644/filters` suite: every RFC 7644 filter form, compared with a client-side evaluation. */
export const rfc7644FiltersSuite: Suite = {
  id: SUITE_ID,
  name: 'SCIM 2.0 filters (RFC 7644 §3.4.2.2)',
  description: 'Every comparison operator, and/or/not, grouping, pr, value paths and every value type, each answer compared with a client-side evaluation of the same filter over three users the suite creates; case rules (attribute names, operators, caseExact) and invalid filters. Runs only when /ServiceProviderConfig says filter.supported.',
  source: { format: 'native' },
  inputs: [
    { name: 'SCIMBaseURL', description: 'SCIM base URL (--scim-url)' },
    { name: 'auth', description: 'Authorization header value for the SCIM API (--scim-auth)', secret: true },
  ],
  initial: { kind: 'generate', generate: filtersRandomData },
  steps: filtersSteps,
  cleanup: [
    ...GROUP_FIXTURES.map((f) => deleteAction(`SCIM group ${f.letter} ({{${f.id}}}) created by ${SUITE_ID}/${f.create}: deleted`, [f.id], `/Groups/{{${f.id}}}`)),
    ...FIXTURES.map((f) => deleteAction(`SCIM user ${f.letter} ({{${f.id}}}) created by ${SUITE_ID}/${f.create}: deleted`, [f.id], `/Users/{{${f.id}}}`)),
  ],
};
