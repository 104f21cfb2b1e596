import { join } from 'node:path';
import { expect } from 'chai';
import { UsageError } from '../../src/cli/exit-codes.js';
import { networkWarning, serveCommand, type ServeArgs } from '../../src/cli/serve-command.js';
import { isLoopbackHost } from '../../src/report/server/index.js';
import { makeReportDir, rawRequest, type ReportDir } from './report-dir.js';

interface Session {
  readonly stdout: string[];
  readonly stderr: string[];
  readonly done: Promise<number>;
  readonly firstLine: Promise<string>;
  stop(): Promise<number>;
}

function serve(args: ServeArgs, env: NodeJS.ProcessEnv = {}): Session {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const controller = new AbortController();
  let announce: (line: string) => void = () => undefined;
  const firstLine = new Promise<string>((resolve) => { announce = resolve; });
  const done = serveCommand(args, {
    stdout: (t) => { stdout.push(t); if (stdout.length === 1) announce(t.split('\n')[0] ?? ''); },
    stderr: (t) => { stderr.push(t); },
    env,
    signal: controller.signal,
  });
  done.catch(() => announce(''));
  return { stdout, stderr, done, firstLine, stop: () => { controller.abort(); return done; } };
}

describe('cli: serve command', () => {
  let reports: ReportDir;
  before(async () => {
    reports = await makeReportDir();
  });
  after(async () => {
    await reports.remove();
  });

  it('prints the base URL as the first stdout line, serves, and exits 0 when stopped', async () => {
    const session = serve({ dir: reports.dir, port: 0 });
    const url = await session.firstLine;
    expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await rawRequest(url, '/index.json');
    expect(index.status).to.equal(200);
    expect(index.body).to.contain(reports.failing.meta.runId);
    expect(session.stderr.join('')).not.to.contain('warning');
    expect(await session.stop()).to.equal(0);
    expect(session.stdout).to.deep.equal([`${url}\n`]);
  });

  it('--token VALUE protects it; the token is printed nowhere', async () => {
    const token = 'serve-command-token-51d0';
    const session = serve({ dir: reports.dir, token });
    const url = await session.firstLine;
    expect((await rawRequest(url, '/')).status).to.equal(401);
    expect((await rawRequest(url, '/', { headers: { Authorization: `Bearer ${token}` } })).status).to.equal(200);
    await session.stop();
    expect(session.stdout.join('') + session.stderr.join('')).not.to.contain(token);
  });

  it('--token without a value makes one and prints it on stderr only', async () => {
    const session = serve({ dir: reports.dir, token: '' });
    const url = await session.firstLine;
    const match = /Access token \(generated\): (\S+)/.exec(session.stderr.join(''));
    expect(match).to.not.equal(null);
    const token = match?.[1] ?? '';
    expect(token.length).to.be.greaterThan(20);
    expect((await rawRequest(url, '/', { headers: { Authorization: `Bearer ${token}` } })).status).to.equal(200);
    await session.stop();
    expect(session.stdout.join('')).not.to.contain(token);
  });

  it('SCIM_REPORT_TOKEN from the environment protects it', async () => {
    const session = serve({ dir: reports.dir }, { SCIM_REPORT_TOKEN: 'env-token-1234' });
    const url = await session.firstLine;
    expect((await rawRequest(url, '/')).status).to.equal(401);
    await session.stop();
  });

  it('a missing reports directory is a usage error (exit 2)', async () => {
    const session = serve({ dir: join(reports.root, 'nope') });
    let error: unknown;
    try {
      await session.done;
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(UsageError);
    expect((error as UsageError).exitCode).to.equal(2);
    expect((error as Error).message).to.contain('no reports directory');
  });

  it('a port in use is "could not run" (exit 4)', async () => {
    const first = serve({ dir: reports.dir });
    const port = Number(new URL(await first.firstLine).port);
    let error: unknown;
    try {
      await serve({ dir: reports.dir, port }).done;
    } catch (e) {
      error = e;
    }
    await first.stop();
    expect((error as UsageError).exitCode).to.equal(4);
  });

  it('an invalid --port is a usage error', async () => {
    for (const port of [-1, 65536, 1.5, Number.NaN]) {
      let error: unknown;
      try {
        await serve({ dir: reports.dir, port }).done;
      } catch (e) {
        error = e;
      }
      expect(error, String(port)).to.be.instanceOf(UsageError);
    }
  });

  describe('non-loopback hosts', () => {
    const table: readonly [string, boolean][] = [
      ['127.0.0.1', true], ['127.1.2.3', true], ['localhost', true], ['::1', true], ['[::1]', true], ['app.localhost', true],
      ['0.0.0.0', false], ['::', false], ['192.168.1.10', false], ['10.0.0.1', false], ['example.com', false], ['::ffff:10.0.0.1', false],
    ];
    for (const [host, loopback] of table) {
      it(`${host} is ${loopback ? '' : 'not '}loopback${loopback ? '' : ': a warning on stderr'}`, () => {
        expect(isLoopbackHost(host)).to.equal(loopback);
        const warning = networkWarning(host, false);
        if (loopback) expect(warning).to.equal(undefined);
        else expect(warning).to.contain('reachable from the network').and.to.contain('--token');
      });
    }

    it('the warning says the token is required when there is one', () => {
      expect(networkWarning('0.0.0.0', true)).to.contain('the access token is required');
    });
  });
});
