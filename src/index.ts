/** The library surface of scim-conformance. */
export type * from './model/suite.js';
export type * from './model/result.js';
export type * from './model/report.js';
export * from './model/verdict.js';
export { specUrl } from './model/spec-ref.js';
export { runPlan, type Plan, type RunContextInfo } from './engine/run-plan.js';
export { DEFAULT_ENGINE_OPTIONS, type EngineOptions } from './engine/options.js';
export { NATIVE_SUITES, findSuites } from './suite/registry.js';
export { scimSuites, type ScimSuitesConfig } from './mocha/scim-suites.js';
export { startReferenceServer } from './reference-server/index.js';
export { writeReport } from './report/write.js';
