/**
 * The README's ready-to-copy GitHub Actions workflow: its `scim-conformance` commands, exactly
 * as written there, run against the reference server with the environment GitHub gives them,
 * and do what the README promises (reports, a job summary, annotations, the static site).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCli } from '../helpers/cli.js';
import { REFERENCE_AUTH, startTargets, type Targets } from '../helpers/targets.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The `run: scim-conformance …` lines of the README's yaml block, as argument lists. */
function workflowCommands(): string[][] {
  const yaml = /```yaml\n([\s\S]*?)```/.exec(README)?.[1] ?? '';
  return [...yaml.matchAll(/^\s*(?:- )?run: scim-conformance (.+)$/gm)].map((m) => (m[1] ?? '').trim().split(/\s+/));
}

describe('README: the GitHub Actions workflow', function () {
  this.timeout(60_000);
  let targets: Targets;
  before(async () => { targets = await startTargets(); });
  after(async () => { await targets.close(); });

  it('its commands run as written: reports, the job summary and the site', async () => {
    const commands = workflowCommands();
    expect(commands.map((c) => c[0])).to.deep.equal(['run', 'publish']);
    const workspace = mkdtempSync(join(tmpdir(), 'scim-conformance-workflow-'));
    const summary = join(workspace, 'step-summary.md');
    const env = { SCIM_URL: targets.server.baseUrl, SCIM_AUTH: REFERENCE_AUTH, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary };

    const run = await runCli(commands[0] ?? [], { env, cwd: workspace });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout + run.stderr).to.match(/PASS setup\/seed-user, okta-spec, okta-crud/);

    const publish = await runCli(commands[1] ?? [], { env, cwd: workspace });
    expect(publish.code, publish.stderr).to.equal(0);
    expect(existsSync(join(workspace, 'site', 'index.html'))).to.equal(true);
    const markdown = readFileSync(summary, 'utf8');
    expect(markdown).to.match(/PASS/);
    expect(markdown).to.include('okta-crud');
    for (const text of [run.stdout, run.stderr, publish.stdout, publish.stderr, markdown]) {
      expect(text).not.to.include(REFERENCE_AUTH.split(' ')[1]);
    }
  });

  it('against a broken server: run exits 1 (the last step fails the job) and publish annotates the failed steps', async () => {
    const broken = await startTargets({ defects: ['auth-not-enforced'] });
    try {
      const [runArgs, publishArgs] = workflowCommands();
      const workspace = mkdtempSync(join(tmpdir(), 'scim-conformance-workflow-'));
      const env = { SCIM_URL: broken.server.baseUrl, SCIM_AUTH: REFERENCE_AUTH, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: join(workspace, 'summary.md') };
      expect((await runCli(runArgs ?? [], { env, cwd: workspace })).code).to.equal(1);
      const publish = await runCli(publishArgs ?? [], { env, cwd: workspace });
      expect(publish.code, publish.stderr).to.equal(0);
      expect(publish.stdout).to.match(/^::error title=FAIL okta-spec › okta-spec\/wrong-auth-returns-401[^\n]*::/m);
      expect(readFileSync(join(workspace, 'summary.md'), 'utf8')).to.include('wrong-auth-returns-401');
    } finally {
      await broken.close();
    }
  });
});
