/**
 * The CLI: yargs commands. The only place that calls process.exit (DESIGN.md).
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { EXIT, EXIT_CODE_HELP, UsageError } from './exit-codes.js';
import type { RunArgs } from './run-command.js';
import { PUBLISH_OPTIONS, READINESS_EXIT_CODE_HELP, READINESS_OPTIONS, SERVE_OPTIONS } from './command-options.js';
import { TOOL_VERSION } from './version.js';
import { terminalText } from '../report/printable.js';

// Each command's module is loaded only when that command runs (start-up time of `run`).

// Every line for the terminal is made terminal-safe here, whatever command wrote it (issue 15):
// no control character from a server reaches stdout or stderr except newline and tab.
const stdout = (t: string): void => { process.stdout.write(terminalText(t)); };
const stderr = (t: string): void => { process.stderr.write(terminalText(t)); };

/** The signals that stop a run, and the exit code when a second one arrives (128 + number). */
const STOP_SIGNALS: Readonly<Record<'SIGINT' | 'SIGTERM' | 'SIGHUP', number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/**
 * Ctrl-C, SIGTERM (a cancelled or timed-out CI job) and SIGHUP (terminal closed) all stop a
 * run the same way: nothing new is sent, the request in flight gets 2 s, the test data is
 * cleaned up (bounded) and a report marked `complete: false` is written (exit 4). A second
 * signal of any of them exits at once.
 */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (name: keyof typeof STOP_SIGNALS): void => {
    if (controller.signal.aborted) process.exit(STOP_SIGNALS[name]);
    // SIGHUP: the terminal may be gone; a failed write must not end the run before its cleanup.
    if (name === 'SIGHUP') for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
    stderr(`\ninterrupted (${name}): stopping, cleaning up test data, then writing an incomplete report… (again to exit at once)\n`);
    controller.abort();
  };
  for (const name of Object.keys(STOP_SIGNALS) as (keyof typeof STOP_SIGNALS)[]) process.on(name, onSignal);
  return controller.signal;
}

async function finish(code: Promise<number> | number): Promise<never> {
  try {
    process.exitCode = await code;
  } catch (e) {
    if (e instanceof UsageError) {
      stderr(`scim-conformance: ${e.message}\n`);
      process.exitCode = e.exitCode;
    } else {
      stderr(`scim-conformance: internal error: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = EXIT.couldNotRun;
    }
  }
  // Flush stdout before leaving (a large JSON report on a pipe).
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(process.exitCode);
}

const connectionOptions = {
  'scim-url': { type: 'string', describe: 'SCIM base URL, e.g. https://example.com/scim/v2 (Okta: SCIMUrl / SCIMBaseURL; env SCIM_URL)' },
  'scim-auth': { type: 'string', describe: 'Authorization header value sent verbatim, e.g. "Bearer abc" (Okta: SCIMAuth / auth; env SCIM_AUTH). Never written anywhere.' },
  'okta-org-url': { type: 'string', describe: 'Okta org URL for CRUD suites, e.g. https://dev-123.okta.com (env OKTA_ORG_URL). Without it the built-in Okta org emulator is used.' },
  'okta-app-id': { type: 'string', describe: 'Okta app instance id (env OKTA_APP_ID)' },
  'okta-token': { type: 'string', describe: 'Okta API token, without "SSWS " (env OKTA_TOKEN). Never written anywhere.' },
  'oauth-token-url': { type: 'string', describe: 'OAuth 2.0 token endpoint of the SCIM server\'s authorization server: the run fetches and refreshes a bearer token instead of --scim-auth (env OAUTH_TOKEN_URL)' },
  'oauth-client-id': { type: 'string', describe: 'OAuth client id (env OAUTH_CLIENT_ID)' },
  'oauth-client-secret': { type: 'string', describe: 'OAuth client secret, sent by HTTP Basic (env OAUTH_CLIENT_SECRET). Never written anywhere.' },
  'oauth-scope': { type: 'string', describe: 'scope to request (env OAUTH_SCOPE)' },
  'oauth-audience': { type: 'string', describe: 'audience to request; also checks a token for another audience is refused (env OAUTH_AUDIENCE)' },
  'oauth-refresh-token': { type: 'string', describe: 'use the refresh-token grant with this token, e.g. after an authorization-code consent (env OAUTH_REFRESH_TOKEN). Never written anywhere.' },
} as const;

await yargs(hideBin(process.argv))
  .scriptName('scim-conformance')
  .version(TOOL_VERSION)
  .strict()
  .wrap(Math.min(110, process.stdout.columns || 110))
  .command(
    'run [suites..]',
    'Run suites (okta-spec, okta-crud, …; an id prefix selects steps) or a Runscope export against a SCIM server',
    (y) => y
      .positional('suites', { type: 'string', array: true, describe: 'suite ids or step-id prefixes (default: okta-spec, okta-crud, okta-groups and the rfc7644 suites)' })
      .options(connectionOptions)
      .option('config', { type: 'string', describe: 'JSON file with SCIMUrl, SCIMAuth, oktaOrgUrl, oktaAppId, oktaToken, vars, runscope, initialScript, suites (flags > env > file)' })
      .option('out', { type: 'string', default: 'reports', describe: 'directory for <runId>/report.json, report.html, junit.xml' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'json: the RunReport JSON on stdout, progress on stderr' })
      .option('grep', { type: 'string', array: true, default: [] as string[], describe: 'run only steps whose id starts with this prefix (repeatable)' })
      .option('pauses', { choices: ['keep', 'skip'] as const, default: 'skip' as const, describe: 'keep: wait Runscope\'s pauses; skip: read-back steps retry until they hold or the pause bound passes' })
      .option('read-back-timeout', { type: 'number', describe: 'cap (ms) on how long a read-back through a real Okta org polls (default: Okta\'s pause bound)' })
      .option('settle', { type: 'number', describe: 'ms: retry a failing direct SCIM read-back for up to this long, for servers that are eventually consistent on purpose (default: judged at once, one re-read after 100 ms; the report records it)' })
      .option('strict', { type: 'boolean', default: false, describe: 'recommended/optional checks fail instead of warn' })
      .option('runscope', { type: 'string', describe: 'run a Runscope (BlazeMeter) API test export, e.g. Okta-SCIM-20-SPEC-Test.json' })
      .option('initial-script', { type: 'string', describe: 'the Runscope initial script for --runscope (e.g. Initial_Script_Spec.txt)' })
      .option('var', { type: 'string', array: true, default: [] as string[], describe: 'extra variable name=value for the export (repeatable)' })
      .option('seed-user', { type: 'boolean', default: false, describe: 'create one complete user before the run (Okta SPEC precondition) and delete it after' })
      .option('keep-test-data', { type: 'boolean', default: false, describe: 'do not delete what the run created' })
      .option('query-encoding', { choices: ['percent', 'plus'] as const, default: 'percent' as const, describe: 'how spaces in filter queries are sent: %20 or +' })
      .option('timeout', { type: 'number', default: 30000, describe: 'per-request time limit in ms' })
      .option('max-duration', { type: 'string', describe: 'time budget of the whole run: 45s, 5m, or ms (default 5m; env SCIM_CONFORMANCE_MAX_DURATION). Steps left when it is spent are errors; cleanup still runs' })
      .option('reporter', { type: 'string', default: 'spec', describe: 'mocha reporter for progress on stderr (spec, dot, list, mochawesome, none)' })
      .option('user-template', { type: 'string', describe: 'JSON file of User attribute values only you know (required custom attributes, extension values), merged into the User bodies the suites send' })
      .option('profile', { type: 'string', describe: 'suite set: okta (okta-spec, okta-crud, okta-groups, the okta-plan suites of Okta\'s manual test plan, rfc7644; the default run is the same without okta-plan), entra, rfc, interop (the SCIM interoperability profile draft), all (env SCIM_PROFILE)' })
      .epilogue(EXIT_CODE_HELP),
    (argv) => finish(import('./run-command.js').then(({ runCommand }) => runCommand({
      suites: argv.suites ?? [],
      scimUrl: argv['scim-url'], scimAuth: argv['scim-auth'], oktaOrgUrl: argv['okta-org-url'],
      oktaAppId: argv['okta-app-id'], oktaToken: argv['okta-token'], config: argv.config,
      oauthTokenUrl: argv['oauth-token-url'], oauthClientId: argv['oauth-client-id'], oauthClientSecret: argv['oauth-client-secret'],
      oauthScope: argv['oauth-scope'], oauthAudience: argv['oauth-audience'], oauthRefreshToken: argv['oauth-refresh-token'],
      out: argv.out, format: argv.format, grep: argv.grep, pauses: argv.pauses, strict: argv.strict,
      runscope: argv.runscope, initialScript: argv['initial-script'], vars: argv.var,
      seedUser: argv['seed-user'], keepTestData: argv['keep-test-data'], queryEncoding: argv['query-encoding'],
      timeout: argv.timeout, readBackTimeout: argv['read-back-timeout'], settle: argv.settle, reporter: argv.reporter, profile: argv.profile, userTemplate: argv['user-template'], maxDuration: argv['max-duration'],
    } as RunArgs, { stdout, stderr, env: process.env, signal: interruptSignal() }))),
  )
  .command(
    'demo',
    'The main job on the embedded default (npm start): reference SCIM server + Okta org emulator, all suites, reports written',
    (y) => y
      .option('out', { type: 'string', default: 'reports', describe: 'report directory' })
      .option('reporter', { type: 'string', default: 'spec', describe: 'mocha reporter for progress' }),
    (argv) => finish(import('./demo-command.js').then(({ demoCommand }) => demoCommand({ out: argv.out, reporter: argv.reporter }, { stdout, stderr, env: process.env, signal: interruptSignal() }))),
  )
  .command(
    'reference-server',
    'Start the bundled in-memory SCIM 2.0 reference server; first stdout line is its base URL',
    (y) => y
      .option('port', { type: 'number', default: 0, describe: 'port (0 picks a free one)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to bind' })
      .option('token', { type: 'string', default: 'reference-token', describe: 'bearer token it accepts' })
      .option('defect', { type: 'string', array: true, default: [] as string[], describe: 'named defect profile(s) to exhibit (for testing testers)' })
      .option('oauth-client-id', { type: 'string', describe: 'OAuth mode: a token endpoint at /oauth2/token issues tokens to this client (with --oauth-client-secret); the SCIM API then accepts only those' })
      .option('oauth-client-secret', { type: 'string', describe: 'OAuth mode: the client secret' })
      .option('oauth-token-lifetime', { type: 'number', default: 3600, describe: 'OAuth mode: seconds an access token lives' })
      .option('oauth-refresh-token', { type: 'string', array: true, default: [] as string[], describe: 'OAuth mode: refresh token(s) the endpoint accepts (rotated on use)' }),
    (argv) => import('./reference-server-command.js')
      .then(({ referenceServerCommand }) => referenceServerCommand({
        port: argv.port, host: argv.host, token: argv.token, defects: argv.defect,
        oauthClientId: argv['oauth-client-id'], oauthClientSecret: argv['oauth-client-secret'],
        oauthTokenLifetime: argv['oauth-token-lifetime'], oauthRefreshTokens: argv['oauth-refresh-token'],
      }, { stdout, stderr }))
      .catch((e) => finish(Promise.reject(e))),
  )
  .command(
    'okta-emulator',
    'Start the Okta org emulator provisioning to a SCIM server; prints the org URL, then the app id and API token',
    (y) => y
      .options({ 'scim-url': connectionOptions['scim-url'], 'scim-auth': connectionOptions['scim-auth'] })
      .option('port', { type: 'number', default: 0, describe: 'port (0 picks a free one)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to bind' })
      .option('profile-update', { choices: ['put', 'patch'] as const, default: 'put' as const, describe: 'how profile changes are pushed' }),
    (argv) => import('./okta-emulator-command.js')
      .then(({ oktaEmulatorCommand }) => oktaEmulatorCommand({
        scimUrl: argv['scim-url'], scimAuth: argv['scim-auth'], port: argv.port, host: argv.host, profileUpdate: argv['profile-update'],
      }, { stdout, stderr, env: process.env }))
      .catch((e) => finish(Promise.reject(e))),
  )
  .command(
    'serve',
    'Serve run history over HTTP: index, permalinks /runs/<runId>, report.json, junit.xml, history per target and suite (GET/HEAD only); first stdout line is the base URL',
    (y) => y.options(SERVE_OPTIONS),
    // serve handles SIGINT/SIGTERM itself (nothing to clean up).
    (argv) => finish(import('./serve-command.js').then(({ serveCommand }) => serveCommand({ dir: argv.dir, port: argv.port, host: argv.host, token: argv.token }, { stdout, stderr, env: process.env }))),
  )
  .command(
    'publish',
    'Write the run history as a static site with the same permalinks; in GitHub Actions also a job summary and annotations',
    (y) => y.options(PUBLISH_OPTIONS),
    (argv) => finish(import('./publish-command.js').then(({ publishCommand }) => publishCommand({ dir: argv.dir, to: argv.to, baseUrl: argv['base-url'], run: argv.run }, { stdout, stderr, env: process.env }))),
  )
  .command(
    'readiness',
    'Check an OIN submission manifest: field rules, SPEC/CRUD result links, Okta app instances, the manual test plan; exit 0 only when Submit integration would be enabled',
    (y) => y.options(READINESS_OPTIONS).epilogue(READINESS_EXIT_CODE_HELP),
    (argv) => finish(import('./readiness-command.js').then(({ readinessCommand }) => readinessCommand({
      submission: argv.submission, out: argv.out, oktaOrgUrl: argv['okta-org-url'], maxResultAgeDays: argv['max-result-age-days'], format: argv.format,
    }, { stdout, stderr, env: process.env }))),
  )
  .command(
    'load',
    'Opt-in load probe: Okta- and/or Entra-shaped provisioning traffic (create, update, group membership, deactivate) for --duration seconds; throughput, latency percentiles, error and 429 rates, Retry-After handling and a read-back of every user created; writes a RunReport',
    (y) => y
      .options({ 'scim-url': connectionOptions['scim-url'], 'scim-auth': connectionOptions['scim-auth'] })
      .option('config', { type: 'string', describe: 'JSON file with SCIMUrl and SCIMAuth (flags > env > file)' })
      .option('duration', { type: 'number', default: 10, describe: 'seconds of traffic (at most 3600)' })
      .option('concurrency', { type: 'number', default: 8, describe: 'most requests in flight at once (at most 256)' })
      .option('rate', { type: 'number', describe: 'most requests started per second (default: as fast as the concurrency allows)' })
      .option('client', { choices: ['okta', 'entra', 'both'] as const, default: 'both' as const, describe: 'whose request shapes to send' })
      .option('timeout', { type: 'number', default: 60000, describe: 'per-request time limit in ms (Okta waits 60 s)' })
      .option('out', { type: 'string', default: 'reports', describe: 'directory for <runId>/report.json, report.html, junit.xml' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'json: the RunReport JSON on stdout' })
      .option('strict', { type: 'boolean', default: false, describe: 'recommended checks fail instead of warn' })
      .option('i-own-this-target', { type: 'boolean', default: false, describe: 'allow a target that is not on loopback (only load servers you own)' })
      .epilogue(EXIT_CODE_HELP),
    (argv) => finish(import('./load-command.js').then(({ loadCommand }) => loadCommand({
      scimUrl: argv['scim-url'], scimAuth: argv['scim-auth'], config: argv.config, duration: argv.duration, concurrency: argv.concurrency,
      rate: argv.rate, client: argv.client, timeout: argv.timeout, out: argv.out, format: argv.format, strict: argv.strict,
      iOwnThisTarget: argv['i-own-this-target'],
    }, { stdout, stderr, env: process.env, signal: interruptSignal() }))),
  )
  .demandCommand(1, 'name a command: run, demo, serve, publish, readiness, load, reference-server, okta-emulator')
  .fail((msg, err) => {
    if (err) throw err;
    stderr(`scim-conformance: ${msg}\nRun with --help for usage.\n`);
    process.exit(EXIT.usage);
  })
  .help()
  .parseAsync();
