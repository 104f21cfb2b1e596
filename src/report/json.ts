/**
 * report.json: the canonical report, as written and as read back. Reading validates against
 * the schema and, when the report carries an `integrity` value, checks it.
 */
import { readFile } from 'node:fs/promises';
import type { RunReport } from '../model/report.js';
import { verifyIntegrity } from './integrity.js';
import { assertValidReport, InvalidReportError } from './report-schema.js';

/** The report as stored: two-space indented JSON with a final newline. */
export function renderJson(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Parses report.json text into a RunReport. Throws {@link InvalidReportError} when the text is
 * not JSON, does not match the schema, or its `integrity` does not match its content.
 */
export function parseReport(text: string): RunReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InvalidReportError([`(report) is not JSON: ${e instanceof Error ? e.message : String(e)}`]);
  }
  const report = assertValidReport(value);
  if (report.integrity !== undefined && !verifyIntegrity(report)) {
    throw new InvalidReportError(['/integrity does not match the report content (edited after it was written?)']);
  }
  return report;
}

/** Reads and parses a report.json file (see {@link parseReport}). */
export async function readReport(path: string): Promise<RunReport> {
  return parseReport(await readFile(path, 'utf8'));
}
