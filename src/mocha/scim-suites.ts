/**
 * Run our suites from a user's own mocha setup:
 *
 *   import { scimSuites } from 'scim-conformance';
 *   scimSuites({ scimUrl: process.env.SCIM_URL!, scimAuth: process.env.SCIM_AUTH!, suites: ['okta-spec'] });
 *
 * Each step becomes a mocha test inside a `describe('scim-conformance')` block; with `out` the
 * canonical reports are written when the block ends.
 */
import { DEFAULT_ENGINE_OPTIONS } from '../engine/options.js';
import { buildReport } from '../engine/build-report.js';
import { createSessions, newRunId, runMetadata, type Plan, type RunContextInfo } from '../engine/run-plan.js';
import type { RunReport } from '../model/report.js';
import type { SuiteResult } from '../model/result.js';
import { findSuites } from '../suite/registry.js';
import { registerSessions } from './host.js';

export interface ScimSuitesConfig {
  readonly scimUrl: string;
  readonly scimAuth: string;
  /** Suite ids (default `okta-spec`; `okta-crud` needs an Okta org in `variables`). */
  readonly suites?: readonly string[];
  readonly grep?: readonly string[];
  /** Extra variables (oktaOrgUrl, oktaAppId, oktaToken, …). */
  readonly variables?: Readonly<Record<string, string>>;
  readonly strict?: boolean;
  readonly readBackTimeoutMs?: number;
  /** Retry failing direct read-backs for up to this long (the CLI's `--settle`). */
  readonly settleMs?: number;
  /** Receives the RunReport when the block ends (e.g. to write it with `writeReport`). */
  readonly onReport?: (report: RunReport) => void | Promise<void>;
}

export function scimSuites(config: ScimSuitesConfig): void {
  const { suites, unknown } = findSuites(config.suites ?? ['okta-spec']);
  if (unknown.length) throw new Error(`scim-conformance: unknown suite ${unknown.join(', ')}`);
  const plan: Plan = {
    suites,
    variables: { SCIMBaseURL: config.scimUrl, SCIMUrl: config.scimUrl, auth: config.scimAuth, SCIMAuth: config.scimAuth, ...config.variables },
    secrets: ['auth', 'SCIMAuth', 'oktaToken'],
    grep: config.grep ?? [],
  };
  const engine = {
    ...DEFAULT_ENGINE_OPTIONS,
    strict: config.strict ?? false,
    ...(config.readBackTimeoutMs !== undefined ? { readBackTimeoutMs: config.readBackTimeoutMs } : {}),
    ...(config.settleMs ? { settleMs: config.settleMs } : {}),
  };
  const info: RunContextInfo = {
    toolVersion: 'library',
    target: { scimUrl: config.scimUrl },
    runOptions: { pauses: 'skip', strict: engine.strict, grep: plan.grep, queryEncoding: 'percent', timeoutMs: engine.timeoutMs, seedUser: false, keepTestData: false, ...(config.settleMs ? { settleMs: config.settleMs } : {}) },
  };
  describe('scim-conformance', function () {
    const started = new Date();
    const results: SuiteResult[] = [];
    registerSessions(this, createSessions(plan, engine, info), (r) => results.push(r));
    after(async () => {
      const report = buildReport(runMetadata(info, plan, newRunId(started), started, new Date()), results, true);
      await config.onReport?.(report);
    });
  });
}
