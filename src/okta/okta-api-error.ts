/**
 * A failed Okta Management API call, typed. Okta's error body (errorCode, errorSummary,
 * errorCauses, errorId) and `X-Okta-Request-Id` become fields and one readable message
 * (okta-wire.md §2.0). Messages pass through a redactor: the API token never appears.
 */
import type { OktaErrorBody } from './api-types.js';
import { parseBoundedJson } from '../http/bounded-json.js';

/**
 * - `response`: Okta answered with an error status (the Okta fields are set when its body
 *   was an Okta error body);
 * - `transport`: no answer (refused, DNS, timeout);
 * - `invalid-response`: a success status whose body is not the JSON object we asked for
 *   (typically a wrong org URL serving HTML);
 * - `rate-limited`: still 429 after the waits we allow.
 */
export type OktaApiErrorKind = 'response' | 'transport' | 'invalid-response' | 'rate-limited';

export interface OktaApiErrorDetails {
  readonly kind: OktaApiErrorKind;
  readonly method: string;
  /** Request URL (never carries the token). */
  readonly url: string;
  readonly status?: number;
  readonly errorCode?: string;
  readonly errorSummary?: string;
  readonly errorCauses?: readonly string[];
  readonly errorId?: string;
  readonly requestId?: string;
  /** Transport error code (`ECONNREFUSED`, `ETIMEDOUT`, …) or a short explanation. */
  readonly cause?: string;
}

export class OktaApiError extends Error {
  override readonly name = 'OktaApiError';
  readonly kind: OktaApiErrorKind;
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly errorCode: string | undefined;
  readonly errorSummary: string | undefined;
  readonly errorCauses: readonly string[];
  readonly errorId: string | undefined;
  readonly requestId: string | undefined;

  constructor(details: OktaApiErrorDetails, redact: (text: string) => string = (t) => t) {
    super(redact(describeOktaApiError(details)));
    this.kind = details.kind;
    this.method = details.method;
    this.url = redact(details.url);
    this.status = details.status;
    this.errorCode = details.errorCode;
    this.errorSummary = details.errorSummary === undefined ? undefined : redact(details.errorSummary);
    this.errorCauses = (details.errorCauses ?? []).map(redact);
    this.errorId = details.errorId;
    this.requestId = details.requestId;
  }
}

/** `GET https://org/api/v1/apps/x → 404 E0000007 Not found: … (errorId …, X-Okta-Request-Id …)`. */
export function describeOktaApiError(d: OktaApiErrorDetails): string {
  const target = `Okta API ${d.method} ${d.url}`;
  if (d.kind === 'transport') return `${target} failed: ${d.cause ?? 'no response'}`;
  const status = d.status === undefined ? '' : ` → ${d.status}`;
  const code = d.errorCode ? ` ${d.errorCode}` : '';
  let text = d.errorSummary ? `: ${d.errorSummary}` : d.cause ? `: ${d.cause}` : '';
  const causes = (d.errorCauses ?? []).filter((c) => c && c !== d.errorSummary);
  if (causes.length > 0) text += ` (${causes.join('; ')})`;
  const ids = [d.errorId && `errorId ${d.errorId}`, d.requestId && `X-Okta-Request-Id ${d.requestId}`].filter(Boolean);
  return `${target}${status}${code}${text}${ids.length > 0 ? ` [${ids.join(', ')}]` : ''}`;
}

/** Reads an Okta error body; undefined when the text is not one. */
export function parseOktaErrorBody(text: string): OktaErrorBody | undefined {
  const parsed = parseBoundedJson(text);
  if (!parsed.ok) return undefined;
  const value = parsed.value;
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v['errorCode'] !== 'string' || typeof v['errorSummary'] !== 'string') return undefined;
  const causes = Array.isArray(v['errorCauses'])
    ? v['errorCauses'].flatMap((c: unknown) =>
        typeof c === 'object' && c !== null && typeof (c as Record<string, unknown>)['errorSummary'] === 'string'
          ? [{ errorSummary: (c as Record<string, string>)['errorSummary'] as string }]
          : [],
      )
    : [];
  return {
    errorCode: v['errorCode'],
    errorSummary: v['errorSummary'],
    ...(typeof v['errorLink'] === 'string' ? { errorLink: v['errorLink'] } : {}),
    ...(typeof v['errorId'] === 'string' ? { errorId: v['errorId'] } : {}),
    errorCauses: causes,
  };
}
