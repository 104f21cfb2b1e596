/**
 * The emulator's SCIM client: sends what Okta's provisioning client sends (okta-wire.md §1.0
 * headers, `Authorization` verbatim), through `sendRequest`; honours 429 like Okta (§1.13);
 * records every exchange, redacted, for `provisioningLog()`.
 */
import type { HeaderList, HttpExchange } from '../../model/result.js';
import { parseSharedJson } from '../../http/bounded-json.js';
import { recordExchange } from '../../http/record-exchange.js';
import { createRedactor, type Redactor } from '../../http/redact.js';
import type { AuthorizationSource } from '../../http/oauth-client.js';
import { sendAuthorized } from '../../http/oauth-send.js';
import type { SendOutcome } from '../../http/send.js';
import { joinScimUrl } from '../../scim/base-url.js';
import { headerValue } from '../header-values.js';
import { isRecord } from './scim-user-mapping.js';

/** Okta's documented client name (okta-wire.md §1.0; casing UNCERTAIN, docs say `Client`). */
export const OKTA_SCIM_USER_AGENT = 'Okta SCIM Client 1.0.0';
export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/** §1.13: after the 10th failed attempt the task fails permanently. */
export const MAX_RATE_LIMITED_ATTEMPTS = 10;
/** §1.13: no usable Retry-After → 5 minutes, doubling on each further 429. */
export const DEFAULT_RETRY_AFTER_MS = 5 * 60_000;
/** The emulator's clamp on any one rate-limit wait (Okta itself has none): a run must not hang on a server's delay. */
export const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 10_000;

export type ScimOutcome =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly headers: HeaderList;
      readonly text: string;
      /** The parsed body when it is JSON. */
      readonly json: unknown;
    }
  | { readonly kind: 'transport'; readonly message: string };

export interface OktaScimClientOptions {
  readonly scimUrl: string;
  readonly scimAuth: string;
  /**
   * The run's OAuth token source: `scimAuth` is then the stand-in of src/http/oauth-send.ts and
   * every push carries the current access token, refreshed like the suites' requests.
   */
  readonly scimAuthSource?: AuthorizationSource;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly retryAfterDefaultMs: number;
  /** The longest the emulator waits after one 429, whatever the server asks; default DEFAULT_MAX_RATE_LIMIT_WAIT_MS. */
  readonly maxRateLimitWaitMs?: number;
  readonly record: (exchange: HttpExchange) => void;
}

export class OktaScimClient {
  readonly baseUrl: string;
  readonly #options: OktaScimClientOptions;
  readonly #secrets: string[];
  #redact: Redactor;

  constructor(options: OktaScimClientOptions) {
    this.baseUrl = options.scimUrl.trim().replace(/\/+$/, '');
    this.#secrets = [options.scimAuth];
    this.#redact = createRedactor(this.#secrets);
    this.#options = options;
  }

  /** Removes scimAuth and every secret added since from recorded text. */
  get redact(): Redactor {
    const source = this.#options.scimAuthSource;
    return source === undefined ? this.#redact : createRedactor([...this.#secrets, ...source.secrets()]);
  }

  /** A value to redact from now on (a synced Okta password is sent to the SCIM server). */
  addSecret(value: string): void {
    if (value === '' || this.#secrets.includes(value)) return;
    this.#secrets.push(value);
    this.#redact = createRedactor(this.#secrets);
  }

  /** `path` starts with `/` and carries its encoded query. */
  async send(method: string, path: string, body?: unknown): Promise<ScimOutcome> {
    const url = joinScimUrl(this.baseUrl, path);
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers: [string, string][] = [
      ['Accept', 'application/scim+json'],
      ['Accept-Charset', 'utf-8'],
    ];
    // Content-Type on bodies, and on DELETE as in Okta's 2018 capture (okta-wire.md §1.0).
    if (text !== undefined || method === 'DELETE') headers.push(['Content-Type', SCIM_CONTENT_TYPE]);
    headers.push(['User-Agent', OKTA_SCIM_USER_AGENT], ['Authorization', this.#options.scimAuth]);

    let defaultWait = this.#options.retryAfterDefaultMs;
    for (let attempt = 1; ; attempt++) {
      const outcome = await sendAuthorized({
        method,
        url,
        headers,
        ...(text === undefined ? {} : { body: text }),
        timeoutMs: this.#options.timeoutMs,
        signal: this.#options.signal,
      }, this.#options.scimAuthSource);
      this.#record(method, url, headers, text, outcome);
      if (!outcome.ok) return { kind: 'transport', message: outcome.error.message };
      const r = outcome.response;
      const result: ScimOutcome = { kind: 'response', status: r.status, headers: r.headers, text: r.text, json: parseJson(r.text) };
      if (r.status !== 429 || attempt >= MAX_RATE_LIMITED_ATTEMPTS || this.#options.signal.aborted) return result;
      const retryAfter = headerValue(r.headers, 'retry-after')?.trim() ?? '';
      let wait: number;
      if (/^\d+$/.test(retryAfter)) {
        wait = Number(retryAfter) * 1000; // honoured exactly
      } else {
        wait = defaultWait;
        defaultWait *= 2;
      }
      // Okta waits what the server says (up to days); the emulator waits at most maxRateLimitWaitMs,
      // so a hostile Retry-After cannot hold a run (the wait Okta would make is in the log's exchange).
      wait = Math.min(wait, this.#options.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS);
      try {
        await this.#options.sleep(wait, this.#options.signal);
      } catch {
        return result; // emulator closing
      }
    }
  }

  #record(method: string, url: string, headers: HeaderList, body: string | undefined, outcome: SendOutcome): void {
    this.#options.record(recordExchange({ method, url, headers, ...(body === undefined ? {} : { body }) }, outcome, this.redact));
  }

}

/**
 * The SCIM server's JSON (bounded: it may be hostile), or undefined when there is none we can read.
 * Shared with the run's own readers of the same text (parseSharedJson): the emulator never writes
 * into it (a replacement body is a structured clone).
 */
function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  const parsed = parseSharedJson(text);
  return parsed.ok ? parsed.value : undefined;
}

/** `POST http://…/Users returned 409: User already exists` — for provisioning task messages. */
export function describeScimFailure(method: string, url: string, outcome: ScimOutcome): string {
  if (outcome.kind === 'transport') return `${method} ${url}: ${outcome.message}`;
  let detail = '';
  if (isRecord(outcome.json)) {
    const d = outcome.json['detail'] ?? outcome.json['scimType'] ?? outcome.json['message'];
    if (typeof d === 'string' && d !== '') detail = d;
  }
  if (detail === '' && outcome.text.trim() !== '') {
    const oneLine = outcome.text.trim().replace(/\s+/g, ' ');
    detail = oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine;
  }
  const rateLimited = outcome.status === 429 ? ` (still rate limited after ${MAX_RATE_LIMITED_ATTEMPTS} attempts)` : '';
  return `${method} ${url} returned ${outcome.status}${rateLimited}${detail ? `: ${detail}` : ' with an empty body'}`;
}
