/**
 * URL encoding policy (okta-runscope.md §7.6). Okta's exports contain raw spaces and quotes in
 * filter queries (`/Users?filter=userName eq "x@atko.com"`). We send them percent-encoded
 * (`%20`, `%22`) as WHATWG URL serialisation does; `plus` encodes spaces as `+` instead (what
 * Go's url.Values and HTML forms do), for servers that only accept that.
 */
export type QueryEncoding = 'percent' | 'plus';

export class InvalidUrlError extends Error {
  constructor(url: string, detail: string) {
    super(`invalid URL ${JSON.stringify(url)}: ${detail}`);
    this.name = 'InvalidUrlError';
  }
}

/** Encodes a rendered URL for the wire; throws InvalidUrlError when it is not an http(s) URL. */
export function encodeUrl(raw: string, encoding: QueryEncoding = 'percent'): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new InvalidUrlError(raw, 'not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidUrlError(raw, `unsupported scheme ${url.protocol}`);
  if (encoding === 'plus' && url.search) url.search = url.search.replace(/%20/g, '+');
  return url.toString();
}
