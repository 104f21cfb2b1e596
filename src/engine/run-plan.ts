/**
 * Runs a plan (suites + inputs) without mocha: the library entry point and what the mocha host
 * mirrors test by test. Returns the canonical RunReport.
 */
import { randomUUID } from 'node:crypto';
import type { RunMetadata, RunOptions, RunReport } from '../model/report.js';
import type { SuiteResult } from '../model/result.js';
import type { Feature, Suite } from '../model/suite.js';
import { selectSteps } from '../suite/select.js';
import { buildReport } from './build-report.js';
import { resolveFeatures } from './discover-features.js';
import type { EmitEvent } from './events.js';
import type { EngineOptions } from './options.js';
import { RunLifecycle } from './run-lifecycle.js';
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

/** An unguessable, sortable run id: `20261129T021530Z-a9f2c1ab4e0d3b7c`. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  // 16 hex digits from a v4 UUID's random tail (62 random bits): Node hands UUIDs out of a
  // pre-filled pool, where randomBytes(8) asked OpenSSL each run (~70 µs, issue 10 item 3).
  return `${stamp}-${randomUUID().replace(/-/g, '').slice(-16)}`;
}

/** The run's interrupt, deadline and budgets, from the caller's signal and `maxDurationMs`. */
export function startLifecycle(engine: EngineOptions): RunLifecycle {
  return new RunLifecycle({
    ...(engine.signal ? { signal: engine.signal } : {}),
    ...(engine.maxDurationMs !== undefined ? { maxDurationMs: engine.maxDurationMs } : {}),
    ...(engine.budgetStartedAt !== undefined ? { startedAt: engine.budgetStartedAt } : {}),
  });
}

/** One session per suite, each with its own copy of the inputs; they share `lifecycle`. */
export function createSessions(plan: Plan, engine: EngineOptions, info: RunContextInfo, lifecycle: RunLifecycle = startLifecycle(engine)): SuiteSession[] {
  const health = new TargetHealth();
  return plan.suites.map((suite) => {
    const vars = new VariableStore(plan.variables);
    for (const name of plan.secrets) vars.markSecret(name);
    const selected = selectSteps(suite, plan.grep);
    return new SuiteSession(suite, {
      options: engine,
      vars,
      health,
      lifecycle,
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

/**
 * Adds discovered features to the run info when a step needs them (discover-features.ts). The
 * request is aborted like a step's (interrupt grace, deadline); nothing is sent once the run stopped.
 */
export async function withFeatures(plan: Plan, engine: EngineOptions, info: RunContextInfo, lifecycle?: RunLifecycle): Promise<RunContextInfo> {
  if (lifecycle?.stop.aborted) return info;
  const { lookup, discovered } = await resolveFeatures(plan.suites, plan.variables, info.features, engine.timeoutMs, lifecycle?.requests);
  return { ...info, ...(lookup ? { features: lookup } : {}), ...(discovered ? { discovered } : {}) };
}

/**
 * Runs every suite of the plan in order; cleanup runs even when a step throws. After an
 * interrupt or the deadline no step is started; each session lists the rest with why.
 */
export async function runPlan(plan: Plan, engine: EngineOptions, givenInfo: RunContextInfo): Promise<RunReport> {
  const started = new Date();
  const lifecycle = startLifecycle(engine);
  const results: SuiteResult[] = [];
  let info = givenInfo;
  let sessions: SuiteSession[] = [];
  try {
    info = await withFeatures(plan, engine, givenInfo, lifecycle);
    sessions = createSessions(plan, engine, info, lifecycle);
    try {
      for (const session of sessions) {
        try {
          for (const step of session.suite.steps) {
            if (lifecycle.stop.aborted) break;
            await session.runStep(step);
          }
        } finally {
          if (!isSetupSuite(session.suite)) results.push(await session.finish());
        }
      }
    } finally {
      for (const session of sessions.filter((s) => isSetupSuite(s.suite))) results.unshift(await session.finish());
    }
  } finally {
    lifecycle.dispose();
  }
  const runId = info.runId ?? newRunId(started);
  // A run that hit its deadline is complete (every step has a verdict); an interrupted one is not.
  const report = buildReport(runMetadata(info, plan, runId, started, new Date()), results, !lifecycle.interrupted);
  info.emit?.({ kind: 'run:end', report });
  return report;
}
