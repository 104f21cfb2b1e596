/**
 * `scim-conformance run`: resolve the configuration (exit 2 before any request), load suites
 * (exit 3), start the Okta org emulator when a suite needs an org and none is configured, run
 * inside mocha, write the reports, and map the verdict to an exit code.
 */
import { resolve } from 'node:path';
import type { EngineOptions } from '../engine/options.js';
import { DEFAULT_ENGINE_OPTIONS } from '../engine/options.js';
import { withRunAuth } from '../engine/build-report.js';
import type { Plan } from '../engine/run-plan.js';
import { newRunId } from '../engine/run-plan.js';
import type { OAuthSettings } from '../http/oauth-client.js';
import { createRedactor } from '../http/redact.js';
import { MAX_TIMER_MS } from '../http/timer-delay.js';
import type { RunOptions, RunReport } from '../model/report.js';
import type { Suite } from '../model/suite.js';
import { runPlanWithMocha } from '../mocha/host.js';
import { writeReport } from '../report/write.js';
import { defaultSuiteIds, isProfileName, PROFILE_NAMES, profileSuiteIds } from '../suite/profiles.js';
import { ALL_SUITES, findSuites } from '../suite/registry.js';
import { suiteSelected } from '../suite/select.js';
import { oauthSuite } from '../../suites/oauth.js';
import { seedUserSuite } from '../../suites/setup-seed-user.js';
import type { ConnectionConfig, FileConfig } from './config.js';
import { checkPresent, checkUrl, parseVars, readConfigFile, resolveConnection, resolveMaxDuration } from './config.js';
import { EXIT, UsageError } from './exit-codes.js';
import { describeTokenExchanges, expiredTokenVariable, oauthSettings, oauthVariables, otherAudienceVariable, runAuth, startOAuth } from './oauth-target.js';
import { startOktaTarget } from './okta-target.js';
import { loadUserTemplate } from './user-template.js';
import { TOOL_VERSION } from './version.js';
import { terminalJson } from '../report/printable.js';

export interface RunArgs extends ConnectionConfig {
  readonly suites: readonly string[];
  readonly config?: string;
  readonly out: string;
  readonly format: 'text' | 'json';
  readonly grep: readonly string[];
  readonly pauses: 'keep' | 'skip';
  readonly strict: boolean;
  readonly runscope?: string;
  readonly initialScript?: string;
  readonly vars: readonly string[];
  readonly seedUser: boolean;
  readonly keepTestData: boolean;
  readonly queryEncoding: 'percent' | 'plus';
  readonly timeout: number;
  readonly readBackTimeout?: number;
  /** `--settle MS`: bounded retries for failing direct read-backs. */
  readonly settle?: number;
  readonly reporter: string;
  /** A profile (src/suite/profiles.ts): flag > SCIM_PROFILE > config `profile`. */
  readonly profile?: string;
  /** `--user-template FILE`: User attribute values only the vendor knows (user-template.ts). */
  readonly userTemplate?: string;
  /** `--max-duration` as written (`45s`, `5m`, ms); default 5 minutes (config.ts). */
  readonly maxDuration?: string;
}

export interface RunIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
}

/** Okta's variable names for our connection settings (both spellings Okta's files use). */
function connectionVariables(c: ConnectionConfig): Record<string, string> {
  const v: Record<string, string> = {};
  if (c.scimUrl) { v.SCIMBaseURL = c.scimUrl; v.SCIMUrl = c.scimUrl; }
  if (c.scimAuth !== undefined) { v.auth = c.scimAuth; v.SCIMAuth = c.scimAuth; }
  if (c.oktaOrgUrl) v.oktaOrgUrl = c.oktaOrgUrl;
  if (c.oktaAppId) v.oktaAppId = c.oktaAppId;
  if (c.oktaToken) v.oktaToken = c.oktaToken;
  return v;
}

const OKTA_VARIABLES = new Set(['oktaOrgUrl', 'oktaAppId', 'oktaToken']);
const SCIM_URL_VARIABLES = new Set(['SCIMBaseURL', 'SCIMUrl']);
const SCIM_AUTH_VARIABLES = new Set(['auth', 'SCIMAuth']);

/** Exit code for a finished report. */
export function exitCodeFor(report: RunReport): number {
  if (!report.complete || report.summary.counts.error > 0) return EXIT.couldNotRun;
  if (report.summary.counts.fail > 0) return EXIT.failed;
  if (report.summary.counts.pass === 0 && report.summary.counts.warn === 0) return EXIT.couldNotRun;
  return EXIT.ok;
}

/**
 * The suite ids (or step-id prefixes) to run: the named ones plus those of the profile
 * (flag > SCIM_PROFILE > config `profile`); with neither, the config's `suites`, else the
 * default suites (the okta profile without the test plan's suites: `defaultSuiteIds`), else
 * nothing for a --runscope run.
 * An unknown profile is a usage error naming it.
 */
export function requestedSuites(args: Pick<RunArgs, 'suites' | 'profile'>, env: NodeJS.ProcessEnv, file: FileConfig, runscope: boolean): string[] {
  const profile = args.profile ?? (env.SCIM_PROFILE !== undefined && env.SCIM_PROFILE !== '' ? env.SCIM_PROFILE : undefined) ?? file.profile;
  let fromProfile: string[] = [];
  if (profile !== undefined) {
    if (!isProfileName(profile)) {
      throw new UsageError(`unknown profile ${JSON.stringify(profile)} (--profile, SCIM_PROFILE or "profile" in --config); available: ${PROFILE_NAMES.join(', ')}`);
    }
    fromProfile = profileSuiteIds(profile);
  }
  if (args.suites.length > 0 || profile !== undefined) return [...new Set([...args.suites, ...fromProfile])];
  if (file.suites !== undefined) return [...file.suites];
  return runscope ? [] : defaultSuiteIds();
}

/** Everything up to the first request: may throw UsageError (exit 2 or 3). */
async function preparePlan(args: RunArgs, io: RunIo): Promise<{ plan: Plan; connection: ConnectionConfig; file: FileConfig; suites: Suite[]; maxDurationMs: number; oauth?: OAuthSettings }> {
  const file = args.config ? readConfigFile(args.config) : {};
  const maxDurationMs = resolveMaxDuration(args.maxDuration, io.env, file);
  const raw = resolveConnection(args, io.env, file);
  const connection: ConnectionConfig = {
    ...raw,
    scimUrl: checkUrl('scimUrl', raw.scimUrl),
    oktaOrgUrl: checkUrl('oktaOrgUrl', raw.oktaOrgUrl),
  };
  const extraVars = { ...(file.vars ?? {}), ...parseVars(args.vars) };
  const runscopePath = args.runscope ?? file.runscope;
  const suites: Suite[] = [];
  if (runscopePath) {
    // The export loader (and its schema) is loaded only for --runscope runs.
    const { loadRunscopeFile } = await import('./load-runscope.js');
    suites.push(loadRunscopeFile(runscopePath, args.initialScript ?? file.initialScript, extraVars));
  }
  const requested = requestedSuites(args, io.env, file, runscopePath !== undefined);
  if (requested.length) {
    const { suites: found, unknown } = findSuites(requested);
    if (unknown.length) {
      throw new UsageError(`unknown suite ${unknown.map((u) => JSON.stringify(u)).join(', ')}; available: ${ALL_SUITES.map((s) => s.id).join(', ')}`);
    }
    suites.push(...found);
  }
  // A step-id prefix (`rfc7644/user-filter…`) narrows the run; a whole suite id with a slash
  // (`rfc7644/filters`, `okta-plan/users`) selects that suite and narrows nothing else.
  const grep = [...args.grep, ...args.suites.filter((s) => s.includes('/') && !ALL_SUITES.some((suite) => suite.id === s))];
  const selected = suites.filter((s) => s.source.format === 'runscope' || suiteSelected(s, grep));
  if (selected.length === 0) throw new UsageError(`--grep ${grep.join(' ')} selects no step`);

  // Which variables do the selected suites need?
  const needed = new Set(selected.flatMap((s) => s.inputs.filter((i) => !i.optional).map((i) => i.name)));
  // OAuth (cli/oauth-target.ts): checked before any request; auth/SCIMAuth become the stand-in.
  const oauth = oauthSettings(connection);
  const have = { ...connectionVariables(connection), ...(oauth ? oauthVariables(oauth) : {}), ...extraVars };
  if ([...needed].some((n) => SCIM_URL_VARIABLES.has(n) && have[n] === undefined)) {
    checkPresent('scimUrl', undefined, 'the SCIM base URL to test, e.g. --scim-url https://example.com/scim/v2');
  }
  if ([...needed].some((n) => SCIM_AUTH_VARIABLES.has(n))) {
    checkPresent('scimAuth', have.auth ?? have.SCIMAuth, 'the full Authorization header value, e.g. --scim-auth "Bearer <token>" (or OAuth: --oauth-token-url with --oauth-client-id and --oauth-client-secret)');
  }
  if (connection.oktaOrgUrl) {
    checkPresent('oktaToken', connection.oktaToken, 'an Okta API token for the org given by oktaOrgUrl');
    checkPresent('oktaAppId', connection.oktaAppId, 'the id of the SCIM app instance in that org');
  } else if (connection.oktaToken || connection.oktaAppId) {
    checkPresent('oktaOrgUrl', undefined, 'oktaAppId/oktaToken were given without the org URL, e.g. --okta-org-url https://dev-123.okta.com');
  }
  for (const name of needed) {
    if (OKTA_VARIABLES.has(name) || SCIM_URL_VARIABLES.has(name) || SCIM_AUTH_VARIABLES.has(name)) continue;
    if (have[name] === undefined) throw new UsageError(`variable ${name} is missing: pass --var ${name}=…`);
  }
  if (oauth) selected.unshift(oauthSuite);
  if (args.seedUser) selected.unshift(seedUserSuite);
  const plan: Plan = {
    suites: selected,
    variables: have,
    secrets: ['auth', 'SCIMAuth', 'oktaToken', ...selected.flatMap((s) => s.inputs.filter((i) => i.secret).map((i) => i.name))],
    grep,
  };
  return { plan, connection, file, suites: selected, maxDurationMs, ...(oauth ? { oauth } : {}) };
}

/** Runs the command; returns the exit code (only cli/main.ts exits). */
export async function runCommand(args: RunArgs, io: RunIo): Promise<number> {
  const commandStarted = Date.now();
  if (args.settle !== undefined && (!Number.isFinite(args.settle) || args.settle < 0 || args.settle > 600_000)) {
    throw new UsageError(`--settle must be a number of milliseconds between 0 and 600000, got ${String(args.settle)}`);
  }
  // Before any request: a time limit no timer can keep (not a number, 0, or past Node's 24.8 days).
  if (!Number.isFinite(args.timeout) || args.timeout < 1 || args.timeout > MAX_TIMER_MS) {
    throw new UsageError(`--timeout must be a number of milliseconds between 1 and ${MAX_TIMER_MS}, got ${String(args.timeout)}`);
  }
  if (args.readBackTimeout !== undefined && (!Number.isFinite(args.readBackTimeout) || args.readBackTimeout < 0 || args.readBackTimeout > MAX_TIMER_MS)) {
    throw new UsageError(`--read-back-timeout must be a number of milliseconds between 0 and ${MAX_TIMER_MS}, got ${String(args.readBackTimeout)}`);
  }
  const { plan, connection, maxDurationMs, oauth, file } = await preparePlan(args, io);
  // Before any request: a bad template is exit 2 naming --user-template.
  const userTemplate = loadUserTemplate(args.userTemplate ?? file.userTemplate);
  // The first token is fetched before any SCIM request; a refused secret is exit 2 naming it.
  const tokenSource = oauth ? await startOAuth(oauth, args.timeout) : undefined;
  const needsOkta = plan.suites.some((s) => s.inputs.some((i) => OKTA_VARIABLES.has(i.name) && !i.optional));
  const okta = needsOkta
    ? await startOktaTarget(connection, io.stderr, {
      timeoutMs: args.timeout, deadline: commandStarted + maxDurationMs,
      ...(tokenSource ? { authSource: tokenSource } : {}), ...(io.signal ? { signal: io.signal } : {}),
    })
    : undefined;
  try {
    const variables = {
      ...plan.variables, ...(okta?.variables ?? {}),
      ...(tokenSource ? { ...await otherAudienceVariable(tokenSource), ...expiredTokenVariable(tokenSource) } : {}),
    };
    const secrets = [...plan.secrets];
    const redact = (text: string): string =>
      createRedactor([connection.scimAuth, connection.oktaToken, okta?.variables.oktaToken, ...(tokenSource?.secrets() ?? [])])(text);
    const runOptions: RunOptions = {
      pauses: args.pauses, strict: args.strict, grep: plan.grep, queryEncoding: args.queryEncoding,
      timeoutMs: args.timeout, seedUser: args.seedUser, keepTestData: args.keepTestData, maxDurationMs,
      ...(args.settle ? { settleMs: args.settle } : {}),
    };
    const engine: EngineOptions = {
      ...DEFAULT_ENGINE_OPTIONS,
      pauses: args.pauses,
      strict: args.strict,
      queryEncoding: args.queryEncoding,
      timeoutMs: args.timeout,
      keepTestData: args.keepTestData,
      ...(userTemplate ? { userTemplate } : {}),
      ...(args.readBackTimeout !== undefined ? { readBackTimeoutMs: args.readBackTimeout } : {}),
      ...(args.settle ? { settleMs: args.settle } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
      ...(tokenSource ? { auth: tokenSource } : {}),
      // The budget counts from the command's start (the Okta org's preflight or emulator included).
      maxDurationMs,
      budgetStartedAt: commandStarted,
    };
    const runId = newRunId();
    const ranReport = await runPlanWithMocha({ ...plan, variables, secrets }, engine, {
      runId,
      toolVersion: TOOL_VERSION,
      target: {
        ...(connection.scimUrl ? { scimUrl: redact(connection.scimUrl) } : {}),
        ...(okta ? { oktaOrgUrl: okta.orgUrl, okta: okta.mode } : {}),
      },
      runOptions,
      ...(okta?.provisioning ? { provisioning: okta.provisioning } : {}),
    }, {
      reporter: args.reporter,
      runDir: resolve(args.out, runId),
      write: (t) => io.stderr(redact(t)),
    });
    // Every token exchange of the run (first token, refreshes on expiry or after a 401), redacted.
    const report = withRunAuth(ranReport, tokenSource ? runAuth(tokenSource) : undefined);
    const paths = await writeReport(report, args.out);
    // The token exchanges of the run (the first one is the oauth suite's token-response step).
    if (tokenSource) io.stderr(`${describeTokenExchanges(tokenSource.exchanges())}\n`);
    if (args.format === 'json') {
      io.stdout(`${terminalJson(JSON.stringify(report, null, 2))}\n`); // DEL/C1 as \u escapes: same value, safe for a terminal
      io.stderr(`${report.summary.line}\nreport: ${paths.html}\n`);
    } else {
      io.stdout(`\n${report.summary.line}\n`);
      io.stdout(`report.html  ${paths.html}\nreport.json  ${paths.json}\njunit.xml    ${paths.junit}\n`);
    }
    return exitCodeFor(report);
  } finally {
    await okta?.close();
  }
}
