/**
 * The JSON Schema of the submission manifest, typed `JSONSchemaType<SubmissionManifest>` so
 * the compiler keeps it in step with manifest.ts, and the readable errors of an invalid one.
 *
 * The schema checks SHAPE only: fields, types, enums, no unknown fields (a misspelt optional
 * field would otherwise be silently ignored). The OIN's field RULES (64 characters, at most 3
 * variables, name pattern, company email domain, …) are named readiness requirements instead
 * (check-fields.ts), so that every broken rule gets its own message and fix in
 * readiness.json/html, and exit 1, while a manifest we cannot read at all is exit 2. The
 * limits are repeated in the schema's `description`s for editors.
 *
 * As in report-schema.ts, ajv's typing needs `nullable: true` on optional properties; the
 * published schema is the typed one with every `nullable` removed (plain draft-07).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ErrorObject, JSONSchemaType } from 'ajv';
import * as generatedValidators from '../generated/manifest-validators.js';
import { publishableSchema, requiredKeys, standaloneValidator, type StandaloneValidate, type ValidatorSpec } from '../report/json-schema-kit.js';
import {
  GROUP_OPERATIONS,
  MANAGED_OBJECTS,
  MANUAL_CASE_STATUSES,
  SCIM_AUTH_MODES,
  SIGN_IN_FLOWS,
  SSO_PROTOCOLS,
  TEST_PLAN_IDS,
  USER_OPERATIONS,
  type IntegrationVariable,
  type ManualCaseEntry,
  type SubmissionManifest,
} from './manifest.js';

/** `$id` of manifestVersion 1. */
export const MANIFEST_SCHEMA_ID = 'https://scim-conformance.dev/schemas/submission-manifest-v1.json';

/** Where the published copy lives in the repository (kept in sync by test/readiness/manifest-schema.spec.ts). */
export const PUBLISHED_MANIFEST_SCHEMA_PATH = 'schemas/submission-manifest.schema.json';


const TEXT = { type: 'string' } as const;

function enumArray<T extends string>(values: readonly T[], description: string) {
  return { type: 'array', items: { type: 'string', enum: values }, uniqueItems: true, description } as const;
}

const variableSchema: JSONSchemaType<IntegrationVariable> = {
  type: 'object',
  properties: {
    name: { type: 'string', description: 'Lowercase letters, digits and underscores, starting with a letter; at most 1024 characters. Used as app.<name>.' },
    label: { type: 'string', description: 'Shown to customer admins when they install the integration (required).' },
  },
  required: requiredKeys<IntegrationVariable>()('name', 'label'),
  additionalProperties: false,
};

const caseEntrySchema: JSONSchemaType<ManualCaseEntry> = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: MANUAL_CASE_STATUSES },
    note: { type: 'string', nullable: true, description: 'Required for not-applicable: why the case does not apply.' },
  },
  required: requiredKeys<ManualCaseEntry>()('status'),
  additionalProperties: false,
};

type Scim = SubmissionManifest['scim'];
type Sso = NonNullable<SubmissionManifest['sso']>;

const typedManifestSchema: JSONSchemaType<SubmissionManifest> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: MANIFEST_SCHEMA_ID,
  title: 'scim-conformance OIN submission manifest (manifestVersion 1)',
  description: 'What the Okta OIN Wizard asks for a SCIM (optionally SSO) submission. Secrets are never in it: name environment variables instead. See docs/submission-manifest.md.',
  type: 'object',
  properties: {
    $schema: { type: 'string', nullable: true },
    $comment: { type: 'string', nullable: true },
    manifestVersion: { type: 'integer', const: 1 },
    company: {
      type: 'object',
      properties: {
        name: TEXT,
        website: { type: 'string', description: 'https://… — its host (minus www.) is the company email domain.' },
        emailDomains: { type: 'array', items: TEXT, nullable: true, description: 'Further company email domains, when they differ from the website host.' },
      },
      required: requiredKeys<SubmissionManifest['company']>()('name', 'website'),
      additionalProperties: false,
    },
    submitter: {
      type: 'object',
      properties: { email: { type: 'string', description: 'Must be on the company domain: the OIN team does not review submissions from personal addresses.' } },
      required: requiredKeys<SubmissionManifest['submitter']>()('email'),
      additionalProperties: false,
    },
    catalog: {
      type: 'object',
      properties: {
        displayName: { type: 'string', description: 'At most 64 characters.' },
        description: TEXT,
        logo: { type: 'string', description: 'Path relative to this file: a PNG, JPG or GIF under 1 MB.' },
      },
      required: requiredKeys<SubmissionManifest['catalog']>()('displayName', 'description', 'logo'),
      additionalProperties: false,
    },
    integrationVariables: { type: 'array', items: variableSchema, description: 'At most 3 tenant settings.' },
    scim: {
      type: 'object',
      properties: {
        baseUrl: { type: 'string', description: 'https SCIM base URL of the test tenant (the SPEC and CRUD runs target).' },
        baseUrlExpression: { type: 'string', nullable: true, description: "Okta Expression Language for a per-tenant base URL, e.g. 'https://' + app.subdomain + '.example.com/scim/v2'." },
        authMode: { type: 'string', enum: SCIM_AUTH_MODES, description: 'header | bearer | oauth2 (the OIN does not accept basic).' },
        objects: enumArray(MANAGED_OBJECTS, 'What Okta manages: users (always), groups.'),
        userOperations: enumArray(USER_OPERATIONS, 'read, create, update and deactivate are required (the CRUD test exercises them).'),
        groupOperations: { ...enumArray(GROUP_OPERATIONS, 'Only when groups are managed.'), nullable: true },
        configurationGuideUrl: { type: 'string', description: 'https link to the customer-facing configuration guide.' },
      },
      required: requiredKeys<Scim>()('baseUrl', 'authMode', 'objects', 'userOperations', 'configurationGuideUrl'),
      additionalProperties: false,
    },
    support: {
      type: 'object',
      properties: { email: TEXT },
      required: requiredKeys<SubmissionManifest['support']>()('email'),
      additionalProperties: false,
    },
    testAccount: {
      type: 'object',
      properties: {
        signInUrl: { type: 'string', description: 'Static https URL where the OIN analyst signs in.' },
        username: TEXT,
        passwordEnv: { type: 'string', description: 'NAME of the environment variable holding the password (never the password).' },
        instructions: { type: 'string', nullable: true },
      },
      required: requiredKeys<SubmissionManifest['testAccount']>()('signInUrl', 'username', 'passwordEnv'),
      additionalProperties: false,
    },
    results: {
      type: 'object',
      properties: {
        spec: { type: 'string', description: 'Permalink http(s)://…/runs/<runId> or path of a report.json of an okta-spec run.' },
        crud: { type: 'string', description: 'Permalink http(s)://…/runs/<runId> or path of a report.json of an okta-crud run.' },
        accessTokenEnv: { type: 'string', nullable: true, description: 'NAME of the environment variable with the report server access token.' },
      },
      required: requiredKeys<SubmissionManifest['results']>()('spec', 'crud'),
      additionalProperties: false,
    },
    okta: {
      type: 'object',
      properties: {
        orgUrl: TEXT,
        tokenEnv: { type: 'string', nullable: true, description: 'NAME of the environment variable with an Okta API token (default OKTA_TOKEN).' },
        appInstanceIds: { type: 'array', items: TEXT, description: 'The required app instances (at least one).' },
      },
      required: requiredKeys<SubmissionManifest['okta']>()('orgUrl', 'appInstanceIds'),
      additionalProperties: false,
    },
    testPlan: {
      type: 'object',
      properties: {
        plan: { type: 'string', enum: TEST_PLAN_IDS },
        cases: {
          type: 'object',
          description: 'Case id (C9296, …) → { status: pass | not-applicable, note }.',
          required: [],
          additionalProperties: caseEntrySchema,
        },
      },
      required: requiredKeys<SubmissionManifest['testPlan']>()('plan', 'cases'),
      additionalProperties: false,
    },
    entraGallery: {
      type: 'object',
      nullable: true,
      description: 'A Microsoft Entra app gallery submission beside the OIN one: the readiness check lists which of Microsoft\'s gates the linked runs cover and what still needs a real Entra tenant.',
      properties: {
        results: {
          type: 'array', minItems: 1, items: TEXT,
          description: 'Permalinks http(s)://…/runs/<runId> or report.json paths of runs of entra, entra-gallery and a run with --oauth-token-url (the newest run of each suite counts).',
        },
      },
      required: ['results'],
      additionalProperties: false,
    },
    sso: {
      type: 'object',
      nullable: true,
      properties: {
        protocol: { type: 'string', enum: SSO_PROTOCOLS },
        flows: enumArray(SIGN_IN_FLOWS, 'Supported sign-in flows (at least one).'),
        jit: { type: 'boolean' },
        testerResults: { type: 'string', description: 'Path of the OIN Submission Tester results export (docs/submission-manifest.md).' },
      },
      required: requiredKeys<Sso>()('protocol', 'flows', 'jit', 'testerResults'),
      additionalProperties: false,
    },
  },
  required: requiredKeys<SubmissionManifest>()(
    'manifestVersion', 'company', 'submitter', 'catalog', 'integrationVariables', 'scim', 'support', 'testAccount',
    'results', 'okta', 'testPlan',
  ),
  additionalProperties: false,
};

/** The published manifest schema (draft-07, standard keywords only); frozen plain data. */
export const submissionManifestSchema: Readonly<Record<string, unknown>> = publishableSchema(typedManifestSchema);

/** The text of schemas/submission-manifest.schema.json. */
export function renderManifestSchema(): string {
  return `${JSON.stringify(submissionManifestSchema, null, 2)}\n`;
}

/** Writes the published schema to `path` (default: the repository copy, relative to cwd). */
export async function writeManifestSchema(path: string = PUBLISHED_MANIFEST_SCHEMA_PATH): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, renderManifestSchema(), 'utf8');
  return path;
}

/**
 * What scripts/generate-validators.ts precompiles for the manifest. verbose: errors carry the
 * offending value, used only to echo a wrong enum choice.
 */
export const MANIFEST_VALIDATORS: ValidatorSpec = {
  file: 'manifest-validators', options: { allErrors: true, strict: true, verbose: true }, formats: [], schemas: { validateManifest: submissionManifestSchema },
};

const precompiled = standaloneValidator(MANIFEST_VALIDATORS, generatedValidators, 'validateManifest');

function validator(): StandaloneValidate {
  return precompiled;
}

/** One readable problem of an invalid manifest, naming the field (`catalog.displayName`). */
export interface ManifestProblem {
  /** Dotted field path, `(manifest)` for the whole file. */
  readonly field: string;
  readonly message: string;
}

export type ManifestParse =
  | { readonly ok: true; readonly manifest: SubmissionManifest }
  | { readonly ok: false; readonly problems: readonly ManifestProblem[] };

/** Field names that look like a secret put where an environment variable name belongs. */
const SECRET_LIKE = /pass(word)?|secret|token|api[-_]?key|credential/i;

/** `/integrationVariables/1/name` → `integrationVariables[1].name`. */
export function fieldPath(pointer: string, child?: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) parts.push(child);
  let out = '';
  for (const part of parts) {
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? '(manifest)' : out;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const t = typeof value;
  return t === 'object' ? 'an object' : t === 'number' || t === 'boolean' || t === 'string' ? `a ${t}` : t;
}

function describeError(e: ErrorObject): ManifestProblem {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const missing = String(params['missingProperty']);
      return { field: fieldPath(e.instancePath, missing), message: 'is missing (required)' };
    }
    case 'additionalProperties': {
      const extra = String(params['additionalProperty']);
      const field = fieldPath(e.instancePath, extra);
      if (SECRET_LIKE.test(extra) && !/Env$/.test(extra)) {
        return {
          field,
          message: 'is not a manifest field, and secrets never go in the manifest: put the value in an environment variable and give its NAME (e.g. testAccount.passwordEnv, okta.tokenEnv)',
        };
      }
      return { field, message: 'is not a manifest field (misspelt? see docs/submission-manifest.md)' };
    }
    case 'type':
      return { field: fieldPath(e.instancePath), message: `must be ${params['type'] === 'integer' ? 'an integer' : `a${/^[aeiou]/.test(String(params['type'])) ? 'n' : ''} ${String(params['type'])}`} (found ${jsonType(e.data)})` };
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      const got = typeof e.data === 'string' && e.data.length <= 40 ? ` (found ${JSON.stringify(e.data)})` : '';
      return { field: fieldPath(e.instancePath), message: `must be one of ${allowed}${got}` };
    }
    case 'const':
      return { field: fieldPath(e.instancePath), message: `must be ${JSON.stringify(params['allowedValue'])}` };
    case 'uniqueItems':
      return { field: fieldPath(e.instancePath), message: `lists the same value twice (items ${String(params['j'])} and ${String(params['i'])})` };
    default:
      return { field: fieldPath(e.instancePath), message: e.message ?? e.keyword };
  }
}

/** Validates a parsed value; problems are readable and name the field. */
export function validateManifest(value: unknown): ManifestParse {
  const validate = validator();
  if (validate(value)) return { ok: true, manifest: value as SubmissionManifest };
  const seen = new Set<string>();
  const problems: ManifestProblem[] = [];
  for (const e of validate.errors ?? []) {
    const p = describeError(e);
    const key = `${p.field}\u0000${p.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(p);
    }
  }
  return { ok: false, problems: problems.length > 0 ? problems : [{ field: '(manifest)', message: 'is invalid' }] };
}

/** Parses manifest text (JSON). */
export function parseManifest(text: string): ManifestParse {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, problems: [{ field: '(manifest)', message: `is not JSON: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  return validateManifest(value);
}

/** Raised when a manifest file cannot be read or is invalid (exit 2). */
export class InvalidManifestError extends Error {
  override readonly name = 'InvalidManifestError';
  constructor(readonly path: string, readonly problems: readonly ManifestProblem[]) {
    super(`${path} is not a valid submission manifest:\n${problems.map((p) => `  ${p.field}: ${p.message}`).join('\n')}`);
  }
}

/** The manifest file's text and content; throws {@link InvalidManifestError}. */
export async function loadManifest(path: string): Promise<{ manifest: SubmissionManifest; text: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code ?? String(e);
    throw new InvalidManifestError(path, [{ field: '(manifest)', message: `cannot be read: ${why}` }]);
  }
  const parsed = parseManifest(text);
  if (!parsed.ok) throw new InvalidManifestError(path, parsed.problems);
  return { manifest: parsed.manifest, text };
}
