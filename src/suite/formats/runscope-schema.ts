/**
 * The Runscope (BlazeMeter API Monitoring) export format, as a strict JSON Schema for ajv and
 * the TypeScript types it guarantees (one source: `JSONSchemaType<T>`). Written from Okta's seven
 * exports (okta-runscope.md §7.1), Runscope's step model (Runscope/mcp-bzm-apitest
 * `src/models/step.py`, `src/tools/step_manager.py`) and postmanlabs/runscope-to-postman's
 * sample exports.
 *
 * Strictness, and why it differs by level:
 * - Top level: the keys Runscope writes are typed (`version` must be "1.0"); unknown keys are
 *   accepted and ignored, because they are run metadata (Runscope has added usage counters over
 *   time: `test_usage_90_days`, `step_count`, …) and cannot change what a step does.
 * - Steps, assertions, variables: no unknown keys. A key we do not know could change what the
 *   step sends or checks; refusing it (exit 3, naming step and key) beats silently ignoring it.
 * - `source` and `comparison` are closed lists: an unknown one is reported as
 *   `unknown comparison "foo" in assertions[2].comparison`.
 * - `step_type`: `request` and `pause` are validated here; `condition`/`conditional`,
 *   `conditional-loop`, `subtest`, `ghost-inspector` and `inbound` are recognised (the loader
 *   refuses them by name); anything else is an unknown step type.
 */
import type { ErrorObject, JSONSchemaType } from 'ajv';
import * as generatedValidators from '../../generated/runscope-validators.js';
import { standaloneValidator, type StandaloneValidate, type ValidatorSpec } from '../../report/json-schema-kit.js';
import { COMPARISON_NAMES } from '../../assert/comparisons/registry.js';
import { SOURCE_NAMES } from '../../model/suite.js';

/** Header, query and form maps: one value or several per name. */
export type RunscopeValues = Record<string, string | string[]>;

export interface RunscopeAssertion {
  source: string;
  comparison: string;
  property?: string | null;
  /** Numbers appear in older exports (`200`); null for comparisons that take no value. */
  value?: string | number | null;
}

export interface RunscopeVariable {
  source: string;
  property?: string | null;
  /** Null marks an empty row of the editor (Okta's CRUD step 15); such rows are ignored. */
  name?: string | null;
}

/** Runscope's auth helper: `{}` (unused) or e.g. `{auth_type: "basic", username, password}`. */
export interface RunscopeAuth {
  auth_type?: string | null;
  username?: string | null;
  password?: string | null;
}

export interface RunscopeRequestStep {
  step_type: 'request';
  id?: string;
  method: string;
  url: string;
  note?: string | null;
  skipped?: boolean;
  headers?: RunscopeValues;
  body?: string | null;
  /** Raw body in some exports (1.1 SPEC, Entitlements): `""`. */
  data?: string | null;
  /** Query arguments in some exports: `{}`. */
  args?: RunscopeValues;
  /** x-www-form-urlencoded body, name → values. */
  form?: RunscopeValues;
  multipart_form?: unknown[] | null;
  binary_body?: unknown[] | null;
  graphql_body?: Record<string, unknown> | null;
  auth?: RunscopeAuth;
  fragment?: string;
  assertions?: RunscopeAssertion[];
  variables?: RunscopeVariable[];
  scripts?: string[];
  before_scripts?: string[];
}

export interface RunscopePauseStep {
  step_type: 'pause';
  id?: string;
  /** Seconds. */
  duration: number;
  note?: string | null;
  skipped?: boolean;
}

/** Step types Runscope has that a linear run cannot execute; the loader refuses them by name. */
export const UNSUPPORTED_STEP_TYPES = ['condition', 'conditional', 'conditional-loop', 'subtest', 'ghost-inspector', 'inbound'] as const;
export type UnsupportedStepType = (typeof UNSUPPORTED_STEP_TYPES)[number];

export interface RunscopeOtherStep {
  step_type: UnsupportedStepType;
  note?: string | null;
  [key: string]: unknown;
}

export type RunscopeStep = RunscopeRequestStep | RunscopePauseStep | RunscopeOtherStep;

export interface RunscopeExport {
  version?: string;
  exported_at?: number;
  name: string;
  description?: string | null;
  trigger_url?: string;
  steps: RunscopeStep[];
  test_usage_90_days?: number;
  test_usage_billing_period?: number;
  is_skipped_at_bucket_level?: boolean;
  last_run_created_at?: number | null;
  step_count?: number;
}

/**
 * Spellings of Runscope's own names that appear in its documentation but not in exports
 * (`equals`, `greater_than` in Runscope/mcp-bzm-apitest; `response_header` for variables in
 * terraform-provider-runscope's docs). Accepted and mapped to the export names.
 */
export const COMPARISON_ALIASES: Readonly<Record<string, string>> = { equals: 'equal', greater_than: 'is_greater_than' };
export const SOURCE_ALIASES: Readonly<Record<string, string>> = { response_header: 'response_headers' };
/** Sources Runscope has that this runner cannot evaluate (XPath needs an XML engine). */
export const UNSUPPORTED_SOURCES: readonly string[] = ['response_xml'];

const COMPARISONS = [...COMPARISON_NAMES, ...Object.keys(COMPARISON_ALIASES)];
const SOURCES = [...SOURCE_NAMES, ...Object.keys(SOURCE_ALIASES), ...UNSUPPORTED_SOURCES];
export const KNOWN_STEP_TYPES: readonly string[] = ['request', 'pause', ...UNSUPPORTED_STEP_TYPES];

/** A leaf whose contents are unknown to the type (ajv's JSONSchemaType cannot express `unknown`). */
type UnknownJson = never;

const valuesSchema: JSONSchemaType<RunscopeValues> = {
  type: 'object',
  required: [],
  additionalProperties: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
};

const assertionSchema: JSONSchemaType<RunscopeAssertion> = {
  type: 'object',
  additionalProperties: false,
  required: ['source', 'comparison'],
  properties: {
    source: { type: 'string', enum: SOURCES },
    comparison: { type: 'string', enum: COMPARISONS },
    property: { type: 'string', nullable: true },
    // `null` spelled out rather than `nullable`: ajv's standalone code reports a type error's
    // allowed types from the schema as written, and the message lists them ("a string or a number or null").
    value: { type: ['string', 'number', 'null'] } as unknown as { type: ('string' | 'number')[]; nullable: true },
  },
};

const variableSchema: JSONSchemaType<RunscopeVariable> = {
  type: 'object',
  additionalProperties: false,
  required: ['source'],
  properties: {
    source: { type: 'string', enum: SOURCES },
    property: { type: 'string', nullable: true },
    name: { type: 'string', nullable: true },
  },
};

const requestStepSchema: JSONSchemaType<RunscopeRequestStep> = {
  type: 'object',
  additionalProperties: false,
  required: ['step_type', 'method', 'url'],
  properties: {
    step_type: { type: 'string', const: 'request' },
    id: { type: 'string', nullable: true },
    method: { type: 'string', minLength: 1 },
    url: { type: 'string', minLength: 1 },
    note: { type: 'string', nullable: true },
    skipped: { type: 'boolean', nullable: true },
    headers: { ...valuesSchema, nullable: true },
    body: { type: 'string', nullable: true },
    data: { type: 'string', nullable: true },
    args: { ...valuesSchema, nullable: true },
    form: { ...valuesSchema, nullable: true },
    // Contents are never read (non-empty ones are refused), so any JSON is typed as unknown.
    multipart_form: { type: 'array', nullable: true, items: {} } as UnknownJson,
    binary_body: { type: 'array', nullable: true, items: {} } as UnknownJson,
    graphql_body: { type: 'object', nullable: true, required: [] } as UnknownJson,
    auth: {
      type: 'object',
      nullable: true,
      required: [],
      // Other auth types carry other keys (OAuth secrets…); the loader refuses them by auth_type.
      additionalProperties: true,
      properties: {
        auth_type: { type: 'string', nullable: true },
        username: { type: 'string', nullable: true },
        password: { type: 'string', nullable: true },
      },
    },
    fragment: { type: 'string', nullable: true },
    assertions: { type: 'array', nullable: true, items: assertionSchema },
    variables: { type: 'array', nullable: true, items: variableSchema },
    scripts: { type: 'array', nullable: true, items: { type: 'string' } },
    before_scripts: { type: 'array', nullable: true, items: { type: 'string' } },
  },
};

const pauseStepSchema: JSONSchemaType<RunscopePauseStep> = {
  type: 'object',
  additionalProperties: false,
  required: ['step_type', 'duration'],
  properties: {
    step_type: { type: 'string', const: 'pause' },
    id: { type: 'string', nullable: true },
    duration: { type: 'integer', minimum: 0 },
    note: { type: 'string', nullable: true },
    skipped: { type: 'boolean', nullable: true },
  },
};

/** The envelope; steps are checked one by one (per step type) so messages can name the step. */
interface RunscopeEnvelope extends Omit<RunscopeExport, 'steps'> {
  steps: { step_type: string }[];
}

const envelopeSchema: JSONSchemaType<RunscopeEnvelope> = {
  type: 'object',
  additionalProperties: true,
  required: ['name', 'steps'],
  properties: {
    version: { type: 'string', enum: ['1.0'], nullable: true },
    exported_at: { type: 'number', nullable: true },
    name: { type: 'string' },
    description: { type: 'string', nullable: true },
    trigger_url: { type: 'string', nullable: true },
    steps: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['step_type'],
        properties: { step_type: { type: 'string', enum: KNOWN_STEP_TYPES } },
      },
    },
    test_usage_90_days: { type: 'number', nullable: true },
    test_usage_billing_period: { type: 'number', nullable: true },
    is_skipped_at_bucket_level: { type: 'boolean', nullable: true },
    last_run_created_at: { type: 'number', nullable: true },
    step_count: { type: 'integer', nullable: true },
  },
};

/** The schemas, for documentation and tests (`runscope-export.schema.json` could be emitted from these). */
export const RUNSCOPE_SCHEMAS: Readonly<Record<string, object>> = { envelope: envelopeSchema, request: requestStepSchema, pause: pauseStepSchema, assertion: assertionSchema, variable: variableSchema } as const;

/** What scripts/generate-validators.ts precompiles for the export format (ajv standalone code). */
export const RUNSCOPE_VALIDATORS: ValidatorSpec = {
  file: 'runscope-validators',
  options: { allErrors: true, strict: true, allowUnionTypes: true },
  formats: [],
  schemas: { validateEnvelope: envelopeSchema, validateRequestStep: requestStepSchema, validatePauseStep: pauseStepSchema },
};

const validateEnvelope: StandaloneValidate = standaloneValidator(RUNSCOPE_VALIDATORS, generatedValidators, 'validateEnvelope');
const validateRequestStep: StandaloneValidate = standaloneValidator(RUNSCOPE_VALIDATORS, generatedValidators, 'validateRequestStep');
const validatePauseStep: StandaloneValidate = standaloneValidator(RUNSCOPE_VALIDATORS, generatedValidators, 'validatePauseStep');

/** `step 7 ("Required Test: …")`, `step 2 (pause)`, `step 3 (GET {{SCIMBaseURL}}/Users)`. */
export function stepLabel(index: number, step: unknown): string {
  const s = (step && typeof step === 'object' ? step : {}) as { note?: unknown; step_type?: unknown; method?: unknown; url?: unknown };
  const note = typeof s.note === 'string' ? s.note.trim() : '';
  if (note) return `step ${index + 1} (${JSON.stringify(note.length > 80 ? `${note.slice(0, 77)}...` : note)})`;
  if (s.step_type === 'request' && typeof s.method === 'string' && typeof s.url === 'string') return `step ${index + 1} (${s.method} ${s.url})`;
  return `step ${index + 1}${typeof s.step_type === 'string' ? ` (${s.step_type})` : ''}`;
}

/** `/assertions/2/comparison` → `assertions[2].comparison`. */
function fieldPath(instancePath: string): string {
  let out = '';
  for (const part of instancePath.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(key)) out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}

function valueAt(root: unknown, instancePath: string): unknown {
  let cur = root;
  for (const part of instancePath.split('/').slice(1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string', number: 'a number', integer: 'an integer', boolean: 'a boolean', object: 'an object', array: 'an array', null: 'null',
};

/** Where an error is: a prefix (`step 7 ("…")`) and the path inside it. */
type Locate = (instancePath: string) => { readonly where: string; readonly path: string };

/** Readable messages for ajv errors, each naming where it is. */
function describeErrors(errors: readonly ErrorObject[], root: unknown, locate: Locate): string[] {
  const out: string[] = [];
  // An anyOf failure also reports each branch; keep only the anyOf itself.
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath);
  const underAnyOf = (path: string): boolean => anyOfPaths.some((p) => path === p || path.startsWith(`${p}/`));
  for (const e of errors) {
    if (e.keyword !== 'anyOf' && underAnyOf(e.instancePath)) continue;
    const { where, path } = locate(e.instancePath);
    const field = fieldPath(path);
    const prefix = where ? `${where}: ` : '';
    const actual = valueAt(root, e.instancePath);
    switch (e.keyword) {
      case 'required':
        out.push(`${prefix}missing ${JSON.stringify((e.params as { missingProperty: string }).missingProperty)}${field ? ` in ${field}` : ''}`);
        break;
      case 'additionalProperties':
        out.push(`${prefix}unknown field ${JSON.stringify((e.params as { additionalProperty: string }).additionalProperty)}${field ? ` in ${field}` : ''}`);
        break;
      case 'enum': {
        const last = field.replace(/^.*[.\]]/, '');
        const kind = last === 'comparison' ? 'comparison' : last === 'source' ? 'source' : last === 'step_type' ? 'step type' : undefined;
        const allowedValues = (e.params as { allowedValues: unknown[] }).allowedValues;
        const allowed = allowedValues.map((v) => JSON.stringify(v)).join(', ');
        // The list in the message is the export names, without the accepted aliases.
        const names = allowedValues.filter((v) => typeof v === 'string' && !Object.hasOwn(COMPARISON_ALIASES, v) && !Object.hasOwn(SOURCE_ALIASES, v));
        out.push(kind
          ? `${prefix}unknown ${kind} ${JSON.stringify(actual)} in ${field} (known: ${names.map((v) => JSON.stringify(v)).join(', ')})`
          : `${prefix}${field} must be one of ${allowed}, not ${describeJson(actual)}`);
        break;
      }
      case 'anyOf':
        out.push(Array.isArray(actual)
          ? `${prefix}${field} must be a string or an array of strings, but an element is not a string`
          : `${prefix}${field} must be a string or an array of strings, not ${describeJson(actual)}`);
        break;
      case 'type':
        out.push(`${prefix}${field || (where ? '' : 'the export')}${field || !where ? ' ' : ''}must be ${[(e.params as { type: string | string[] }).type].flat().map((t) => TYPE_WORDS[t] ?? t).join(' or ')}, not ${describeJson(actual)}`);
        break;
      case 'minLength':
      case 'minItems':
        out.push(`${prefix}${field} must not be empty`);
        break;
      case 'const':
        out.push(`${prefix}${field} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`);
        break;
      default:
        out.push(`${prefix}${field || 'the export'} ${e.message ?? 'is invalid'}`);
    }
  }
  return out;
}

export type RunscopeValidation =
  | { readonly ok: true; readonly value: RunscopeExport }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Validates parsed JSON against the export format; lists every problem, each naming its step. */
export function validateRunscopeExport(data: unknown): RunscopeValidation {
  const steps = Array.isArray((data as { steps?: unknown } | null)?.steps) ? (data as { steps: unknown[] }).steps : [];
  const locate: Locate = (instancePath) => {
    const m = /^\/steps\/(\d+)(\/.*)?$/.exec(instancePath);
    return m ? { where: stepLabel(Number(m[1]), steps[Number(m[1])]), path: m[2] ?? '' } : { where: '', path: instancePath };
  };
  const problems = validateEnvelope(data) ? [] : describeErrors(validateEnvelope.errors ?? [], data, locate);
  problems.push(...stepProblems(steps));
  const stepNumber = (p: string): number => Number(/^step (\d+)/.exec(p)?.[1] ?? 0);
  problems.sort((a, b) => stepNumber(a) - stepNumber(b));
  return problems.length ? { ok: false, problems } : { ok: true, value: data as RunscopeExport };
}

/**
 * Problems of one step on its own (request and pause steps are checked field by field; other
 * known step types only by type). Empty when the step is well-formed.
 */
export function validateRunscopeStep(step: unknown, index: number): string[] {
  const type = (step as { step_type?: unknown } | null)?.step_type;
  if (step === null || typeof step !== 'object' || Array.isArray(step)) return [`${stepLabel(index, step)}: must be an object`];
  if (typeof type !== 'string' || !KNOWN_STEP_TYPES.includes(type)) return [`${stepLabel(index, step)}: unknown step type ${JSON.stringify(type)}`];
  const validate = type === 'request' ? validateRequestStep : type === 'pause' ? validatePauseStep : undefined;
  if (!validate || validate(step)) return [];
  return describeErrors(validate.errors ?? [], step, (path) => ({ where: stepLabel(index, step), path }));
}

function stepProblems(steps: readonly unknown[]): string[] {
  const problems: string[] = [];
  steps.forEach((step, i) => {
    const type = (step as { step_type?: unknown } | null)?.step_type;
    // Wrong or unknown step types are already reported by the envelope's schema.
    if (type === 'request' || type === 'pause') problems.push(...validateRunscopeStep(step, i));
  });
  return problems;
}
