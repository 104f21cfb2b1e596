/**
 * yargs option descriptors of the commands other than `run`, kept apart from the commands
 * themselves so that main.ts can load each command's module only when it runs (start-up time).
 */
import { DEFAULT_RESULT_MAX_AGE_MS } from '../readiness/defaults.js';

/** yargs option descriptors for `serve` (the CLI wires them with `.options(SERVE_OPTIONS)`). */
export const SERVE_OPTIONS = {
  dir: { type: 'string', default: 'reports', describe: 'reports directory (<runId>/report.json)' },
  port: { type: 'number', default: 0, describe: 'port (0 picks a free one)' },
  host: { type: 'string', describe: 'address to bind (default 127.0.0.1); any other address makes the reports reachable from the network' },
  token: { type: 'string', describe: 'require this access token (or env SCIM_REPORT_TOKEN); without a value, a random one is made and printed on stderr. Browsers: open a page once with ?token=…, a session cookie keeps them in; scripts: Authorization: Bearer …' },
} as const;

/** yargs option descriptors for `publish`. */
export const PUBLISH_OPTIONS = {
  dir: { type: 'string', default: 'reports', describe: 'reports directory (<runId>/report.json)' },
  to: { type: 'string', demandOption: true, describe: 'directory for the static site (new, empty, or a previous publish output)' },
  'base-url': { type: 'string', describe: 'URL the site is served at (e.g. https://org.github.io/repo/), for links in the GitHub job summary' },
  run: { type: 'string', array: true, describe: 'run id(s) to summarise on GitHub Actions (default: the newest published run)' },
} as const;

export const DEFAULT_READINESS_OUT = 'readiness';

/** `readiness`. */
export const READINESS_OPTIONS = {
  submission: { type: 'string', describe: 'OIN submission manifest (JSON; see docs/submission-manifest.md)' },
  out: { type: 'string', default: DEFAULT_READINESS_OUT, describe: 'directory for readiness.json, readiness.schema.json and readiness.html' },
  'okta-org-url': { type: 'string', describe: 'call the Okta API at this URL instead of okta.orgUrl (e.g. the built-in emulator); the token still comes from the variable the manifest names (default OKTA_TOKEN)' },
  'max-result-age-days': { type: 'number', default: DEFAULT_RESULT_MAX_AGE_MS / 86_400_000, describe: 'longest age of the SPEC and CRUD runs, in days' },
  format: { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'json: readiness.json on stdout, the summary on stderr' },
} as const;

export const READINESS_EXIT_CODE_HELP = [
  'Exit codes:',
  '  0  Submit integration would be enabled (every requirement passes or does not apply)',
  '  1  it would stay disabled (a requirement fails or is blocked)',
  '  2  the manifest cannot be read or is invalid, or a flag is wrong',
  '  4  the output could not be written',
].join('\n');
