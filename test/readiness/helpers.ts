/**
 * Readiness test helpers: RunReports built from the native okta-spec / okta-crud suite
 * definitions (so step ids are the real ones), written with the project's report writer into
 * a temporary copy of fixtures/submissions, and small file generators.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunReport } from '../../src/model/report.js';
import type { StepResult, SuiteResult } from '../../src/model/result.js';
import type { Suite } from '../../src/model/suite.js';
import { countVerdicts, worstVerdict, type Verdict } from '../../src/model/verdict.js';
import { writeReport } from '../../src/report/write.js';
import type { SubmissionManifest } from '../../src/readiness/manifest.js';
import { oktaCrudSuite } from '../../suites/okta-crud.js';
import { oktaSpecSuite } from '../../suites/okta-spec.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/submissions/', import.meta.url));

/** Values of fixtures/submissions/valid.json the reports must agree with. */
export const VALID = {
  scimUrl: 'https://oin-test.acme-directory.example/scim/v2',
  orgUrl: 'https://integrator-1234567.okta.com',
  appId: '0oa1a2b3c4d5e6f7g8h9',
  specRunId: 'oin-spec',
  crudRunId: 'oin-crud',
} as const;

/** The secrets the tests put in the environment; none may appear in any output. */
export const SECRETS = {
  password: 'Fixture-Pa55word!2024',
  reportToken: 's3cr3t-report-token-0099',
} as const;

export interface ReportSpec {
  readonly runId: string;
  readonly suite: 'okta-spec' | 'okta-crud';
  readonly finishedAt: Date;
  readonly scimUrl?: string;
  readonly oktaOrgUrl?: string;
  readonly okta?: 'real' | 'emulator';
  /** Step ids (without the suite prefix) that failed. */
  readonly failSteps?: readonly string[];
  readonly grep?: readonly string[];
  readonly complete?: boolean;
}

const SUITES: Readonly<Record<ReportSpec['suite'], Suite>> = { 'okta-spec': oktaSpecSuite, 'okta-crud': oktaCrudSuite };

function stepResults(suite: Suite, failSteps: readonly string[], startedAt: string): StepResult[] {
  return suite.steps.map((step): StepResult => {
    if (step.kind === 'pause') {
      return {
        kind: 'pause', stepId: step.id, title: `Pause ${step.seconds} s`, level: 'optional', refs: [], verdict: 'pass', attempts: 0,
        assertions: [], extractions: [], scripts: [], pausedMs: 0, startedAt, durationMs: 0, runscopeVerdict: 'pass',
      };
    }
    const fails = failSteps.includes(step.id.slice(step.id.indexOf('/') + 1));
    const verdict: Verdict = fails ? (step.level === 'required' ? 'fail' : 'warn') : 'pass';
    return {
      kind: 'request', stepId: step.id, title: step.title, level: step.level, refs: [...step.refs], verdict,
      ...(fails ? { reason: 'response_status equal_number 200: got 500' } : {}),
      attempts: 1,
      assertions: [{
        title: 'response_status equal_number 200', source: 'response_status', comparison: 'equal_number', level: step.level,
        verdict: fails ? (step.level === 'required' ? 'fail' : 'warn') : 'pass', expected: '200', actual: fails ? 500 : 200,
      }],
      extractions: [], scripts: [], pausedMs: 0, startedAt, durationMs: 12, runscopeVerdict: fails ? 'fail' : 'pass',
    };
  });
}

/** A schema-valid RunReport of one native OIN suite. */
export function buildReport(spec: ReportSpec): RunReport {
  const suite = SUITES[spec.suite];
  const finished = spec.finishedAt.toISOString();
  const started = new Date(spec.finishedAt.getTime() - 4000).toISOString();
  const steps = stepResults(suite, spec.failSteps ?? [], started);
  const counts = countVerdicts(steps.filter((s) => s.kind !== 'pause').map((s) => s.verdict));
  const verdict = worstVerdict(steps.filter((s) => s.kind !== 'pause').map((s) => s.verdict));
  const suiteResult: SuiteResult = {
    suiteId: suite.id, name: suite.name, source: { format: 'native' }, verdict,
    runscopeVerdict: counts.fail + counts.warn > 0 ? 'fail' : 'pass', counts, steps, cleanup: [],
  };
  return {
    formatVersion: 1,
    meta: {
      runId: spec.runId,
      tool: { name: 'scim-conformance', version: '0.1.0' },
      node: process.version,
      startedAt: started,
      finishedAt: finished,
      durationMs: 4000,
      target: {
        scimUrl: spec.scimUrl ?? VALID.scimUrl,
        ...(spec.suite === 'okta-crud' ? { oktaOrgUrl: spec.oktaOrgUrl ?? VALID.orgUrl, okta: spec.okta ?? 'real' } : {}),
      },
      suites: [suite.id],
      options: { pauses: 'skip', strict: false, grep: [...(spec.grep ?? [])], queryEncoding: 'percent', timeoutMs: 30000, seedUser: false, keepTestData: false },
      features: {},
    },
    suites: [suiteResult],
    summary: {
      verdict,
      runscopeVerdict: suiteResult.runscopeVerdict,
      counts,
      line: `${verdict.toUpperCase()} ${suite.id}`,
    },
    complete: spec.complete ?? true,
  };
}

export interface Workspace {
  /** The temporary copy of fixtures/submissions. */
  readonly dir: string;
  readonly now: Date;
  path(name: string): string;
  /** Writes a report into `<dir>/runs/<runId>/` with the project's writer (integrity stamped). */
  writeRun(spec: Omit<ReportSpec, 'finishedAt'> & { finishedAt?: Date }): Promise<string>;
  /** A manifest derived from valid.json, written into the workspace; returns its path. */
  writeManifest(name: string, edit: (m: Mutable<SubmissionManifest>) => void): Promise<string>;
  validManifest(): Promise<SubmissionManifest>;
  close(): Promise<void>;
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

/**
 * A temporary copy of fixtures/submissions with passing, recent SPEC and CRUD runs at the
 * paths valid.json links (runs/oin-spec, runs/oin-crud) and an oversized logo.
 */
export async function createWorkspace(options: { now?: Date; runs?: boolean } = {}): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'readiness-'));
  await cp(FIXTURES, dir, { recursive: true });
  const now = options.now ?? new Date();
  // 1 MB exactly is already too large ("less than one MB"); only the header makes it a PNG.
  const oversized = Buffer.alloc(1_000_000);
  (await readFile(join(FIXTURES, 'logo.png'))).copy(oversized);
  await writeFile(join(dir, 'logo-oversized.png'), oversized);
  const ws: Workspace = {
    dir,
    now,
    path: (name) => join(dir, name),
    async writeRun(spec) {
      const written = await writeReport(buildReport({ finishedAt: new Date(now.getTime() - 3_600_000), ...spec }), join(dir, 'runs'));
      return written.json;
    },
    async writeManifest(name, edit) {
      const manifest = JSON.parse(await readFile(join(FIXTURES, 'valid.json'), 'utf8')) as Mutable<SubmissionManifest>;
      edit(manifest);
      const path = join(dir, name);
      await writeFile(path, `${JSON.stringify(manifest, null, 2)}\n`);
      return path;
    },
    async validManifest() {
      return JSON.parse(await readFile(join(FIXTURES, 'valid.json'), 'utf8')) as SubmissionManifest;
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
  if (options.runs !== false) {
    await ws.writeRun({ runId: VALID.specRunId, suite: 'okta-spec' });
    await ws.writeRun({ runId: VALID.crudRunId, suite: 'okta-crud' });
  }
  return ws;
}

/** Captures a command's output. */
export function captureIo(env: NodeJS.ProcessEnv, now?: Date): { io: { stdout: (t: string) => void; stderr: (t: string) => void; env: NodeJS.ProcessEnv; now?: () => Date }; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, env, ...(now ? { now: () => now } : {}) },
    out: () => out,
    err: () => err,
  };
}
