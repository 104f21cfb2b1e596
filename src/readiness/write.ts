/**
 * Writes a readiness check's files into a directory: readiness.json (validated against its
 * schema first), readiness.schema.json (that schema, so the output describes itself) and
 * readiness.html. Each file is written to a temporary name and renamed.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readinessReportSchema, validateReadinessReport, type ReadinessReport } from './readiness-report.js';
import { renderReadinessHtml } from './render-html.js';

export const READINESS_JSON_FILE = 'readiness.json';
export const READINESS_SCHEMA_FILE = 'readiness.schema.json';
export const READINESS_HTML_FILE = 'readiness.html';

export interface WrittenReadiness {
  readonly dir: string;
  readonly json: string;
  readonly schema: string;
  readonly html: string;
}

/** Raised when a readiness report does not match its own schema (a bug of ours). */
export class InvalidReadinessReportError extends Error {
  override readonly name = 'InvalidReadinessReportError';
  constructor(readonly errors: readonly string[]) {
    super(`invalid readiness report: ${errors.slice(0, 5).join('; ')}`);
  }
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, 'utf8');
  await rename(temporary, path);
}

export async function writeReadiness(report: ReadinessReport, outDir: string): Promise<WrittenReadiness> {
  const validation = validateReadinessReport(report);
  if (!validation.ok) throw new InvalidReadinessReportError(validation.errors);
  const dir = resolve(outDir);
  const files = {
    json: [join(dir, READINESS_JSON_FILE), `${JSON.stringify({ $schema: `./${READINESS_SCHEMA_FILE}`, ...report }, null, 2)}\n`],
    schema: [join(dir, READINESS_SCHEMA_FILE), `${JSON.stringify(readinessReportSchema, null, 2)}\n`],
    html: [join(dir, READINESS_HTML_FILE), renderReadinessHtml(report)],
  } as const;
  await mkdir(dir, { recursive: true });
  await Promise.all(Object.values(files).map(([path, text]) => writeAtomically(path, text)));
  return { dir, json: files.json[0], schema: files.schema[0], html: files.html[0] };
}
