/**
 * Run configuration: flags > environment (SCIM_URL, SCIM_AUTH, OKTA_ORG_URL, OKTA_APP_ID,
 * OKTA_TOKEN) > --config FILE (JSON, keys as Okta's docs name them: SCIMUrl, SCIMAuth,
 * oktaOrgUrl, oktaAppId, oktaToken, plus vars, runscope, initialScript, suites, profile,
 * userTemplate). Validation happens
 * before any request; each problem names the variable.
 */
import { readFileSync } from 'node:fs';
import { parseDuration } from '../engine/duration.js';
import { DEFAULT_MAX_DURATION_MS, MAX_TIMER_MS } from '../engine/run-lifecycle.js';
import { EXIT, UsageError } from './exit-codes.js';

export interface ConnectionConfig {
  readonly scimUrl?: string;
  readonly scimAuth?: string;
  readonly oktaOrgUrl?: string;
  readonly oktaAppId?: string;
  readonly oktaToken?: string;
  /** OAuth for the SCIM target (cli/oauth-target.ts). */
  readonly oauthTokenUrl?: string;
  readonly oauthClientId?: string;
  readonly oauthClientSecret?: string;
  readonly oauthScope?: string;
  readonly oauthAudience?: string;
  readonly oauthRefreshToken?: string;
}

export interface FileConfig extends ConnectionConfig {
  readonly vars?: Readonly<Record<string, string>>;
  readonly runscope?: string;
  readonly initialScript?: string;
  readonly suites?: readonly string[];
  /** A profile name (src/suite/profiles.ts); checked where it is used. */
  readonly profile?: string;
  /** Path of a user template (--user-template). */
  readonly userTemplate?: string;
  /** `--max-duration` in the file: `"45s"`, `"5m"`, or milliseconds (a number or a string). */
  readonly maxDuration?: string | number;
}

/** The variables, with the flag and environment names a message should mention. */
export const VARIABLES = {
  scimUrl: { okta: 'SCIMUrl', flag: '--scim-url', env: 'SCIM_URL', file: ['SCIMUrl', 'scimUrl', 'SCIMBaseURL'] },
  scimAuth: { okta: 'SCIMAuth', flag: '--scim-auth', env: 'SCIM_AUTH', file: ['SCIMAuth', 'scimAuth', 'auth'] },
  oktaOrgUrl: { okta: 'oktaOrgUrl', flag: '--okta-org-url', env: 'OKTA_ORG_URL', file: ['oktaOrgUrl'] },
  oktaAppId: { okta: 'oktaAppId', flag: '--okta-app-id', env: 'OKTA_APP_ID', file: ['oktaAppId'] },
  oktaToken: { okta: 'oktaToken', flag: '--okta-token', env: 'OKTA_TOKEN', file: ['oktaToken'] },
  oauthTokenUrl: { okta: 'oauthTokenUrl', flag: '--oauth-token-url', env: 'OAUTH_TOKEN_URL', file: ['oauthTokenUrl'] },
  oauthClientId: { okta: 'oauthClientId', flag: '--oauth-client-id', env: 'OAUTH_CLIENT_ID', file: ['oauthClientId'] },
  oauthClientSecret: { okta: 'oauthClientSecret', flag: '--oauth-client-secret', env: 'OAUTH_CLIENT_SECRET', file: ['oauthClientSecret'] },
  oauthScope: { okta: 'oauthScope', flag: '--oauth-scope', env: 'OAUTH_SCOPE', file: ['oauthScope'] },
  oauthAudience: { okta: 'oauthAudience', flag: '--oauth-audience', env: 'OAUTH_AUDIENCE', file: ['oauthAudience'] },
  oauthRefreshToken: { okta: 'oauthRefreshToken', flag: '--oauth-refresh-token', env: 'OAUTH_REFRESH_TOKEN', file: ['oauthRefreshToken'] },
} as const;

export type VariableKey = keyof typeof VARIABLES;

export function describeVariable(key: VariableKey): string {
  const v = VARIABLES[key];
  return `${v.okta} (${v.flag} or ${v.env})`;
}

/** Reads and checks a --config file; problems are usage errors naming the file. */
export function readConfigFile(path: string): FileConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`--config ${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--config ${path}: not valid JSON (${(e as Error).message})`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new UsageError(`--config ${path}: expected a JSON object`);
  const obj = data as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(VARIABLES)) {
    for (const name of spec.file) {
      const value = obj[name];
      if (value === undefined) continue;
      if (typeof value !== 'string') throw new UsageError(`--config ${path}: ${name} must be a string`);
      out[key] = value;
      break;
    }
  }
  if (obj.vars !== undefined) {
    if (!obj.vars || typeof obj.vars !== 'object' || Array.isArray(obj.vars) || Object.values(obj.vars).some((v) => typeof v !== 'string')) {
      throw new UsageError(`--config ${path}: vars must be an object of strings`);
    }
    out.vars = obj.vars;
  }
  for (const key of ['runscope', 'initialScript', 'profile', 'userTemplate'] as const) {
    if (obj[key] !== undefined) {
      if (typeof obj[key] !== 'string') throw new UsageError(`--config ${path}: ${key} must be a string`);
      out[key] = obj[key];
    }
  }
  if (obj.maxDuration !== undefined) {
    if (typeof obj.maxDuration !== 'string' && typeof obj.maxDuration !== 'number') {
      throw new UsageError(`--config ${path}: maxDuration must be a duration such as "45s", "5m" or milliseconds`);
    }
    out.maxDuration = obj.maxDuration;
  }
  if (obj.suites !== undefined) {
    if (!Array.isArray(obj.suites) || obj.suites.some((s) => typeof s !== 'string')) throw new UsageError(`--config ${path}: suites must be an array of strings`);
    out.suites = obj.suites;
  }
  return out as FileConfig;
}

/** flags > env > file, for the connection variables (SCIM, Okta and OAuth: OAUTH_TOKEN_URL, OAUTH_CLIENT_ID, …). */
export function resolveConnection(flags: ConnectionConfig, env: NodeJS.ProcessEnv, file: FileConfig): ConnectionConfig {
  const out: Record<string, string> = {};
  for (const [key, spec] of Object.entries(VARIABLES) as [VariableKey, (typeof VARIABLES)[VariableKey]][]) {
    const value = flags[key] ?? env[spec.env] ?? file[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Where `--max-duration` may come from: flag > environment > config file (`maxDuration`). */
export const MAX_DURATION_ENV = 'SCIM_CONFORMANCE_MAX_DURATION';

/**
 * The run's time budget in ms: `--max-duration` > SCIM_CONFORMANCE_MAX_DURATION > the config
 * file's `maxDuration` > 5 minutes. `45s`, `5m`, `1h` or milliseconds; anything else, zero, or
 * more than Node's timers can wait (about 24 days) is a usage error naming where it came from.
 */
export function resolveMaxDuration(flag: string | undefined, env: NodeJS.ProcessEnv, file: FileConfig): number {
  const [value, from] = flag !== undefined ? [flag, '--max-duration']
    : env[MAX_DURATION_ENV] !== undefined ? [env[MAX_DURATION_ENV], MAX_DURATION_ENV]
      : file.maxDuration !== undefined ? [String(file.maxDuration), 'maxDuration in the --config file']
        : [undefined, ''];
  if (value === undefined) return DEFAULT_MAX_DURATION_MS;
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0 || ms > MAX_TIMER_MS) {
    throw new UsageError(`${from} ${JSON.stringify(value)} is not a usable duration: write e.g. 45s, 5m, 1h or milliseconds (more than 0, at most 24 days)`);
  }
  return ms;
}

/** Checks a URL variable: absolute, http(s), with a host. */
export function checkUrl(key: VariableKey, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const name = describeVariable(key);
  if (value.trim() === '') throw new UsageError(`${name} is empty: give the base URL, e.g. https://example.com/scim/v2`);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim())) {
    throw new UsageError(`${name} has no scheme: "${value}" — write it with http:// or https://, e.g. https://${value.replace(/^\/+/, '')}`);
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new UsageError(`${name} is not a valid URL: "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${name} must use http or https, not ${url.protocol}`);
  // Never echo the URL here: its credentials are the problem.
  if (url.username !== '' || url.password !== '') {
    throw new UsageError(`${name} carries credentials (user:password@): they would be written into every report; give them as the Authorization value (--scim-auth / --okta-token) instead`);
  }
  if (url.hash !== '') throw new UsageError(`${name} has a fragment (${url.hash}): a base URL cannot have one`);
  return value.trim().replace(/\/+$/, '');
}

/** Checks a required non-empty value (never echoes it: it may be a secret). */
export function checkPresent(key: VariableKey, value: string | undefined, why: string): string {
  if (value === undefined) throw new UsageError(`${describeVariable(key)} is missing: ${why}`);
  if (value.trim() === '') throw new UsageError(`${describeVariable(key)} is empty: ${why}`);
  return value;
}

/** Parses repeated `--var name=value`. */
export function parseVars(list: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--var ${JSON.stringify(item)}: expected name=value`, EXIT.usage);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/** Reads a file for a flag, as a usage error naming the flag when it cannot be read. */
export function readFlagFile(flag: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`${flag} ${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
