/**
 * An Okta-import-style scan of `/Users` (okta-wire.md §1.10): `GET /Users?startIndex=1&count=100`,
 * then `startIndex` += 100 while `totalResults` says more remain. Used by the scale bench
 * (issue 10 item 4) and usable on its own.
 *
 * Memory stays flat however many users the server holds: each page is parsed, counted and
 * dropped; only counters, the first page's exchange and the last page's exchange are kept
 * (redacted, bodies capped at the report cap), because that is all a report needs.
 */
import { parseBoundedJson } from '../http/bounded-json.js';
import { recordExchange } from '../http/record-exchange.js';
import { createRedactor } from '../http/redact.js';
import { sendRequest } from '../http/send.js';
import type { HeaderList, HttpExchange } from '../model/result.js';
import { joinScimUrl } from '../scim/base-url.js';

/** What to scan. */
export interface ImportScanOptions {
  /** SCIM base URL (a query on it, such as Entra's flag, is repeated on every request). */
  readonly baseUrl: string;
  /** The Authorization header value; redacted from everything kept. */
  readonly authorization: string;
  /** Page size; Okta always asks for 100 (okta-wire.md §1.10). */
  readonly count?: number;
  readonly timeoutMs?: number;
  /** Stop after this many pages (a guard against a server whose totalResults never ends). */
  readonly maxPages?: number;
  readonly signal?: AbortSignal;
  /** Called after each page with the pages and resources so far (progress, memory sampling). */
  readonly onPage?: (pages: number, resources: number) => void;
}

/** The outcome of a scan: counters and two sample exchanges, never the users themselves. */
export interface ImportScanResult {
  readonly pages: number;
  /** Resources received over all pages. */
  readonly resources: number;
  /** totalResults of the first page. */
  readonly totalResults: number | undefined;
  /** Readable problems (paging broke the contract Okta relies on); empty when none. */
  readonly problems: readonly string[];
  readonly firstExchange?: HttpExchange;
  readonly lastExchange?: HttpExchange;
  readonly elapsedMs: number;
}

const MAX_PROBLEMS = 20;

/** Pages through `/Users` as Okta's import does. Never throws: transport errors end the scan as a problem. */
export async function scanUsers(options: ImportScanOptions): Promise<ImportScanResult> {
  const started = performance.now();
  const count = options.count ?? 100;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxPages = options.maxPages ?? 100_000;
  const redact = createRedactor([options.authorization]);
  const headers: HeaderList = [['Accept', 'application/scim+json'], ['Authorization', options.authorization]];
  const problems: string[] = [];
  const problem = (text: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(text);
  };
  let pages = 0;
  let resources = 0;
  let totalResults: number | undefined;
  let firstExchange: HttpExchange | undefined;
  let lastExchange: HttpExchange | undefined;
  let lastIdOfPreviousPage: string | undefined;

  for (let startIndex = 1; pages < maxPages; startIndex += count) {
    const url = joinScimUrl(options.baseUrl, `/Users?startIndex=${startIndex}&count=${count}`);
    const outcome = await sendRequest({ method: 'GET', url, headers, timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
    pages += 1;
    const exchange = recordExchange({ method: 'GET', url, headers }, outcome, redact);
    if (firstExchange === undefined) firstExchange = exchange;
    lastExchange = exchange;
    if (!outcome.ok) {
      problem(`page at startIndex ${startIndex}: ${outcome.error.message}`);
      break;
    }
    if (outcome.response.status !== 200) {
      problem(`page at startIndex ${startIndex} answered ${outcome.response.status}`);
      break;
    }
    const parsed = parseBoundedJson(outcome.response.text);
    const body = parsed.ok && typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value)
      ? parsed.value as Record<string, unknown>
      : undefined;
    const page = Array.isArray(body?.['Resources']) ? body['Resources'] as unknown[] : undefined;
    if (body === undefined || page === undefined) {
      problem(`page at startIndex ${startIndex} is not a ListResponse with "Resources"`);
      break;
    }
    const total = body['totalResults'];
    if (typeof total !== 'number') problem(`page at startIndex ${startIndex}: totalResults is not a number`);
    else if (totalResults === undefined) totalResults = total;
    else if (total !== totalResults) problem(`totalResults changed from ${totalResults} to ${total} during the scan`);
    if (body['startIndex'] !== startIndex) problem(`page at startIndex ${startIndex} echoed startIndex ${JSON.stringify(body['startIndex'])}`);
    if (page.length > count) problem(`page at startIndex ${startIndex} has ${page.length} resources, more than count=${count}`);
    // Stable order across pages (okta-wire.md §1.10): a page must not repeat the previous page's last user.
    const ids = page.map((r) => (typeof r === 'object' && r !== null ? (r as Record<string, unknown>)['id'] : undefined));
    if (lastIdOfPreviousPage !== undefined && ids.includes(lastIdOfPreviousPage)) {
      problem(`page at startIndex ${startIndex} repeats user ${lastIdOfPreviousPage} of the previous page (unstable order)`);
    }
    const last = ids[ids.length - 1];
    lastIdOfPreviousPage = typeof last === 'string' ? last : undefined;
    resources += page.length;
    options.onPage?.(pages, resources);
    // Okta goes on while totalResults says more remain; an empty page ends it too.
    if (page.length === 0 || totalResults === undefined || resources >= totalResults) break;
  }
  if (totalResults !== undefined && resources !== totalResults) problem(`received ${resources} users, totalResults said ${totalResults}`);
  return {
    pages,
    resources,
    totalResults,
    problems,
    ...(firstExchange ? { firstExchange } : {}),
    ...(lastExchange && lastExchange !== firstExchange ? { lastExchange } : {}),
    elapsedMs: Math.round(performance.now() - started),
  };
}
