/**
 * Report-size bench (issue 10 item 4): a RunReport with 10 000 exchanges rendered as HTML and
 * JUnit (and report.json), against the same report with 1 000 exchanges in the same process
 * (medians). Linear rendering is at most 10x; above 200 steps the HTML embeds closed steps' bodies lazily
 * and up to a budget (html.ts), so its time and size grow less than linearly.
 */
import type { RunReport } from '../src/model/report.js';
import type { StepResult } from '../src/model/result.js';
import { renderHtml } from '../src/report/html.js';
import { renderJson } from '../src/report/json.js';
import { renderJunit } from '../src/report/junit.js';
import { exposeGc, type BenchRow } from './bench-row.js';

/** A report of one suite with `n` request steps, each with a realistic exchange (1 KiB bodies). */
export function reportWithExchanges(n: number): RunReport {
  const body = JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'x'.repeat(36), userName: 'bench.user@example.com', name: { givenName: 'Bench', familyName: 'User' }, emails: [{ primary: true, value: 'bench.user@example.com', type: 'work' }], padding: 'p'.repeat(700) });
  const steps: StepResult[] = Array.from({ length: n }, (_, i) => ({
    kind: 'request', stepId: `bench/step-${i}`, title: `Step ${i}`, level: 'required', refs: ['RFC7644-3.3'],
    verdict: i % 50 === 0 ? 'fail' : 'pass', ...(i % 50 === 0 ? { reason: 'status: expected 201, got 200' } : {}),
    exchange: {
      request: { method: 'POST', url: `https://scim.example/scim/v2/Users?i=${i}`, headers: [['Content-Type', 'application/scim+json'], ['Authorization', 'Bearer ‹redacted›']], body: { text: body, truncatedBytes: 0 } },
      response: { status: 201, headers: [['Content-Type', 'application/scim+json']], body: { text: body, truncatedBytes: 0 }, sizeBytes: body.length },
      timing: { totalMs: 3.2 },
    },
    attempts: 1, assertions: [{ title: 'response_status equal 201', source: 'response_status', level: 'required', verdict: i % 50 === 0 ? 'fail' : 'pass', expected: '201', actual: i % 50 === 0 ? 200 : 201 }],
    extractions: [], scripts: [], pausedMs: 0, startedAt: '2026-12-03T00:00:00.000Z', durationMs: 3.2, runscopeVerdict: i % 50 === 0 ? 'fail' : 'pass',
  }));
  const fails = steps.filter((s) => s.verdict === 'fail').length;
  const counts = { pass: n - fails, warn: 0, fail: fails, error: 0, skip: 0, 'n/a': 0 };
  return {
    formatVersion: 1,
    meta: {
      runId: `bench-${n}`, tool: { name: 'scim-conformance', version: 'bench' }, node: process.version,
      startedAt: '2026-12-03T00:00:00.000Z', finishedAt: '2026-12-03T00:00:01.000Z', durationMs: 1000, target: { scimUrl: 'https://scim.example/scim/v2' },
      suites: ['bench'], options: { pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 30000, seedUser: false, keepTestData: false }, features: {},
    },
    suites: [{ suiteId: 'bench', name: 'Bench', source: { format: 'native' }, verdict: fails > 0 ? 'fail' : 'pass', runscopeVerdict: fails > 0 ? 'fail' : 'pass', counts, steps, cleanup: [] }],
    summary: { verdict: fails > 0 ? 'fail' : 'pass', runscopeVerdict: fails > 0 ? 'fail' : 'pass', counts, line: `${n} steps` },
    complete: true,
  };
}

/** Median of `runs` timings of `f` (the CPU is shared: one run is noisy), each after a full GC. */
function time(f: () => unknown, runs: number, gc: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    gc();
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0;
}

/** The report-size rows of `npm run bench`; `large` exchanges vs `small`. */
export async function reportSizeBench(sizes: { readonly small: number; readonly large: number } = { small: 1000, large: 10_000 }): Promise<BenchRow[]> {
  const gc = await exposeGc();
  const small = reportWithExchanges(sizes.small);
  const large = reportWithExchanges(sizes.large);
  renderHtml(small); renderJunit(small); // warm-up
  const factor = `linear: ~${sizes.large / sizes.small}x`;
  let htmlBytes = 0;
  const htmlLarge = time(() => { htmlBytes = Buffer.byteLength(renderHtml(large)); }, 3, gc);
  let jsonBytes = 0;
  const jsonLarge = time(() => { jsonBytes = Buffer.byteLength(renderJson(large)); }, 3, gc);
  return [
    { name: `report: HTML, ${sizes.large} exchanges`, value: htmlLarge, baseline: `${sizes.small} exchanges`, baselineValue: time(() => renderHtml(small), 15, gc), expect: `${factor}; ${(htmlBytes / 1048576).toFixed(1)} MiB page` },
    { name: `report: JUnit, ${sizes.large} exchanges`, value: time(() => renderJunit(large), 3, gc), baseline: `${sizes.small} exchanges`, baselineValue: time(() => renderJunit(small), 15, gc), expect: factor },
    // report.json as written (renderJson). Its time is V8's JSON.stringify, linear in what it walks,
    // but its cost per byte grows with the text (tens of MB, two-byte once a redaction marker
    // ‹redacted› is in it): judged on staying within seconds, not on the factor.
    { name: `report: JSON, ${sizes.large} exchanges`, value: jsonLarge, baseline: `${sizes.small} exchanges`, baselineValue: time(() => renderJson(small), 15, gc), expect: `within seconds; ${(jsonBytes / 1048576).toFixed(1)} MiB` },
  ];
}
