/**
 * Result links: our report permalinks (`http(s)://…/runs/<runId>`, as the report server and
 * the published site serve them; site-paths.ts) or report.json paths, and how they are read.
 */
import { open, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sendRequest } from '../http/send.js';
import { isRunId, MAX_REPORT_BYTES, REPORT_FILE } from '../report/store.js';

export type ResultLink =
  | { readonly kind: 'permalink'; readonly link: string; readonly runId: string; readonly reportUrl: string }
  | { readonly kind: 'file'; readonly link: string; readonly path: string };

/** `…/runs/<runId>`, optionally `/`, `/index.html`, `/report.html` or `/report.json` after it. */
const PERMALINK_PATH = /^(.*\/runs\/)([^/]+)(?:\/(?:index\.html|report\.html|report\.json)?)?$/;

/**
 * The link as it may be shown or written: credentials (`user:pass@`) and `token` query
 * parameters replaced, since readiness.json/html are meant to be shared.
 */
export function displayLink(text: string): string {
  const link = text.trim();
  if (!/^https?:\/\//i.test(link)) return link;
  try {
    const url = new URL(link);
    if (url.username !== '' || url.password !== '') {
      url.username = 'redacted';
      url.password = '';
    }
    if (url.searchParams.has('token')) url.searchParams.set('token', 'redacted');
    return url.href;
  } catch {
    return link.replace(/token=[^&#]*/gi, 'token=redacted');
  }
}

/** Parses a manifest result link; `baseDir` resolves relative paths. */
export function parseResultLink(text: string, baseDir: string): { ok: true; link: ResultLink } | { ok: false; message: string; fix?: string } {
  const link = text.trim();
  const shown = displayLink(link);
  if (link === '') return { ok: false, message: 'The link is empty.' };
  if (/^https?:\/\//i.test(link)) {
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      return { ok: false, message: `${shown} is not a URL.` };
    }
    if (url.searchParams.has('token') || url.username !== '' || url.password !== '') {
      return {
        ok: false,
        message: 'The link carries an access token or credentials, which would be shared with everyone who sees it.',
        fix: 'Remove ?token=… (or user:password@) from the link, and put the report server token in an environment variable named in results.accessTokenEnv.',
      };
    }
    const match = PERMALINK_PATH.exec(url.pathname);
    const runId = match?.[2] === undefined ? undefined : decodeURIComponent(match[2]);
    if (match?.[1] === undefined || runId === undefined || !isRunId(runId)) {
      const runscope = /runscope\.com|blazemeter\.(com|net)/i.test(url.hostname);
      return {
        ok: false,
        message: runscope
          ? `${shown} is a Runscope/BlazeMeter link; this check reads scim-conformance reports.`
          : `${shown} is not a scim-conformance permalink (…/runs/<runId>).`,
        fix: 'Link the run on the report server or published site (…/runs/<runId>), or give the path of its report.json.',
      };
    }
    const reportUrl = new URL(`${match[1]}${encodeURIComponent(runId)}/report.json`, url).href;
    return { ok: true, link: { kind: 'permalink', link: shown, runId, reportUrl } };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(link) && !/^file:\/\//i.test(link)) {
    return { ok: false, message: `${link} is neither an http(s) permalink nor a file path.` };
  }
  let path: string;
  try {
    path = /^file:\/\//i.test(link) ? fileURLToPath(link) : resolve(baseDir, link);
  } catch {
    return { ok: false, message: `${link} is not a usable file URL.` };
  }
  return { ok: true, link: { kind: 'file', link, path } };
}

/** A report could not be fetched; the message says why in the user's terms. */
export class ReportFetchError extends Error {
  override readonly name = 'ReportFetchError';
  constructor(message: string, readonly fix?: string) {
    super(message);
  }
}

/** Reads the report text behind a link; throws {@link ReportFetchError}. */
export type ReportFetcher = (link: ResultLink) => Promise<string>;

export interface FetcherOptions {
  /** Report server access token, sent as `Authorization: Bearer`. */
  readonly accessToken?: string;
  /** The environment variable the manifest names for it (for messages only). */
  readonly accessTokenEnv?: string;
  readonly timeoutMs?: number;
}

async function readReportFile(path: string, link: string): Promise<string> {
  let file = path;
  try {
    if ((await stat(file)).isDirectory()) file = join(file, REPORT_FILE);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ReportFetchError(code === 'ENOENT' ? `No file at ${link} (${path}).` : `${link} cannot be read (${code ?? 'error'}).`);
  }
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ReportFetchError(code === 'ENOENT' ? `No ${REPORT_FILE} in ${link}.` : `${link} cannot be read (${code ?? 'error'}).`);
  }
  try {
    const size = (await handle.stat()).size;
    if (size > MAX_REPORT_BYTES) throw new ReportFetchError(`${link} is ${size} bytes, more than any report we write.`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

async function fetchReportUrl(link: Extract<ResultLink, { kind: 'permalink' }>, options: FetcherOptions): Promise<string> {
  const headers: [string, string][] = [['Accept', 'application/json']];
  if (options.accessToken) headers.push(['Authorization', `Bearer ${options.accessToken}`]);
  const outcome = await sendRequest({ method: 'GET', url: link.reportUrl, headers, timeoutMs: options.timeoutMs ?? 30_000, maxBodyBytes: MAX_REPORT_BYTES + 1 });
  if (!outcome.ok) throw new ReportFetchError(`GET ${link.reportUrl} failed: ${outcome.error.message}.`, 'Check that the report server or site is up and reachable from here.');
  const { status, truncatedBytes, text } = outcome.response;
  if (status === 401 || status === 403) {
    const env = options.accessTokenEnv;
    const fix = options.accessToken !== undefined
      ? `The token in ${env ?? 'the access token variable'} was refused: set it to the token the report server was started with.`
      : env !== undefined
        ? `Set ${env} to the report server's access token.`
        : 'Put the report server\'s access token in an environment variable and name it in results.accessTokenEnv.';
    throw new ReportFetchError(`GET ${link.reportUrl} → ${status}: the report server wants its access token.`, fix);
  }
  if (status === 404) throw new ReportFetchError(`GET ${link.reportUrl} → 404: no run ${link.runId} there.`, 'Check the run id, and that the run was published or is in the server\'s reports directory.');
  if (status !== 200) throw new ReportFetchError(`GET ${link.reportUrl} → ${status}.`);
  if (truncatedBytes > 0) throw new ReportFetchError(`GET ${link.reportUrl} returned more than ${MAX_REPORT_BYTES} bytes.`);
  return text;
}

/** The default fetcher: files from disk, permalinks over HTTP(S). */
export function createReportFetcher(options: FetcherOptions = {}): ReportFetcher {
  return (link) => (link.kind === 'file' ? readReportFile(link.path, link.link) : fetchReportUrl(link, options));
}
