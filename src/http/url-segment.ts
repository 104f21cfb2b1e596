/**
 * The one way a value a server gave us (an id, a userName, a `Location`) goes into a URL.
 *
 * A SCIM server chooses its ids (RFC7643-3.1: "a unique identifier … assigned by the service
 * provider"), so an id is data, never URL syntax: `u3/../../etc/passwd`, `%2e%2e`, `a#b` or an id
 * with CR/LF must address `/Users/<that id>` and nothing else. Each value is percent-encoded as
 * exactly one path segment (RFC 3986 §3.3: everything outside `unreserved` is encoded, so `/`,
 * `?`, `#`, `%`, `\` and controls cannot change the URL's structure), and the result is never
 * resolved as a path (the sender does not run it through `new URL()`, which would collapse `..`
 * and `%2e%2e` segments and drop tabs and newlines).
 */

/** A value that cannot be put into a URL as it is, with the exact reason. */
export class UnencodableValueError extends Error {
  constructor(readonly value: string, detail: string) {
    super(`${JSON.stringify(value).slice(0, 120)} cannot be sent in a URL: ${detail}`);
    this.name = 'UnencodableValueError';
  }
}

/** The first lone UTF-16 surrogate in `value`, or 0. */
function loneSurrogate(value: string): number {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    else if (c >= 0xd800 && c <= 0xdfff) return c;
  }
  return 0;
}

/** RFC 3986 §2.3 unreserved characters stay; everything else is %XX of its UTF-8 bytes. */
function encodeStrict(value: string): string {
  const lone = loneSurrogate(value);
  if (lone !== 0) throw new UnencodableValueError(value, `it holds a lone UTF-16 surrogate (U+${lone.toString(16).toUpperCase()}), which has no UTF-8 form`);
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `value` as exactly one path segment. An empty value is refused (`/Users/` + `` is the
 * collection, not a resource), and so are `.` and `..`, which every URL resolver treats as dot
 * segments even when percent-encoded (WHATWG URL: `%2e`), so no encoding of them is safe.
 */
export function encodePathSegment(value: string): string {
  if (value === '') throw new UnencodableValueError(value, 'it is empty, so the URL would address the collection instead of one resource');
  if (value === '.' || value === '..') throw new UnencodableValueError(value, 'it is a dot segment, which URL resolution removes (RFC 3986 §5.2.4)');
  return encodeStrict(value);
}

/** {@link encodePathSegment}, or undefined for a value no URL can carry (the caller says why). */
export function tryPathSegment(value: string): string | undefined {
  try {
    return encodePathSegment(value);
  } catch (e) {
    if (e instanceof UnencodableValueError) return undefined;
    throw e;
  }
}

/** `value` as one query component (a filter value, a parameter value): `&`, `=`, `+`, `#` and `%` included. */
export function encodeQueryComponent(value: string): string {
  return encodeStrict(value);
}

// WHATWG URL percent-encode sets for the literal text of a URL (our own templates' spaces and
// quotes), without the parser's dot-segment resolution: C0 controls, space, DEL and non-ASCII
// always; `"`, `<`, `>`, `` ` ``, `{`, `}`, `\`, `^`, `|` too (not valid in RFC 3986 either).
// `%` is kept: text that is already percent-encoded stays as it is.
const NOT_URI = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%[\]]/gu;

/** {@link NOT_URI} and a `%` not starting `%XX`, without the global flag's state: for a test. */
const HAS_NOT_URI = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%[\]]/u;
const LONE_PERCENT = /%(?![0-9A-Fa-f]{2})/;

/** Percent-encodes what is not URI syntax in a path-and-query; valid characters and `%XX` stay. */
export function encodeUriText(text: string): string {
  // Nearly every URL is URI syntax already: one scan answers it, without building a new string.
  if (!HAS_NOT_URI.test(text) && !(text.includes('%') && LONE_PERCENT.test(text))) return text;
  return text.replace(NOT_URI, (ch) => {
    if (loneSurrogate(ch) !== 0) return '%EF%BF%BD';
    return encodeURIComponent(ch);
  }).replace(/%(?![0-9A-Fa-f]{2})/g, '%25');
}

/**
 * Splits an absolute http(s) URL into the origin and the raw path-and-query that goes on the
 * request line, exactly as written (no dot-segment resolution; the fragment is not sent).
 * Returns undefined when it is not an absolute http(s) URL.
 */
export function splitRequestUrl(url: string): { readonly origin: string; readonly path: string } | undefined {
  if (url === lastSplit?.url) return lastSplit.parts;
  const m = /^(https?):\/\/([^/?#]*)/i.exec(url);
  if (!m) return undefined;
  let origin: string;
  try {
    origin = urlAuthority(`${m[1]}://${m[2]}`).origin;
  } catch {
    return undefined;
  }
  if (origin === 'null') return undefined;
  let rest = url.slice(m[0].length);
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  if (rest === '' || rest.startsWith('?')) rest = `/${rest}`;
  return { origin, path: encodeUriText(rest) };
}

/**
 * The parts of the URL a step is about to send (its own split, see {@link rememberSplit}): the
 * engine splits a rendered URL to encode it and the sender splits the result again.
 */
let lastSplit: { readonly url: string; readonly parts: { readonly origin: string; readonly path: string } } | undefined;

/**
 * Records that `url` splits into `parts`, for a caller that built `url` from them as
 * `origin + path` with a path that {@link encodeUriText} leaves as it is (it is idempotent, and
 * an origin is its own origin): the next split of `url` is then `parts`, not a second parse.
 */
export function rememberSplit(url: string, parts: { readonly origin: string; readonly path: string }): void {
  lastSplit = { url, parts };
}

/** A URL's scheme and authority: its protocol and origin depend on nothing after them. */
const AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\]+/i;
/** `new URL()`'s protocol and origin by scheme and authority (a run's URLs share one or two). */
const authorities = new Map<string, { readonly protocol: string; readonly origin: string }>();

/**
 * `new URL(url)`'s protocol and origin (throwing as it does), parsed once per scheme and
 * authority: the engine asks for every request, and parsing the whole URL each time was a
 * measurable share of a run (issue 10 item 3).
 */
export function urlAuthority(url: string): { readonly protocol: string; readonly origin: string } {
  // A run's URLs nearly all share one scheme and authority: the last one, when `url` starts with
  // it and the authority ends there (where AUTHORITY's match would end), needs no match at all.
  if (lastAuthority !== undefined && url.startsWith(lastAuthority.text)) {
    const next = url.charCodeAt(lastAuthority.text.length);
    if (next !== next || next === 0x2f || next === 0x3f || next === 0x23 || next === 0x5c) return lastAuthority.parts;
  }
  const authority = AUTHORITY.exec(url)?.[0];
  const known = authority === undefined ? undefined : authorities.get(authority);
  if (known !== undefined) {
    lastAuthority = { text: authority!, parts: known };
    return known;
  }
  const parsed = new URL(url);
  const parts = { protocol: parsed.protocol, origin: parsed.origin };
  if (authority !== undefined) {
    if (authorities.size >= 256) authorities.clear();
    authorities.set(authority, parts);
    lastAuthority = { text: authority, parts };
  }
  return parts;
}

let lastAuthority: { readonly text: string; readonly parts: { readonly protocol: string; readonly origin: string } } | undefined;
