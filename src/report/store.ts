/**
 * The reports directory as a collection of runs: `<dir>/<runId>/report.json`, read back,
 * validated and integrity-checked, for the report server, the static site and history.
 *
 * Reading is defensive because a reports directory is shared and long-lived:
 * - only directory names that are valid run ids are considered (the schema's pattern:
 *   `^[A-Za-z0-9][A-Za-z0-9._-]*$`, at most 128 characters; `.` and `..` can never match);
 * - every path is resolved with `realpath` and must stay inside the (resolved) reports
 *   directory, so a symlink that leads out of it is flagged, never followed; symlinks that
 *   stay inside are allowed;
 * - only regular files are read (a FIFO or device is flagged, not opened blocking), the last
 *   component is opened with `O_NOFOLLOW`, and files above {@link MAX_REPORT_BYTES} are flagged;
 * - a report that does not parse, does not match the schema, or whose `meta.runId` differs
 *   from its directory name is listed as unreadable with the reason, not thrown.
 * A report whose `integrity` does not match its content is still readable: it is listed with
 * `integrity: 'failed'`, and each consumer decides (the server shows a banner, publishing
 * excludes it).
 */
import { constants } from 'node:fs';
import { open, readdir, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { RunReport } from '../model/report.js';
import type { Counts, Verdict } from '../model/verdict.js';
import { verifyIntegrity } from './integrity.js';
import { validateReport } from './report-schema.js';

/** The file a run directory must hold. */
export const REPORT_FILE = 'report.json';

/** Larger report.json files are flagged instead of read (bodies are capped, so real ones are far smaller). */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

/** A run id as the report schema allows it; `newRunId()` makes `20261129T021530Z-<16 hex>`. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** True when `text` is a run id that can name a directory inside the reports directory. */
export function isRunId(text: string): boolean {
  return RUN_ID_PATTERN.test(text);
}

/**
 * `verified`: `integrity` matches the content; `failed`: it does not (edited or corrupted
 * after writing); `absent`: the report carries none (not written by `writeReport`).
 */
export type IntegrityStatus = 'verified' | 'failed' | 'absent';

/** One suite of a stored run, as listed. */
export interface StoredSuite {
  readonly suiteId: string;
  readonly name: string;
  readonly verdict: Verdict;
  readonly counts: Counts;
}

/** What the index shows about one run: read from its report.json. */
export interface StoredRun {
  readonly runId: string;
  readonly suites: readonly StoredSuite[];
  readonly target: { readonly scimUrl?: string; readonly oktaOrgUrl?: string };
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly verdict: Verdict;
  readonly runscopeVerdict: 'pass' | 'fail';
  readonly counts: Counts;
  readonly line: string;
  readonly complete: boolean;
  readonly integrity: IntegrityStatus;
  readonly tool: { readonly name: string; readonly version: string };
}

/** A directory of the reports directory that could not be read as a run, and why. */
export interface UnreadableRun {
  /** The directory name (not a path: listings never reveal where the directory is). */
  readonly name: string;
  readonly problem: string;
}

/** A run read in full. */
export interface LoadedRun {
  readonly run: StoredRun;
  readonly report: RunReport;
  /** report.json exactly as stored (the bytes the integrity value covers). */
  readonly text: string;
}

export interface RunListing {
  /** Newest first (by `startedAt`, then run id). */
  readonly runs: readonly StoredRun[];
  /** By name. */
  readonly unreadable: readonly UnreadableRun[];
}

/** The reports directory does not exist or is not a directory. */
export class ReportsDirectoryError extends Error {
  override readonly name = 'ReportsDirectoryError';
}

export type LoadResult =
  | { readonly kind: 'run'; readonly loaded: LoadedRun }
  | { readonly kind: 'unreadable'; readonly unreadable: UnreadableRun }
  | { readonly kind: 'missing' };

function summarise(report: RunReport, integrity: IntegrityStatus): StoredRun {
  const { meta, summary } = report;
  return {
    runId: meta.runId,
    suites: report.suites.map((s) => ({ suiteId: s.suiteId, name: s.name, verdict: s.verdict, counts: s.counts })),
    target: {
      ...(meta.target.scimUrl !== undefined ? { scimUrl: meta.target.scimUrl } : {}),
      ...(meta.target.oktaOrgUrl !== undefined ? { oktaOrgUrl: meta.target.oktaOrgUrl } : {}),
    },
    startedAt: meta.startedAt,
    finishedAt: meta.finishedAt,
    durationMs: meta.durationMs,
    verdict: summary.verdict,
    runscopeVerdict: summary.runscopeVerdict,
    counts: summary.counts,
    line: summary.line,
    complete: report.complete,
    integrity,
    tool: meta.tool,
  };
}

/** Orders runs newest first: by start time, then by run id (both descending). */
export function compareNewestFirst(a: Pick<StoredRun, 'startedAt' | 'runId'>, b: Pick<StoredRun, 'startedAt' | 'runId'>): number {
  const byTime = Date.parse(b.startedAt) - Date.parse(a.startedAt);
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
  return a.runId < b.runId ? 1 : a.runId > b.runId ? -1 : 0;
}

/**
 * Parses report.json text of the run directory `name` (pure; no I/O). Integrity is checked
 * but does not make the report unreadable (see the module doc).
 */
export function parseStoredReport(name: string, text: string): LoadResult {
  const flag = (problem: string): LoadResult => ({ kind: 'unreadable', unreadable: { name, problem } });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return flag(`report.json is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const validation = validateReport(value);
  if (!validation.ok) {
    const shown = validation.errors.slice(0, 3).join('; ');
    const more = validation.errors.length > 3 ? `; … ${validation.errors.length - 3} more` : '';
    return flag(`report.json does not match the report schema: ${shown}${more}`);
  }
  const report = validation.report;
  if (report.meta.runId !== name) {
    return flag('report.json belongs to another run (its meta.runId differs from the directory name)');
  }
  const integrity: IntegrityStatus = report.integrity === undefined ? 'absent' : verifyIntegrity(report) ? 'verified' : 'failed';
  return { kind: 'run', loaded: { run: summarise(report, integrity), report, text } };
}

function isInside(root: string, path: string): boolean {
  return path.startsWith(root + sep);
}

function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string'
    ? (e as { code: string }).code : undefined;
}

interface CacheEntry {
  readonly stamp: string;
  readonly result: LoadResult;
}

/**
 * A reports directory. Parsed reports are cached by file identity (inode, size, mtime), so
 * listing a directory of many runs on every request costs one `stat` per run.
 */
export class ReportStore {
  private root: string | undefined;
  private readonly cache = new Map<string, CacheEntry>();

  constructor(readonly dir: string) {}

  /** The reports directory with symlinks resolved; throws {@link ReportsDirectoryError}. */
  async resolvedRoot(): Promise<string> {
    if (this.root !== undefined) return this.root;
    let resolved: string;
    try {
      resolved = await realpath(this.dir);
      await readdir(resolved);
    } catch (e) {
      const code = errorCode(e);
      throw new ReportsDirectoryError(code === 'ENOENT' ? `no reports directory at ${this.dir}`
        : code === 'ENOTDIR' ? `${this.dir} is not a directory` : `cannot read the reports directory ${this.dir} (${code ?? String(e)})`);
    }
    this.root = resolved;
    return resolved;
  }

  /** Every run directory, read (see the module doc for what is flagged). */
  async list(): Promise<RunListing> {
    const root = await this.resolvedRoot();
    const entries = await readdir(root, { withFileTypes: true });
    const runs: StoredRun[] = [];
    const unreadable: UnreadableRun[] = [];
    const seen = new Set<string>();
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue; // temporary and hidden files
      // Plain files (README.md, a stray junit.xml) are not runs; directories and symlinks may be.
      if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
      if (!isRunId(entry.name)) {
        if (entry.isDirectory()) unreadable.push({ name: entry.name, problem: 'the directory name is not a run id' });
        continue;
      }
      seen.add(entry.name);
      const result = await this.load(entry.name);
      if (result.kind === 'run') runs.push(result.loaded.run);
      else if (result.kind === 'unreadable') unreadable.push(result.unreadable);
    }
    for (const name of this.cache.keys()) if (!seen.has(name)) this.cache.delete(name); // runs deleted since
    runs.sort(compareNewestFirst);
    unreadable.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { runs, unreadable };
  }

  /** Reads one run; `missing` when there is no such run directory (or `runId` is not a run id). */
  async load(runId: string): Promise<LoadResult> {
    if (!isRunId(runId)) return { kind: 'missing' };
    const root = await this.resolvedRoot();
    const flag = (problem: string): LoadResult => ({ kind: 'unreadable', unreadable: { name: runId, problem } });

    let runDir: string;
    try {
      runDir = await realpath(join(root, runId));
    } catch (e) {
      return errorCode(e) === 'ENOENT' ? { kind: 'missing' } : flag('the run directory cannot be read');
    }
    if (!isInside(root, runDir)) return flag('the run directory is a symlink that leads outside the reports directory');

    let file: string;
    try {
      file = await realpath(join(runDir, REPORT_FILE));
    } catch (e) {
      const code = errorCode(e);
      if (code === 'ENOTDIR') return flag('not a run directory');
      return flag(code === 'ENOENT' ? 'no report.json (run still being written, or not a run directory)' : 'report.json cannot be read');
    }
    if (!isInside(root, file)) return flag('report.json is a symlink that leads outside the reports directory');

    let handle;
    try {
      // O_NOFOLLOW: the last component was resolved above and must not have become a link since;
      // O_NONBLOCK: a FIFO in its place must not block the reader.
      handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch {
      return flag('report.json cannot be opened');
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return flag('report.json is not a regular file');
      if (stat.size > MAX_REPORT_BYTES) return flag(`report.json is larger than ${MAX_REPORT_BYTES} bytes`);
      const stamp = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
      const cached = this.cache.get(runId);
      if (cached !== undefined && cached.stamp === stamp) return cached.result;
      const text = await handle.readFile({ encoding: 'utf8' });
      const result = parseStoredReport(runId, text);
      this.cache.set(runId, { stamp, result });
      return result;
    } catch {
      return flag('report.json cannot be read');
    } finally {
      await handle.close();
    }
  }
}

/** Lists the runs of a reports directory (see {@link ReportStore.list}). */
export async function listRuns(dir: string): Promise<RunListing> {
  return new ReportStore(dir).list();
}
