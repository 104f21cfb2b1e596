/**
 * The only user of undici. Sends one request, times it, caps the body, and never throws:
 * a hostile or broken target becomes a transport error with a readable message.
 */
import type { EventEmitter } from 'node:events';
import { Agent, Client, type Dispatcher } from 'undici';
import type { HeaderList } from '../model/result.js';
import { atDeadline, type Deadline } from './timer-delay.js';
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
 * comes first. undici takes an EventEmitter as a signal (it calls `once('abort')` and
 * `removeListener`); this is the least of one: `AbortSignal.timeout` plus `AbortSignal.any`, or
 * even a new EventEmitter, cost more per request than the rest of sending it (issue 10 item 3).
 * The time limit is a deadline on the shared timer (timer-delay.ts), not a timer of its own.
 */
class RequestAbort {
  aborted = false;
  reason: unknown = undefined;
  timedOut = false;
  #listeners: (() => void)[] = [];
  readonly #deadline: Deadline;
  readonly #caller: AbortSource | undefined;

  constructor(timeoutMs: number, caller: AbortSource | undefined) {
    this.#deadline = atDeadline(timeoutMs, () => {
      this.timedOut = true;
      this.#abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    });
    this.#caller = caller;
    if (caller?.aborted) this.#abort(caller.reason);
    else caller?.addEventListener('abort', this, { once: true });
  }

  /** The caller's signal fired (an EventListener object, not a closure per request). */
  handleEvent(): void {
    this.#abort(this.#caller?.reason);
  }

  on(event: string, listener: () => void): this {
    if (event === 'abort') this.#listeners.push(listener);
    return this;
  }

  once(event: string, listener: () => void): this {
    return this.on(event, listener);
  }

  removeListener(event: string, listener: () => void): this {
    if (event === 'abort') this.#listeners = this.#listeners.filter((l) => l !== listener);
    return this;
  }

  off(event: string, listener: () => void): this {
    return this.removeListener(event, listener);
  }

  /** What undici is given: it accepts an EventEmitter, whose subset this implements. */
  get signal(): EventEmitter {
    return this as unknown as EventEmitter;
  }

  #abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const l of listeners) l();
  }

  dispose(): void {
    this.#deadline.cancel();
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

/** One request on `dispatcher`, its body read and capped. Throws on transport errors. */
async function exchange(dispatcher: Dispatcher, target: { origin: string; path: string }, req: OutgoingRequest, signal: RequestAbort): Promise<IncomingResponse> {
  const maxBytes = req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const headers: string[] = [];
  for (const [name, value] of req.headers) headers.push(name, value);
  const res = await dispatcher.request({
    origin: target.origin,
    path: target.path,
    method: req.method as 'GET',
    headers,
    body: req.body === undefined || req.body === '' && (req.method === 'GET' || req.method === 'HEAD') ? undefined : req.body,
    signal: signal.signal,
    headersTimeout: req.timeoutMs,
    bodyTimeout: req.timeoutMs,
  });
  const { chunks, size, kept } = await readCapped(res.body, maxBytes);
  const responseHeaders: (readonly [string, string])[] = [];
  for (const [name, value] of Object.entries(res.headers)) {
    if (Array.isArray(value)) for (const v of value) responseHeaders.push([name, v]);
    else if (value !== undefined) responseHeaders.push([name, value]);
  }
  return {
    status: res.statusCode,
    headers: responseHeaders,
    text: bodyText(chunks.length === 1 ? chunks[0] as Buffer : Buffer.concat(chunks)),
    sizeBytes: size,
    truncatedBytes: size - kept,
  };
}

/**
 * Reads a body to its end, keeping its first `maxBytes`. Events, not `for await`: a stream's
 * async iterator costs several promises per chunk, ~0.3 ms of an okta-spec run (issue 10 item 3).
 * An error, an abort (undici destroys the body) or a close before the end rejects (as the
 * iterator did: the close with `ERR_STREAM_PREMATURE_CLOSE`, "Premature close").
 */
function readCapped(body: Dispatcher.ResponseData['body'], maxBytes: number): Promise<{ chunks: Buffer[]; size: number; kept: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let size = 0;
    let ended = false;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (kept < maxBytes) {
        const part = chunk.subarray(0, maxBytes - kept);
        chunks.push(part);
        kept += part.length;
      }
    });
    body.on('end', () => {
      ended = true;
      resolve({ chunks, size, kept });
    });
    body.on('error', reject);
    body.on('close', () => {
      if (!ended) reject(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    });
  });
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
