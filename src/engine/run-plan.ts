/**
 * Runs a plan (suites + inputs) without mocha: the library entry point and what the mocha host
 * mirrors test by test. Returns the canonical RunReport.
 */
import { randomBytes } from 'node:crypto';
import type { RunMetadata, RunOptions, RunReport } from '../model/report.js';
import type { SuiteResult } from '../model/result.js';
import type { Feature, Suite } from '../model/suite.js';
import { selectSteps } from '../suite/select.js';
import { buildReport } from './build-report.js';
import { resolveFeatures } from './discover-features.js';
import type { EmitEvent } from './events.js';
import type { EngineOptions } from './options.js';
import type { FeatureStatus } from './run-step.js';
import { SuiteSession, type Provisioning } from './suite-session.js';
import { TargetHealth } from './target-health.js';
import { VariableStore } from './variables.js';

export interface Plan {
  readonly suites: readonly Suite[];
  /** Input variables (Okta's names: SCIMBaseURL, auth, SCIMUrl, SCIMAuth, okta…). */
  readonly variables: Readonly<Record<string, string>>;
  /** Names of input variables that are secrets (redacted everywhere). */
  readonly secrets: readonly string[];
  readonly grep: readonly string[];
}

export interface RunContextInfo {
  readonly runId?: string;
  readonly toolVersion: string;
  readonly target: RunMetadata['target'];
  readonly runOptions: RunOptions;
  readonly features?: (feature: Feature) => FeatureStatus;
  /** What discovery found, recorded in the report. */
  readonly discovered?: Readonly<Record<string, FeatureStatus>>;
  readonly provisioning?: Provisioning;
  readonly emit?: EmitEvent;
  readonly random?: () => number;
}

/** An unguessable, sortable run id: `20261129T021530Z-9f2c1ab4e0d3`. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(8).toString('hex')}`;
}

/** One session per suite, each with its own copy of the inputs. */
export function createSessions(plan: Plan, engine: EngineOptions, info: RunContextInfo): SuiteSession[] {
  const health = new TargetHealth();
  return plan.suites.map((suite) => {
    const vars = new VariableStore(plan.variables);
    for (const name of plan.secrets) vars.markSecret(name);
    const selected = selectSteps(suite, plan.grep);
    return new SuiteSession(suite, {
      options: engine,
      vars,
      health,
      ...(info.emit ? { emit: info.emit } : {}),
      ...(info.features ? { features: info.features } : {}),
      ...(selected ? { selected } : {}),
      ...(info.random ? { random: info.random } : {}),
      // Only suites that drive an Okta org cause provisioning traffic worth recording.
      ...(info.provisioning && suite.inputs.some((i) => i.name === 'oktaOrgUrl') ? { provisioning: info.provisioning } : {}),
    });
  });
}

export function runMetadata(info: RunContextInfo, plan: Plan, runId: string, started: Date, finished: Date): RunMetadata {
  return {
    runId,
    tool: { name: 'scim-conformance', version: info.toolVersion },
    node: process.version,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
    target: info.target,
    suites: plan.suites.map((s) => s.id),
    options: info.runOptions,
    features: info.discovered ?? {},
  };
}

/** Setup suites (`setup/…`, e.g. the seed user) run first and are cleaned up last. */
export function isSetupSuite(suite: Suite): boolean {
  return suite.id.startsWith('setup/');
}

/** Adds discovered features to the run info when a step needs them (discover-features.ts). */
export async function withFeatures(plan: Plan, engine: EngineOptions, info: RunContextInfo): Promise<RunContextInfo> {
  const { lookup, discovered } = await resolveFeatures(plan.suites, plan.variables, info.features, engine.timeoutMs);
  return { ...info, ...(lookup ? { features: lookup } : {}), ...(discovered ? { discovered } : {}) };
}

/** Runs every suite of the plan in order; cleanup runs even when a step throws. */
export async function runPlan(plan: Plan, engine: EngineOptions, givenInfo: RunContextInfo): Promise<RunReport> {
  const started = new Date();
  const info = await withFeatures(plan, engine, givenInfo);
  const runId = info.runId ?? newRunId(started);
  const results: SuiteResult[] = [];
  const sessions = createSessions(plan, engine, info);
  try {
    for (const session of sessions) {
      try {
        for (const step of session.suite.steps) await session.runStep(step);
      } finally {
        if (!isSetupSuite(session.suite)) results.push(await session.finish());
      }
    }
  } finally {
    for (const session of sessions.filter((s) => isSetupSuite(s.suite))) results.unshift(await session.finish());
  }
  const report = buildReport(runMetadata(info, plan, runId, started, new Date()), results, !engine.signal?.aborted);
  info.emit?.({ kind: 'run:end', report });
  return report;
}
