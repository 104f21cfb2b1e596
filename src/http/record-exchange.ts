/**
 * One HTTP exchange as a report keeps it: secrets redacted at the source (credential headers
 * wholesale, every other text through the run's redactor) and bodies capped, redacting only what
 * is kept (http/cap.ts), so the work is bounded by the cap, not by the body. Used by every sender
 * that records what it did: steps, the OAuth token source, the load probe.
 */
import type { HeaderList, HttpExchange } from '../model/result.js';
import { capRedacted } from './cap.js';
import { redactHeader, type Redactor } from './redact.js';
import type { SendOutcome } from './send.js';

/** What was sent: the request as it went on the wire. */
export interface SentRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: HeaderList;
  readonly body?: string;
}

/** The exchange of `request` and its `outcome`, redacted and capped. */
export function recordExchange(request: SentRequest, outcome: SendOutcome, redact: Redactor): HttpExchange {
  const sent: { -readonly [K in keyof HttpExchange['request']]: HttpExchange['request'][K] } = {
    method: request.method,
    url: redact(request.url),
    headers: redactHeaders(request.headers, redact),
  };
  if (request.body !== undefined) sent.body = capRedacted(request.body, redact);
  if (!outcome.ok) {
    return { request: sent, transportError: { code: outcome.error.code, message: redact(outcome.error.message) }, timing: { totalMs: outcome.totalMs } };
  }
  const c = capRedacted(outcome.response.text, redact);
  return {
    request: sent,
    response: {
      status: outcome.response.status,
      headers: redactHeaders(outcome.response.headers, redact),
      body: { text: c.text, truncatedBytes: c.truncatedBytes + outcome.response.truncatedBytes },
      sizeBytes: outcome.response.sizeBytes,
    },
    timing: { totalMs: outcome.totalMs },
  };
}

function redactHeaders(headers: HeaderList, redact: Redactor): HeaderList {
  const out: (readonly [string, string])[] = new Array(headers.length);
  for (let i = 0; i < headers.length; i += 1) {
    const header = headers[i]!;
    out[i] = [header[0], redactHeader(header[0], header[1], redact)];
  }
  return out;
}
