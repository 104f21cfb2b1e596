/**
 * The report server: a read-only view of a reports directory over HTTP (node:http, no
 * framework), with the permalinks of site-paths.ts. Pages are rendered from each run's
 * report.json on request (cached by file identity in the store), so what is shown always
 * matches the canonical record and its integrity state.
 *
 * Safety:
 * - GET and HEAD only (anything else: 405 with `Allow`);
 * - the request path is split into segments and each is percent-decoded once; a segment that
 *   decodes to `.`, `..`, or contains `/`, `\` or NUL, a path with `\` or starting `//`, and an
 *   absolute-form target are all 400; run ids and history keys must match their patterns, and
 *   files are read only through the store (realpath containment, no symlinks out, regular
 *   files only): there is no generic file serving at all;
 * - every response carries `X-Content-Type-Options: nosniff`, a Content-Security-Policy (pages:
 *   their own hash-based policy; data and errors: `default-src 'none'; sandbox`),
 *   `Referrer-Policy: no-referrer`, `X-Frame-Options: DENY` and a Cache-Control;
 * - bound to a loopback address, it answers only requests whose Host is a loopback name
 *   (421 otherwise), so a web page cannot read reports through DNS rebinding;
 * - with a token, see access-token.ts (401 without it; the token never appears in pages).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isIP } from 'node:net';
import { buildHistories } from '../history.js';
import { renderJunit } from '../junit.js';
import type { RunReport } from '../../model/report.js';
import { isRunId, ReportStore, type RunListing } from '../store.js';
import { AccessGuard, withoutToken } from './access-token.js';
import { DATA_CSP, headerCsp } from './site-assets.js';
import { PAGE_CSP, renderHistoryIndexPage, renderHistoryPage, renderIndexJson, renderIndexPage, renderRunPage } from './site-pages.js';
import { HISTORY_KEY_PATTERN, historyKey } from './site-paths.js';
import { REPORT_CSP } from '../html-assets.js';

export interface ReportServerOptions {
  /** The reports directory (`<dir>/<runId>/report.json`). */
  readonly dir: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** When set, every request needs it (see access-token.ts). */
  readonly token?: string;
}

export interface ReportServer {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:41234/`. Never contains the token. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const TYPES = {
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  text: 'text/plain; charset=utf-8',
} as const;

/** True for addresses and names that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const lower = bare.toLowerCase();
  if (lower === 'localhost' || lower.endsWith('.localhost')) return true;
  if (isIP(lower) === 4) return lower.startsWith('127.');
  if (isIP(lower) === 6) return lower === '::1' || lower === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(lower);
  return false;
}

/** The host name of a Host header value (without port; IPv6 brackets removed). */
function hostName(header: string): string {
  if (header.startsWith('[')) {
    const end = header.indexOf(']');
    return end < 0 ? header : header.slice(1, end);
  }
  const colon = header.lastIndexOf(':');
  return colon < 0 ? header : header.slice(0, colon);
}

/** The result of parsing a request target: decoded path segments and the query. */
export type ParsedTarget =
  | { readonly ok: true; readonly path: string; readonly segments: readonly string[]; readonly query: URLSearchParams }
  | { readonly ok: false; readonly problem: string };

/**
 * Splits an origin-form request target (`/a/b?x=1`) into percent-decoded segments, refusing
 * anything that could step out of a directory or be read two ways (see the module doc).
 */
export function parseRequestTarget(target: string): ParsedTarget {
  if (!target.startsWith('/') || target.startsWith('//')) return { ok: false, problem: 'the request target must be a path' };
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const search = q < 0 ? '' : target.slice(q + 1);
  if (path.includes('\\')) return { ok: false, problem: 'backslash in path' };
  const segments: string[] = [];
  for (const raw of path.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { ok: false, problem: 'malformed percent-encoding' };
    }
    if (segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) {
      return { ok: false, problem: 'path segment not allowed' };
    }
    segments.push(segment);
  }
  return { ok: true, path, segments, query: new URLSearchParams(search) };
}

interface Reply {
  readonly status: number;
  readonly type: keyof typeof TYPES;
  readonly body: string;
  readonly csp?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

function text(status: number, body: string, headers?: Readonly<Record<string, string>>): Reply {
  return { status, type: 'text', body: `${body}\n`, ...(headers !== undefined ? { headers } : {}) };
}

function redirect(location: string, status = 302): Reply {
  return text(status, `See ${location}`, { Location: location });
}

const NOT_FOUND = text(404, 'Not found. The runs are listed at /.');

/** Starts the report server; resolves once it listens. */
export async function startReportServer(options: ReportServerOptions): Promise<ReportServer> {
  const given = options.host ?? '127.0.0.1';
  // `[::1]` (URL notation) binds as `::1`.
  const host = given.startsWith('[') && given.endsWith(']') ? given.slice(1, -1) : given;
  const store = new ReportStore(options.dir);
  await store.resolvedRoot(); // fail now, not on the first request, when the directory is missing
  if (options.token !== undefined && options.token.length === 0) throw new Error('the access token is empty');
  const guard = options.token !== undefined ? new AccessGuard(options.token) : undefined;
  const loopbackOnly = isLoopbackHost(host);

  /** Every readable report (integrity-failed ones included: the index flags them). */
  async function readableReports(listing: RunListing): Promise<RunReport[]> {
    const loaded = await Promise.all(listing.runs.map((r) => store.load(r.runId)));
    return loaded.flatMap((l) => (l.kind === 'run' ? [l.loaded.report] : []));
  }

  async function route(segments: readonly string[], query: URLSearchParams): Promise<Reply> {
    const [first, second, third, ...rest] = segments;
    if (rest.length > 0) return NOT_FOUND;
    if ((first === '' || first === 'index.html') && second === undefined) {
      const listing = await store.list();
      return {
        status: 200, type: 'html', csp: PAGE_CSP.index,
        body: renderIndexPage({ runs: listing.runs, problems: listing.unreadable }, { problemsHeading: 'Not listed: unreadable run directories' }),
      };
    }
    if (first === 'index.json' && second === undefined) {
      const listing = await store.list();
      return { status: 200, type: 'json', body: renderIndexJson({ runs: listing.runs, problems: listing.unreadable }) };
    }
    if (first === 'runs' && second !== undefined) {
      if (!isRunId(second)) return NOT_FOUND;
      if (third === undefined) return redirect(`${encodeURIComponent(second)}/`);
      const result = await store.load(second);
      if (result.kind === 'missing') return NOT_FOUND;
      if (result.kind === 'unreadable') return text(404, `Run ${second} cannot be shown: ${result.unreadable.problem}.`);
      const { report, text: json, run } = result.loaded;
      const integrity = { 'X-Report-Integrity': run.integrity };
      switch (third) {
        case '':
        case 'index.html':
        case 'report.html':
          return { status: 200, type: 'html', csp: REPORT_CSP, body: renderRunPage(report, run.integrity), headers: integrity };
        case 'report.json':
          return { status: 200, type: 'json', body: json, headers: integrity };
        case 'junit.xml':
          return { status: 200, type: 'xml', body: renderJunit(report), headers: integrity };
        default:
          return NOT_FOUND;
      }
    }
    if (first === 'history') {
      if (second === undefined) {
        const target = query.get('target');
        const suite = query.get('suite');
        if (target !== null && suite !== null) return redirect(`history/${historyKey(target, suite)}/`);
        return redirect('history/');
      }
      const histories = buildHistories(await readableReports(await store.list()));
      if ((second === '' || second === 'index.html') && third === undefined) {
        return { status: 200, type: 'html', csp: PAGE_CSP.history, body: renderHistoryIndexPage(histories) };
      }
      if (!HISTORY_KEY_PATTERN.test(second)) return NOT_FOUND;
      if (third === undefined) return redirect(`${second}/`);
      if (third !== '' && third !== 'index.html') return NOT_FOUND;
      const history = histories.find((h) => historyKey(h.target, h.suiteId) === second);
      if (history === undefined) return text(404, 'No runs of this suite on this target.');
      return { status: 200, type: 'html', csp: PAGE_CSP.history, body: renderHistoryPage(history) };
    }
    return NOT_FOUND;
  }

  async function handle(request: IncomingMessage): Promise<Reply> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return text(405, 'Method not allowed: this server only reads (GET, HEAD).', { Allow: 'GET, HEAD' });
    }
    const hostHeader = request.headers.host;
    if (loopbackOnly && hostHeader !== undefined && !isLoopbackHost(hostName(hostHeader))) {
      return text(421, 'This report server only answers requests addressed to a loopback name (localhost, 127.0.0.1, [::1]).');
    }
    const parsed = parseRequestTarget(request.url ?? '/');
    if (!parsed.ok) return text(400, `Bad request: ${parsed.problem}.`);
    if (guard !== undefined) {
      const decision = guard.decide(request, parsed.query);
      if (decision === 'denied') {
        return text(401, 'This report server needs its access token: open any page once with ?token=<token> '
          + '(a session cookie keeps you signed in), or send "Authorization: Bearer <token>".',
        { 'WWW-Authenticate': 'Bearer realm="scim-conformance reports"' });
      }
      if (decision === 'exchange-query-token') {
        const location = withoutToken(parsed.path, parsed.query);
        return { ...redirect(location, 303), headers: { Location: location, 'Set-Cookie': guard.sessionCookie() } };
      }
    }
    return route(parsed.segments, parsed.query);
  }

  function respond(request: IncomingMessage, response: ServerResponse, reply: Reply): void {
    const body = Buffer.from(reply.body, 'utf8');
    response.writeHead(reply.status, {
      'Content-Type': TYPES[reply.type],
      'Content-Length': String(body.length),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': reply.csp !== undefined ? headerCsp(reply.csp) : DATA_CSP,
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': guard !== undefined ? 'no-store' : 'no-cache',
      ...reply.headers,
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  const server = createServer((request, response) => {
    const fail = (): void => {
      if (response.headersSent) response.destroy();
      else respond(request, response, text(500, 'Internal error while reading the reports.'));
    };
    handle(request).then((reply) => respond(request, response, reply)).catch(() => {
      try {
        fail();
      } catch {
        response.destroy();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  guard?.bindPort(port);
  const urlHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : isIP(host) === 6 ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/`,
    port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
