/**
 * The only user of undici. Sends one request, times it, caps the body, and never throws:
 * a hostile or broken target becomes a transport error with a readable message.
 */
import { Agent, Client, type Dispatcher } from 'undici';
import type { HeaderList } from '../model/result.js';
import { deadlineIn, schedule, unschedule, type DeadlineEntry } from './timer-delay.js';
import { splitRequestUrl } from './url-segment.js';

/**
 * What the request path reads of an abort signal. An AbortSignal is one; a step's request signal
 * is a lighter one (engine/run-lifecycle.ts): making an AbortSignal per step and adding and
 * removing an EventTarget listener per request cost more than the rest of a step's bookkeeping
 * (issue 10 item 3).
 */
export interface AbortSource {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: EventListenerOrEventListenerObject, options?: { readonly once?: boolean }): void;
  removeEventListener(type: 'abort', listener: EventListenerOrEventListenerObject): void;
}

export interface OutgoingRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: HeaderList;
  readonly body?: string;
  readonly timeoutMs: number;
  /** Bodies beyond this are cut (and marked); evaluation sees the cut body. */
  readonly maxBodyBytes?: number;
  readonly signal?: AbortSource;
}

export interface IncomingResponse {
  readonly status: number;
  readonly headers: HeaderList;
  readonly text: string;
  readonly sizeBytes: number;
  readonly truncatedBytes: number;
}

export type SendOutcome =
  | { readonly ok: true; readonly response: IncomingResponse; readonly totalMs: number }
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string }; readonly totalMs: number };

export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

const agent = new Agent({ keepAliveTimeout: 4_000, connections: 16 });

/**
 * Errors of a connection the server closed under us: on a kept-alive socket that the server has
 * just closed (its idle timeout racing our next request), the request never reached it.
 */
const STALE_SOCKET_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

/**
 * Methods repeated once on a fresh connection after such an error. RFC 9110 §9.2.2: a client may
 * repeat an idempotent request when the connection failed before the response. GET, HEAD and
 * OPTIONS are safe; PUT is idempotent and its answer means the same the second time. DELETE is
 * idempotent too, but a repeat of one that did reach the server answers 404, which a step would
 * judge as the server's own answer, so it is not repeated; nor are POST and PATCH.
 */
const RETRIED_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT']);

// The last complete answer from each origin, by a run-wide sequence number: whoever sent the
// request (a step, a cleanup, the Okta org emulator), an answer proves the target is alive
// (engine/target-health.ts reads it).
let answerSequence = 0;
const lastAnswerByOrigin = new Map<string, number>();

/** The sequence number of the last complete answer from `origin` (0 when none yet). */
export function lastAnswerFrom(origin: string): number {
  return lastAnswerByOrigin.get(origin) ?? 0;
}

/** Sends a request; resolves with the response or a transport error. */
export async function sendRequest(req: OutgoingRequest): Promise<SendOutcome> {
  const started = performance.now();
  // The path goes on the request line exactly as built (url-segment.ts): undici's `request(url)`
  // would run it through `new URL()`, resolving `..` and `%2e%2e` segments a hostile id carries.
  const target = splitRequestUrl(req.url);
  if (!target) return { ok: false, totalMs: msSince(started), error: { code: 'EINVALIDURL', message: `not an absolute http(s) URL: ${req.url.slice(0, 200)}` } };
  const signal = new RequestAbort(req.timeoutMs, req.signal);
  try {
    let response: IncomingResponse;
    try {
      response = await exchange(agent, target, req, signal);
    } catch (err) {
      if (signal.aborted || !RETRIED_METHODS.has(req.method.toUpperCase()) || !STALE_SOCKET_CODES.has(errorCode(err))) throw err;
      // One repeat on a connection of its own, never a second stale socket from the pool.
      const fresh = new Client(target.origin, { keepAliveTimeout: 1, pipelining: 0 });
      try {
        response = await exchange(fresh, target, req, signal);
      } finally {
        void fresh.destroy().catch(() => undefined);
      }
    }
    lastAnswerByOrigin.set(target.origin, ++answerSequence);
    return { ok: true, totalMs: msSince(started), response };
  } catch (err) {
    return { ok: false, totalMs: msSince(started), error: describeTransportError(err, req, signal.timedOut) };
  } finally {
    signal.dispose();
  }
}

/**
 * The abort signal of one request: the caller's `signal` or the request's time limit, whichever
 * comes first; it aborts the exchange in flight. No AbortSignal: `AbortSignal.timeout` plus
 * `AbortSignal.any`, or even a new EventEmitter, cost more per request than the rest of sending
 * it (issue 10 item 3). The time limit is a deadline on the shared timer (timer-delay.ts).
 */
class RequestAbort implements DeadlineEntry {
  aborted = false;
  reason: unknown = undefined;
  timedOut = false;
  /** The exchange in flight, aborted with this request. */
  exchange: ExchangeHandler | undefined;
  /** The request's time limit, as the shared timer's entry (this object is its own entry). */
  readonly at: number;
  readonly #caller: AbortSource | undefined;

  constructor(timeoutMs: number, caller: AbortSource | undefined) {
    this.at = deadlineIn(timeoutMs);
    schedule(this);
    this.#caller = caller;
    if (caller?.aborted) this.#abort(caller.reason);
    else caller?.addEventListener('abort', this, { once: true });
  }

  /** The time limit passed. */
  fire(): void {
    this.timedOut = true;
    this.#abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  }

  /** The caller's signal fired (an EventListener object, not a closure per request). */
  handleEvent(): void {
    this.#abort(this.#caller?.reason);
  }

  #abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.exchange?.abortNow();
  }

  dispose(): void {
    unschedule(this);
    this.#caller?.removeEventListener('abort', this);
  }
}

/** Milliseconds since `started` (performance.now()), to a tenth. */
function msSince(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

function errorCode(err: unknown): string {
  const e = err as { code?: string; cause?: { code?: string } };
  return e.code ?? e.cause?.code ?? '';
}

/**
 * A large body byte-for-byte equal to the previous large one gets the previous text back (issue
 * 14): a server answering every request with the same 10^6-element ListResponse costs one decoded
 * copy, not one per request, and the shared parse (parseSharedJson) then matches it at once.
 */
const REUSE_TEXT_FROM_BYTES = 256 * 1024;
let lastLargeBody: { readonly bytes: Buffer; readonly text: string } | undefined;

function bodyText(bytes: Buffer): string {
  if (bytes.length < REUSE_TEXT_FROM_BYTES) return bytes.toString('utf8');
  if (lastLargeBody !== undefined && lastLargeBody.bytes.equals(bytes)) return lastLargeBody.text;
  const text = bytes.toString('utf8');
  lastLargeBody = { bytes, text };
  return text;
}

/**
 * One request on `dispatcher`, its body read and capped. Throws on transport errors.
 * Through undici's dispatch handler, not `request()`: no Readable stream, async resource or
 * header object per response, only the callbacks the response arrives by (issue 10 item 3).
 */
function exchange(dispatcher: Dispatcher, target: { origin: string; path: string }, req: OutgoingRequest, signal: RequestAbort): Promise<IncomingResponse> {
  // Aborted before it is sent (the caller's signal had fired): not sent at all.
  if (signal.aborted) return Promise.reject(signal.reason);
  const headers: string[] = [];
  for (const header of req.headers) headers.push(header[0], header[1]);
  return new Promise((resolve, reject) => {
    const handler = new ExchangeHandler(req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, signal, resolve, reject);
    dispatcher.dispatch({
      origin: target.origin,
      path: target.path,
      method: req.method as 'GET',
      headers,
      body: req.body === undefined || req.body === '' && (req.method === 'GET' || req.method === 'HEAD') ? null : req.body,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
    }, handler);
  });
}

/**
 * The response of one dispatched request (undici's handler callbacks): the status and headers,
 * then the body kept up to `maxBytes` and counted whole. The request's abort signal aborts it in
 * flight; whatever ends it first (the end, an error, an abort) settles the promise once.
 */
class ExchangeHandler implements Dispatcher.DispatchHandler {
  readonly #maxBytes: number;
  readonly #signal: RequestAbort;
  readonly #resolve: (r: IncomingResponse) => void;
  readonly #reject: (e: unknown) => void;
  #abort: ((reason?: unknown) => void) | undefined;
  #status = 0;
  #headers: (readonly [string, string])[] = [];
  #chunks: Buffer[] = [];
  #size = 0;
  #kept = 0;
  #settled = false;

  constructor(maxBytes: number, signal: RequestAbort, resolve: (r: IncomingResponse) => void, reject: (e: unknown) => void) {
    this.#maxBytes = maxBytes;
    this.#signal = signal;
    this.#resolve = resolve;
    this.#reject = reject;
    signal.exchange = this;
  }

  /** The request was aborted: in flight, through undici (which then calls onError); before it connected, at once. */
  abortNow(): void {
    if (this.#abort !== undefined) this.#abort(this.#signal.reason);
    else this.onError(this.#signal.reason);
  }

  onConnect(abort: (reason?: Error) => void): void {
    if (this.#signal.aborted) abort(this.#signal.reason as Error);
    else this.#abort = abort as (reason?: unknown) => void;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    if (statusCode < 200) return true; // an interim answer (103 Early Hints): the final one follows
    this.#status = statusCode;
    this.#headers = headerList(rawHeaders);
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.#size += chunk.length;
    if (this.#kept < this.#maxBytes) {
      const part = chunk.subarray(0, this.#maxBytes - this.#kept);
      this.#chunks.push(part);
      this.#kept += part.length;
    }
    return true;
  }

  onComplete(): void {
    if (this.#settled) return;
    let response: IncomingResponse;
    try {
      const chunks = this.#chunks;
      response = {
        status: this.#status,
        headers: this.#headers,
        text: bodyText(chunks.length === 1 ? chunks[0] as Buffer : Buffer.concat(chunks)),
        sizeBytes: this.#size,
        truncatedBytes: this.#size - this.#kept,
      };
    } catch (err) {
      // A body that cannot become a string (past V8's limit, were a cap ever raised that far).
      this.onError(err);
      return;
    }
    this.#settle();
    this.#resolve(response);
  }

  onError(err: unknown): void {
    if (!this.#settle()) this.#reject(err);
  }

  /** Marks the exchange settled; true when it was already. */
  #settle(): boolean {
    if (this.#settled) return true;
    this.#settled = true;
    if (this.#signal.exchange === this) this.#signal.exchange = undefined;
    return false;
  }
}

/**
 * Response headers as [lower-case name, value] pairs, values decoded as latin1 (as undici's
 * `request()` gives them); the values of a repeated name together, at its first place.
 */
function headerList(raw: Buffer[]): (readonly [string, string])[] {
  const out: (readonly [string, string])[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    out.push([(raw[i] as Buffer).toString('latin1').toLowerCase(), (raw[i + 1] as Buffer).toString('latin1')]);
  }
  if (!hasRepeatedName(out)) return out;
  const byName = new Map<string, (readonly [string, string])[]>();
  for (const pair of out) {
    const group = byName.get(pair[0]);
    if (group === undefined) byName.set(pair[0], [pair]);
    else group.push(pair);
  }
  return [...byName.values()].flat();
}

/** Whether a name occurs twice: compared pairwise for the dozen headers of a usual answer, through a Set beyond. */
function hasRepeatedName(headers: readonly (readonly [string, string])[]): boolean {
  if (headers.length > 16) return new Set(headers.map((h) => h[0])).size < headers.length;
  for (let i = 1; i < headers.length; i += 1) {
    const name = headers[i]![0];
    for (let j = 0; j < i; j += 1) if (headers[j]![0] === name) return true;
  }
  return false;
}

function describeTransportError(err: unknown, req: OutgoingRequest, timedOut: boolean): { code: string; message: string } {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code ?? (timedOut ? 'ETIMEDOUT' : 'EREQUEST');
  let host = req.url;
  try { host = new URL(req.url).host; } catch { /* keep the raw url */ }
  if (timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return { code: 'ETIMEDOUT', message: `no complete response from ${host} within ${req.timeoutMs} ms` };
  }
  if (code === 'ECONNREFUSED') return { code, message: `connection refused by ${host}: is the server running?` };
  if (code === 'ENOTFOUND') return { code, message: `host not found: ${host}` };
  if (req.signal?.aborted) return { code: 'EABORTED', message: 'request aborted (run interrupted)' };
  return { code, message: `${e.message ?? String(err)}${e.cause?.message ? ` (${e.cause.message})` : ''}` };
}
