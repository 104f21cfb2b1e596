/**
 * Writes a run's three files: `<outDir>/<runId>/report.json`, `report.html`, `junit.xml`.
 * The report is validated first (DESIGN.md core decision 2) and stamped with its integrity;
 * all three are rendered before anything touches the disk, and each file is written to a
 * temporary name and renamed, so a reader never sees half a file and an invalid report
 * leaves nothing behind.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { RunReport } from '../model/report.js';
import { renderHtml } from './html.js';
import { verifyIntegrity, withIntegrity } from './integrity.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { assertValidReport, InvalidReportError } from './report-schema.js';

export const REPORT_JSON_FILE = 'report.json';
export const REPORT_HTML_FILE = 'report.html';
export const JUNIT_FILE = 'junit.xml';

/** Absolute paths of what {@link writeReport} wrote. */
export interface WrittenReport {
  readonly dir: string;
  readonly json: string;
  readonly html: string;
  readonly junit: string;
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, 'utf8');
  await rename(temporary, path);
}

/**
 * Validates the report, adds `integrity`, and writes report.json, report.html and junit.xml
 * into `<outDir>/<runId>/` (created if needed; existing files of the same run are replaced).
 * Throws {@link InvalidReportError}, writing nothing, when the report does not match the
 * schema or carries an `integrity` that does not match its content.
 */
export async function writeReport(report: RunReport, outDir: string): Promise<WrittenReport> {
  const valid = assertValidReport(report);
  if (valid.integrity !== undefined && !verifyIntegrity(valid)) {
    throw new InvalidReportError(['/integrity does not match the report content (edited after it was written?)']);
  }
  const stamped = withIntegrity(valid);
  const root = resolve(outDir);
  const dir = resolve(root, stamped.meta.runId);
  // The schema's runId pattern already forbids separators; this guards the invariant here too.
  if (!dir.startsWith(root + sep)) throw new InvalidReportError([`/meta/runId must name a directory inside ${root}`]);
  const files = {
    json: [join(dir, REPORT_JSON_FILE), renderJson(stamped)],
    html: [join(dir, REPORT_HTML_FILE), renderHtml(stamped)],
    junit: [join(dir, JUNIT_FILE), renderJunit(stamped)],
  } as const;
  await mkdir(dir, { recursive: true });
  await Promise.all(Object.values(files).map(([path, text]) => writeAtomically(path, text)));
  return { dir, json: files.json[0], html: files.html[0], junit: files.junit[0] };
}
