/**
 * Failing runs (issue 10, "a failing run costs what a passing one does"): the default run of
 * the CLI, as a subprocess, against the reference server carrying each defect profile in turn
 * (one defect each; a defect the default run does not reach is left out), against the same run
 * on the correct server; both with `--seed-user` (okta-spec reads a user that already exists).
 * Reported: the slowest and the median failing run, each against the passing run's median.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFECT_NAMES, isInteropDefect, type DefectName } from '../src/reference-server/defects.js';
import { startReferenceServer } from '../src/reference-server/index.js';
import type { BenchRow } from './bench-row.js';

const BIN = fileURLToPath(new URL('../bin/scim-conformance.js', import.meta.url));
const TOKEN = 'bench-token-123';

/** Wall time (ms) and exit code of one default run against a reference server with `defects`. */
async function defaultRun(defects: readonly DefectName[], out: string): Promise<{ readonly ms: number; readonly code: number | null }> {
  const server = await startReferenceServer({ port: 0, token: TOKEN, defects });
  try {
    const started = performance.now();
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'run', '--scim-url', server.baseUrl, '--scim-auth', `Bearer ${TOKEN}`, '--seed-user', '--out', out, '--reporter', 'none'], { stdio: 'ignore' });
      child.on('error', reject);
      child.on('close', resolve);
    });
    return { ms: performance.now() - started, code };
  } finally {
    await server.close();
  }
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** The two bench rows; `defects` defaults to every profile outside interop mode (the default profile's targets). */
export async function failingRunsBench(defects: readonly DefectName[] = DEFECT_NAMES.filter((d) => !isInteropDefect(d))): Promise<BenchRow[]> {
  const out = mkdtempSync(join(tmpdir(), 'failing-runs-'));
  try {
    const passing: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const run = await defaultRun([], out);
      if (run.code !== 0) throw new Error(`the default run against the correct reference server exited ${String(run.code)}, not 0`);
      passing.push(run.ms);
    }
    const failing: { readonly defect: DefectName; readonly ms: number }[] = [];
    for (const defect of defects) {
      const run = await defaultRun([defect], out);
      // Only failing runs count: a defect the default run does not reach (exit 0) is left out.
      if (run.code !== 0) failing.push({ defect, ms: run.ms });
    }
    if (failing.length === 0) throw new Error('no defect made the default run fail');
    const slowest = failing.reduce((a, b) => (b.ms > a.ms ? b : a));
    const base = median(passing);
    return [
      { name: `failing runs: slowest of ${failing.length}`, value: slowest.ms, baseline: 'passing default run', baselineValue: base, expect: `${slowest.defect}; issue 10: ≤ 5 s` },
      { name: 'failing runs: median', value: median(failing.map((f) => f.ms)), baseline: 'passing default run', baselineValue: base },
    ];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
