/**
 * The OIN submission readiness check: would the OIN Wizard enable "Submit integration" for
 * this manifest? Runs every named requirement (field rules, logo, result links, Okta org,
 * manual test plan, SSO Tester) and returns one ReadinessReport. Never throws for a problem
 * of the submission: each becomes a failing requirement with its fix.
 */
import { OktaClient } from '../okta/client.js';
import { createRedactor, redactDeep } from '../http/redact.js';
import { checkEntraGallery } from './check-entra.js';
import { checkFields, ENV_NAME, MAX_DISPLAY_NAME_LENGTH, MAX_INTEGRATION_VARIABLES, oktaToken } from './check-fields.js';
import { checkLogo, MAX_LOGO_BYTES } from './check-logo.js';
import { checkOkta, MAX_ACTIVE_INSTANCES, type OktaAppsApi } from './check-okta.js';
import { checkResultLink, DEFAULT_RESULT_MAX_AGE_MS, type ResultCheck } from './check-results.js';
import { checkSso, SSO_TESTER_MAX_AGE_MS } from './check-sso.js';
import { checkTestPlan } from './check-test-plan.js';
import type { SubmissionManifest } from './manifest.js';
import { countStatuses, READINESS_FORMAT_VERSION, type ReadinessReport } from './readiness-report.js';
import { allHold, type RequirementResult } from './requirement.js';
import { createReportFetcher, type ReportFetcher } from './result-link.js';

export interface ReadinessOptions {
  /** The check's clock (recency of results). */
  readonly now: Date;
  /** Directory that relative paths in the manifest (logo, reports, Tester export) are resolved against; default cwd. */
  readonly baseDir?: string;
  /** Environment for testAccount.passwordEnv, okta.tokenEnv and results.accessTokenEnv; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The manifest file's text, to check that the password does not appear in it. */
  readonly manifestText?: string;
  /** The manifest path as the user gave it (recorded in the report). */
  readonly manifestPath?: string;
  /** Reads the report behind a result link; default: files from disk, permalinks over HTTP(S). */
  readonly fetchReport?: ReportFetcher;
  /** Okta apps API; default an OktaClient for the org URL with the token from the environment. */
  readonly okta?: OktaAppsApi;
  /** Calls the Okta API here instead of okta.orgUrl (e.g. the emulator); the manifest's URL is still what is checked and submitted. */
  readonly oktaOrgUrl?: string;
  /** Longest age of the SPEC and CRUD runs; default 30 days. */
  readonly resultMaxAgeMs?: number;
  /** Recorded in the report (the CLI passes the package version). */
  readonly toolVersion?: string;
}

/** Checks a (schema-valid) manifest. */
export async function checkReadiness(manifest: SubmissionManifest, options: ReadinessOptions): Promise<ReadinessReport> {
  const env = options.env ?? process.env;
  const baseDir = options.baseDir ?? process.cwd();
  const maxAgeMs = options.resultMaxAgeMs ?? DEFAULT_RESULT_MAX_AGE_MS;
  const accessTokenEnv = manifest.results.accessTokenEnv;
  const accessToken = accessTokenEnv !== undefined && ENV_NAME.test(accessTokenEnv) ? env[accessTokenEnv] : undefined;
  const token = oktaToken(manifest, env);
  const password = ENV_NAME.test(manifest.testAccount.passwordEnv) ? env[manifest.testAccount.passwordEnv] : undefined;

  const fields = checkFields(manifest, { env, ...(options.manifestText !== undefined ? { manifestText: options.manifestText } : {}) });
  const logo = await checkLogo(manifest.catalog.logo, baseDir);

  const fetchReport = options.fetchReport ?? createReportFetcher({
    ...(accessToken ? { accessToken } : {}),
    ...(accessTokenEnv !== undefined ? { accessTokenEnv } : {}),
  });
  const holds = (list: readonly RequirementResult[], id: string): boolean => allHold([list.find((r) => r.id === id)]);
  const common = {
    manifest, baseDir, fetchReport, now: options.now, maxAgeMs,
    baseUrlHolds: holds(fields.scim, 'scim.base-url'),
    orgUrlHolds: holds(fields.okta, 'okta.org-url'),
  };
  const [spec, crud]: [ResultCheck, ResultCheck] = await Promise.all([
    checkResultLink({ ...common, kind: 'spec', link: manifest.results.spec }),
    checkResultLink({ ...common, kind: 'crud', link: manifest.results.crud }),
  ]);

  const failing = (ids: readonly string[]): string[] => ids.filter((id) => !holds(fields.okta, id));
  const prerequisites = failing(options.okta !== undefined ? ['okta.app-instance-ids'] : [
    'okta.token', 'okta.app-instance-ids', ...(options.oktaOrgUrl === undefined ? ['okta.org-url'] : []),
  ]);
  const api = options.okta ?? (token !== undefined && prerequisites.length === 0
    ? new OktaClient({ orgUrl: options.oktaOrgUrl ?? manifest.okta.orgUrl, token, timeoutMs: 20_000, maxRateLimitWaitMs: 10_000 })
    : undefined);
  const okta = await checkOkta({
    appInstanceIds: manifest.okta.appInstanceIds,
    prerequisitesFailing: prerequisites,
    ...(api !== undefined ? { api } : {}),
  });

  const crudUsable = crud.identified !== undefined && allHold(crud.requirements);
  // The okta-plan suites' results come from the CRUD link's run; evidence only through the manifest's org.
  const planRun = crud.report === undefined ? undefined : {
    report: crud.report,
    link: crud.evidence.link,
    realOrg: crud.requirements.some((r) => r.id === 'results.crud.okta-org' && r.status === 'pass'),
  };
  const plan = checkTestPlan({
    testPlan: manifest.testPlan,
    ...(crudUsable && crud.identified ? { crud: crud.identified } : {}),
    ...(planRun ? { planRun } : {}),
  });
  const sso = await checkSso({ manifest, baseDir, now: options.now });
  const entraGallery = await checkEntraGallery({ manifest, baseDir, fetchReport });

  const requirements: RequirementResult[] = [
    ...fields.catalog, logo,
    ...fields.variables,
    ...fields.company,
    ...fields.scim,
    ...fields.support,
    ...fields.testAccount,
    ...spec.requirements, ...crud.requirements,
    ...fields.okta, ...okta,
    ...plan.requirements,
    ...sso,
  ];
  const counts = countStatuses(requirements);
  const report: ReadinessReport = {
    formatVersion: READINESS_FORMAT_VERSION,
    tool: { name: 'scim-conformance', version: options.toolVersion ?? 'unknown' },
    checkedAt: options.now.toISOString(),
    submission: {
      ...(options.manifestPath !== undefined ? { manifest: options.manifestPath } : {}),
      displayName: manifest.catalog.displayName,
      company: manifest.company.name,
      scimBaseUrl: manifest.scim.baseUrl,
      sso: manifest.sso !== undefined,
    },
    policy: {
      resultMaxAgeHours: maxAgeMs / 3_600_000,
      ssoTesterMaxAgeHours: SSO_TESTER_MAX_AGE_MS / 3_600_000,
      maxActiveInstances: MAX_ACTIVE_INSTANCES,
      maxIntegrationVariables: MAX_INTEGRATION_VARIABLES,
      maxDisplayNameLength: MAX_DISPLAY_NAME_LENGTH,
      maxLogoBytes: MAX_LOGO_BYTES,
    },
    submitEnabled: counts.fail === 0 && counts.blocked === 0,
    counts,
    requirements,
    testPlan: { plan: manifest.testPlan.plan, cases: plan.cases },
    evidence: { spec: spec.evidence, crud: crud.evidence },
    ...(entraGallery !== undefined ? { entraGallery } : {}),
  };
  // Defence in depth: no secret value from the environment survives into the report, even
  // if a server echoed one into an error message.
  const redact = createRedactor([password, token, accessToken]);
  return redactDeep(report, redact) as ReadinessReport;
}
