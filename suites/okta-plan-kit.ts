/**
 * Building blocks of the `okta-plan/…` suites, which automate cases of Okta's manual SCIM test
 * plan (okta-scim-test-plan-v2; okta-runscope.md §8) through an Okta org, real or emulated.
 *
 * - Every step cites the plan cases it demonstrates as `OKTA-PLAN-C####` refs.
 * - Every step is `required`: the plan says "Skip the test cases for the features that your
 *   integration doesn't support. All the other supported-feature test cases must pass"
 *   (okta-runscope.md §1). A feature the app or server does not offer makes the step `n/a`
 *   through a gate, with the reason.
 * - What Okta's Management API cannot drive (Import Now, Import User Schema, Push Now, the
 *   Push Groups settings, turning Sync Password on: [APPS] "You can't currently configure
 *   provisioning features via the API") is done through the emulator's `/emulator/v1` admin
 *   endpoints, and only there: the first step of each suite learns whether the org is the
 *   emulator (its `X-Scim-Conformance-Emulator` header). On a real org such a step is `n/a`
 *   with the reason, and a pre-request script turns its request into a harmless read of the
 *   app instance so that nothing undocumented reaches Okta.
 */
import type { Assertion, CleanupAction, Extraction, HttpMethod, RequestStep, Script, SuiteInput, Template, VerifyContext } from '../src/model/suite.js';
import type { SpecRef } from '../src/model/spec-ref.js';
import { OKTA_HEADERS, OKTA_ORG_INPUTS, OKTA_SCIM_HEADERS } from './okta-step-kit.js';
import { assertionProbe, at, shown, type Gate, type Probe } from './scim-step-kit.js';

/** The Okta org variables, as for okta-crud. */
export const PLAN_INPUTS: readonly SuiteInput[] = OKTA_ORG_INPUTS;

/** Set (to `okta-org`) only when the org is the built-in emulator. */
export const EMULATED = 'okta_org_emulated';
const EMULATOR_HEADER = 'X-Scim-Conformance-Emulator';

/** SCIM writes the plan makes "in the downstream application" (Okta's SCIM headers plus a body type). */
export const SCIM_WRITE_HEADERS: RequestStep['request']['headers'] = [...OKTA_SCIM_HEADERS, ['Content-Type', 'application/scim+json; charset=utf-8']];

/** Okta's SCIM read-back bound (the CRUD test's 20 s pause, okta-wire.md §3). */
export const PLAN_READ_BACK_MS = 20_000;

/** Why Import Now cannot be driven on a real org. */
export const NO_IMPORT_API = 'Okta\'s Management API has no call that starts an import of a SCIM app (Import Now is an Admin Console action; the Identity Source session API is for Custom Identity Source apps only) — run this case by hand in the org';
/** Why the Admin Console settings cannot be driven on a real org. */
export const NO_SETTINGS_API = 'Okta\'s Management API cannot change an app\'s provisioning settings ([APPS]: "You can\'t currently configure provisioning features via the API") — make this setting in the Admin Console and run the case by hand';

export interface PlanStepSpec {
  /** Behaviour name, appended to `<suiteId>/`. */
  readonly id: string;
  readonly title: string;
  readonly requirement: string;
  readonly fix: string;
  /** Plan case ids this step demonstrates (`C9312`). */
  readonly cases: readonly string[];
  readonly refs?: readonly SpecRef[];
  /** `okta`: `{{oktaOrgUrl}}` + path with Okta's API headers; `scim`: `{{SCIMUrl}}` + path with Okta's SCIM headers. */
  readonly target: 'okta' | 'scim';
  readonly method: HttpMethod;
  readonly path: Template;
  /** A JSON value (stringified) or raw text. */
  readonly body?: unknown;
  readonly assertions?: readonly Assertion[];
  readonly checks?: readonly Probe[];
  readonly gates?: readonly Gate[];
  readonly extractions?: readonly Extraction[];
  readonly scripts?: readonly Script[];
  /** A read-back of Okta's push (or of an earlier write): judged as the engine judges read-backs. */
  readonly readBack?: boolean | { readonly of?: string; readonly settledBy?: 'assertions' };
  /** Only the emulator can do this; the reason (with its source) a real org cannot. */
  readonly emulatorOnly?: string;
}

/** `n/a` unless the org is the emulator. */
export const emulatorGate = (reason: string): Gate => (ctx) => (ctx.vars(EMULATED) === 'okta-org' ? undefined : reason);

/** On a real org, an emulator admin call becomes a read of the app instance (documented, harmless). */
const REAL_ORG_READ: Script = {
  origin: 'okta-plan: on a real Okta org, read the app instance instead of calling the emulator\'s admin endpoint',
  code: [
    `if (variables.get(${JSON.stringify(EMULATED)}) !== 'okta-org') {`,
    '  request.method = "GET";',
    '  request.url = variables.get("oktaOrgUrl") + "/api/v1/apps/" + variables.get("oktaAppId");',
    '  request.body = "";',
    '}',
  ].join('\n'),
};

/** Builds the `<suiteId>/<id>` steps of one plan suite. */
export function planStepBuilder(suiteId: string): (spec: PlanStepSpec) => RequestStep {
  return (spec) => {
    const gates = [...(spec.emulatorOnly !== undefined ? [emulatorGate(spec.emulatorOnly)] : []), ...(spec.gates ?? [])];
    const assertions = spec.assertions ?? [];
    const checks = spec.checks ?? [];
    const declared = assertionProbe(assertions, 'required');
    const verify = gates.length > 0
      ? (ctx: VerifyContext) => {
        const reason = gates.map((g) => g(ctx)).find((r) => r !== undefined);
        if (reason !== undefined) {
          return [{ title: `not applicable: ${reason}`, ok: true, expected: 'the case can run here', actual: reason, level: 'optional' as const, notApplicable: true }];
        }
        return [...declared(ctx), ...checks.flatMap((p) => p(ctx))];
      }
      : checks.length > 0 ? (ctx: VerifyContext) => checks.flatMap((p) => p(ctx)) : undefined;
    const body = spec.body === undefined ? undefined : typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body, null, 2);
    const headers = spec.target === 'okta' ? OKTA_HEADERS : body === undefined ? OKTA_SCIM_HEADERS : SCIM_WRITE_HEADERS;
    const rewrite = spec.emulatorOnly !== undefined && spec.target === 'okta' && spec.path.startsWith('/emulator/');
    const readBack = spec.readBack === undefined || spec.readBack === false ? undefined : {
      boundMs: PLAN_READ_BACK_MS,
      ...(spec.readBack !== true && spec.readBack.of !== undefined ? { of: `${suiteId}/${spec.readBack.of}` } : {}),
      ...(spec.readBack !== true && spec.readBack.settledBy !== undefined ? { settledBy: spec.readBack.settledBy } : {}),
    };
    return {
      kind: 'request',
      id: `${suiteId}/${spec.id}`,
      title: spec.title,
      requirement: spec.requirement,
      fix: spec.fix,
      level: 'required',
      refs: [...spec.cases.map((c) => `OKTA-PLAN-${c}`), ...(spec.refs ?? [])],
      request: {
        method: spec.method,
        url: `${spec.target === 'okta' ? '{{oktaOrgUrl}}' : '{{SCIMUrl}}'}${spec.path}`,
        headers,
        ...(body === undefined ? {} : { body }),
      },
      extractions: spec.extractions ?? [],
      beforeScripts: rewrite ? [REAL_ORG_READ] : [],
      scripts: spec.scripts ?? [],
      assertions: gates.length > 0 ? [] : assertions,
      ...(verify ? { verify } : {}),
      ...(readBack ? { readBack } : {}),
    };
  };
}

/** Extraction of the emulator marker (optional: a real org has none). */
export const EMULATED_EXTRACTION: Extraction = { name: EMULATED, source: 'response_headers', property: EMULATOR_HEADER, optional: true };

/** The app instance step's script: sets `okta_group_push` from the app's GROUP_PUSH feature. */
export const groupPushScript = (suiteId: string): Script => ({
  origin: `${suiteId}/app-instance: is Group Push on?`,
  code: 'var app = null; try { app = JSON.parse(response.body); } catch (e) { app = null; }\nif (response.status === 200 && app !== null && Array.isArray(app.features)) variables.set("okta_group_push", app.features.indexOf("GROUP_PUSH") >= 0 ? "true" : "false");',
});

/** The first step of each plan suite: the app instance, whether the org is emulated. */
export function appInstanceStep(build: (spec: PlanStepSpec) => RequestStep, features: readonly string[], extra: Partial<PlanStepSpec> = {}): RequestStep {
  return build({
    id: 'app-instance',
    title: 'Read the SCIM app instance in Okta',
    requirement: `The app instance oktaAppId exists and the token can read it${features.length > 0 ? `; its provisioning features include ${features.join(', ')}` : ''} (plan: the SCIM app is set up and provisioning is enabled).`,
    fix: 'Give the id of your SCIM app instance and a token of an admin who can manage it; enable the features in Provisioning → To App.',
    cases: ['C9298', 'C9306'],
    refs: ['OKTA-API'],
    target: 'okta',
    method: 'GET',
    path: '/api/v1/apps/{{oktaAppId}}',
    assertions: [
      { source: 'response_status', comparison: 'equal_number', value: '200' },
      ...features.map((f): Assertion => ({ source: 'response_json', property: 'features', comparison: 'contains', value: f })),
    ],
    extractions: [EMULATED_EXTRACTION],
    ...extra,
  });
}

// ---- probes -----------------------------------------------------------------------------------

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The array at `path` is empty (or absent: an emulator import that completed reports `[]`). */
export const noErrorsAt = (path: string, what: string): Probe => (ctx) => {
  const f = at(ctx, path);
  const list = f.found && Array.isArray(f.value) ? f.value : [];
  // The title carries Okta's own error, so that the step's reason quotes it.
  const title = list.length > 0 ? `${what} failed: ${list.map(String).join(' | ')}` : `${what} completed without errors`;
  return [{ title, ok: f.found && list.length === 0, expected: 'no errors', actual: f.found ? list : shown(f) }];
};

/** The list at `path` has an element whose `key` equals the rendered variable and whose fields match `fields`. */
export const listHas = (path: string, key: string, variable: string, fields: Readonly<Record<string, unknown>>, title: string, wanted = true): Probe => (ctx) => {
  const id = ctx.vars(variable);
  const f = at(ctx, path);
  const list = f.found && Array.isArray(f.value) ? f.value.filter(isRecord) : [];
  const item = list.find((x) => x[key] === id);
  const matches = item !== undefined && Object.entries(fields).every(([k, v]) => item[k] === v);
  return [{
    title,
    ok: id !== undefined && matches === wanted,
    expected: `${wanted ? '' : 'no '}${key} ${id ?? `{{${variable}}}`} with ${JSON.stringify(fields)}`,
    actual: item ?? (f.found ? `not among ${list.length} entries` : shown(f)),
  }];
};

/** The value at `path` is absent, null or "" (an emptied attribute, RFC7643-2.5). */
export const emptyAt = (path: string): Probe => (ctx) => {
  const f = at(ctx, path);
  const ok = !f.found || f.value === null || f.value === '' || (Array.isArray(f.value) && f.value.length === 0);
  return [{ title: `${path} is empty`, ok, expected: 'absent, null or ""', actual: shown(f) }];
};

/** The members array (absent = none) does or does not hold each variable's id, and has `count` members. */
export const membersAre = (holds: readonly string[], lacks: readonly string[], count?: number): Probe => (ctx) => {
  const f = at(ctx, 'members');
  const list = f.found && Array.isArray(f.value) ? f.value.filter(isRecord) : [];
  const values = list.map((m) => m['value']);
  const checks = [
    ...holds.map((v) => ({ title: `members hold {{${v}}}`, ok: ctx.vars(v) !== undefined && values.includes(ctx.vars(v)), expected: `a member ${ctx.vars(v) ?? v}`, actual: values })),
    ...lacks.map((v) => ({ title: `members do not hold {{${v}}}`, ok: ctx.vars(v) !== undefined && !values.includes(ctx.vars(v)), expected: `no member ${ctx.vars(v) ?? v}`, actual: values })),
  ];
  if (count !== undefined) checks.push({ title: `the group has ${count} member(s)`, ok: values.length === count, expected: `${count}`, actual: values });
  return checks;
};

// ---- bodies and cleanup -----------------------------------------------------------------------

/** POST /api/v1/users?activate=true body in the CRUD test's shape (password from `okta_user_password`). */
export const oktaUserBody = (first: Template, last: Template, email: Template): unknown => ({
  profile: { firstName: first, lastName: last, email, login: email },
  credentials: {
    password: { value: '{{okta_user_password}}' },
    recovery_question: { question: "Who's a major player in the cowboy scene?", answer: 'okta' },
  },
});

/** POST /api/v1/apps/{appId}/users: mapped attributes equal what the mappings give (else 403 E0000075). */
export const assignBody = (userId: Template, first: Template, last: Template, email: Template, appOnly: Readonly<Record<string, unknown>> = {}): unknown => ({
  id: userId,
  scope: 'USER',
  credentials: { userName: email },
  profile: { familyName: last, givenName: first, emailType: 'work', email, ...appOnly },
});

/** A SCIM user created in the app directly (the plan's "create a member in the downstream application"). */
export const scimUserBody = (userName: Template, first: Template, last: Template, active: boolean): unknown => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName,
  name: { givenName: first, familyName: last },
  emails: [{ primary: true, value: userName, type: 'work' }],
  displayName: `${first} ${last}`,
  active,
});

/** Deactivates, then deletes, an Okta user the suite created (Okta's two-step delete). */
export function oktaUserCleanup(idVar: string, label: Template): CleanupAction[] {
  return [
    {
      title: `Okta user ${label} ({{${idVar}}}): deactivated`,
      needs: [idVar],
      request: { method: 'POST', url: `{{oktaOrgUrl}}/api/v1/users/{{${idVar}}}/lifecycle/deactivate`, headers: OKTA_HEADERS, body: '' },
    },
    {
      title: `Okta user ${label} ({{${idVar}}}): deleted`,
      needs: [idVar],
      request: { method: 'DELETE', url: `{{oktaOrgUrl}}/api/v1/users/{{${idVar}}}`, headers: OKTA_HEADERS },
    },
  ];
}

/** Deletes an Okta group the suite created. */
export const oktaGroupCleanup = (idVar: string, label: Template): CleanupAction => ({
  title: `Okta group ${label} ({{${idVar}}}): deleted`,
  needs: [idVar],
  request: { method: 'DELETE', url: `{{oktaOrgUrl}}/api/v1/groups/{{${idVar}}}`, headers: OKTA_HEADERS },
});

/** Deletes a SCIM resource the suite created in the app directly (a 404 counts as done). */
export const scimCleanup = (path: Template, needs: readonly string[], title: Template): CleanupAction => ({
  title,
  needs,
  request: { method: 'DELETE', url: `{{SCIMUrl}}${path}`, headers: OKTA_SCIM_HEADERS },
});

/** Unlinks a push mapping (deactivate, then delete, optionally deleting the app group); 404 = already done. */
export function mappingCleanup(idVar: string, deleteTargetGroup: boolean): CleanupAction[] {
  const url = `{{oktaOrgUrl}}/api/v1/apps/{{oktaAppId}}/group-push/mappings/{{${idVar}}}`;
  return [
    { title: `Okta group push mapping {{${idVar}}}: deactivated`, needs: [idVar], request: { method: 'PATCH', url, headers: OKTA_HEADERS, body: JSON.stringify({ status: 'INACTIVE' }) } },
    {
      title: `Okta group push mapping {{${idVar}}}: unlinked${deleteTargetGroup ? ', deleting the group in the app' : ''}`,
      needs: [idVar],
      request: { method: 'DELETE', url: `${url}?deleteTargetGroup=${String(deleteTargetGroup)}`, headers: OKTA_HEADERS },
    },
  ];
}

const TAG_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A random tag for names that must not collide with what the org or app already holds. */
export function randomTag(random: () => number, n = 8): string {
  let tag = '';
  for (let i = 0; i < n; i += 1) tag += TAG_CHARS.charAt(Math.floor(random() * TAG_CHARS.length));
  return tag;
}
