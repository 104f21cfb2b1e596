/**
 * SSO submissions: the OIN Submission Tester's required flows must have passed within 48
 * hours (Okta: "All required tests in the OIN Submission Tester must have passed within 48
 * hours of submitting your integration"). The Tester's own export is not a published format,
 * so we define the JSON we read (docs/submission-manifest.md, "Tester results"):
 *
 * ```json
 * { "format": "oin-submission-tester-results", "formatVersion": 1,
 *   "appInstanceId": "0oa…", "exportedAt": "2026-05-01T10:00:00Z",
 *   "tests": [ { "case": "idp-flow", "result": "passed", "runAt": "2026-05-01T09:58:00Z" } ] }
 * ```
 *
 * Required cases follow the Tester: `idp-flow` when IdP-initiated sign-in is supported,
 * `sp-flow` when SP-initiated is, and with JIT `jit-idp-flow` (or `jit-sp-flow` when only the
 * SP flow is supported). The latest run of a case counts.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { JSONSchemaType } from 'ajv';
import * as generatedValidators from '../generated/sso-tester-validators.js';
import { lazyValidator, standaloneValidator, type Validation, type ValidatorSpec } from '../report/json-schema-kit.js';
import type { SubmissionManifest } from './manifest.js';
import {
  blocked,
  failed,
  listSome,
  notApplicable,
  passed,
  ruleFor,
  type RequirementResult,
  type RequirementRule,
} from './requirement.js';

/** Okta: Tester results are valid for 48 hours after the test run. */
export const SSO_TESTER_MAX_AGE_MS = 48 * 3600 * 1000;

export type TesterCase = 'idp-flow' | 'sp-flow' | 'jit-idp-flow' | 'jit-sp-flow';
export const TESTER_CASES: readonly TesterCase[] = ['idp-flow', 'sp-flow', 'jit-idp-flow', 'jit-sp-flow'];
export type TesterOutcome = 'passed' | 'failed' | 'not-run';

export const TESTER_CASE_TITLES: Readonly<Record<TesterCase, string>> = {
  'idp-flow': 'IdP flow',
  'sp-flow': 'SP flow',
  'jit-idp-flow': 'JIT provisioning (with IdP flow)',
  'jit-sp-flow': 'JIT provisioning (with SP flow)',
};

export interface TesterTestResult {
  readonly case: TesterCase;
  readonly result: TesterOutcome;
  /** When the test ran (ISO 8601 with zone); required for a passed test to count. */
  readonly runAt?: string;
  readonly message?: string;
}

export interface TesterResultsExport {
  readonly format: 'oin-submission-tester-results';
  readonly formatVersion: 1;
  readonly appInstanceId?: string;
  readonly protocol?: 'saml' | 'oidc';
  readonly exportedAt?: string;
  readonly tests: readonly TesterTestResult[];
}

const testerSchema: JSONSchemaType<TesterResultsExport> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    format: { type: 'string', const: 'oin-submission-tester-results' },
    formatVersion: { type: 'integer', const: 1 },
    appInstanceId: { type: 'string', nullable: true },
    protocol: { type: 'string', enum: ['saml', 'oidc'], nullable: true },
    exportedAt: { type: 'string', format: 'date-time', nullable: true },
    tests: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          case: { type: 'string', enum: TESTER_CASES },
          result: { type: 'string', enum: ['passed', 'failed', 'not-run'] },
          runAt: { type: 'string', format: 'date-time', nullable: true },
          message: { type: 'string', nullable: true },
        },
        required: ['case', 'result'],
        additionalProperties: false,
      },
    },
  },
  required: ['format', 'formatVersion', 'tests'],
  additionalProperties: false,
};

/** What scripts/generate-validators.ts precompiles for the SSO Tester export. */
export const SSO_TESTER_VALIDATORS: ValidatorSpec = {
  file: 'sso-tester-validators', options: { allErrors: true, strict: true, strictTuples: true }, formats: ['date-time'], schemas: { validateTesterResults: testerSchema },
};

const validator = lazyValidator<TesterResultsExport>(standaloneValidator(SSO_TESTER_VALIDATORS, generatedValidators, 'validateTesterResults'), '(export)');

/** Validates a Tester results export. */
export function validateTesterResults(value: unknown): Validation<TesterResultsExport> {
  return validator(value);
}

/** The Tester cases the manifest's SSO settings require. */
export function requiredTesterCases(sso: NonNullable<SubmissionManifest['sso']>): TesterCase[] {
  const cases: TesterCase[] = [];
  if (sso.flows.includes('idp')) cases.push('idp-flow');
  if (sso.flows.includes('sp')) cases.push('sp-flow');
  if (sso.jit) cases.push(sso.flows.includes('idp') ? 'jit-idp-flow' : 'jit-sp-flow');
  return cases;
}

export const SSO_RULES = {
  flows: {
    id: 'sso.flows', section: 'sso', field: 'sso.flows',
    title: 'At least one sign-in flow is supported',
    fix: 'List the supported sign-in flows in sso.flows: "idp" (from the Okta dashboard) and/or "sp" (from your sign-in page).',
  },
  export: {
    id: 'sso.tester-results', section: 'sso', field: 'sso.testerResults',
    title: 'OIN Submission Tester results are readable and for a required instance',
    fix: 'Export the Tester results and save them in the format of docs/submission-manifest.md ("Tester results"); give the file path in sso.testerResults.',
  },
  flow: {
    id: 'sso.tester', section: 'sso', field: 'sso.testerResults',
    title: 'Tester case passed within 48 hours',
    fix: 'Run the case again in the OIN Submission Tester (Test integration page) until it passes, then export the results again.',
  },
} as const satisfies Record<string, RequirementRule>;

export interface SsoCheckInput {
  readonly manifest: SubmissionManifest;
  readonly baseDir: string;
  readonly now: Date;
}

async function readExport(path: string, baseDir: string): Promise<{ ok: true; value: TesterResultsExport } | { ok: false; message: string }> {
  let text: string;
  try {
    text = await readFile(resolve(baseDir, path), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, message: code === 'ENOENT' ? `No file at ${path}.` : `${path} cannot be read (${code ?? 'error'}).` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: `${path} is not JSON.` };
  }
  const validation = validateTesterResults(value);
  return validation.ok ? validation : { ok: false, message: `${path} is not a Tester results export: ${listSome(validation.errors, 3)}.` };
}

/** Every SSO requirement; n/a for a SCIM-only submission. */
export async function checkSso(input: SsoCheckInput): Promise<RequirementResult[]> {
  const sso = input.manifest.sso;
  if (sso === undefined) return [notApplicable(SSO_RULES.export, 'SCIM-only submission (no sso section): the OIN Submission Tester does not apply.')];
  const out: RequirementResult[] = [];
  const cases = requiredTesterCases(sso);
  const caseRule = (c: TesterCase): RequirementRule => ruleFor(SSO_RULES.flow, c, `Tester case "${TESTER_CASE_TITLES[c]}" passed within 48 hours`);

  out.push(sso.flows.length === 0 ? failed(SSO_RULES.flows, 'sso.flows is empty.') : passed(SSO_RULES.flows, sso.flows.join(', ')));

  const read = await readExport(sso.testerResults, input.baseDir);
  let exportResult: RequirementResult;
  if (!read.ok) exportResult = failed(SSO_RULES.export, read.message);
  else if (read.value.appInstanceId !== undefined && !input.manifest.okta.appInstanceIds.includes(read.value.appInstanceId)) {
    exportResult = failed(SSO_RULES.export, `The results are for instance ${read.value.appInstanceId}, which is not in okta.appInstanceIds.`,
      'Run the Tester on one of the required instances (or list this instance in okta.appInstanceIds).');
  } else if (read.value.protocol !== undefined && read.value.protocol !== sso.protocol) {
    exportResult = failed(SSO_RULES.export, `The results are for ${read.value.protocol.toUpperCase()}, but sso.protocol is ${sso.protocol.toUpperCase()}.`);
  } else exportResult = passed(SSO_RULES.export, `${read.value.tests.length} test result(s).`);
  out.push(exportResult);

  if (!read.ok || exportResult.status !== 'pass') {
    for (const c of cases) out.push(blocked(caseRule(c), [SSO_RULES.export.id]));
    return out;
  }
  for (const c of cases) {
    const rule = caseRule(c);
    const runs = read.value.tests.filter((t) => t.case === c);
    const latest = runs.reduce<TesterTestResult | undefined>((best, t) => {
      if (best === undefined) return t;
      return Date.parse(t.runAt ?? '') > Date.parse(best.runAt ?? '') ? t : best;
    }, undefined);
    if (latest === undefined || latest.result === 'not-run') {
      out.push(failed(rule, `"${TESTER_CASE_TITLES[c]}" has not been run.`));
    } else if (latest.result === 'failed') {
      out.push(failed(rule, `"${TESTER_CASE_TITLES[c]}" failed${latest.message ? `: ${latest.message}` : ''}.`));
    } else if (latest.runAt === undefined) {
      out.push(failed(rule, `"${TESTER_CASE_TITLES[c]}" passed, but the export does not say when, so its 48 hours cannot be checked.`));
    } else {
      const age = input.now.getTime() - Date.parse(latest.runAt);
      if (age > SSO_TESTER_MAX_AGE_MS) {
        out.push(failed(rule, `"${TESTER_CASE_TITLES[c]}" passed at ${latest.runAt}, ${Math.round(age / 3_600_000)} h ago; Tester results expire after 48 hours.`));
      } else out.push(passed(rule, `Passed at ${latest.runAt}.`));
    }
  }
  return out;
}
