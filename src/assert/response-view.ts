/** What assertion sources read: one received response, with its JSON parsed once. */
import { parseSharedJson } from '../http/bounded-json.js';
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

function parseBody(text: string): ResponseView['json'] {
  const parsed = parseSharedJson(text);
  return parsed.ok ? parsed : { ok: false, error: parsed.tooDeep ? `the body is ${parsed.error}` : `the body is not JSON (${parsed.error})` };
}

/** Builds a view; parses the body as JSON once (empty body → not JSON). */
export function viewResponse(r: Omit<ResponseView, 'json'>): ResponseView {
  let json: ResponseView['json'];
  if (r.truncatedBytes > 0) json = { ok: false, error: `the body was cut after ${r.sizeBytes - r.truncatedBytes} bytes` };
  else if (r.text.trim() === '') json = { ok: false, error: 'the body is empty' };
  else json = parseBody(r.text);
  // Listed, not spread: spreading into a literal that adds a field cost more than the rest here.
  return { status: r.status, headers: r.headers, text: r.text, timeMs: r.timeMs, sizeBytes: r.sizeBytes, truncatedBytes: r.truncatedBytes, json };
}

/** Header values by case-insensitive name, joined with ", " (RFC 9110 §5.3). */
export function headerValue(headers: HeaderList, name: string): string | undefined {
  const lower = name.toLowerCase();
  let joined: string | undefined;
  for (const header of headers) {
    if (header[0].toLowerCase() === lower) joined = joined === undefined ? header[1] : `${joined}, ${header[1]}`;
  }
  return joined;
}
