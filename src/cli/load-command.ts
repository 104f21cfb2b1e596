/**
 * `scim-conformance load` (opt-in; issue 10 item 5): bounded, IdP-shaped provisioning traffic
 * against a SCIM server, then a RunReport like every other run's. Refuses a target that is not
 * on loopback unless `--i-own-this-target` says the user may load it (exit 2, nothing sent).
 */
import { isIP } from 'node:net';
import { newRunId } from '../engine/run-plan.js';
import { createRedactor } from '../http/redact.js';
import type { LoadClient } from '../load/idp-traffic.js';
import { buildLoadReport, describeLoad } from '../load/load-report.js';
import { runLoad, type LoadOptions } from '../load/run-load.js';
import { writeReport } from '../report/write.js';
import { checkPresent, checkUrl, readConfigFile, resolveConnection } from './config.js';
import { EXIT, UsageError } from './exit-codes.js';
import { TOOL_VERSION } from './version.js';

/** Flags of `load`. */
export interface LoadArgs {
  readonly scimUrl?: string;
  readonly scimAuth?: string;
  readonly config?: string;
  readonly duration: number;
  readonly concurrency: number;
  readonly rate?: number;
  readonly client: 'okta' | 'entra' | 'both';
  readonly timeout: number;
  readonly out: string;
  readonly format: 'text' | 'json';
  readonly strict: boolean;
  readonly iOwnThisTarget: boolean;
}

/** Where the command writes. */
export interface LoadIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
}

/** True for a loopback host: localhost, 127.0.0.0/8, ::1 (and its IPv4-mapped form). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || /^::ffff:127\./.test(host) || /^(0+:){7}0*1$/.test(host);
  return false;
}

function positive(name: string, value: number | undefined, integer: boolean): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`${name} must be a positive ${integer ? 'integer' : 'number'}; got ${String(value)}`);
  }
}

/** Runs the probe; returns the exit code (only cli/main.ts exits). */
export async function loadCommand(args: LoadArgs, io: LoadIo): Promise<number> {
  // Everything is checked before the first request (exit 2).
  positive('--duration', args.duration, false);
  positive('--concurrency', args.concurrency, true);
  positive('--rate', args.rate, false);
  positive('--timeout', args.timeout, true);
  if (args.duration > 3600) throw new UsageError(`--duration is in seconds and at most 3600; got ${args.duration}`);
  if (args.concurrency > 256) throw new UsageError(`--concurrency is at most 256; got ${args.concurrency}`);
  const file = args.config ? readConfigFile(args.config) : {};
  const raw = resolveConnection(args, io.env, file);
  const scimUrl = checkPresent('scimUrl', checkUrl('scimUrl', raw.scimUrl), 'the SCIM base URL to load, e.g. --scim-url http://127.0.0.1:8080/scim/v2');
  const scimAuth = checkPresent('scimAuth', raw.scimAuth, 'the full Authorization header value, e.g. --scim-auth "Bearer <token>"');
  const host = new URL(scimUrl).hostname;
  if (!isLoopbackHost(host) && !args.iOwnThisTarget) {
    throw new UsageError(`--i-own-this-target is required to load ${host}: the load probe only sends traffic to loopback targets unless you confirm the target is yours (it creates, updates, deactivates and deletes users at up to ${args.concurrency} concurrent requests for ${args.duration} s)`);
  }

  const clients: readonly LoadClient[] = args.client === 'both' ? ['okta', 'entra'] : [args.client];
  const runId = newRunId();
  const options: LoadOptions = {
    baseUrl: scimUrl,
    authorization: scimAuth,
    durationMs: Math.round(args.duration * 1000),
    concurrency: args.concurrency,
    ...(args.rate !== undefined ? { ratePerSecond: args.rate } : {}),
    clients,
    timeoutMs: args.timeout,
    namePrefix: `scim-conformance-load-${runId.slice(-12)}`,
    ...(io.signal ? { signal: io.signal } : {}),
  };
  const redact = createRedactor([scimAuth]);
  io.stderr(`load: ${clients.join(' + ')} traffic to ${redact(scimUrl)} for ${args.duration} s at up to ${args.concurrency} concurrent requests${args.rate !== undefined ? `, ${args.rate}/s` : ''}…\n`);
  const started = new Date();
  const outcome = await runLoad(options);
  const finished = new Date();
  const report = buildLoadReport({
    runId,
    tool: { name: 'scim-conformance', version: TOOL_VERSION },
    node: process.version,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
    target: { scimUrl: redact(scimUrl) },
    suites: ['load'],
    options: { pauses: 'skip', strict: args.strict, grep: [], queryEncoding: 'percent', timeoutMs: args.timeout, seedUser: false, keepTestData: false },
    features: {},
  }, options, outcome, io.signal?.aborted !== true);
  const paths = await writeReport(report, args.out);
  if (args.format === 'json') {
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    io.stderr(`${report.summary.line}\nreport: ${paths.html}\n`);
  } else if (report.load !== undefined) {
    io.stdout(`\n${describeLoad(report.load)}${report.summary.line}\n`);
    io.stdout(`report.html  ${paths.html}\nreport.json  ${paths.json}\njunit.xml    ${paths.junit}\n`);
  }
  if (!report.complete || report.summary.counts.error > 0) return EXIT.couldNotRun;
  return report.summary.counts.fail > 0 ? EXIT.failed : EXIT.ok;
}
