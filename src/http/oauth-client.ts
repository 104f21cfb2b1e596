/**
 * The OAuth 2.0 token source of a run (RFC 6749): fetches an access token for the SCIM target
 * with the client-credentials grant (§4.4) or the refresh-token grant (§6), keeps it until it
 * expires or the SCIM server says it is invalid (RFC 6750 §3.1 `invalid_token`), and fetches
 * another then. Every secret it handles — the client secret, refresh tokens, every access token
 * it was issued — is registered in {@link OAuthTokenSource.secrets}, so the run's redactor
 * removes them from every record in every form (redact.ts). Token exchanges are recorded
 * already redacted.
 */
import type { TokenExchangeCause, TokenExchangeRecord } from '../model/report.js';
import type { HttpExchange } from '../model/result.js';
import { parseBoundedJson } from './bounded-json.js';
import { recordExchange } from './record-exchange.js';
import { createRedactor } from './redact.js';
import { sendRequest, type AbortSource, type SendOutcome } from './send.js';

/** What the user configured (flags, env or config file). */
export interface OAuthSettings {
  readonly tokenUrl: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly scope?: string;
  /** Sent as the `audience` parameter (the form Okta and Auth0 authorization servers read). */
  readonly audience?: string;
  /** With one, the refresh-token grant is used (covers authorization-code apps after consent). */
  readonly refreshToken?: string;
}

export type Grant = 'client_credentials' | 'refresh_token';

/** One exchange with the token endpoint, as recorded (secrets redacted): report.json's `meta.auth.tokenExchanges`. */
export type TokenExchange = TokenExchangeRecord;

/**
 * The longest token lifetime {@link OAuthTokenSource.expiredAuthorization} waits out to present
 * an expired token (issue 13: never wait long; a failing run costs what a passing one does).
 */
export const MAX_EXPIRY_WAIT_MS = 2_000;
/**
 * A token counts as surely expired this long after its reported lifetime: `expires_in` is whole
 * seconds (a server may round down) and the server's clock started before our answer arrived.
 */
const EXPIRY_MARGIN_MS = 300;

/** The token source the engine asks for the Authorization header of SCIM requests. */
export interface AuthorizationSource {
  /** `Bearer <token>`, fetching a token first when there is none or it expired. */
  authorization(): Promise<AuthorizationOutcome>;
  /**
   * The SCIM server refused `authorization` with 401: a new token is fetched unless another
   * request already replaced that one. Resolves to the header to retry with (once).
   */
  rejected(authorization: string, request: string): Promise<AuthorizationOutcome>;
  /** Every secret handled so far (client secret, refresh tokens, access tokens). */
  secrets(): readonly string[];
}

export type AuthorizationOutcome = { readonly ok: true; readonly header: string } | { readonly ok: false; readonly problem: string };

/** A parsed token response (RFC 6749 §5.1) or why it is not one. */
export type TokenResponse =
  | { readonly ok: true; readonly accessToken: string; readonly tokenType: string; readonly expiresInS?: number; readonly refreshToken?: string }
  | { readonly ok: false; readonly problem: string; readonly error?: string };

interface CurrentToken {
  readonly header: string;
  readonly accessToken: string;
  /** performance.now() after which the token is refreshed; Infinity when no expires_in. */
  readonly refreshAtMs: number;
  /** performance.now() after which the token has surely expired (answer received + expires_in + margin). */
  readonly expiredAtMs: number;
  /** The lifetime the token response gave (expires_in); Infinity when none. */
  readonly lifetimeMs: number;
}

/** Reads a token endpoint answer: 200 with access_token and token_type (RFC 6749 §5.1), else the §5.2 error. */
export function parseTokenResponse(outcome: SendOutcome): TokenResponse {
  if (!outcome.ok) return { ok: false, problem: outcome.error.message };
  const { status, text } = outcome.response;
  const parsed = parseBoundedJson(text);
  const body = parsed.ok && typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value)
    ? parsed.value as Record<string, unknown>
    : undefined;
  if (status !== 200) {
    const error = typeof body?.['error'] === 'string' ? body['error'] : undefined;
    const description = typeof body?.['error_description'] === 'string' ? `: ${body['error_description']}` : '';
    return { ok: false, problem: `the token endpoint answered ${status}${error ? ` ${error}${description}` : ''}`, ...(error ? { error } : {}) };
  }
  if (body === undefined) return { ok: false, problem: 'the token endpoint answered 200 without a JSON object (RFC 6749 §5.1)' };
  const accessToken = body['access_token'];
  const tokenType = body['token_type'];
  if (typeof accessToken !== 'string' || accessToken === '') return { ok: false, problem: 'the token response has no access_token (RFC 6749 §5.1)' };
  if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') {
    return { ok: false, problem: `the token response's token_type is ${JSON.stringify(tokenType ?? null)}, not "Bearer" (RFC 6750 §4)` };
  }
  const expiresIn = body['expires_in'];
  const refreshToken = body['refresh_token'];
  return {
    ok: true, accessToken, tokenType,
    ...(typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0 ? { expiresInS: expiresIn } : {}),
    ...(typeof refreshToken === 'string' && refreshToken !== '' ? { refreshToken } : {}),
  };
}

/** RFC 6749 §2.3.1 client authentication: HTTP Basic over the form-urlencoded id and secret. */
function basicCredentials(clientId: string, clientSecret: string): string {
  const form = (s: string): string => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${form(clientId)}:${form(clientSecret)}`).toString('base64')}`;
}

/** A token is refreshed this long before it expires (a tenth of its life, at most 30 s). */
function refreshMargin(lifetimeMs: number): number {
  return Math.min(30_000, lifetimeMs / 10);
}

/** Fetches, caches and refreshes access tokens for one run. */
export class OAuthTokenSource implements AuthorizationSource {
  readonly settings: OAuthSettings;
  readonly #timeoutMs: number;
  readonly #secrets = new Set<string>();
  readonly #exchanges: TokenExchange[] = [];
  #refreshToken: string | undefined;
  #current: CurrentToken | undefined;
  #pending: Promise<AuthorizationOutcome> | undefined;
  #firstOutcome: SendOutcome | undefined;
  /** The other-audience token (or the refusal), and when it is fetched again (like the current token). */
  #otherAudience: { readonly outcome: Promise<AuthorizationOutcome>; refreshAtMs: number } | undefined;
  /** Tokens replaced because their lifetime ran out (newest last, a few kept): expired tokens to present. */
  readonly #retired: CurrentToken[] = [];

  constructor(settings: OAuthSettings, options: { readonly timeoutMs: number }) {
    this.settings = settings;
    this.#timeoutMs = options.timeoutMs;
    this.#refreshToken = settings.refreshToken;
    for (const s of [settings.clientSecret, settings.refreshToken]) if (s) this.#secrets.add(s);
    if (settings.clientId && settings.clientSecret) this.#secrets.add(basicCredentials(settings.clientId, settings.clientSecret));
  }

  /** The grant this source uses. */
  get grant(): Grant {
    return this.#refreshToken !== undefined ? 'refresh_token' : 'client_credentials';
  }

  secrets(): readonly string[] {
    return [...this.#secrets];
  }

  /** Removes every secret this source handled from `text`. */
  redact(text: string): string {
    return createRedactor(this.#secrets)(text);
  }

  /**
   * Every exchange with the token endpoint so far, oldest first, redacted — again with every
   * secret known now, so a secret learnt after an exchange was recorded is removed from it too.
   */
  exchanges(): readonly TokenExchange[] {
    const redact = createRedactor(this.#secrets);
    return this.#exchanges.map((e) => ({ ...e, reason: redact(e.reason), exchange: redactExchange(e.exchange, redact), ...(e.problem !== undefined ? { problem: redact(e.problem) } : {}) }));
  }

  /**
   * Whether {@link expiredAuthorization} can present an expired token: "available", or why not
   * (for the `oauthExpiredToken` variable, so the oauth suite's expired-token check is n/a with
   * that reason). Known from the first token response's `expires_in`.
   */
  expiredTokenAvailability(): string {
    if (this.#expiring() !== undefined) return 'available';
    const current = this.#current;
    if (current === undefined) return 'no access token was issued';
    if (current.lifetimeMs === Infinity) return 'the token response gives no expires_in, so when a token expires is unknown';
    if (current.lifetimeMs > MAX_EXPIRY_WAIT_MS) {
      return `the run's access tokens live ${current.lifetimeMs / 1000} s (expires_in) and none has expired yet; waiting that long for one is not done (only tokens living ≤ ${MAX_EXPIRY_WAIT_MS / 1000} s are waited out)`;
    }
    return 'available';
  }

  /** The token that has expired longest ago, or will within about {@link MAX_EXPIRY_WAIT_MS}. */
  #expiring(): CurrentToken | undefined {
    const now = performance.now();
    return [...this.#retired, ...(this.#current !== undefined ? [this.#current] : [])]
      .filter((t) => t.expiredAtMs - now <= MAX_EXPIRY_WAIT_MS + EXPIRY_MARGIN_MS)
      .sort((a, b) => a.expiredAtMs - b.expiredAtMs)[0];
  }

  /**
   * A token that has really expired (RFC 6750 §3.1: the SCIM server must refuse it): a token this
   * source replaced because its lifetime ran out, else — only when tokens live ≤ 2 s — the
   * current token once its lifetime has been waited out (the next SCIM request gets a new one).
   * Resolves with why not when neither is possible, or when `signal` aborts the wait.
   */
  async expiredAuthorization(signal?: AbortSource): Promise<AuthorizationOutcome> {
    if (this.#current === undefined && this.#retired.length === 0) {
      const first = await this.authorization();
      if (!first.ok) return first;
    }
    const token = this.#expiring();
    if (token === undefined) return { ok: false, problem: this.expiredTokenAvailability() };
    const waitMs = token.expiredAtMs - performance.now();
    if (waitMs > 0 && !(await pause(waitMs, signal))) return { ok: false, problem: 'the run stopped while an access token was expiring' };
    return { ok: true, header: token.header };
  }

  /** The raw answer to the first token request (for the RFC 6749 §5.1 check); undefined before it. */
  firstOutcome(): SendOutcome | undefined {
    return this.#firstOutcome;
  }

  async authorization(): Promise<AuthorizationOutcome> {
    const current = this.#current;
    if (current !== undefined && performance.now() < current.refreshAtMs) return { ok: true, header: current.header };
    if (current !== undefined && this.#pending === undefined && !this.#retired.includes(current)) {
      // Kept as an expired token for the oauth suite's check (a few, newest last).
      this.#retired.push(current);
      if (this.#retired.length > 4) this.#retired.shift();
    }
    return this.#fetch(current === undefined ? 'first token' : 'the access token expired', current === undefined ? 'first-token' : 'expired');
  }

  async rejected(authorization: string, request: string): Promise<AuthorizationOutcome> {
    const current = this.#current;
    if (current !== undefined && current.header !== authorization) return { ok: true, header: current.header };
    if (this.#pending !== undefined) return this.#pending;
    this.#current = undefined;
    return this.#fetch(`the SCIM server answered 401 to ${request}`, 'rejected');
  }

  /**
   * A token issued for another audience than the configured one (the configured audience with
   * `-other` appended): the SCIM server must refuse it (RFC 6750 §3.1). Fetched once, and again
   * when it is about to expire — an expired one would be refused for its expiry, hiding a server
   * that ignores the audience. A refusal is kept (an authorization server may rightly refuse
   * other audiences). Without a configured audience there is nothing to contrast: the current
   * token (the check is n/a).
   */
  otherAudienceAuthorization(): Promise<AuthorizationOutcome> {
    const audience = this.settings.audience;
    if (audience === undefined) return this.authorization();
    if (this.#otherAudience === undefined || performance.now() >= this.#otherAudience.refreshAtMs) {
      const entry: { outcome: Promise<AuthorizationOutcome>; refreshAtMs: number } = {
        refreshAtMs: Infinity,
        outcome: this.#request(`${audience}-other`, 'a token for another audience (check)', 'check').then((r) => {
          if (!r.ok) return { ok: false as const, problem: r.problem };
          const lifetimeMs = r.token.expiresInS === undefined ? Infinity : r.token.expiresInS * 1000;
          entry.refreshAtMs = r.startedMs + lifetimeMs - refreshMargin(lifetimeMs);
          return { ok: true as const, header: `Bearer ${r.token.accessToken}` };
        }),
      };
      this.#otherAudience = entry;
    }
    return this.#otherAudience.outcome;
  }

  #fetch(reason: string, cause: TokenExchangeCause): Promise<AuthorizationOutcome> {
    this.#pending ??= (async (): Promise<AuthorizationOutcome> => {
      try {
        const r = await this.#request(this.settings.audience, reason, cause);
        if (!r.ok) return { ok: false, problem: r.problem };
        const lifetimeMs = r.token.expiresInS === undefined ? Infinity : r.token.expiresInS * 1000;
        const header = `Bearer ${r.token.accessToken}`;
        this.#current = {
          header, accessToken: r.token.accessToken, lifetimeMs,
          refreshAtMs: r.startedMs + lifetimeMs - refreshMargin(lifetimeMs),
          expiredAtMs: performance.now() + lifetimeMs + EXPIRY_MARGIN_MS,
        };
        return { ok: true, header };
      } finally {
        this.#pending = undefined;
      }
    })();
    return this.#pending;
  }

  async #request(audience: string | undefined, reason: string, cause: TokenExchangeCause): Promise<
    { ok: true; token: Extract<TokenResponse, { ok: true }>; startedMs: number } | { ok: false; problem: string }
  > {
    const { clientId, clientSecret, scope } = this.settings;
    const grant = this.grant;
    const form = new URLSearchParams({ grant_type: grant });
    if (grant === 'refresh_token' && this.#refreshToken !== undefined) form.set('refresh_token', this.#refreshToken);
    if (scope !== undefined) form.set('scope', scope);
    if (audience !== undefined) form.set('audience', audience);
    const headers: [string, string][] = [
      ['Content-Type', 'application/x-www-form-urlencoded'],
      ['Accept', 'application/json'],
    ];
    // RFC 6749 §2.3.1: HTTP Basic when there is a secret; a public client sends client_id in the body.
    if (clientId !== undefined && clientSecret !== undefined) headers.push(['Authorization', basicCredentials(clientId, clientSecret)]);
    else if (clientId !== undefined) form.set('client_id', clientId);
    const body = form.toString();
    const startedMs = performance.now();
    const outcome = await sendRequest({ method: 'POST', url: this.settings.tokenUrl, headers, body, timeoutMs: this.#timeoutMs });
    this.#firstOutcome ??= outcome;
    const token = parseTokenResponse(outcome);
    if (token.ok) {
      this.#secrets.add(token.accessToken);
      this.#secrets.add(`Bearer ${token.accessToken}`);
      if (token.refreshToken !== undefined && grant === 'refresh_token') {
        // Rotation (RFC 6749 §6): the new refresh token replaces the old one.
        this.#secrets.add(token.refreshToken);
        this.#refreshToken = token.refreshToken;
      } else if (token.refreshToken !== undefined) {
        this.#secrets.add(token.refreshToken);
      }
    }
    this.#exchanges.push({
      at: new Date().toISOString(), grant, cause, reason, exchange: this.#record(headers, body, outcome),
      ...(token.ok ? {} : { problem: token.problem }),
    });
    return token.ok ? { ok: true, token, startedMs } : { ok: false, problem: token.problem };
  }

  #record(headers: readonly (readonly [string, string])[], body: string, outcome: SendOutcome): HttpExchange {
    return recordExchange({ method: 'POST', url: this.settings.tokenUrl, headers, body }, outcome, createRedactor(this.#secrets));
  }

}

/** `exchange` with `redact` applied again to every text it keeps. */
function redactExchange(exchange: HttpExchange, redact: (text: string) => string): HttpExchange {
  const { request, response, transportError } = exchange;
  return {
    ...exchange,
    request: {
      ...request, url: redact(request.url), headers: request.headers.map(([n, v]) => [n, redact(v)] as const),
      ...(request.body !== undefined ? { body: { ...request.body, text: redact(request.body.text) } } : {}),
    },
    ...(response !== undefined
      ? { response: { ...response, headers: response.headers.map(([n, v]) => [n, redact(v)] as const), body: { ...response.body, text: redact(response.body.text) } } }
      : {}),
    ...(transportError !== undefined ? { transportError: { ...transportError, message: redact(transportError.message) } } : {}),
  };
}

/** Resolves true after `ms`, or false at once when `signal` aborts. */
function pause(ms: number, signal: AbortSource | undefined): Promise<boolean> {
  if (signal?.aborted === true) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onAbort = (): void => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
