/**
 * `okta-plan/user-schema`: Import User Schema (IMPORT_USER_SCHEMA) reads the User resource type
 * from `/ResourceTypes`, then its core schema and every extension it lists from `/Schemas`
 * (okta-wire.md §1.12, [OINW test-instance.md]); the app user schema then has the base
 * attributes the plan asks for — Username, Given name, Family name (C9344).
 *
 * Starting the import has no Management API call (emulator only); reading the app user schema
 * is documented (`GET /api/v1/meta/schemas/apps/{appId}/default`) and runs on a real org too.
 * Nothing is created, so there is nothing to clean up.
 */
import type { Assertion, Suite } from '../src/model/suite.js';
import { appInstanceStep, NO_SETTINGS_API, noErrorsAt, planStepBuilder, PLAN_INPUTS } from './okta-plan-kit.js';
import { at, shown, type Probe } from './scim-step-kit.js';

const SUITE = 'okta-plan/user-schema';
const step = planStepBuilder(SUITE);

const status = (code: number): Assertion => ({ source: 'response_status', comparison: 'equal_number', value: String(code) });
const BASE = ['userName', 'givenName', 'familyName'] as const;

/** Each name is in the list at `path`. */
const listIncludes = (path: string, names: readonly string[]): Probe => (ctx) => {
  const f = at(ctx, path);
  const list = f.found && Array.isArray(f.value) ? f.value : [];
  return names.map((n) => ({ title: `${path} includes ${n}`, ok: list.includes(n), expected: n, actual: shown(f) }));
};

/** Each name is a key of the object at `path`. */
const hasKeys = (path: string, names: readonly string[]): Probe => (ctx) => {
  const f = at(ctx, path);
  const keys = f.found && typeof f.value === 'object' && f.value !== null ? Object.keys(f.value) : [];
  return names.map((n) => ({ title: `${path} has ${n}`, ok: keys.includes(n), expected: n, actual: f.found ? keys : shown(f) }));
};

/** Every extension the resource type lists was imported (its attributes are custom attributes). */
const extensionsImported: Probe = (ctx) => {
  const ext = at(ctx, 'extensions');
  const custom = at(ctx, 'custom');
  const n = ext.found && Array.isArray(ext.value) ? ext.value.length : 0;
  const m = custom.found && Array.isArray(custom.value) ? custom.value.length : 0;
  return [{ title: 'the extensions the User resource type lists are imported as custom attributes', ok: n === 0 || m > 0, expected: n === 0 ? 'nothing (no extension listed)' : `custom attributes from ${n} extension(s)`, actual: shown(custom) }];
};

const steps = [
  appInstanceStep(step, []),
  step({
    id: 'import-user-schema', title: 'Provisioning → To App: Import User Schema from the app',
    requirement: 'Okta reads /ResourceTypes and /Schemas and imports the User schema: the base attributes userName, givenName and familyName, and every extension the User resource type lists (C9344; RFC 7643 §6, §7).',
    fix: 'Serve GET /ResourceTypes with the User resource type (schema and schemaExtensions) and GET /Schemas with the core User schema and each listed extension, their attributes described (RFC 7643 §6, §7; RFC 7644 §4). The import task\'s error names what is missing.',
    cases: ['C9344'], refs: ['OKTA-OIN', 'RFC7643-6', 'RFC7643-7', 'RFC7644-4'], target: 'okta', method: 'POST', path: '/emulator/v1/apps/{{oktaAppId}}/schema/import',
    assertions: [status(200)], checks: [noErrorsAt('errors', 'Import User Schema'), listIncludes('base', BASE), extensionsImported],
    emulatorOnly: NO_SETTINGS_API,
  }),
  step({
    id: 'app-user-schema-has-base-attributes', title: 'Read the app user schema: Username, Given name and Family name',
    requirement: 'The app\'s user schema (Profile Editor → Base) has Username, Given name and Family name (C9344: "There should be added basic attributes: Username, Given name, Family name").',
    fix: 'Describe userName and name.givenName / name.familyName in the User schema on /Schemas (RFC 7643 §4.1, §7), then import the schema again in Okta.',
    cases: ['C9344'], refs: ['OKTA-API', 'RFC7643-4.1'], target: 'okta', method: 'GET', path: '/api/v1/meta/schemas/apps/{{oktaAppId}}/default',
    assertions: [status(200)], checks: [hasKeys('definitions.base.properties', BASE)],
  }),
];

export const oktaPlanUserSchemaSuite: Suite = {
  id: SUITE,
  name: 'Okta test plan: user schema',
  description: 'Import User Schema from /ResourceTypes and /Schemas (emulated org only: no API starts it) and the base attributes of the app user schema (any org).',
  source: { format: 'native' },
  inputs: PLAN_INPUTS,
  steps,
  cleanup: [],
};
