/** What assertion sources read: one received response, with its JSON parsed once. */
import { parseBoundedJson } from '../http/bounded-json.js';
import type { HeaderList } from '../model/result.js';

export interface ResponseView {
  readonly status: number;
  readonly headers: HeaderList;
  readonly text: string;
  readonly timeMs: number;
  readonly sizeBytes: number;
  readonly truncatedBytes: number;
  /** Parsed body, or the parse error. */
  readonly json: { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };
}

/**
 * Bodies at least this large keep their parsed value for the next response with the very same
 * text: a server that answers every request with one huge ListResponse (10^6 resources) is parsed
 * once, not once per step, so time and memory stay those of one copy (issue 14). Views are
 * read-only (assertions, verify checks, schema validation never write into `json`).
 */
const REUSE_PARSE_FROM_CHARS = 256 * 1024;
let lastLarge: { readonly text: string; readonly json: ResponseView['json'] } | undefined;

function parseBody(text: string): ResponseView['json'] {
  const parsed = parseBoundedJson(text);
  return parsed.ok ? parsed : { ok: false, error: parsed.tooDeep ? `the body is ${parsed.error}` : `the body is not JSON (${parsed.error})` };
}

/** Builds a view; parses the body as JSON once (empty body → not JSON). */
export function viewResponse(r: Omit<ResponseView, 'json'>): ResponseView {
  let json: ResponseView['json'];
  if (r.truncatedBytes > 0) json = { ok: false, error: `the body was cut after ${r.sizeBytes - r.truncatedBytes} bytes` };
  else if (r.text.trim() === '') json = { ok: false, error: 'the body is empty' };
  else if (r.text.length < REUSE_PARSE_FROM_CHARS) json = parseBody(r.text);
  else {
    if (lastLarge?.text !== r.text) lastLarge = { text: r.text, json: parseBody(r.text) };
    json = lastLarge.json;
  }
  return { ...r, json };
}

/** Header values by case-insensitive name, joined with ", " (RFC 9110 §5.3). */
export function headerValue(headers: HeaderList, name: string): string | undefined {
  const lower = name.toLowerCase();
  const values = headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
  return values.length ? values.join(', ') : undefined;
}
