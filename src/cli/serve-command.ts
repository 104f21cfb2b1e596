/**
 * `scim-conformance serve [--dir reports] [--port 0] [--host 127.0.0.1] [--token [TOKEN]]`:
 * the report server (src/report/server/). The first stdout line is the base URL; it runs
 * until SIGINT or SIGTERM (or `io.signal`), then exits 0.
 *
 * It binds 127.0.0.1 unless `--host` names another address; that is honoured (it is
 * explicit) with a warning on stderr that the reports become reachable from the network.
 * `--token VALUE` (or env `SCIM_REPORT_TOKEN`) requires that token; `--token` without a value
 * makes a random one and prints it on stderr (never on stdout, never in a URL it prints).
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { isLoopbackHost, startReportServer } from '../report/server/index.js';
import { ReportsDirectoryError } from '../report/store.js';
import { EXIT, UsageError } from './exit-codes.js';

export interface ServeArgs {
  /** Reports directory; default `reports`. */
  readonly dir?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** A token; `true` or `''` (the flag without a value): generate one. */
  readonly token?: string | boolean;
}

export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** Stops the server when aborted (tests, embedding); SIGINT and SIGTERM always do. */
  readonly signal?: AbortSignal;
}

/** The warning for a non-loopback bind address, or undefined for loopback. */
export function networkWarning(host: string, hasToken: boolean): string | undefined {
  if (isLoopbackHost(host)) return undefined;
  return `warning: --host ${host} is not a loopback address: the reports become reachable from the network`
    + `${hasToken ? ' (the access token is required)' : ', to anyone who can reach this port (consider --token)'}.`;
}

function resolveToken(args: ServeArgs, env: NodeJS.ProcessEnv): { token?: string; generated: boolean } {
  if (args.token === true || args.token === '') return { token: randomBytes(24).toString('base64url'), generated: true };
  if (typeof args.token === 'string') return { token: args.token, generated: false };
  const fromEnv = env.SCIM_REPORT_TOKEN;
  if (fromEnv !== undefined && fromEnv !== '') return { token: fromEnv, generated: false };
  return { generated: false };
}

function waitForStop(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop);
  });
}

/** Runs the report server until stopped; resolves with the exit code. */
export async function serveCommand(args: ServeArgs, io: CommandIo): Promise<number> {
  const dir = args.dir ?? 'reports';
  const host = args.host ?? '127.0.0.1';
  const port = args.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, not ${String(port)}`);
  if (host.trim() === '') throw new UsageError('--host is empty');
  const { token, generated } = resolveToken(args, io.env);

  let server;
  try {
    server = await startReportServer({ dir, port, host, ...(token !== undefined ? { token } : {}) });
  } catch (e) {
    if (e instanceof ReportsDirectoryError) {
      throw new UsageError(`${e.message} (reports are written there by \`scim-conformance run\`; choose another with --dir)`);
    }
    const code = (e as { code?: unknown }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new UsageError(`cannot listen on ${host}:${port} (${String(code)})`, EXIT.couldNotRun);
    }
    throw e;
  }
  io.stdout(`${server.url}\n`);
  const warning = networkWarning(host, token !== undefined);
  if (warning !== undefined) io.stderr(`${warning}\n`);
  io.stderr(`Serving the reports in ${resolve(dir)}: runs at ${server.url}, history at ${server.url}history/. Ctrl-C stops it.\n`);
  if (token !== undefined) {
    io.stderr(generated
      ? `Access token (generated): ${token}\nOpen ${server.url}?token=<token> once in a browser (a session cookie keeps you in), or send "Authorization: Bearer <token>".\n`
      : `An access token is required: open ${server.url}?token=<token> once in a browser, or send "Authorization: Bearer <token>".\n`);
  }
  await waitForStop(io.signal);
  await server.close();
  return EXIT.ok;
}
