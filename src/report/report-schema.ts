/**
 * The JSON Schema of `report.json` (DESIGN.md core decision 2: one canonical, versioned,
 * validated report).
 *
 * The schema is typed `JSONSchemaType<…>` so that the compiler ties it to the model types in
 * `src/model/`: every property of every interface must appear with a matching type, and the
 * `required` lists are checked for completeness by {@link requiredKeys}. ajv's typing demands
 * the OpenAPI keyword `nullable: true` on optional properties; JSON has no `undefined` and our
 * types never allow `null` there, so {@link reportSchema} (what ajv compiles and what we
 * publish) is the typed schema with every `nullable` removed: plain draft-07 that any
 * validator reads the same way.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JSONSchemaType } from 'ajv';
import * as generatedValidators from '../generated/report-validators.js';
import { everyMember, lazyValidator, publishableSchema, requiredKeys, standaloneValidator, type ValidatorSpec } from './json-schema-kit.js';
import type { LatencyFigures, LoadFigures, RunAuth, RunMetadata, RunOptions, RunReport, TokenExchangeRecord } from '../model/report.js';
import type {
  AssertionResult,
  CappedText,
  CleanupResult,
  ExtractionResult,
  HeaderList,
  HttpExchange,
  ScriptResult,
  StepResult,
  SuiteResult,
} from '../model/result.js';
import type { ComparisonName, SourceName, SuiteSource } from '../model/suite.js';
import { CLIENTS } from '../model/suite.js';
import type { Counts, Level, Verdict } from '../model/verdict.js';

/** `$id` of formatVersion 1; a new format version gets a new `$id`. */
export const REPORT_SCHEMA_ID = 'https://scim-conformance.dev/schemas/report-v1.json';

/** File name used by {@link writeReportSchema}. */
export const REPORT_SCHEMA_FILE = 'report-v1.schema.json';

const SOURCES = everyMember<SourceName>()(
  'response_status', 'response_json', 'response_headers', 'response_text', 'response_time', 'response_size',
);
const COMPARISONS = everyMember<ComparisonName>()(
  'equal', 'not_equal', 'equal_number', 'empty', 'not_empty', 'contains', 'does_not_contain', 'has_value',
  'has_key', 'is_null', 'is_a_number', 'is_less_than', 'is_less_than_or_equal', 'is_greater_than',
  'is_greater_than_or_equal',
);
const ALL_VERDICTS = everyMember<Verdict>()('pass', 'warn', 'fail', 'error', 'skip', 'n/a');
const ALL_LEVELS = everyMember<Level>()('required', 'recommended', 'optional');

// ISO 8601 with a zone, as `new Date().toISOString()` writes it.
const DATE_TIME = { type: 'string', format: 'date-time' } as const;
const DURATION_MS = { type: 'number', minimum: 0 } as const;
const NON_EMPTY = { type: 'string', minLength: 1 } as const;

const countsSchema: JSONSchemaType<Counts> = {
  type: 'object',
  properties: {
    pass: { type: 'integer', minimum: 0 },
    warn: { type: 'integer', minimum: 0 },
    fail: { type: 'integer', minimum: 0 },
    error: { type: 'integer', minimum: 0 },
    skip: { type: 'integer', minimum: 0 },
    'n/a': { type: 'integer', minimum: 0 },
  },
  required: requiredKeys<Counts>()('pass', 'warn', 'fail', 'error', 'skip', 'n/a'),
  additionalProperties: false,
};

const cappedTextSchema: JSONSchemaType<CappedText> = {
  type: 'object',
  properties: {
    text: { type: 'string' },
    truncatedBytes: { type: 'integer', minimum: 0 },
  },
  required: requiredKeys<CappedText>()('text', 'truncatedBytes'),
  additionalProperties: false,
};

const headerListSchema: JSONSchemaType<HeaderList> = {
  type: 'array',
  items: {
    type: 'array',
    items: [{ type: 'string' }, { type: 'string' }],
    minItems: 2,
    maxItems: 2,
  },
};

const exchangeSchema: JSONSchemaType<HttpExchange> = {
  type: 'object',
  properties: {
    request: {
      type: 'object',
      properties: {
        method: NON_EMPTY,
        url: { type: 'string' },
        headers: headerListSchema,
        body: { ...cappedTextSchema, nullable: true },
      },
      required: requiredKeys<HttpExchange['request']>()('method', 'url', 'headers'),
      additionalProperties: false,
    },
    response: {
      type: 'object',
      nullable: true,
      properties: {
        status: { type: 'integer', minimum: 0, maximum: 999 },
        headers: headerListSchema,
        body: cappedTextSchema,
        sizeBytes: { type: 'integer', minimum: 0 },
      },
      required: requiredKeys<NonNullable<HttpExchange['response']>>()('status', 'headers', 'body', 'sizeBytes'),
      additionalProperties: false,
    },
    timing: {
      type: 'object',
      properties: { totalMs: DURATION_MS },
      required: requiredKeys<HttpExchange['timing']>()('totalMs'),
      additionalProperties: false,
    },
    transportError: {
      type: 'object',
      nullable: true,
      properties: { code: { type: 'string' }, message: { type: 'string' } },
      required: requiredKeys<NonNullable<HttpExchange['transportError']>>()('code', 'message'),
      additionalProperties: false,
    },
  },
  required: requiredKeys<HttpExchange>()('request', 'timing'),
  additionalProperties: false,
};

/**
 * `actual: unknown` — any JSON value, i.e. the empty schema. ajv's typing has no form for
 * `unknown`, hence the one cast in this file.
 */
const ANY_JSON_VALUE = { nullable: true } as JSONSchemaType<AssertionResult>['properties']['actual'];

const assertionSchema: JSONSchemaType<AssertionResult> = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    source: { type: 'string', enum: [...SOURCES, 'verify', 'script', 'schema'] },
    property: { type: 'string', nullable: true },
    comparison: { type: 'string', enum: COMPARISONS, nullable: true },
    level: { type: 'string', enum: ALL_LEVELS },
    verdict: { type: 'string', enum: ['pass', 'warn', 'fail', 'error'] },
    expected: { oneOf: [{ type: 'string' }, { type: 'null', nullable: true }] },
    // Any JSON value; absent when the engine had none (JSON cannot say `undefined`).
    actual: ANY_JSON_VALUE,
    message: { type: 'string', nullable: true },
  },
  required: requiredKeys<AssertionResult>()('title', 'source', 'level', 'verdict', 'expected'),
  additionalProperties: false,
};

const extractionSchema: JSONSchemaType<ExtractionResult> = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    ok: { type: 'boolean' },
    value: { type: 'string', nullable: true },
    message: { type: 'string', nullable: true },
  },
  required: requiredKeys<ExtractionResult>()('name', 'ok'),
  additionalProperties: false,
};

const scriptSchema: JSONSchemaType<ScriptResult> = {
  type: 'object',
  properties: {
    origin: { type: 'string' },
    ok: { type: 'boolean' },
    logs: { type: 'array', items: { type: 'string' } },
    error: { type: 'string', nullable: true },
  },
  required: requiredKeys<ScriptResult>()('origin', 'ok', 'logs'),
  additionalProperties: false,
};

const stepSchema: JSONSchemaType<StepResult> = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['request', 'pause'] },
    stepId: NON_EMPTY,
    title: { type: 'string' },
    requirement: { type: 'string', nullable: true },
    fix: { type: 'string', nullable: true },
    level: { type: 'string', enum: ALL_LEVELS },
    refs: { type: 'array', items: NON_EMPTY },
    verdict: { type: 'string', enum: ALL_VERDICTS },
    reason: { type: 'string', nullable: true },
    exchange: { ...exchangeSchema, nullable: true },
    attempts: { type: 'integer', minimum: 0 },
    assertions: { type: 'array', items: assertionSchema },
    extractions: { type: 'array', items: extractionSchema },
    scripts: { type: 'array', items: scriptSchema },
    pausedMs: DURATION_MS,
    startedAt: DATE_TIME,
    durationMs: DURATION_MS,
    runscopeVerdict: { type: 'string', enum: ['pass', 'fail', 'skip'] },
    sourceIndex: { type: 'integer', minimum: 1, nullable: true },
    client: { type: 'string', enum: CLIENTS, nullable: true },
  },
  required: requiredKeys<StepResult>()(
    'kind', 'stepId', 'title', 'level', 'refs', 'verdict', 'attempts', 'assertions', 'extractions', 'scripts',
    'pausedMs', 'startedAt', 'durationMs', 'runscopeVerdict',
  ),
  // DESIGN.md core decision 3: skip, n/a and error always carry a reason.
  if: { required: ['verdict'], properties: { verdict: { enum: ['skip', 'n/a', 'error'] } } },
  then: { required: ['reason'], properties: { reason: NON_EMPTY } },
  additionalProperties: false,
};

const cleanupSchema: JSONSchemaType<CleanupResult> = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    ok: { type: 'boolean' },
    status: { type: 'integer', minimum: 0, maximum: 999, nullable: true },
    message: { type: 'string', nullable: true },
  },
  required: requiredKeys<CleanupResult>()('title', 'ok'),
  additionalProperties: false,
};

const suiteSourceSchema: JSONSchemaType<SuiteSource> = {
  type: 'object',
  properties: {
    format: { type: 'string', enum: ['native', 'runscope'] },
    path: { type: 'string', nullable: true },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$', nullable: true },
  },
  required: requiredKeys<SuiteSource>()('format'),
  additionalProperties: false,
};

const suiteSchema: JSONSchemaType<SuiteResult> = {
  type: 'object',
  properties: {
    suiteId: NON_EMPTY,
    name: { type: 'string' },
    source: suiteSourceSchema,
    verdict: { type: 'string', enum: ALL_VERDICTS },
    runscopeVerdict: { type: 'string', enum: ['pass', 'fail'] },
    counts: countsSchema,
    steps: { type: 'array', items: stepSchema },
    cleanup: { type: 'array', items: cleanupSchema },
    provisioning: { type: 'array', items: exchangeSchema, nullable: true },
  },
  required: requiredKeys<SuiteResult>()('suiteId', 'name', 'source', 'verdict', 'runscopeVerdict', 'counts', 'steps', 'cleanup'),
  additionalProperties: false,
};

const optionsSchema: JSONSchemaType<RunOptions> = {
  type: 'object',
  properties: {
    pauses: { type: 'string', enum: ['keep', 'skip'] },
    strict: { type: 'boolean' },
    grep: { type: 'array', items: { type: 'string' } },
    queryEncoding: { type: 'string', enum: ['percent', 'plus'] },
    timeoutMs: DURATION_MS,
    seedUser: { type: 'boolean' },
    keepTestData: { type: 'boolean' },
    maxDurationMs: { ...DURATION_MS, nullable: true },
    settleMs: { ...DURATION_MS, nullable: true },
  },
  required: requiredKeys<RunOptions>()('pauses', 'strict', 'grep', 'queryEncoding', 'timeoutMs', 'seedUser', 'keepTestData'),
  additionalProperties: false,
};

const GRANT = { type: 'string', enum: ['client_credentials', 'refresh_token'] } as const;

// Every request to the OAuth token endpoint (issue 13), redacted at the source.
const tokenExchangeSchema: JSONSchemaType<TokenExchangeRecord> = {
  type: 'object',
  properties: {
    at: DATE_TIME,
    grant: GRANT,
    cause: { type: 'string', enum: ['first-token', 'expired', 'rejected', 'check'] },
    reason: { type: 'string' },
    exchange: exchangeSchema,
    problem: { type: 'string', nullable: true },
  },
  required: requiredKeys<TokenExchangeRecord>()('at', 'grant', 'cause', 'reason', 'exchange'),
  additionalProperties: false,
};

const authSchema: JSONSchemaType<RunAuth> = {
  type: 'object',
  properties: {
    kind: { type: 'string', const: 'oauth' },
    grant: GRANT,
    tokenUrl: { type: 'string' },
    tokenExchanges: { type: 'array', items: tokenExchangeSchema },
  },
  required: requiredKeys<RunAuth>()('kind', 'grant', 'tokenUrl', 'tokenExchanges'),
  additionalProperties: false,
};

const metaSchema: JSONSchemaType<RunMetadata> = {
  type: 'object',
  properties: {
    // Also the report's directory name: no separators, no leading dot, no `:` (Windows).
    runId: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', maxLength: 128 },
    tool: {
      type: 'object',
      properties: { name: NON_EMPTY, version: NON_EMPTY },
      required: requiredKeys<RunMetadata['tool']>()('name', 'version'),
      additionalProperties: false,
    },
    node: { type: 'string' },
    startedAt: DATE_TIME,
    finishedAt: DATE_TIME,
    durationMs: DURATION_MS,
    target: {
      type: 'object',
      properties: {
        scimUrl: { type: 'string', nullable: true },
        oktaOrgUrl: { type: 'string', nullable: true },
        okta: { type: 'string', enum: ['real', 'emulator'], nullable: true },
      },
      required: requiredKeys<RunMetadata['target']>()(),
      additionalProperties: false,
    },
    suites: { type: 'array', items: NON_EMPTY },
    options: optionsSchema,
    features: {
      type: 'object',
      required: [],
      additionalProperties: { type: 'string', enum: ['supported', 'unsupported', 'unknown'] },
    },
    // Optional: reports of runs without OAuth, and older ones, stay valid.
    auth: { ...authSchema, nullable: true },
  },
  required: requiredKeys<RunMetadata>()(
    'runId', 'tool', 'node', 'startedAt', 'finishedAt', 'durationMs', 'target', 'suites', 'options', 'features',
  ),
  additionalProperties: false,
};

const COUNT = { type: 'integer', minimum: 0 } as const;
const RATE = { type: 'number', minimum: 0, maximum: 1 } as const;
const LOAD_CLIENT = { type: 'string', enum: ['okta', 'entra'] } as const;

const latencySchema: JSONSchemaType<LatencyFigures> = {
  type: 'object',
  properties: { p50: DURATION_MS, p90: DURATION_MS, p99: DURATION_MS, max: DURATION_MS },
  required: requiredKeys<LatencyFigures>()('p50', 'p90', 'p99', 'max'),
  additionalProperties: false,
};

// `scim-conformance load` figures (optional: every other report, old ones included, stays valid).
const loadSchema: JSONSchemaType<LoadFigures> = {
  type: 'object',
  properties: {
    clients: { type: 'array', items: LOAD_CLIENT, minItems: 1 },
    durationMs: DURATION_MS,
    concurrency: { type: 'integer', minimum: 1 },
    ratePerSecond: { type: 'number', exclusiveMinimum: 0, nullable: true },
    requests: COUNT,
    throughputPerSecond: { type: 'number', minimum: 0 },
    latencyMs: latencySchema,
    errors: COUNT,
    errorRate: RATE,
    rateLimited: COUNT,
    rateLimitedRate: RATE,
    retryAfterWaitedMs: DURATION_MS,
    usersCreated: COUNT,
    usersVerified: COUNT,
    operations: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          client: LOAD_CLIENT,
          operation: NON_EMPTY,
          requests: COUNT,
          errors: COUNT,
          rateLimited: COUNT,
          latencyMs: latencySchema,
        },
        required: requiredKeys<LoadFigures['operations'][number]>()('client', 'operation', 'requests', 'errors', 'rateLimited', 'latencyMs'),
        additionalProperties: false,
      },
    },
    timeline: {
      type: 'array',
      items: {
        type: 'object',
        properties: { second: COUNT, requests: COUNT, rateLimited: COUNT, errors: COUNT, latencyMs: latencySchema },
        required: requiredKeys<LoadFigures['timeline'][number]>()('second', 'requests', 'rateLimited', 'errors', 'latencyMs'),
        additionalProperties: false,
      },
    },
  },
  required: requiredKeys<LoadFigures>()(
    'clients', 'durationMs', 'concurrency', 'requests', 'throughputPerSecond', 'latencyMs', 'errors', 'errorRate',
    'rateLimited', 'rateLimitedRate', 'retryAfterWaitedMs', 'usersCreated', 'usersVerified', 'operations', 'timeline',
  ),
  additionalProperties: false,
};

const typedReportSchema: JSONSchemaType<RunReport> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: REPORT_SCHEMA_ID,
  title: 'scim-conformance RunReport (formatVersion 1)',
  description: 'The canonical report of one scim-conformance run; report.html and junit.xml are renderings of it.',
  type: 'object',
  properties: {
    formatVersion: { type: 'integer', const: 1 },
    meta: metaSchema,
    suites: { type: 'array', items: suiteSchema },
    summary: {
      type: 'object',
      properties: {
        verdict: { type: 'string', enum: ALL_VERDICTS },
        runscopeVerdict: { type: 'string', enum: ['pass', 'fail'] },
        counts: countsSchema,
        line: { type: 'string' },
      },
      required: requiredKeys<RunReport['summary']>()('verdict', 'runscopeVerdict', 'counts', 'line'),
      additionalProperties: false,
    },
    complete: { type: 'boolean' },
    integrity: { type: 'string', pattern: '^sha256-[A-Za-z0-9+/]{43}=$', nullable: true },
    load: { ...loadSchema, nullable: true },
  },
  required: requiredKeys<RunReport>()('formatVersion', 'meta', 'suites', 'summary', 'complete'),
  additionalProperties: false,
};

/**
 * The published schema of `report.json` formatVersion 1 (draft-07, standard keywords only).
 * Frozen plain data: serialise it with `JSON.stringify`.
 */
export const reportSchema: Readonly<Record<string, unknown>> = publishableSchema(typedReportSchema);


/** Raised when a value is not a valid RunReport; `errors` are ajv's messages, one per problem. */
export class InvalidReportError extends Error {
  override readonly name = 'InvalidReportError';
  constructor(readonly errors: readonly string[]) {
    super(`invalid report: ${errors.slice(0, 5).join('; ')}${errors.length > 5 ? `; … ${errors.length - 5} more` : ''}`);
  }
}

export type ReportValidation = { ok: true; report: RunReport } | { ok: false; errors: string[] };

/** What scripts/generate-validators.ts precompiles for the report (ajv standalone code). */
export const REPORT_VALIDATORS: ValidatorSpec = {
  file: 'report-validators', options: { allErrors: true, strict: true, strictTuples: true }, formats: ['date-time'], schemas: { validateRunReport: reportSchema },
};

const validator = lazyValidator<RunReport>(standaloneValidator(REPORT_VALIDATORS, generatedValidators, 'validateRunReport'), '(report)');

/** Validates a parsed value against the report schema (precompiled at build time). */
export function validateReport(value: unknown): ReportValidation {
  const result = validator(value);
  return result.ok ? { ok: true, report: result.value } : { ok: false, errors: result.errors };
}

/** Like {@link validateReport}, but throws {@link InvalidReportError}. */
export function assertValidReport(value: unknown): RunReport {
  const result = validateReport(value);
  if (!result.ok) throw new InvalidReportError(result.errors);
  return result.report;
}

/** Writes the published schema as `<dir>/report-v1.schema.json`; returns the path. */
export async function writeReportSchema(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, REPORT_SCHEMA_FILE);
  await writeFile(path, `${JSON.stringify(reportSchema, null, 2)}\n`, 'utf8');
  return path;
}
