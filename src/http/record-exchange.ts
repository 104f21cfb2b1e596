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
  const redactHeaders = (headers: HeaderList): HeaderList => headers.map(([n, v]) => [n, redactHeader(n, v, redact)] as const);
  return {
    request: {
      method: request.method,
      url: redact(request.url),
      headers: redactHeaders(request.headers),
      ...(request.body !== undefined ? { body: capRedacted(request.body, redact) } : {}),
    },
    ...(outcome.ok
      ? {
        response: {
          status: outcome.response.status,
          headers: redactHeaders(outcome.response.headers),
          body: (() => {
            const c = capRedacted(outcome.response.text, redact);
            return { text: c.text, truncatedBytes: c.truncatedBytes + outcome.response.truncatedBytes };
          })(),
          sizeBytes: outcome.response.sizeBytes,
        },
      }
      : { transportError: { code: outcome.error.code, message: redact(outcome.error.message) } }),
    timing: { totalMs: outcome.totalMs },
  };
}
