/**
 * Okta's published files are found through OKTA_FILES_DIR (test/helpers/okta-files.ts), and a
 * missing directory fails the tests that need them with one readable message naming the
 * directory and the variable — not a loader error (issue 11: tsx's "Top-level await is
 * currently not supported with the cjs output format" used to hide it).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { MissingOktaFilesError, oktaFile, oktaFilesDir, requireOktaFiles } from '../helpers/okta-files.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MOCHA = join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');

/** Runs mocha on some spec files in a child process with the given environment. */
function mocha(files: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [MOCHA, '--no-config', '--node-option', 'import=tsx', '--extension', 'ts', '--reporter', 'dot', '--timeout', '20000', ...files], {
      cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

describe("Okta's files (OKTA_FILES_DIR)", function () {
  this.timeout(60_000);

  it('defaults to ../shared/okta beside the project, and takes a relative OKTA_FILES_DIR from the project root', () => {
    expect(oktaFilesDir({})).to.equal(resolve(ROOT, '../shared/okta'));
    expect(oktaFilesDir({ OKTA_FILES_DIR: '' })).to.equal(resolve(ROOT, '../shared/okta'));
    expect(oktaFilesDir({ OKTA_FILES_DIR: 'vendor/okta' })).to.equal(resolve(ROOT, 'vendor/okta'));
    expect(oktaFilesDir({ OKTA_FILES_DIR: '/srv/okta' })).to.equal('/srv/okta');
  });

  it('a missing directory or file is an error naming the directory and the variable', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'okta-files-')), 'absent');
    expect(() => requireOktaFiles({ OKTA_FILES_DIR: missing })).to.throw(MissingOktaFilesError, `are not at ${missing} (OKTA_FILES_DIR=${missing})`);
    expect(() => requireOktaFiles({})).not.to.throw();
    const empty = mkdtempSync(join(tmpdir(), 'okta-files-'));
    expect(() => oktaFile('Okta-SCIM-20-SPEC-Test.json', { OKTA_FILES_DIR: empty }))
      .to.throw(MissingOktaFilesError, `Okta's file Okta-SCIM-20-SPEC-Test.json is missing from ${empty} (OKTA_FILES_DIR=${empty})`);
  });

  it('the specs that read them fail with that one message when the directory is missing, never a loader error', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'okta-files-')), 'no-such-dir');
    const { code, output } = await mocha(['test/readiness/test-plan.spec.ts', 'test/runscope/okta-exports.spec.ts'], { OKTA_FILES_DIR: missing });
    expect(code, output).to.not.equal(0);
    expect(output).not.to.match(/Top-level await|cjs output format|ERR_MODULE_NOT_FOUND|ENOENT/);
    expect(output).to.contain(`Okta's published files (Runscope exports, initial scripts, test plan) are not at ${missing} (OKTA_FILES_DIR=${missing})`);
    // The tests that do not need Okta's files still ran and passed.
    expect(output).to.match(/\b[1-9]\d* passing\b/);
  });
});
