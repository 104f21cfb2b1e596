/**
 * The permalinks of the report site, shared by the report server and the static site so
 * both have the same URLs:
 *
 *   /index.html (also /)            the runs
 *   /index.json                     the same listing as data
 *   /runs/<runId>/index.html        a run's report (also /runs/<runId>/ and /runs/<runId>,
 *                                   which the server redirects to /runs/<runId>/; report.html
 *                                   is an alias)
 *   /runs/<runId>/report.json       the canonical record, byte for byte
 *   /runs/<runId>/junit.xml         JUnit XML
 *   /history/index.html             every target × suite
 *   /history/<key>/index.html       one suite's history on one target (the server also
 *                                   answers /history?target=…&suite=… with a redirect here)
 *
 * Pages link to each other with relative URLs ending in `index.html`, so the site works
 * under any path prefix (GitHub Pages project sites), from `file://`, and on the server.
 */
import { createHash } from 'node:crypto';

/** Path of a history page's directory key: `<suite-slug>--<target-slug>--<hash>`. */
export const HISTORY_KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,127}$/;

function slug(text: string, max: number): string {
  const s = text.toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return s.slice(0, max).replace(/-+$/, '');
}

/**
 * The directory name of a (target, suite) history: readable slugs plus 12 hex characters of
 * SHA-256 over both, so different targets or suites never share a key.
 */
export function historyKey(target: string, suiteId: string): string {
  const hash = createHash('sha256').update(JSON.stringify([target, suiteId]), 'utf8').digest('hex').slice(0, 12);
  const parts = [slug(suiteId, 40) || 'suite', slug(target, 48) || 'no-target', hash];
  return parts.join('--');
}

/** Relative link from the site root (index.html) to a run's report page. */
export function runHref(runId: string, file: 'index.html' | 'report.json' | 'junit.xml' = 'index.html'): string {
  return `runs/${encodeURIComponent(runId)}/${file}`;
}

/** Relative link from the site root to a history page (or to the list of histories). */
export function historyHref(key?: string): string {
  return key === undefined ? 'history/index.html' : `history/${encodeURIComponent(key)}/index.html`;
}

/** How to get from a page at `depth` directories below the root back to it: '', '../', '../../'. */
export function rootPrefix(depth: number): string {
  return '../'.repeat(depth);
}
