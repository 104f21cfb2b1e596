/**
 * `npm run bench`: performance as ratios against a baseline measured in the same process
 * (DEVELOPERS.md: no timed tests). Prints a table; exits 0.
 *
 * - engine: one okta-spec run (13 request steps + seed) vs. the same number of bare
 *   sendRequest calls to the same reference server → engine overhead ratio.
 * - cli: the whole `scim-conformance run okta-spec` subprocess (Node start-up, loading, run,
 *   three reports written) vs. a bare `node -e ""` subprocess → start-up cost ratio.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ENGINE_OPTIONS } from '../src/engine/options.js';
import { runPlan } from '../src/engine/run-plan.js';
import { sendRequest } from '../src/http/send.js';
import { startReferenceServer } from '../src/reference-server/index.js';
import { oktaSpecSuite } from '../suites/okta-spec.js';
import { seedUserSuite } from '../suites/setup-seed-user.js';

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
const variables = { SCIMBaseURL: server.baseUrl, auth: `Bearer ${TOKEN}` };
const runOptions = { pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 30000, seedUser: true, keepTestData: false } as const;
const requestCount = oktaSpecSuite.steps.filter((s) => s.kind === 'request').length + 1;

const engineTimes: number[] = [];
const baseTimes: number[] = [];
for (let i = 0; i < ROUNDS; i += 1) {
  engineTimes.push(await time(() => runPlan({ suites: [seedUserSuite, oktaSpecSuite], variables, secrets: ['auth'], grep: [] }, DEFAULT_ENGINE_OPTIONS, { toolVersion: 'bench', target: {}, runOptions })));
  baseTimes.push(await time(async () => {
    for (let k = 0; k < requestCount; k += 1) {
      await sendRequest({ method: 'GET', url: `${server.baseUrl}/Users?count=1`, headers: [['Authorization', `Bearer ${TOKEN}`]], timeoutMs: 30000 });
    }
  }));
}

const bin = fileURLToPath(new URL('../bin/scim-conformance.js', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'scim-bench-'));
const cliTimes: number[] = [];
const nodeTimes: number[] = [];
for (let i = 0; i < 5; i += 1) {
  cliTimes.push(await time(() => runProcess([bin, 'run', 'okta-spec', '--scim-url', server.baseUrl, '--scim-auth', `Bearer ${TOKEN}`, '--seed-user', '--out', out, '--reporter', 'none'])));
  nodeTimes.push(await time(() => runProcess(['-e', ''])));
}
await server.close();

const rows = [
  ['engine: okta-spec run', median(engineTimes), `${requestCount} bare requests`, median(baseTimes)],
  ['cli: run okta-spec (subprocess)', median(cliTimes), 'node -e ""', median(nodeTimes)],
] as const;
console.log('benchmark                          median ms   baseline                 median ms   ratio');
for (const [name, ms, base, baseMs] of rows) {
  console.log(`${name.padEnd(34)} ${ms.toFixed(1).padStart(9)}   ${base.padEnd(24)} ${baseMs.toFixed(1).padStart(9)}   ${(ms / baseMs).toFixed(2)}x`);
}
process.exit(0);
