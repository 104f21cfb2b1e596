/**
 * OAuth for the SCIM target (`--oauth-token-url` …): checks the combination of OAuth settings
 * (exit 2 naming the variable, before any request), creates the run's token source and fetches
 * the first token before any SCIM request — a refused client secret or refresh token is exit 2
 * naming it, with the token endpoint's own error code. The SCIM variables `auth`/`SCIMAuth` then
 * hold a stand-in that the engine replaces with the current token (src/http/oauth-send.ts).
 */
import { OAuthTokenSource, type OAuthSettings, type TokenExchange } from '../http/oauth-client.js';
import type { RunAuth } from '../model/report.js';
import { OAUTH_ACCESS_TOKEN } from '../http/oauth-send.js';
import type { ConnectionConfig, VariableKey } from './config.js';
import { checkUrl, describeVariable } from './config.js';
import { UsageError } from './exit-codes.js';

/** The OAuth variables of ConnectionConfig. */
const OAUTH_KEYS = ['oauthTokenUrl', 'oauthClientId', 'oauthClientSecret', 'oauthScope', 'oauthAudience', 'oauthRefreshToken'] as const;

/** The run's OAuth settings, or undefined when none is configured; throws UsageError (exit 2). */
export function oauthSettings(c: ConnectionConfig): OAuthSettings | undefined {
  const given = OAUTH_KEYS.filter((k) => c[k] !== undefined);
  if (given.length === 0) return undefined;
  for (const key of given) {
    if ((c[key] ?? '').trim() === '') throw new UsageError(`${describeVariable(key)} is empty`);
  }
  if (c.oauthTokenUrl === undefined) {
    throw new UsageError(`${describeVariable('oauthTokenUrl')} is missing: ${given.map((k) => describeVariable(k)).join(', ')} ${given.length === 1 ? 'was' : 'were'} given without the token endpoint, e.g. --oauth-token-url https://login.example.com/oauth2/token`);
  }
  const tokenUrl = checkUrl('oauthTokenUrl', c.oauthTokenUrl);
  if (c.scimAuth !== undefined) {
    throw new UsageError(`${describeVariable('scimAuth')} and ${describeVariable('oauthTokenUrl')} were both given: the SCIM server is reached either with a fixed Authorization header or with OAuth, not both`);
  }
  const need = (key: VariableKey, why: string): void => {
    if (c[key] === undefined) throw new UsageError(`${describeVariable(key)} is missing: ${why}`);
  };
  if (c.oauthRefreshToken === undefined) {
    need('oauthClientId', 'the client-credentials grant needs the client id (or give --oauth-refresh-token for the refresh-token grant)');
    need('oauthClientSecret', 'the client-credentials grant needs the client secret');
  } else {
    need('oauthClientId', 'the refresh-token grant needs the client id the refresh token was issued to');
  }
  return {
    tokenUrl: tokenUrl ?? c.oauthTokenUrl,
    ...(c.oauthClientId !== undefined ? { clientId: c.oauthClientId } : {}),
    ...(c.oauthClientSecret !== undefined ? { clientSecret: c.oauthClientSecret } : {}),
    ...(c.oauthScope !== undefined ? { scope: c.oauthScope } : {}),
    ...(c.oauthAudience !== undefined ? { audience: c.oauthAudience } : {}),
    ...(c.oauthRefreshToken !== undefined ? { refreshToken: c.oauthRefreshToken } : {}),
  };
}

/** The SCIM and `oauth` suite variables of an OAuth run (`auth`/`SCIMAuth` are the stand-in). */
export function oauthVariables(settings: OAuthSettings): Record<string, string> {
  return {
    auth: OAUTH_ACCESS_TOKEN,
    SCIMAuth: OAUTH_ACCESS_TOKEN,
    oauthTokenUrl: settings.tokenUrl,
    oauthGrant: settings.refreshToken !== undefined ? 'refresh_token' : 'client_credentials',
    oauthAudienceConfigured: settings.audience !== undefined ? 'true' : 'false',
  };
}

/**
 * Creates the token source and fetches the first token. A refusal is exit 2 naming the
 * variable to fix: invalid_client → the client id or secret, invalid_grant → the refresh
 * token, invalid_scope → the scope; no answer or another error → the token URL.
 */
export async function startOAuth(settings: OAuthSettings, timeoutMs: number): Promise<OAuthTokenSource> {
  const source = new OAuthTokenSource(settings, { timeoutMs });
  const first = await source.authorization();
  if (first.ok) return source;
  const code = /answered \d+ (\w+)/.exec(first.problem)?.[1];
  const key: VariableKey = code === 'invalid_client'
    ? settings.clientSecret !== undefined ? 'oauthClientSecret' : 'oauthClientId'
    : code === 'invalid_grant' && settings.refreshToken !== undefined ? 'oauthRefreshToken'
      : code === 'invalid_scope' ? 'oauthScope'
        : code === 'invalid_target' && settings.audience !== undefined ? 'oauthAudience' : 'oauthTokenUrl';
  throw new UsageError(`${describeVariable(key)}: no access token, so no SCIM request was sent — ${source.redact(first.problem)}`);
}

/** One line on the run's token requests: how many, why each was made, and the failed ones. */
export function describeTokenExchanges(exchanges: readonly TokenExchange[]): string {
  const reasons = new Map<string, number>();
  for (const e of exchanges) reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + 1);
  const why = [...reasons].map(([reason, n]) => (n === 1 ? reason : `${reason} ×${n}`)).join('; ');
  const failedOnes = exchanges.filter((e) => e.problem !== undefined).map((e) => e.problem);
  const grant = exchanges[0]?.grant ?? 'client_credentials';
  return `OAuth (${grant}): ${exchanges.length} token request(s): ${why}${failedOnes.length > 0 ? `; refused: ${failedOnes.join('; ')}` : ''}`;
}

/**
 * `oauthOtherAudience`: "issued" when the authorization server issues a token for another
 * audience than the configured one (fetched now, before any SCIM request), else why not — an
 * authorization server may rightly refuse unknown audiences, and then the oauth suite's
 * other-audience check is n/a with that reason instead of an error. Nothing without an audience.
 */
export async function otherAudienceVariable(source: OAuthTokenSource): Promise<Record<string, string>> {
  if (source.settings.audience === undefined) return {};
  const other = await source.otherAudienceAuthorization();
  return { oauthOtherAudience: other.ok ? 'issued' : other.problem };
}

/**
 * `oauthExpiredToken`: "available" when the oauth suite can present a really expired token
 * without waiting long (tokens living ≤ 2 s, or one already replaced on expiry), else why not —
 * the expired-token check is then n/a with that reason.
 */
export function expiredTokenVariable(source: OAuthTokenSource): Record<string, string> {
  return { oauthExpiredToken: source.expiredTokenAvailability() };
}

/** report.json's `meta.auth`: the grant, the token URL and every token exchange of the run, redacted. */
export function runAuth(source: OAuthTokenSource): RunAuth {
  return { kind: 'oauth', grant: source.grant, tokenUrl: source.redact(source.settings.tokenUrl), tokenExchanges: source.exchanges() };
}
