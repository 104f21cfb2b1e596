/**
 * URL rendering and encoding policy (okta-runscope.md §7.6).
 *
 * A URL template is `{{base}}/path/{{var}}?query={{var}}`. The placeholders it starts with are
 * the base (the user's `SCIMBaseURL`, `oktaOrgUrl`, Okta's `{{SCIMBaseURL}}{{EntitlementEndpoint}}`)
 * and go in as written. Every other value goes in percent-encoded by position: in the path as
 * exactly one segment (`encodePathSegment`: an id like `../../etc/passwd`, `%2e%2e` or one with
 * CR/LF cannot leave the resource it names; an empty id or `..` is refused), in the query as one
 * component (`&`, `#`, `+`, `%` stay data). The result is never resolved as a path.
 *
 * Okta's exports contain raw spaces and quotes in filter queries
 * (`/Users?filter=userName eq "x@atko.com"`); literal text is sent percent-encoded (`%20`, `%22`,
 * values `%40`: what Okta itself sends, okta-wire.md §1.3); `plus` encodes spaces as `+` instead
 * (what Go's url.Values and HTML forms do), for servers that only accept that.
 */
import { encodePathSegment, encodeQueryComponent, rememberSplit, splitRequestUrl, UnencodableValueError, urlAuthority } from '../http/url-segment.js';
import type { Lookup, Rendered } from './template.js';
import { renderTemplate, templatePlaceholders } from './template.js';
import type { TemplateFunctionContext } from './template-functions.js';

export type QueryEncoding = 'percent' | 'plus';

export class InvalidUrlError extends Error {
  constructor(url: string, detail: string) {
    super(`invalid URL ${JSON.stringify(url)}: ${detail}`);
    this.name = 'InvalidUrlError';
  }
}

/** Where each placeholder of a URL template sits. */
export interface UrlTemplateLayout {
  /** Offset where the leading (base) placeholders end. */
  readonly baseEnd: number;
  /** Offset of the literal `?` that starts the query, or the template's length. */
  readonly queryStart: number;
}

/** The base placeholders at the start, and the first literal `?` outside any placeholder. */
export function urlTemplateLayout(template: string): UrlTemplateLayout {
  const placeholders = templatePlaceholders(template);
  let baseEnd = 0;
  for (const p of placeholders) {
    if (p.start !== baseEnd) break;
    baseEnd = p.end;
  }
  let queryStart = template.length;
  let from = baseEnd;
  for (const p of [...placeholders.filter((x) => x.start >= baseEnd), { start: template.length, end: template.length, inner: '' }]) {
    const q = template.slice(from, p.start).search(/[?#]/);
    if (q >= 0) {
      queryStart = from + q;
      break;
    }
    from = p.end;
  }
  return { baseEnd, queryStart };
}

/** Layouts of the URL templates rendered lately: a suite renders the same few templates every run. */
const layouts = new Map<string, UrlTemplateLayout>();

function layoutOf(template: string): UrlTemplateLayout {
  let layout = layouts.get(template);
  if (layout === undefined) {
    if (layouts.size >= 1_000) layouts.clear();
    layout = urlTemplateLayout(template);
    layouts.set(template, layout);
  }
  return layout;
}

/**
 * Renders a URL template: base placeholders as written, path values as one segment each, query
 * values as one component each. A value that cannot be encoded (an empty id, `..`, a lone
 * surrogate) is an error of the render, naming the variable.
 */
export function renderUrlTemplate(template: string, lookup: Lookup, fnCtx?: TemplateFunctionContext): Rendered {
  const layout = layoutOf(template);
  const problems: string[] = [];
  const rendered = renderTemplate(template, lookup, fnCtx, (value, at, inner) => {
    if (at < layout.baseEnd) return value;
    // `{{url_encode(…)}}` is already one encoded component.
    if (inner.includes('url_encode') && /^\s*url_encode\s*\(/.test(inner)) return value;
    try {
      return at < layout.queryStart ? encodePathSegment(value) : encodeQueryComponent(value);
    } catch (e) {
      if (!(e instanceof UnencodableValueError)) throw e;
      problems.push(`{{${inner.trim()}}} = ${e.message}`);
      return value;
    }
  });
  return problems.length ? { ...rendered, errors: [...rendered.errors, ...problems] } : rendered;
}

/**
 * Encodes a rendered URL for the wire without resolving it: what is not URI syntax is
 * percent-encoded, `..` segments stay as written. Throws InvalidUrlError when it is not an
 * absolute http(s) URL.
 */
export function encodeUrl(raw: string, encoding: QueryEncoding = 'percent'): string {
  const trimmed = raw.trim();
  let scheme: string;
  try {
    scheme = urlAuthority(trimmed).protocol;
  } catch {
    throw new InvalidUrlError(raw, 'not an absolute URL');
  }
  if (scheme !== 'http:' && scheme !== 'https:') throw new InvalidUrlError(raw, `unsupported scheme ${scheme}`);
  const parts = splitRequestUrl(trimmed);
  if (!parts) throw new InvalidUrlError(raw, 'not an absolute URL');
  let { path } = parts;
  const q = path.indexOf('?');
  if (encoding === 'plus' && q >= 0) path = path.slice(0, q) + path.slice(q).replace(/%20/g, '+');
  const url = `${parts.origin}${path}`;
  // The sender splits this URL again: into exactly these parts (`+` is URI syntax).
  rememberSplit(url, path === parts.path ? parts : { origin: parts.origin, path });
  return url;
}
