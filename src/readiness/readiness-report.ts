/**
 * readiness.json: the result of one readiness check, and its JSON Schema (typed
 * `JSONSchemaType<ReadinessReport>`; the published copy drops ajv's `nullable`, as
 * report-schema.ts does). readiness.html and the console summary are renderings of it.
 */
import type { JSONSchemaType } from 'ajv';
import * as generatedValidators from '../generated/readiness-report-validators.js';
import { lazyValidator, publishableSchema, requiredKeys, standaloneValidator, type ValidatorSpec } from '../report/json-schema-kit.js';
import type { EntraGalleryReadiness } from './check-entra.js';
import { TEST_PLAN_IDS, type TestPlanId } from './manifest.js';
import {
  REQUIREMENT_SECTIONS,
  REQUIREMENT_STATUSES,
  type RequirementResult,
  type RequirementStatus,
} from './requirement.js';
import type { CrudScenario, PlanSection } from './test-plan.js';

export const READINESS_FORMAT_VERSION = 1 as const;
export const READINESS_SCHEMA_ID = 'https://scim-conformance.dev/schemas/readiness-v1.json';

/**
 * A manual test-plan case as the check sees it:
 * - `pass` / `not-applicable`: as the manifest records it;
 * - `covered-by-automation`: the CRUD run demonstrates it (AUTOMATED_COVERAGE);
 * - `awaiting-automation`: covered by the CRUD run, but the CRUD result could not be used
 *   (its own requirement says why), and the manifest does not record it either;
 * - `untracked`: neither recorded nor covered (fails `test-plan.tracked`);
 * - `automated-passed` / `automated-failed`: the okta-plan steps citing it passed / failed in the
 *   CRUD link's run through the manifest's Okta org (`evidence` links the step);
 * - `automated-emulator`: they passed through the Okta org emulator only — a local pre-check,
 *   not evidence (fails `test-plan.tracked` unless the manifest records the case).
 */
export type PlanCaseStatus =
  | 'pass' | 'not-applicable' | 'covered-by-automation' | 'awaiting-automation' | 'untracked'
  | 'automated-passed' | 'automated-failed' | 'automated-emulator';
export const PLAN_CASE_STATUSES: readonly PlanCaseStatus[] = [
  'pass', 'not-applicable', 'covered-by-automation', 'awaiting-automation', 'untracked', 'automated-passed', 'automated-failed', 'automated-emulator',
];

export interface PlanCaseResult {
  readonly id: string;
  readonly section: PlanSection;
  readonly title: string;
  readonly status: PlanCaseStatus;
  readonly note?: string;
  /** The CRUD scenario that covers it, when automated. */
  readonly scenario?: CrudScenario;
  /** Link to the okta-plan step (in the run's HTML report) that demonstrates it, or that failed. */
  readonly evidence?: string;
  /** That step's id. */
  readonly stepId?: string;
}

/** What a result link resolved to (present once the report could be read). */
export interface ResultEvidence {
  readonly link: string;
  readonly runId?: string;
  readonly suiteId?: string;
  readonly scimUrl?: string;
  readonly finishedAt?: string;
}

export interface ReadinessPolicy {
  /** Longest age of the SPEC and CRUD runs (hours). */
  readonly resultMaxAgeHours: number;
  /** Longest age of OIN Submission Tester results (Okta: 48 hours). */
  readonly ssoTesterMaxAgeHours: number;
  readonly maxActiveInstances: number;
  readonly maxIntegrationVariables: number;
  readonly maxDisplayNameLength: number;
  readonly maxLogoBytes: number;
}

export type RequirementCounts = Readonly<Record<RequirementStatus, number>>;

export interface ReadinessReport {
  /** Set in the written file: `./readiness.schema.json`, written beside it. */
  readonly $schema?: string;
  readonly formatVersion: typeof READINESS_FORMAT_VERSION;
  readonly tool: { readonly name: string; readonly version: string };
  readonly checkedAt: string;
  readonly submission: {
    /** The manifest file, as given on the command line (absent when checked in memory). */
    readonly manifest?: string;
    readonly displayName: string;
    readonly company: string;
    readonly scimBaseUrl: string;
    readonly sso: boolean;
  };
  readonly policy: ReadinessPolicy;
  /** Would the OIN Wizard's "Submit integration" be enabled: every requirement pass or n/a. */
  readonly submitEnabled: boolean;
  readonly counts: RequirementCounts;
  readonly requirements: readonly RequirementResult[];
  readonly testPlan: { readonly plan: TestPlanId; readonly cases: readonly PlanCaseResult[] };
  readonly evidence: { readonly spec?: ResultEvidence; readonly crud?: ResultEvidence };
  /** Present when the manifest names an Entra gallery submission (check-entra.ts); not part of the OIN verdict. */
  readonly entraGallery?: EntraGalleryReadiness;
}

const PLAN_SECTIONS: readonly PlanSection[] = [
  'setup', 'provisioning', 'attributes', 'guide', 'create', 'update', 'deprovision', 'password', 'import-users',
  'import-groups', 'group-push', 'profile-sourcing',
];
const SCENARIOS: readonly CrudScenario[] = ['create', 'update', 'deactivate', 'reactivate', 'unassign'];
const COUNT = { type: 'integer', minimum: 0 } as const;
const TEXT = { type: 'string' } as const;
const OPTIONAL_TEXT = { type: 'string', nullable: true } as const;

const requirementSchema: JSONSchemaType<RequirementResult> = {
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 1 },
    section: { type: 'string', enum: REQUIREMENT_SECTIONS },
    title: TEXT,
    status: { type: 'string', enum: REQUIREMENT_STATUSES },
    message: TEXT,
    fix: OPTIONAL_TEXT,
    field: OPTIONAL_TEXT,
    blockedBy: { type: 'array', items: TEXT, nullable: true },
  },
  required: requiredKeys<RequirementResult>()('id', 'section', 'title', 'status', 'message'),
  // A failing or blocked requirement always says how to fix it.
  if: { required: ['status'], properties: { status: { enum: ['fail', 'blocked'] } } },
  then: { required: ['fix'], properties: { fix: { type: 'string', minLength: 1 } } },
  additionalProperties: false,
};

const planCaseSchema: JSONSchemaType<PlanCaseResult> = {
  type: 'object',
  properties: {
    id: TEXT,
    section: { type: 'string', enum: PLAN_SECTIONS },
    title: TEXT,
    status: { type: 'string', enum: PLAN_CASE_STATUSES },
    note: OPTIONAL_TEXT,
    scenario: { type: 'string', enum: SCENARIOS, nullable: true },
    evidence: OPTIONAL_TEXT,
    stepId: OPTIONAL_TEXT,
  },
  required: requiredKeys<PlanCaseResult>()('id', 'section', 'title', 'status'),
  additionalProperties: false,
};

const evidenceSchema: JSONSchemaType<ResultEvidence> = {
  type: 'object',
  properties: {
    link: TEXT,
    runId: OPTIONAL_TEXT,
    suiteId: OPTIONAL_TEXT,
    scimUrl: OPTIONAL_TEXT,
    finishedAt: { type: 'string', format: 'date-time', nullable: true },
  },
  required: requiredKeys<ResultEvidence>()('link'),
  additionalProperties: false,
};

const entraGallerySchema: JSONSchemaType<EntraGalleryReadiness> = {
  type: 'object',
  properties: {
    gatesCovered: { type: 'boolean' },
    gates: { type: 'array', items: requirementSchema },
    runs: { type: 'array', items: evidenceSchema },
    needsTenant: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: TEXT, title: TEXT, why: TEXT },
        required: ['id', 'title', 'why'],
        additionalProperties: false,
      },
    },
  },
  required: requiredKeys<EntraGalleryReadiness>()('gatesCovered', 'gates', 'runs', 'needsTenant'),
  additionalProperties: false,
};

const typedReadinessSchema: JSONSchemaType<ReadinessReport> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: READINESS_SCHEMA_ID,
  title: 'scim-conformance OIN readiness report (formatVersion 1)',
  description: 'Would the OIN Wizard enable "Submit integration": every requirement with its status, what was found and how to fix it.',
  type: 'object',
  properties: {
    $schema: OPTIONAL_TEXT,
    formatVersion: { type: 'integer', const: 1 },
    tool: {
      type: 'object',
      properties: { name: TEXT, version: TEXT },
      required: requiredKeys<ReadinessReport['tool']>()('name', 'version'),
      additionalProperties: false,
    },
    checkedAt: { type: 'string', format: 'date-time' },
    submission: {
      type: 'object',
      properties: {
        manifest: OPTIONAL_TEXT,
        displayName: TEXT,
        company: TEXT,
        scimBaseUrl: TEXT,
        sso: { type: 'boolean' },
      },
      required: requiredKeys<ReadinessReport['submission']>()('displayName', 'company', 'scimBaseUrl', 'sso'),
      additionalProperties: false,
    },
    policy: {
      type: 'object',
      properties: {
        resultMaxAgeHours: { type: 'number', exclusiveMinimum: 0 },
        ssoTesterMaxAgeHours: { type: 'number', exclusiveMinimum: 0 },
        maxActiveInstances: COUNT,
        maxIntegrationVariables: COUNT,
        maxDisplayNameLength: COUNT,
        maxLogoBytes: COUNT,
      },
      required: requiredKeys<ReadinessPolicy>()(
        'resultMaxAgeHours', 'ssoTesterMaxAgeHours', 'maxActiveInstances', 'maxIntegrationVariables', 'maxDisplayNameLength', 'maxLogoBytes',
      ),
      additionalProperties: false,
    },
    submitEnabled: { type: 'boolean' },
    counts: {
      type: 'object',
      properties: { pass: COUNT, fail: COUNT, blocked: COUNT, 'n/a': COUNT },
      required: requiredKeys<RequirementCounts>()('pass', 'fail', 'blocked', 'n/a'),
      additionalProperties: false,
    },
    requirements: { type: 'array', items: requirementSchema },
    testPlan: {
      type: 'object',
      properties: {
        plan: { type: 'string', enum: TEST_PLAN_IDS },
        cases: { type: 'array', items: planCaseSchema },
      },
      required: requiredKeys<ReadinessReport['testPlan']>()('plan', 'cases'),
      additionalProperties: false,
    },
    evidence: {
      type: 'object',
      properties: {
        spec: { ...evidenceSchema, nullable: true },
        crud: { ...evidenceSchema, nullable: true },
      },
      required: [],
      additionalProperties: false,
    },
    entraGallery: { ...entraGallerySchema, nullable: true },
  },
  required: requiredKeys<ReadinessReport>()(
    'formatVersion', 'tool', 'checkedAt', 'submission', 'policy', 'submitEnabled', 'counts', 'requirements', 'testPlan', 'evidence',
  ),
  additionalProperties: false,
};

/** The published schema of readiness.json (draft-07); written next to it as readiness.schema.json. */
export const readinessReportSchema: Readonly<Record<string, unknown>> = publishableSchema(typedReadinessSchema);

/** What scripts/generate-validators.ts precompiles for the readiness report. */
export const READINESS_REPORT_VALIDATORS: ValidatorSpec = {
  file: 'readiness-report-validators', options: { allErrors: true, strict: true, strictTuples: true }, formats: ['date-time'], schemas: { validateReadinessReport: readinessReportSchema },
};

const validator = lazyValidator<ReadinessReport>(standaloneValidator(READINESS_REPORT_VALIDATORS, generatedValidators, 'validateReadinessReport'), '(report)');

/** Validates a readiness report; the errors are ajv's, one line each. */
export function validateReadinessReport(value: unknown): { ok: true; report: ReadinessReport } | { ok: false; errors: string[] } {
  const result = validator(value);
  return result.ok ? { ok: true, report: result.value } : { ok: false, errors: result.errors };
}

/** Counts of requirement statuses. */
export function countStatuses(requirements: readonly RequirementResult[]): RequirementCounts {
  const counts: Record<RequirementStatus, number> = { pass: 0, fail: 0, blocked: 0, 'n/a': 0 };
  for (const r of requirements) counts[r.status] += 1;
  return counts;
}
