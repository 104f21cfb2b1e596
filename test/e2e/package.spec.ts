/**
 * The package as users get it (issue 11): `npm pack`, installed into an empty directory without
 * dev dependencies, then used the two ways the README shows — the CLI through npx (help, the
 * reference server, `run okta-spec` against it) and the library through `import` in a mocha file
 * run there. `files` must ship what the CLI reads at run time and nothing of the repository's own
 * (tests, fixtures, reports, sources).
 *
 * Packed with --ignore-scripts: `prepare` would run `npm run build`, which `npm test` has just
 * run (pretest); the tarball is checked to contain that build. The install prefers npm's cache
 * (--offline first, then --prefer-offline) so it works without a registry when the cache is warm.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { RunReport } from '../../src/model/report.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

interface Ran { readonly code: number | null; readonly stdout: string; readonly stderr: string }

/** Runs a command to completion (bounded), collecting its output. */
function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 45_000): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

/**
 * The installed CLI's reference server: resolves with its base URL (its first stdout line).
 * Started through the installed bin with node itself (not npx), so stopping it stops the server.
 */
function startInstalledReferenceServer(cwd: string): Promise<{ url: string; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const bin = join(cwd, 'node_modules', 'scim-conformance', 'bin', 'scim-conformance.js');
    const child = spawn(process.execPath, [bin, 'reference-server', '--port', '0', '--token', 'packed-token'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const stop = (): Promise<void> => new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) { done(); return; }
      child.once('close', () => done());
      child.kill('SIGTERM');
    });
    const timer = setTimeout(() => { void stop(); reject(new Error(`the installed reference server did not start: ${err}`)); }, 20_000);
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        resolve({ url: line.trim(), stop });
      }
    });
    child.on('close', (code) => { clearTimeout(timer); reject(new Error(`the installed reference server exited ${code}: ${err}`)); });
  });
}

const LIBRARY_SPEC = `// A user's own mocha file, importing the installed package by name.
import { writeFileSync } from 'node:fs';
import { scimSuites, NATIVE_SUITES } from 'scim-conformance';

if (!NATIVE_SUITES.some((s) => s.id === 'okta-spec')) throw new Error('okta-spec is not among NATIVE_SUITES');
// Okta's SPEC precondition: the server holds at least one complete user.
const seeded = await fetch(\`\${process.env.SCIM_URL}/Users\`, {
  method: 'POST',
  headers: { Authorization: process.env.SCIM_AUTH, 'Content-Type': 'application/scim+json' },
  body: JSON.stringify({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'seed.user@example.com', active: true,
    name: { givenName: 'Seed', familyName: 'User' }, emails: [{ value: 'seed.user@example.com', primary: true, type: 'work' }],
  }),
});
if (seeded.status !== 201) throw new Error(\`could not create the seed user: \${seeded.status}\`);
scimSuites({
  scimUrl: process.env.SCIM_URL,
  scimAuth: process.env.SCIM_AUTH,
  suites: ['okta-spec'],
  onReport: (report) => writeFileSync('library-report.json', JSON.stringify(report)),
});
`;

describe('the packed package, installed without dev dependencies', function () {
  this.timeout(120_000);
  let work: string;
  let app: string;
  let files: string[];

  before(async function () {
    work = await mkdtemp(join(tmpdir(), 'scim-conformance-pack-'));
    const packed = await run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
    expect(packed.code, packed.stderr).to.equal(0);
    const [info] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
    files = info.files.map((f) => f.path);
    app = join(work, 'app');
    await mkdir(app);
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'packed-consumer', private: true, type: 'module' }));
    const tarball = join(work, info.filename);
    const flags = ['install', '--omit=dev', '--no-audit', '--no-fund', '--no-package-lock'];
    let installed = await run(NPM, [...flags, '--offline', tarball], app);
    if (installed.code !== 0) installed = await run(NPM, [...flags, '--prefer-offline', tarball], app, {}, 90_000);
    expect(installed.code, installed.stderr).to.equal(0);
  });

  after(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('ships the CLI bundle, the library build and the published schemas, and nothing of the repository\'s own', () => {
    for (const needed of [
      'package.json', 'README.md', 'bin/scim-conformance.js', 'dist/cli/scim-conformance.mjs',
      'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/generated/report-validators.js', 'schemas/submission-manifest.schema.json',
    ]) expect(files, needed).to.include(needed);
    const foreign = files.filter((f) => /^(test|fixtures|reports|bench|scripts|src|suites|docs|\.ci|dist\/test|dist\/bench)\//.test(f) || /\.spec\.|\.tgz$/.test(f));
    expect(foreign).to.deep.equal([]);
  });

  it('installs no dev dependency', async () => {
    const modules = await readdir(join(app, 'node_modules'));
    for (const dev of ['typescript', 'tsx', 'esbuild', 'playwright-core', '@sparticuz', 'fast-check', 'express', 'scimmy']) expect(modules, dev).not.to.include(dev);
    expect(modules).to.include('scim-conformance');
  });

  it('npx scim-conformance --help lists the commands', async () => {
    const help = await run(NPX, ['--no-install', 'scim-conformance', '--help'], app);
    expect(help.code, help.stderr).to.equal(0);
    for (const command of ['run', 'demo', 'serve', 'publish', 'readiness', 'reference-server', 'okta-emulator']) expect(help.stdout).to.contain(`scim-conformance ${command}`);
  });

  it('npx scim-conformance run okta-spec passes against the reference server started from the install (exit 0, reports written)', async () => {
    const server = await startInstalledReferenceServer(app);
    try {
      const r = await run(NPX, ['--no-install', 'scim-conformance', 'run', 'okta-spec', '--scim-url', server.url, '--scim-auth', 'Bearer packed-token', '--seed-user', '--out', 'reports', '--format', 'json', '--reporter', 'none'], app);
      expect(r.code, r.stderr).to.equal(0);
      const report = JSON.parse(r.stdout) as RunReport;
      expect(report.summary.verdict).to.be.oneOf(['pass', 'warn']);
      const [runDir] = await readdir(join(app, 'reports'));
      expect((await readdir(join(app, 'reports', runDir!))).sort()).to.include.members(['junit.xml', 'report.html', 'report.json']);
      expect(r.stdout + r.stderr).not.to.contain('packed-token');
    } finally {
      await server.stop();
    }
  });

  it("import { scimSuites } from 'scim-conformance' works in a user's mocha file run there", async () => {
    const server = await startInstalledReferenceServer(app);
    try {
      await writeFile(join(app, 'conformance.spec.mjs'), LIBRARY_SPEC);
      const r = await run(process.execPath, [join(app, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--reporter', 'dot', 'conformance.spec.mjs'], app, {
        SCIM_URL: server.url, SCIM_AUTH: 'Bearer packed-token',
      });
      expect(r.code, r.stdout + r.stderr).to.equal(0);
      expect(r.stdout).to.match(/\d+ passing/);
      const report = JSON.parse(await readFile(join(app, 'library-report.json'), 'utf8')) as RunReport;
      expect(report.suites.map((s) => s.suiteId)).to.deep.equal(['okta-spec']);
      expect(report.summary.verdict).to.be.oneOf(['pass', 'warn']);
    } finally {
      await server.stop();
    }
  });
});
