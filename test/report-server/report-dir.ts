/**
 * Reports directories for the report server, publishing and browser tests: golden reports
 * (fixtures/reports/) written with the project's writeReport under fresh, distinct run ids of
 * the real shape (`<timestamp>-<16 hex>`), so they carry a valid integrity value.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunReport } from '../../src/model/report.js';
import { writeReport } from '../../src/report/write.js';
import { golden, type GoldenName } from '../report/golden.js';

/** A run id like newRunId() makes, for the given start time. */
export function runIdAt(iso: string): string {
  const stamp = iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(8).toString('hex')}`;
}

/** A golden report moved to `startedAt` under a new run id, without integrity (writeReport stamps it). */
export function goldenRun(name: GoldenName, startedAt: string, edit?: (report: RunReport) => RunReport): RunReport {
  const { integrity: _old, ...report } = golden(name);
  const shift = Date.parse(startedAt) - Date.parse(report.meta.startedAt);
  const moved: RunReport = {
    ...report,
    meta: {
      ...report.meta,
      runId: runIdAt(startedAt),
      startedAt,
      finishedAt: new Date(Date.parse(report.meta.finishedAt) + shift).toISOString(),
    },
  };
  return edit === undefined ? moved : edit(moved);
}

export interface ReportDir {
  readonly dir: string;
  /** The parent temporary directory (room for siblings: symlink targets, sites). */
  readonly root: string;
  readonly passing: RunReport;
  readonly failing: RunReport;
  remove(): Promise<void>;
}

/**
 * A temporary reports directory with a passing run (older) and a failing run (newer) of the
 * same target; the step `create-okta-user` passes in the first and fails in the second.
 */
export async function makeReportDir(): Promise<ReportDir> {
  const root = await mkdtemp(join(tmpdir(), 'scim-report-site-'));
  const dir = join(root, 'reports');
  const passing = goldenRun('passing', '2026-11-28T10:15:30.000Z');
  const failing = goldenRun('failing', '2026-11-29T02:15:30.000Z');
  await writeReport(passing, dir);
  await writeReport(failing, dir);
  return { dir, root, passing, failing, remove: () => rm(root, { recursive: true, force: true }) };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/**
 * One HTTP request with the target sent exactly as given (fetch would normalise `..` and
 * `%2e%2e` away before they reach the server).
 */
export function rawRequest(baseUrl: string, target: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: target, method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
