/**
 * The reference server's optional OAuth 2.0 mode: a token endpoint (`POST /oauth2/token`,
 * RFC 6749 §3.2) issuing short-lived opaque bearer tokens by the client-credentials grant
 * (§4.4) and the refresh-token grant (§6, with rotation), bound to an audience; the SCIM API
 * then accepts only those tokens (RFC 6750). It lets the runner's OAuth support — token fetch,
 * expiry, refresh after a 401, audience, redaction — be tested end to end on loopback.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DefectName } from './defects.js';
import { readRequestBody } from './request-body.js';

/** Options of the OAuth mode. */
export interface ReferenceOAuthOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Seconds an access token lives; default 3600. */
  readonly tokenLifetimeS?: number;
  /**
   * The audience the SCIM API accepts; a token requested for another audience is issued but
   * refused by the SCIM API. Default: the SCIM base URL.
   */
  readonly audience?: string;
  /** Refresh tokens the endpoint accepts at start (the refresh-token grant rotates them). */
  readonly refreshTokens?: readonly string[];
  /**
   * A deliberately sloppy token endpoint (to prove the `oauth` suite's checks): answers without
   * `Cache-Control: no-store` (RFC 6749 §5.1 MUST) and without `expires_in` (RECOMMENDED).
   */
  readonly sloppyTokenResponse?: boolean;
  /**
   * Issue tokens only for the SCIM API's own audience: a request for another one is refused
   * with 400 invalid_target (RFC 8707 §2), as many authorization servers do. Default: any.
   */
  readonly ownAudienceOnly?: boolean;
}

/** The token endpoint's path on the server (outside the SCIM base path). */
export const TOKEN_PATH = '/oauth2/token';

/** Why a bearer token is not accepted (RFC 6750 §3.1 `invalid_token` descriptions). */
export type TokenVerdict = { readonly ok: true } | { readonly ok: false; readonly description: string };

interface IssuedToken {
  readonly expiresAtMs: number;
  readonly audience: string;
}

/** Issues and checks the tokens of one reference server. */
export class OAuthAuthority {
  readonly #options: ReferenceOAuthOptions;
  readonly #audience: string;
  readonly #tokens = new Map<string, IssuedToken>();
  readonly #refreshTokens: Set<string>;
  readonly #issuedSecrets: string[] = [];
  #defects: ReadonlySet<DefectName> = new Set();
  /** Tokens issued so far (tests count refreshes with it). */
  issued = 0;

  constructor(options: ReferenceOAuthOptions, defaultAudience: string) {
    this.#options = options;
    this.#audience = options.audience ?? defaultAudience;
    this.#refreshTokens = new Set(options.refreshTokens ?? []);
  }

  /** The audience the SCIM API accepts. */
  get audience(): string {
    return this.#audience;
  }

  /** Every access and refresh token issued so far (tests look for them in reports). */
  issuedSecrets(): readonly string[] {
    return [...this.#issuedSecrets];
  }

  /** Revokes every access token issued so far (the next SCIM request with one gets 401). */
  revokeAll(): void {
    this.#tokens.clear();
  }

  /** The server's defect profiles (`oauth-expired-token-accepted` bends {@link verify}). */
  useDefects(defects: ReadonlySet<DefectName>): void {
    this.#defects = defects;
  }

  /** Is `token` one we issued, unexpired, for our audience? */
  verify(token: string): TokenVerdict {
    const issued = this.#tokens.get(token);
    if (issued === undefined) return { ok: false, description: 'The access token is unknown or revoked' };
    // The `oauth-expired-token-accepted` defect: the expiry is never compared (a common slip when
    // tokens are cached after a first successful validation).
    if (Date.now() >= issued.expiresAtMs && !this.#defects.has('oauth-expired-token-accepted')) return { ok: false, description: 'The access token expired' };
    if (issued.audience !== this.#audience) return { ok: false, description: `The access token is for another audience (${issued.audience})` };
    return { ok: true };
  }

  /** Answers one request to the token endpoint (RFC 6749 §5.1 success, §5.2 errors). */
  answer(method: string, authorization: string | undefined, body: string, res: ServerResponse): void {
    if (method !== 'POST') return send(res, 405, { error: 'invalid_request', error_description: 'Use POST' }, { Allow: 'POST' });
    const form = new URLSearchParams(body);
    const client = clientOf(authorization, form);
    if (client === undefined || client.id !== this.#options.clientId || client.secret !== this.#options.clientSecret) {
      // §5.2: invalid_client with 401 and a challenge when the client tried HTTP Basic.
      return send(res, 401, { error: 'invalid_client', error_description: 'Client authentication failed' }, { 'WWW-Authenticate': 'Basic realm="scim-conformance"' });
    }
    const grant = form.get('grant_type');
    const audience = form.get('audience') ?? this.#audience;
    if (this.#options.ownAudienceOnly === true && audience !== this.#audience) {
      return send(res, 400, { error: 'invalid_target', error_description: `No resource with audience ${JSON.stringify(audience)}` });
    }
    let refreshToken: string | undefined;
    if (grant === 'refresh_token') {
      const presented = form.get('refresh_token') ?? '';
      if (!this.#refreshTokens.delete(presented)) return send(res, 400, { error: 'invalid_grant', error_description: 'The refresh token is invalid or was already used' });
      refreshToken = `rt-${randomBytes(16).toString('hex')}`;
      this.#refreshTokens.add(refreshToken);
    } else if (grant !== 'client_credentials') {
      return send(res, 400, { error: 'unsupported_grant_type', error_description: `grant_type ${JSON.stringify(grant)} is not supported` });
    }
    const lifetimeS = this.#options.tokenLifetimeS ?? 3600;
    const accessToken = `at-${randomBytes(24).toString('hex')}`;
    this.#tokens.set(accessToken, { expiresAtMs: Date.now() + lifetimeS * 1000, audience });
    this.#issuedSecrets.push(accessToken, ...(refreshToken !== undefined ? [refreshToken] : []));
    this.issued += 1;
    const sloppy = this.#options.sloppyTokenResponse === true;
    send(res, 200, {
      access_token: accessToken, token_type: 'Bearer', ...(sloppy ? {} : { expires_in: lifetimeS }),
      ...(form.get('scope') !== null ? { scope: form.get('scope') } : {}),
      ...(refreshToken !== undefined ? { refresh_token: refreshToken } : {}),
    }, {}, !sloppy);
  }
}

/** RFC 6749 §2.3.1: HTTP Basic (form-urlencoded id and secret) or client_id/client_secret in the body. */
function clientOf(authorization: string | undefined, form: URLSearchParams): { id: string; secret: string } | undefined {
  const basic = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (basic?.[1] !== undefined) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const unform = (s: string): string => decodeURIComponent(s.replace(/\+/g, ' '));
    try {
      return { id: unform(decoded.slice(0, colon)), secret: unform(decoded.slice(colon + 1)) };
    } catch {
      return undefined;
    }
  }
  const id = form.get('client_id');
  const secret = form.get('client_secret');
  return id !== null && secret !== null ? { id, secret } : undefined;
}

/** §5.1: JSON, `Cache-Control: no-store`, `Pragma: no-cache`. */
function send(res: ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}, noStore = true): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json;charset=UTF-8',
    ...(noStore ? { 'Cache-Control': 'no-store', Pragma: 'no-cache' } : {}),
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

const authorities = new WeakMap<object, OAuthAuthority>();

/** Puts a server in OAuth mode: its SCIM API then accepts only this authority's tokens (bent by the server's defects). */
export function registerAuthority(context: { readonly defects: ReadonlySet<DefectName> }, authority: OAuthAuthority): void {
  authority.useDefects(context.defects);
  authorities.set(context, authority);
}

/** The OAuth authority of a server in OAuth mode, else undefined (static bearer token). */
export function authorityOf(context: object): OAuthAuthority | undefined {
  return authorities.get(context);
}

/** Reads the body of a token request and answers it. Never throws. */
export async function answerTokenRequest(authority: OAuthAuthority, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const body = await readRequestBody(req);
    const authorization = Array.isArray(req.headers.authorization) ? req.headers.authorization[0] : req.headers.authorization;
    authority.answer((req.method ?? 'GET').toUpperCase(), authorization, body, res);
  } catch {
    res.destroy();
  }
}
