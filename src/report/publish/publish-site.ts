/**
 * Static publishing: writes the report site (the report server's pages, with the same
 * permalinks — see ../server/site-paths.ts) into a directory, for GitHub Pages or any static
 * host, or to open from disk.
 *
 * Integrity first: only reports whose `integrity` verifies are published. A report that was
 * edited after it was written (`failed`) or carries no integrity value (`absent`), and a run
 * directory that cannot be read, is left out and listed — on the site's index under "Not
 * published", and in the result for the CLI to report. A published site is something people
 * share as evidence, so a report that cannot be checked is not put into it, not even with a
 * banner. Each run's pages and junit.xml are rendered from its verified report.json (never
 * copied from report.html or junit.xml on disk, which no integrity value covers); report.json
 * is copied byte for byte.
 *
 * Republishing replaces the previous output. The target must be a new or empty directory, or
 * one this function wrote before (it holds {@link SITE_MARKER}); then `runs/`, `history/`,
 * `index.html` and `index.json` are removed first, so a report that is no longer published
 * does not linger. The target may not overlap the reports directory. The output is
 * deterministic: the same reports give the same bytes.
 */
import { lstat, mkdir, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { RunReport } from '../../model/report.js';
import { buildHistories } from '../history.js';
import { renderJunit } from '../junit.js';
import { renderHistoryIndexPage, renderHistoryPage, renderIndexJson, renderIndexPage, renderRunPage } from '../server/site-pages.js';
import { historyKey } from '../server/site-paths.js';
import { ReportStore, type StoredRun, type UnreadableRun } from '../store.js';

/** Marks a directory as written by {@link publishSite}, so republishing may clear it. */
export const SITE_MARKER = '.scim-conformance-site';

/** What publishing owns in the target directory (and removes before writing). */
const MANAGED = ['runs', 'history', 'index.html', 'index.json', '.nojekyll', SITE_MARKER] as const;

export interface PublishOptions {
  /** The reports directory. */
  readonly dir: string;
  /** Where the site is written. */
  readonly to: string;
}

export interface PublishResult {
  /** Absolute path of the site. */
  readonly to: string;
  /** Published runs, newest first. */
  readonly published: readonly StoredRun[];
  /** Their reports (same order), for job summaries and annotations. */
  readonly reports: readonly RunReport[];
  /** Left out: integrity failed or absent, or unreadable; by name. */
  readonly excluded: readonly UnreadableRun[];
  /** Files written, relative to `to`, with `/` separators, sorted. */
  readonly files: readonly string[];
}

/** The target directory cannot be used (overlaps the reports, or holds other files). */
export class PublishTargetError extends Error {
  override readonly name = 'PublishTargetError';
}

/** `realpath` of the longest existing ancestor, with the rest appended. */
async function resolveLoosely(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch {
    const parent = dirname(absolute);
    if (parent === absolute) return absolute;
    return join(await resolveLoosely(parent), basename(absolute));
  }
}

function within(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

async function prepareTarget(to: string): Promise<void> {
  let entries: string[];
  try {
    const stat = await lstat(to);
    if (!stat.isDirectory()) throw new PublishTargetError(`${to} exists and is not a directory`);
    entries = await readdir(to);
  } catch (e) {
    if (e instanceof PublishTargetError) throw e;
    await mkdir(to, { recursive: true });
    return;
  }
  if (entries.length > 0 && !entries.includes(SITE_MARKER)) {
    throw new PublishTargetError(`refusing to publish into ${to}: it is not empty and was not written by publish (no ${SITE_MARKER})`);
  }
  // rm on a symlink removes the link, never what it points to.
  await Promise.all(MANAGED.map((name) => rm(join(to, name), { recursive: true, force: true })));
}

const INTEGRITY_PROBLEM = {
  failed: 'not published: integrity check failed (report.json was changed after it was written)',
  absent: 'not published: report.json carries no integrity value, so it cannot be verified',
} as const;

/** Writes the static site (see the module doc). */
export async function publishSite(options: PublishOptions): Promise<PublishResult> {
  const store = new ReportStore(options.dir);
  const root = await store.resolvedRoot();
  const to = await resolveLoosely(options.to);
  if (within(root, to) || within(to, root)) {
    throw new PublishTargetError(`the site directory ${options.to} and the reports directory ${options.dir} must not contain each other`);
  }

  const listing = await store.list();
  const published: StoredRun[] = [];
  const reports: RunReport[] = [];
  const texts = new Map<string, string>();
  const excluded: UnreadableRun[] = [...listing.unreadable.map((u) => ({ name: u.name, problem: `not published: ${u.problem}` }))];
  for (const run of listing.runs) {
    const loaded = await store.load(run.runId);
    if (loaded.kind !== 'run') {
      excluded.push({ name: run.runId, problem: 'not published: the report changed while publishing' });
      continue;
    }
    const { run: current, report, text } = loaded.loaded;
    if (current.integrity !== 'verified') {
      excluded.push({ name: current.runId, problem: INTEGRITY_PROBLEM[current.integrity] });
      continue;
    }
    published.push(current);
    reports.push(report);
    texts.set(current.runId, text);
  }
  excluded.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const files = new Map<string, string>();
  const siteListing = { runs: published, problems: excluded };
  files.set('index.html', renderIndexPage(siteListing, { problemsHeading: 'Not published' }));
  files.set('index.json', renderIndexJson(siteListing));
  files.set('.nojekyll', '');
  files.set(SITE_MARKER, 'Written by scim-conformance publish. Publishing again replaces runs/, history/, index.html and index.json.\n');
  reports.forEach((report) => {
    const id = report.meta.runId;
    const page = renderRunPage(report, 'verified');
    files.set(`runs/${id}/index.html`, page);
    files.set(`runs/${id}/report.html`, page);
    files.set(`runs/${id}/report.json`, texts.get(id) ?? '');
    files.set(`runs/${id}/junit.xml`, renderJunit(report));
  });
  const histories = buildHistories(reports);
  files.set('history/index.html', renderHistoryIndexPage(histories));
  for (const history of histories) {
    files.set(`history/${historyKey(history.target, history.suiteId)}/index.html`, renderHistoryPage(history));
  }

  await prepareTarget(to);
  for (const [path, content] of files) {
    const absolute = join(to, ...path.split('/'));
    // Run ids and history keys are validated patterns; this guards the invariant anyway.
    if (relative(to, absolute).startsWith('..')) throw new PublishTargetError(`refusing to write outside ${to}: ${path}`);
    await mkdir(dirname(absolute), { recursive: true });
    await writeFile(absolute, content, 'utf8');
  }
  return { to, published, reports, excluded, files: [...files.keys()].sort() };
}
