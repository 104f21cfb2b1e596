/**
 * Report integrity: a SHA-256 digest of the report's canonical JSON, written into the report
 * as `integrity: "sha256-<base64>"` (the Subresource Integrity notation).
 *
 * It detects edits and corruption of a stored report.json; it is not a signature: whoever
 * edits a report can recompute it. Canonical JSON is `JSON.stringify` with object keys sorted
 * (by UTF-16 code units) at every depth, so the digest does not depend on key order or on
 * whitespace, and a report read back from disk digests the same as the one written.
 */
import { createHash } from 'node:crypto';
import type { RunReport } from '../model/report.js';

const PREFIX = 'sha256-';

/** `JSON.stringify` with object keys sorted at every depth, no whitespace. */
export function canonicalJson(value: unknown): string {
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
    return sorted;
  });
  // JSON.stringify(undefined) is undefined; a report is never undefined, but stay total.
  return json ?? 'null';
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
