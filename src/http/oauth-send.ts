/**
 * Sending a SCIM request whose Authorization comes from the run's OAuth token source. When a
 * run uses OAuth, the variables `auth`/`SCIMAuth` hold {@link OAUTH_ACCESS_TOKEN}, a stand-in
 * that is never sent: here it becomes `Bearer <current access token>` (fetched or refreshed
 * when needed), so suites, Runscope exports, cleanup and the Okta org emulator all use the same
 * token without it ever entering a variable or a recorded exchange. A 401 answer to a request
 * that carried the current token makes the source fetch a new one, and the request is sent
 * again once (RFC 6750 §3.1 `invalid_token`: the client may obtain a new token and retry).
 */
import type { AuthorizationOutcome, AuthorizationSource, OAuthTokenSource } from './oauth-client.js';
import { sendRequest, type OutgoingRequest, type SendOutcome } from './send.js';

/** Stand-in for the current access token (the value of `auth`/`SCIMAuth` in OAuth runs). */
export const OAUTH_ACCESS_TOKEN = 'Bearer oauth-access-token';
/** Stand-in for the current access token with its last characters changed (revoked or forged). */
export const OAUTH_REVOKED_TOKEN = 'Bearer oauth-revoked-token';
/** Stand-in for a token the authorization server issued for another audience. */
export const OAUTH_OTHER_AUDIENCE_TOKEN = 'Bearer oauth-other-audience-token';
/**
 * Stand-in for a token that has really expired (OAuthTokenSource.expiredAuthorization: one the
 * source replaced on expiry, or a ≤ 2 s token waited out).
 */
export const OAUTH_EXPIRED_TOKEN = 'Bearer oauth-expired-token';
/** On a request to the token endpoint: answered with the token endpoint's first answer of the run. */
export const OAUTH_TOKEN_RESPONSE = 'oauth-token-response';

const STAND_INS = new Set([OAUTH_ACCESS_TOKEN, OAUTH_REVOKED_TOKEN, OAUTH_OTHER_AUDIENCE_TOKEN, OAUTH_EXPIRED_TOKEN, OAUTH_TOKEN_RESPONSE]);

/** Changes the last characters of a token: the same shape, but not what was issued. */
export function alteredToken(header: string): string {
  const token = header.replace(/^Bearer\s+/i, '');
  const tail = token.slice(-4);
  const changed = [...tail].map((c) => (c === 'x' ? 'y' : 'x')).join('');
  return `Bearer ${token.slice(0, -4)}${changed}`;
}

function isOAuthSource(source: AuthorizationSource): source is OAuthTokenSource {
  return typeof (source as Partial<OAuthTokenSource>).otherAudienceAuthorization === 'function';
}

const notSent = (problem: string): SendOutcome => ({ ok: false, error: { code: 'EOAUTH', message: `OAuth: ${problem}` }, totalMs: 0 });

/**
 * Sends `req`, putting the token source's header where a stand-in stands. Without a source, or
 * without a stand-in, this is `sendRequest`. Never throws.
 */
export function sendAuthorized(req: OutgoingRequest, source: AuthorizationSource | undefined): Promise<SendOutcome> {
  // Not an async function: a request without a stand-in (every request of a run without OAuth)
  // is `sendRequest`'s own promise, with no second promise resolved through it (issue 10 item 3).
  if (source === undefined) return sendRequest(req);
  const headers = req.headers;
  let index = -1;
  for (let i = 0; i < headers.length; i += 1) {
    const header = headers[i]!;
    if (header[0].toLowerCase() === 'authorization' && STAND_INS.has(header[1].trim())) {
      index = i;
      break;
    }
  }
  return index === -1 ? sendRequest(req) : sendWithStandIn(req, source, index);
}

/** {@link sendAuthorized} for a request whose header `index` is a stand-in. */
async function sendWithStandIn(req: OutgoingRequest, source: AuthorizationSource, index: number): Promise<SendOutcome> {
  const standIn = req.headers[index]?.[1].trim();
  if (standIn === OAUTH_TOKEN_RESPONSE) {
    if (!isOAuthSource(source)) return notSent('the token source has no token endpoint answer to show');
    // The run's first token request (the CLI makes it before any SCIM request); made now if not yet.
    if (source.firstOutcome() === undefined) await source.authorization();
    return source.firstOutcome() ?? notSent('no token was requested in this run');
  }
  let auth: AuthorizationOutcome;
  try {
    auth = standIn === OAUTH_OTHER_AUDIENCE_TOKEN
      ? isOAuthSource(source) ? await source.otherAudienceAuthorization() : { ok: false, problem: 'the token source cannot fetch other tokens' }
      : standIn === OAUTH_EXPIRED_TOKEN
        ? isOAuthSource(source) ? await source.expiredAuthorization(req.signal) : { ok: false, problem: 'the token source has no expired token' }
        : await source.authorization();
    // No token for another audience (the authorization server may rightly refuse one): the
    // request goes with the current token and the check is n/a by `oauthOtherAudience`.
    if (!auth.ok && standIn === OAUTH_OTHER_AUDIENCE_TOKEN) auth = await source.authorization();
    // No expired token without waiting long (tokens living more than 2 s): the same, and the
    // check is n/a by `oauthExpiredToken`. One the run was about to present (e.g. the run
    // stopped during the wait) is an error, never the current token judged as an expired one.
    if (!auth.ok && standIn === OAUTH_EXPIRED_TOKEN && isOAuthSource(source) && source.expiredTokenAvailability() !== 'available') auth = await source.authorization();
  } catch (e) {
    auth = { ok: false, problem: (e as Error).message };
  }
  if (!auth.ok) return notSent(auth.problem);
  const header = standIn === OAUTH_REVOKED_TOKEN ? alteredToken(auth.header) : auth.header;
  const withHeader = (value: string): OutgoingRequest => ({
    ...req, headers: req.headers.map(([n, v], i) => (i === index ? [n, value] as const : [n, v] as const)),
  });
  const outcome = await sendRequest(withHeader(header));
  // Only the current token is refreshed and retried: the checks' deliberately bad tokens are not.
  if (standIn !== OAUTH_ACCESS_TOKEN || !outcome.ok || outcome.response.status !== 401) return outcome;
  const renewed = await source.rejected(header, `${req.method} ${pathOf(req.url)}`);
  if (!renewed.ok) return outcome;
  return sendRequest(withHeader(renewed.header));
}

/** The path of a URL for messages (never throws). */
function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
