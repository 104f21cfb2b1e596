/**
 * What a report keeps of an assertion (issue 14 item 3): one cap per value, so a report's size
 * — and the work of redacting, validating, hashing and rendering it — does not grow with the
 * server's body. A ListResponse of 10^6 elements is evaluated whole (the assertions see every
 * element) but its actual value is kept as the first {@link KEPT_VALUE_CHARS} characters of its
 * JSON, written without serialising the rest. Everything kept is redacted first.
 */
import { redactDeep, type Redactor } from '../http/redact.js';
import type { AssertionResult } from '../model/result.js';

/** Longest text kept for one value of an assertion (actual as JSON, expected, message, title). */
export const KEPT_VALUE_CHARS = 4096;

/**
 * Redaction sees this much beyond the cut, so a secret that straddles it is still found whole
 * (an encoded secret longer than this could leave a fragment; no credential is that long).
 */
const REDACTION_MARGIN_CHARS = 16 * 1024;

/** The actual value of an assertion whose JSON was longer than the cap. */
export interface TruncatedActual {
  /** The first {@link KEPT_VALUE_CHARS} characters of the value's JSON text, redacted. */
  readonly jsonPrefix: string;
  /** Always true: the JSON text went on. */
  readonly jsonCut: true;
}

/** True for a {@link TruncatedActual} (exactly its two members). */
export function isTruncatedActual(actual: unknown): actual is TruncatedActual {
  if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
  return Object.keys(actual).length === 2 && typeof (actual as TruncatedActual).jsonPrefix === 'string' && (actual as TruncatedActual).jsonCut === true;
}

/**
 * The JSON text of `value` up to `max` characters, written without serialising the rest: the
 * work is bounded by `max`, not by the value (a 10^6-element array costs as much as a small
 * one). `complete` is false when the text was cut. Values are as `JSON.stringify` writes them.
 */
export function boundedJson(value: unknown, max: number): { readonly text: string; readonly complete: boolean } {
  const out: JsonWriter = { parts: [], length: 0, max };
  const complete = writeJson(out, value, false);
  const text = out.parts.join('');
  return complete ? { text, complete } : { text: text.slice(0, max), complete };
}

/** The text written so far by {@link writeJson}, and where it stops. */
interface JsonWriter {
  readonly parts: string[];
  length: number;
  readonly max: number;
}

/** Appends `s`; false once the text is past `max` (the writing stops). Module functions, not closures made per call. */
function pushJson(out: JsonWriter, s: string): boolean {
  out.parts.push(s);
  out.length += s.length;
  return out.length <= out.max;
}

function writeJson(out: JsonWriter, v: unknown, inArray: boolean): boolean {
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON: () => unknown }).toJSON();
  if (typeof v === 'string') return pushJson(out, JSON.stringify(v.length > out.max ? v.slice(0, out.max + 1) : v));
  if (typeof v === 'number') return pushJson(out, Number.isFinite(v) ? String(v) : 'null');
  if (typeof v === 'boolean') return pushJson(out, String(v));
  if (typeof v === 'bigint') return pushJson(out, String(v));
  if (v === null || v === undefined || typeof v !== 'object') return pushJson(out, inArray || v === null ? 'null' : '');
  if (Array.isArray(v)) {
    if (!pushJson(out, '[')) return false;
    for (let i = 0; i < v.length; i += 1) {
      if ((i > 0 && !pushJson(out, ',')) || !writeJson(out, v[i], true)) return false;
    }
    return pushJson(out, ']');
  }
  if (!pushJson(out, '{')) return false;
  let first = true;
  for (const key of Object.keys(v)) {
    const member = (v as Record<string, unknown>)[key];
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    if (!pushJson(out, `${first ? '' : ','}${JSON.stringify(key)}:`) || !writeJson(out, member, false)) return false;
    first = false;
  }
  return pushJson(out, '}');
}

/** Redacts `text` and keeps at most `max` characters of it, saying how many were cut. */
export function keepText(text: string, redact: Redactor, max = KEPT_VALUE_CHARS): string {
  if (text.length <= max) return redact(text);
  return `${redact(text.slice(0, max + REDACTION_MARGIN_CHARS)).slice(0, max)}… (${text.length - max} more characters)`;
}

/** The value kept for an actual: itself (redacted) when its JSON fits the cap, else a {@link TruncatedActual}. */
export function keepActual(actual: unknown, redact: Redactor): unknown {
  // Most actuals are short strings, numbers, booleans or null: their JSON fits without being written
  // (a string's JSON is at most six characters per character, plus its quotes).
  if (actual === null || typeof actual === 'number' || typeof actual === 'boolean') return actual;
  if (typeof actual === 'string' && actual.length * 6 + 2 <= KEPT_VALUE_CHARS) return redact(actual);
  const json = boundedJson(actual, KEPT_VALUE_CHARS + REDACTION_MARGIN_CHARS);
  if (json.complete && json.text.length <= KEPT_VALUE_CHARS) return redactDeep(actual, redact);
  return { jsonPrefix: redact(json.text).slice(0, KEPT_VALUE_CHARS), jsonCut: true } satisfies TruncatedActual;
}

/** The assertion as a report keeps it: every server-derived value redacted and capped. */
export function keepAssertion(a: AssertionResult, redact: Redactor): AssertionResult {
  // A copy, then its values replaced in place: the members stay in the assertion's order.
  const kept: { -readonly [K in keyof AssertionResult]: AssertionResult[K] } = { ...a };
  kept.title = keepText(a.title, redact);
  if (a.property !== undefined) kept.property = keepText(a.property, redact);
  kept.expected = a.expected === null ? null : keepText(a.expected, redact);
  kept.actual = keepActual(a.actual, redact);
  if (a.message !== undefined) kept.message = keepText(a.message, redact);
  return kept;
}
