/**
 * `npm run bench`: performance as ratios against a baseline measured in the same process
 * (DEVELOPERS.md: no timed tests). Prints a table; exits 0.
 *
 * - engine: one okta-spec run (with its seed user) vs. the same request sequence replayed with
 *   bare undici requests (bench/engine-overhead.ts) → engine overhead ratio.
 * - cli: the whole `scim-conformance run okta-spec` subprocess (Node start-up, loading, run,
 *   three reports written) vs. a bare `node -e ""` subprocess → start-up cost ratio.
 * - scale, report size, large bodies and failing runs: their own files print their rows.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printRows } from './bench-row.js';
import { reportSizeBench } from './report-size.js';
import { largeBodyBench } from './large-body.js';
import { failingRunsBench } from './failing-runs.js';
import { scaleBench } from './scale.js';
import { startReferenceServer } from '../src/reference-server/index.js';
import { benchEngineOverhead } from './engine-overhead.js';

const ROUNDS = 15;
const TOKEN = 'bench-token-123';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** Async spawn: the reference server lives in this process, so a blocking spawnSync would deadlock. */
function runProcess(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', () => resolve());
  });
}

async function time(f: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

const server = await startReferenceServer({ port: 0, token: TOKEN });

const engineRows = await benchEngineOverhead(ROUNDS);

const bin = fileURLToPath(new URL('../bin/scim-conformance.js', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'scim-bench-'));
const cliTimes: number[] = [];
const nodeTimes: number[] = [];
for (let i = 0; i < 5; i += 1) {
  cliTimes.push(await time(() => runProcess([bin, 'run', 'okta-spec', '--scim-url', server.baseUrl, '--scim-auth', `Bearer ${TOKEN}`, '--seed-user', '--out', out, '--reporter', 'none'])));
  nodeTimes.push(await time(() => runProcess(['-e', ''])));
}
await server.close();

console.log('benchmark                          median ms   baseline                 median ms   ratio');
printRows([...engineRows, { name: 'cli: run okta-spec (subprocess)', value: median(cliTimes), baseline: 'node -e ""', baselineValue: median(nodeTimes) }]);
// Scale (issue 10 item 4): bench/scale.ts and bench/report-size.ts print rows in the same layout.
printRows(await scaleBench());
printRows(await reportSizeBench());
// Large bodies (issue 14 item 3): bench/large-body.ts, the CLI against a 10^6-element ListResponse.
printRows(await largeBodyBench());
// Failing runs (issue 10): bench/failing-runs.ts, the default run against every defect profile.
printRows(await failingRunsBench());
process.exit(0);
