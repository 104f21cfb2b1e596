/**
 * The report server's optional access token. A request is let in when it carries
 * - `Authorization: Bearer <token>` (scripts, curl), or
 * - the session cookie the server set when a browser first came with `?token=<token>`.
 *
 * A valid `?token=` is answered with a 303 redirect to the same URL without the token, setting
 * the cookie; so the token leaves the address bar, browser history and any link or Referer at
 * once, and pages never contain it. The cookie holds a random session value made when the
 * server starts (not the token), is `HttpOnly` and `SameSite=Lax` (Lax, not Strict: a link
 * from a chat or an issue to `…/?token=…` is a cross-site navigation, and Strict would drop
 * the cookie on its redirect), and is named after the port, because browsers share cookies
 * between the ports of one host. Restarting the server ends every session. Comparisons are
 * constant-time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Constant-time equality of two strings (over their SHA-256, so lengths do not leak either). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** Parses a Cookie header into name → value (first occurrence wins). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name !== '' && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

export type AccessDecision = 'allowed' | 'denied' | 'exchange-query-token';

export class AccessGuard {
  private readonly session = randomBytes(32).toString('base64url');
  private cookieName = 'scim_report_session';

  constructor(private readonly token: string) {}

  /** Names the cookie after the port the server listens on. */
  bindPort(port: number): void {
    this.cookieName = `scim_report_session_${port}`;
  }

  /**
   * `exchange-query-token`: the URL carries the right `?token=`; answer with {@link redirectWithoutToken}.
   * A wrong `?token=` is denied even if the request also carries a valid session.
   */
  decide(request: IncomingMessage, query: URLSearchParams): AccessDecision {
    const fromQuery = query.getAll('token');
    if (fromQuery.length > 0) {
      return fromQuery.every((t) => sameSecret(t, this.token)) ? 'exchange-query-token' : 'denied';
    }
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer +(\S+) *$/i.exec(authorization);
      return match?.[1] !== undefined && sameSecret(match[1], this.token) ? 'allowed' : 'denied';
    }
    const cookie = parseCookies(request.headers.cookie).get(this.cookieName);
    return cookie !== undefined && sameSecret(cookie, this.session) ? 'allowed' : 'denied';
  }

  /** The Set-Cookie header value that starts a session. */
  sessionCookie(): string {
    return `${this.cookieName}=${this.session}; Path=/; HttpOnly; SameSite=Lax`;
  }
}

/** The request target with every `token` query parameter removed (relative: path and query). */
export function withoutToken(path: string, query: URLSearchParams): string {
  const rest = new URLSearchParams(query);
  rest.delete('token');
  const search = rest.toString();
  return search === '' ? path : `${path}?${search}`;
}
