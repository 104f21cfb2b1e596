/** The OIN submission readiness check: manifest, checks, readiness report, renderings. */
export * from './manifest.js';
export {
  fieldPath,
  InvalidManifestError,
  loadManifest,
  MANIFEST_SCHEMA_ID,
  parseManifest,
  PUBLISHED_MANIFEST_SCHEMA_PATH,
  renderManifestSchema,
  submissionManifestSchema,
  validateManifest,
  writeManifestSchema,
  type ManifestParse,
  type ManifestProblem,
} from './manifest-schema.js';
export { checkReadiness, type ReadinessOptions } from './check-readiness.js';
export type { OktaAppsApi } from './check-okta.js';
export { MAX_ACTIVE_INSTANCES } from './check-okta.js';
export { DEFAULT_RESULT_MAX_AGE_MS } from './check-results.js';
export { MAX_LOGO_BYTES } from './check-logo.js';
export { MAX_DISPLAY_NAME_LENGTH, MAX_INTEGRATION_VARIABLES } from './check-fields.js';
export {
  requiredTesterCases,
  SSO_TESTER_MAX_AGE_MS,
  validateTesterResults,
  type TesterCase,
  type TesterResultsExport,
} from './check-sso.js';
export * from './readiness-report.js';
export type { RequirementResult, RequirementSection, RequirementStatus } from './requirement.js';
export { createReportFetcher, parseResultLink, ReportFetchError, type ReportFetcher, type ResultLink } from './result-link.js';
export { OKTA_EXPORTS } from './result-identity.js';
export {
  ALWAYS_APPLICABLE,
  AUTOMATED_COVERAGE,
  CRUD_SCENARIO_STEPS,
  OKTA_SCIM_TEST_PLAN_V2,
  TEST_PLANS,
  type CrudScenario,
  type PlanCase,
} from './test-plan.js';
export { renderReadinessHtml } from './render-html.js';
export { renderReadinessSummary } from './render-console.js';
export { writeReadiness, READINESS_HTML_FILE, READINESS_JSON_FILE, READINESS_SCHEMA_FILE, type WrittenReadiness } from './write.js';
