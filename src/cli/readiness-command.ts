/**
 * `scim-conformance readiness --submission FILE [--out DIR] [--okta-org-url URL]
 * [--max-result-age-days N] [--format text|json]`: would the OIN Wizard enable "Submit
 * integration"? Writes readiness.json (+ readiness.schema.json) and readiness.html into
 * --out and prints a summary.
 *
 * Exit codes: 0 Submit would be enabled; 1 it would not (a requirement fails or is blocked);
 * 2 the manifest cannot be read or is invalid, or a flag is wrong; 4 the output could not be
 * written. Secrets come only from the environment variables the manifest names (the Okta
 * token: okta.tokenEnv, default OKTA_TOKEN) and are never printed or written.
 */
import { dirname, resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import { checkReadiness } from '../readiness/check-readiness.js';
import { DEFAULT_RESULT_MAX_AGE_MS } from '../readiness/defaults.js';
import { DEFAULT_READINESS_OUT } from './command-options.js';
import { InvalidManifestError, parseManifest } from '../readiness/manifest-schema.js';
import { renderReadinessSummary } from '../readiness/render-console.js';
import { writeReadiness } from '../readiness/write.js';
import { EXIT } from './exit-codes.js';
import { TOOL_VERSION } from './version.js';
import { terminalJson } from '../report/printable.js';

export interface ReadinessArgs {
  /** The submission manifest (JSON). */
  readonly submission?: string;
  /** Output directory; default `readiness`. */
  readonly out?: string;
  /** Send Okta API calls here instead of okta.orgUrl (e.g. the emulator). */
  readonly oktaOrgUrl?: string;
  /** Longest age of the SPEC and CRUD runs, in days; default 30. */
  readonly maxResultAgeDays?: number;
  /** `json`: readiness.json on stdout, the summary on stderr. */
  readonly format?: 'text' | 'json';
}

export interface ReadinessIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** The check's clock; default the system clock. */
  readonly now?: () => Date;
}

function usage(io: ReadinessIo, message: string): number {
  io.stderr(`scim-conformance readiness: ${message}\n`);
  return EXIT.usage;
}

export async function readinessCommand(args: ReadinessArgs, io: ReadinessIo): Promise<number> {
  if (args.submission === undefined || args.submission.trim() === '') return usage(io, '--submission FILE is required (the OIN submission manifest; see docs/submission-manifest.md)');
  const maxDays = args.maxResultAgeDays ?? DEFAULT_RESULT_MAX_AGE_MS / 86_400_000;
  if (!Number.isFinite(maxDays) || maxDays <= 0) return usage(io, `--max-result-age-days must be a positive number (got ${String(args.maxResultAgeDays)})`);
  if (args.oktaOrgUrl !== undefined) {
    try {
      const url = new URL(args.oktaOrgUrl);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('not http(s)');
    } catch {
      return usage(io, `--okta-org-url is not an http(s) URL: ${args.oktaOrgUrl}`);
    }
  }

  const path = args.submission;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return usage(io, `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code ?? String(e)}`);
  }
  const parsed = parseManifest(text);
  if (!parsed.ok) {
    io.stderr(`scim-conformance readiness: ${new InvalidManifestError(path, parsed.problems).message}\n`);
    return EXIT.usage;
  }

  const report = await checkReadiness(parsed.manifest, {
    now: (io.now ?? (() => new Date()))(),
    baseDir: dirname(resolve(path)),
    env: io.env,
    manifestText: text,
    manifestPath: path,
    resultMaxAgeMs: maxDays * 86_400_000,
    toolVersion: TOOL_VERSION,
    ...(args.oktaOrgUrl !== undefined ? { oktaOrgUrl: args.oktaOrgUrl } : {}),
  });

  let written;
  try {
    written = await writeReadiness(report, args.out ?? DEFAULT_READINESS_OUT);
  } catch (e) {
    io.stderr(`scim-conformance readiness: could not write the readiness report: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.couldNotRun;
  }
  const summary = `${renderReadinessSummary(report)}\nWrote ${written.json}\n  and ${written.html}\n`;
  if (args.format === 'json') {
    io.stdout(`${terminalJson(JSON.stringify(report, null, 2))}\n`); // DEL/C1 as \u escapes: same value, safe for a terminal
    io.stderr(summary);
  } else io.stdout(summary);
  return report.submitEnabled ? EXIT.ok : EXIT.failed;
}
