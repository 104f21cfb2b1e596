/**
 * Large bodies (issue 14 item 3): `scim-conformance run okta-spec rfc7644` as a subprocess
 * against a loopback server that answers every request with one ListResponse of 10^6 elements
 * (numbers), and one of 10^6 small objects (the same body every time, and a new one each time),
 * against the same run when the ListResponse has one element. Reported: CPU time (user + system, robust to a busy machine), wall time and peak RSS
 * of the CLI process, read by a probe at its exit (`process.resourceUsage()`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './bench-row.js';

const BIN = fileURLToPath(new URL('../bin/scim-conformance.js', import.meta.url));

/** Written into the CLI process with --import: its CPU time and peak RSS, at exit, to a file. */
const PROBE = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs';\n"
  + "process.on('exit', () => { const u = process.resourceUsage(); writeFileSync(process.env.LARGE_BODY_PROBE_OUT, JSON.stringify({ cpuUs: u.userCPUTime + u.systemCPUTime, maxRssKb: u.maxRSS })); });",
)}`;

/** A ListResponse holding `n` elements: `0` each, or `{}` each. */
export function listResponse(n: number, element: 'number' | 'object'): Buffer {
  const item = element === 'number' ? '0' : '{}';
  const items = n === 0 ? '' : `${item}${`,${item}`.repeat(n - 1)}`;
  return Buffer.from(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":${n},"startIndex":1,"itemsPerPage":${n},"Resources":[${items}]}`);
}

/**
 * A server that answers every request with `body` (status 200, application/scim+json). With
 * `vary`, each answer differs from the last (its `totalResults` counts up, as many digits, still valid JSON; at least 2 digits), so
 * nothing can reuse the previous answer's text or parse: every answer is a new huge body.
 */
export async function startListServer(body: Buffer, vary = false): Promise<{ readonly url: string; close(): Promise<void> }> {
  const digitsAt = body.indexOf('"totalResults":') + '"totalResults":'.length;
  const digits = /^\d+/.exec(body.subarray(digitsAt, digitsAt + 32).toString('latin1'))?.[0].length ?? 0;
  let answered = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      let answer = body;
      if (vary && digits > 0) {
        answer = Buffer.from(body);
        answer.write(String(10 ** (digits - 1) + (answered % (9 * 10 ** (digits - 1)))), digitsAt, 'latin1'); // same length, no leading zero
        answered += 1;
      }
      res.writeHead(200, { 'content-type': 'application/scim+json', 'content-length': answer.length });
      res.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/scim/v2`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** What one CLI run cost. */
export interface RunCost {
  readonly code: number | null;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssMiB: number;
  readonly stderr: string;
}

/** Runs the CLI against `url` with `suites` (default okta-spec rfc7644) and measures it. */
export async function measureRun(url: string, suites: readonly string[] = ['okta-spec', 'rfc7644'], timeoutMs = 600_000): Promise<RunCost> {
  const dir = mkdtempSync(join(tmpdir(), 'large-body-'));
  const probeOut = join(dir, 'probe.json');
  const started = performance.now();
  try {
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', PROBE, BIN, 'run', ...suites, '--scim-url', url, '--scim-auth', 'Bearer large-body-token', '--out', join(dir, 'reports'), '--reporter', 'dot'], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, LARGE_BODY_PROBE_OUT: probeOut },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
      const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`run did not end within ${timeoutMs} ms`)); }, timeoutMs);
      child.on('close', (c) => { clearTimeout(timer); resolve({ code: c, stderr: err }); });
    });
    const probe = JSON.parse(readFileSync(probeOut, 'utf8')) as { cpuUs: number; maxRssKb: number };
    return { code, wallMs: performance.now() - started, cpuMs: probe.cpuUs / 1000, peakRssMiB: probe.maxRssKb / 1024, stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureBody(body: Buffer, vary = false): Promise<RunCost> {
  const server = await startListServer(body, vary);
  try {
    return await measureRun(server.url);
  } finally {
    await server.close();
  }
}

/**
 * The bench rows: 10^6 elements and 10^6 objects vs one element, CPU time and peak RSS; the same
 * body on every answer, and (objects) a different one on every answer, parsed anew each time.
 */
export async function largeBodyBench(): Promise<BenchRow[]> {
  const small = await measureBody(listResponse(1, 'number'));
  const rows: BenchRow[] = [];
  const cases = [['10^6 elements', 'number', false], ['10^6 objects', 'object', false], ['10^6 objects, each answer new', 'object', true]] as const;
  for (const [label, element, vary] of cases) {
    const large = await measureBody(listResponse(1_000_000, element), vary);
    rows.push(
      { name: `large body: ${label}, CPU`, value: large.cpuMs, baseline: '1 element, CPU', baselineValue: small.cpuMs, expect: `wall ${(large.wallMs / 1000).toFixed(1)} s` },
      { name: `large body: ${label}, peak RSS`, value: large.peakRssMiB, baseline: '1 element, peak RSS', baselineValue: small.peakRssMiB, unit: 'MiB', expect: 'issue 14: < 300 MB' },
    );
  }
  return rows;
}
