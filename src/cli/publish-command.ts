/**
 * `scim-conformance publish --to DIR [--dir reports] [--base-url URL] [--run ID..]`: writes
 * the static report site (src/report/publish/): only reports whose integrity verifies are
 * published; the others are listed on stderr (and, on GitHub Actions, as warnings).
 *
 * On GitHub Actions it also reports the run(s) of this job — the `--run` ids, or else the
 * newest published run:
 * - `GITHUB_STEP_SUMMARY` set: appends a Markdown job summary (verdict, suites table, failing
 *   steps with reasons; links when `--base-url` names where the site is served);
 * - `GITHUB_ACTIONS=true`: prints `::error` annotations for failed and errored steps and
 *   `::warning` for warnings and for reports left out.
 * Exit 0 when the site was written (publishing does not judge the run: `run` did), 2 for
 * usage errors (no --to, missing reports directory, unusable target, unknown --run).
 */
import { appendFile } from 'node:fs/promises';
import type { RunReport } from '../model/report.js';
import { exclusionAnnotations, formatAnnotation, renderJobSummary, reportAnnotations } from '../report/github.js';
import { publishSite, PublishTargetError } from '../report/publish/index.js';
import { ReportsDirectoryError } from '../report/store.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { CommandIo } from './serve-command.js';

export interface PublishArgs {
  /** Reports directory; default `reports`. */
  readonly dir?: string;
  /** Site directory (required). */
  readonly to?: string;
  /** Where the site will be served (http or https), for links in the job summary. */
  readonly baseUrl?: string;
  /** Run ids to summarise on GitHub Actions (default: the newest published run). */
  readonly run?: readonly string[];
}

function checkBaseUrl(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--base-url is not a URL: ${value}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError('--base-url must be an http or https URL');
  if (url.username !== '' || url.password !== '') throw new UsageError('--base-url must not carry credentials');
  return url.href;
}

/** Publishes the site; resolves with the exit code. */
export async function publishCommand(args: PublishArgs, io: CommandIo): Promise<number> {
  if (args.to === undefined || args.to === '') throw new UsageError('publish needs --to DIR (where the site is written)');
  const baseUrl = checkBaseUrl(args.baseUrl);
  const dir = args.dir ?? 'reports';
  let result;
  try {
    result = await publishSite({ dir, to: args.to });
  } catch (e) {
    if (e instanceof ReportsDirectoryError || e instanceof PublishTargetError) throw new UsageError(e.message);
    throw e;
  }

  const wanted = args.run ?? [];
  const byId = new Map(result.reports.map((r) => [r.meta.runId, r] as const));
  const unknown = wanted.filter((id) => !byId.has(id) && !result.excluded.some((e) => e.name === id));
  if (unknown.length > 0) throw new UsageError(`--run ${unknown.join(', ')}: no such run in ${dir}`);
  const selected: RunReport[] = wanted.length > 0
    ? wanted.flatMap((id) => { const r = byId.get(id); return r === undefined ? [] : [r]; })
    : result.reports.slice(0, 1);

  io.stdout(`${result.to}\n`);
  io.stderr(`Published ${result.published.length} run${result.published.length === 1 ? '' : 's'} to ${result.to} (open index.html).\n`);
  for (const e of result.excluded) io.stderr(`warning: ${e.name}: ${e.problem}\n`);

  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (summaryFile !== undefined && summaryFile !== '') {
    await appendFile(summaryFile, renderJobSummary(selected, { ...(baseUrl !== undefined ? { baseUrl } : {}), excluded: result.excluded }), 'utf8');
  }
  if (io.env.GITHUB_ACTIONS === 'true') {
    for (const a of [...reportAnnotations(selected), ...exclusionAnnotations(result.excluded)]) io.stdout(`${formatAnnotation(a)}\n`);
  }
  return EXIT.ok;
}
