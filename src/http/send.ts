/**
 * The only user of undici. Sends one request, times it, caps the body, and never throws:
 * a hostile or broken target becomes a transport error with a readable message.
 */
import { Agent } from 'undici';
import type { HeaderList } from '../model/result.js';
import { splitRequestUrl } from './url-segment.js';

export interface OutgoingRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: HeaderList;
  readonly body?: string;
  readonly timeoutMs: number;
  /** Bodies beyond this are cut (and marked); evaluation sees the cut body. */
  readonly maxBodyBytes?: number;
  readonly signal?: AbortSignal;
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

/** Sends a request; resolves with the response or a transport error. */
export async function sendRequest(req: OutgoingRequest): Promise<SendOutcome> {
  const started = performance.now();
  const elapsed = (): number => Math.round((performance.now() - started) * 10) / 10;
  const maxBytes = req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  try {
    const headers: string[] = [];
    for (const [name, value] of req.headers) headers.push(name, value);
    // The path goes on the request line exactly as built (url-segment.ts): undici's `request(url)`
    // would run it through `new URL()`, resolving `..` and `%2e%2e` segments a hostile id carries.
    const target = splitRequestUrl(req.url);
    if (!target) throw Object.assign(new Error(`not an absolute http(s) URL: ${req.url.slice(0, 200)}`), { code: 'EINVALIDURL' });
    const res = await agent.request({
      origin: target.origin,
      path: target.path,
      method: req.method as 'GET',
      headers,
      body: req.body === undefined || req.body === '' && (req.method === 'GET' || req.method === 'HEAD') ? undefined : req.body,
      signal,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
    });
    const chunks: Buffer[] = [];
    let kept = 0;
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (kept < maxBytes) {
        const part = chunk.subarray(0, maxBytes - kept);
        chunks.push(part);
        kept += part.length;
      }
    }
    const responseHeaders: (readonly [string, string])[] = [];
    for (const [name, value] of Object.entries(res.headers)) {
      if (Array.isArray(value)) for (const v of value) responseHeaders.push([name, v]);
      else if (value !== undefined) responseHeaders.push([name, value]);
    }
    return {
      ok: true,
      totalMs: elapsed(),
      response: {
        status: res.statusCode,
        headers: responseHeaders,
        text: Buffer.concat(chunks).toString('utf8'),
        sizeBytes: size,
        truncatedBytes: size - kept,
      },
    };
  } catch (err) {
    return { ok: false, totalMs: elapsed(), error: describeTransportError(err, req, timeout.aborted) };
  }
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
