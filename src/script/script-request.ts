/**
 * The `request` object scripts see, built from a rendered request, and the edits a pre-request
 * script makes to it applied back (runscope.com/docs/api-testing/scripts, "Pre-request
 * Scripts": they run "after variables have been resolved, but before the request is made" and
 * may assign to any request field; "if you directly update request.url or request.body this
 * will take precedence over request.params and request.form respectively").
 */
import type { HeaderList } from '../model/result.js';
import type { ScriptRequest } from './sandbox.js';

/** A request after templates are rendered: what is sent. */
export interface OutgoingRequestData {
  readonly method: string;
  readonly url: string;
  readonly headers: HeaderList;
  readonly body?: string;
}

/** A script left the request in a state we cannot send. */
export class InvalidScriptRequestError extends Error {
  constructor(message: string) {
    super(`pre-request script: ${message}`);
    this.name = 'InvalidScriptRequestError';
  }
}

const FORM_TYPE = /^application\/x-www-form-urlencoded\b/i;

function multiRecord(entries: Iterable<readonly [string, string]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of entries) (out[k] ??= []).push(v);
  return out;
}

function contentType(headers: HeaderList): string {
  return headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
}

/** A fresh, mutable `request` object for one script run. */
export function toScriptRequest(r: OutgoingRequestData): ScriptRequest {
  const url = new URL(r.url);
  const body = r.body ?? '';
  return {
    method: r.method,
    url: r.url,
    headers: multiRecord(r.headers),
    body,
    params: multiRecord(url.searchParams),
    form: FORM_TYPE.test(contentType(r.headers)) ? multiRecord(new URLSearchParams(body)) : {},
    scheme: url.protocol.replace(/:$/, ''),
    host: url.host,
    path: url.pathname,
    size_bytes: Buffer.byteLength(body, 'utf8'),
  };
}

function values(name: string, v: unknown, field: string): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.map((x) => String(x));
  if (typeof v === 'object') throw new InvalidScriptRequestError(`${field}[${JSON.stringify(name)}] must be a string or an array of strings`);
  return [String(v)];
}

function pairs(value: unknown, field: string): [string, string][] {
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      const o = item as { name?: unknown; value?: unknown } | null;
      if (!o || typeof o !== 'object' || typeof o.name !== 'string') throw new InvalidScriptRequestError(`${field}[${i}] must be {name, value}`);
      return [o.name, o.value === undefined || o.value === null ? '' : String(o.value)];
    });
  }
  if (!value || typeof value !== 'object') throw new InvalidScriptRequestError(`${field} must be an object`);
  return Object.entries(value).flatMap(([k, v]) => values(k, v, field).map((x) => [k, x] as [string, string]));
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The request to send after a pre-request script ran on `edited` (a copy of `before`).
 * Throws InvalidScriptRequestError when the edits make no request.
 */
export function applyScriptRequest(original: OutgoingRequestData, before: ScriptRequest, edited: ScriptRequest): OutgoingRequestData {
  if (typeof edited.method !== 'string' || edited.method.trim() === '') throw new InvalidScriptRequestError('method must be a non-empty string');
  if (typeof edited.url !== 'string') throw new InvalidScriptRequestError('url must be a string');
  if (typeof edited.body !== 'string') throw new InvalidScriptRequestError('body must be a string');

  let url: URL | undefined;
  if (edited.url !== before.url) {
    try {
      url = new URL(edited.url);
    } catch {
      throw new InvalidScriptRequestError(`url ${JSON.stringify(edited.url)} is not an absolute URL`);
    }
  } else if (edited.scheme !== before.scheme || edited.host !== before.host || edited.path !== before.path || !same(edited.params, before.params)) {
    // Only a script's own URL edit goes through URL parsing; an untouched URL keeps its exact
    // encoding (an id segment such as `%2E%2E` must not be resolved: engine/url.ts).
    url = new URL(original.url);
    if (edited.scheme !== before.scheme) url.protocol = `${edited.scheme}:`;
    if (edited.host !== before.host) url.host = edited.host;
    if (edited.path !== before.path) url.pathname = edited.path;
    if (!same(edited.params, before.params)) {
      const query = new URLSearchParams(pairs(edited.params, 'request.params'));
      url.search = query.toString().replace(/\+/g, '%20');
    }
  }

  // Untouched headers keep their order and repeats exactly.
  let headers: HeaderList = original.headers;
  if (!same(edited.headers, before.headers)) {
    const edits: (readonly [string, string])[] = [];
    for (const [name, v] of Object.entries(edited.headers ?? {})) {
      for (const value of values(name, v, 'request.headers')) edits.push([name, value]);
    }
    headers = edits;
  }

  let body: string | undefined = original.body;
  if (edited.body !== before.body) body = edited.body;
  else if (!same(edited.form, before.form)) body = new URLSearchParams(pairs(edited.form, 'request.form')).toString();

  return { method: edited.method.trim().toUpperCase(), url: url?.toString() ?? original.url, headers, ...(body !== undefined ? { body } : {}) };
}
