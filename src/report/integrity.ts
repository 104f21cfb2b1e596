/**
 * Report integrity: a SHA-256 digest of the report's canonical JSON, written into the report
 * as `integrity: "sha256-<base64>"` (the Subresource Integrity notation).
 *
 * It detects edits and corruption of a stored report.json; it is not a signature: whoever
 * edits a report can recompute it. Canonical JSON is the JSON text with object keys sorted
 * (by UTF-16 code units) at every depth, so the digest does not depend on key order or on
 * whitespace, and a report read back from disk digests the same as the one written.
 */
import { createHash } from 'node:crypto';
import type { RunReport } from '../model/report.js';

const PREFIX = 'sha256-';

/**
 * Canonical JSON, written directly: object keys sorted by UTF-16 code units at every depth, no
 * whitespace, values as `JSON.stringify` writes them. Nothing is copied into an intermediate
 * object, so no key is special: an own `__proto__` member (JSON.parse creates one from
 * `"__proto__": …`) is written like any other, where assigning it to a plain object would have
 * set the prototype and dropped it from the digest (issue 15).
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  // JSON.stringify(undefined) is undefined; a report is never undefined, but stay total.
  if (!writeCanonical(value, parts, false)) return 'null';
  return parts.join('');
}

/** Appends the canonical form of `value`; false when JSON has no form for it (undefined, a function). */
function writeCanonical(input: unknown, parts: string[], inArray: boolean): boolean {
  let value = input;
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case 'string':
      parts.push(JSON.stringify(value));
      return true;
    case 'number':
      parts.push(Number.isFinite(value) ? JSON.stringify(value) : 'null');
      return true;
    case 'boolean':
      parts.push(value ? 'true' : 'false');
      return true;
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object':
      break;
    default: // undefined, function, symbol: left out of objects, null in arrays (as JSON.stringify does)
      if (inArray) parts.push('null');
      return inArray;
  }
  if (value === null) {
    parts.push('null');
    return true;
  }
  if (Array.isArray(value)) {
    parts.push('[');
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) parts.push(',');
      writeCanonical(value[i], parts, true);
    }
    parts.push(']');
    return true;
  }
  const record = value as Record<string, unknown>;
  parts.push('{');
  let first = true;
  for (const key of Object.keys(record).sort()) {
    const mark = parts.length;
    parts.push(first ? '' : ',', JSON.stringify(key), ':');
    if (writeCanonical(record[key], parts, false)) first = false;
    else parts.length = mark; // an undefined member is left out
  }
  parts.push('}');
  return true;
}

/** The integrity string of a report: computed without its `integrity` field. */
export function computeIntegrity(report: RunReport): string {
  const { integrity: _ignored, ...content } = report;
  return PREFIX + createHash('sha256').update(canonicalJson(content), 'utf8').digest('base64');
}

/** A copy of the report with `integrity` set (an existing value is replaced). */
export function withIntegrity(report: RunReport): RunReport {
  const { integrity: _ignored, ...content } = report;
  return { ...content, integrity: computeIntegrity(report) };
}

/** True when the report carries an `integrity` value that matches its content. */
export function verifyIntegrity(report: RunReport): boolean {
  return typeof report.integrity === 'string' && report.integrity === computeIntegrity(report);
}
