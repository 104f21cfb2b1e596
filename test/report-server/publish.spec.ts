import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { expect } from 'chai';
import { publishCommand } from '../../src/cli/publish-command.js';
import { UsageError } from '../../src/cli/exit-codes.js';
import { publishSite, PublishTargetError, SITE_MARKER } from '../../src/report/publish/index.js';
import { startReportServer } from '../../src/report/server/index.js';
import { makeReportDir, rawRequest, type ReportDir } from './report-dir.js';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/')).sort();
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  expect.fail('expected a rejection');
}

function io(env: NodeJS.ProcessEnv = {}): { stdout: string[]; stderr: string[]; io: Parameters<typeof publishCommand>[1] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, io: { stdout: (t) => { stdout.push(t); }, stderr: (t) => { stderr.push(t); }, env } };
}

describe('report/publish: static site', () => {
  let reports: ReportDir;
  let site: string;
  beforeEach(async () => {
    reports = await makeReportDir();
    site = join(reports.root, 'site');
  });
  afterEach(async () => {
    await reports.remove();
  });

  it('writes the server’s permalinks, byte for byte the server’s pages', async () => {
    const result = await publishSite({ dir: reports.dir, to: site });
    const f = reports.failing.meta.runId;
    const p = reports.passing.meta.runId;
    expect(result.published.map((r) => r.runId)).to.deep.equal([f, p]);
    expect(result.excluded).to.deep.equal([]);
    const files = await filesUnder(site);
    expect(files).to.deep.equal(result.files);
    for (const id of [f, p]) {
      expect(files).to.include.members([`runs/${id}/index.html`, `runs/${id}/report.html`, `runs/${id}/report.json`, `runs/${id}/junit.xml`]);
    }
    expect(files).to.include.members(['index.html', 'index.json', 'history/index.html', SITE_MARKER]);
    expect(files.filter((x) => /^history\/[^/]+\/index\.html$/.test(x))).to.have.length(2); // okta-spec, rfc7644/filter

    const server = await startReportServer({ dir: reports.dir });
    try {
      for (const file of files.filter((x) => x !== SITE_MARKER && x !== '.nojekyll')) {
        const served = await rawRequest(server.url, `/${file}`);
        expect(served.status, file).to.equal(200);
        expect(served.body, file).to.equal(await readFile(join(site, file), 'utf8'));
      }
    } finally {
      await server.close();
    }
  });

  it('copies report.json byte for byte (‹redacted› included) and renders pages from it, never from files on disk', async () => {
    const id = reports.failing.meta.runId;
    await writeFile(join(reports.dir, id, 'report.html'), '<h1>ALL PASS (edited)</h1>');
    await writeFile(join(reports.dir, id, 'junit.xml'), '<testsuites tests="0"/>');
    await publishSite({ dir: reports.dir, to: site });
    const json = await readFile(join(site, 'runs', id, 'report.json'), 'utf8');
    expect(json).to.equal(await readFile(join(reports.dir, id, 'report.json'), 'utf8'));
    expect(json).to.contain('‹redacted›');
    const page = await readFile(join(site, 'runs', id, 'index.html'), 'utf8');
    expect(page).not.to.contain('ALL PASS (edited)');
    expect(page).to.contain('id="summary"').and.to.contain('Authorization: ‹redacted›');
    expect(await readFile(join(site, 'runs', id, 'junit.xml'), 'utf8')).to.contain('create-okta-user');
  });

  it('excludes a report whose integrity fails or is absent, and says so on the index', async () => {
    const edited = reports.failing.meta.runId;
    const path = join(reports.dir, edited, 'report.json');
    await writeFile(path, (await readFile(path, 'utf8')).replace('"verdict": "error"', '"verdict": "pass"'));
    const unsigned = '20261129T050000Z-00000000000000ab';
    const text = await readFile(join(reports.dir, reports.passing.meta.runId, 'report.json'), 'utf8');
    const { integrity: _gone, ...rest } = JSON.parse(text) as { integrity?: string; meta: object };
    await mkdir(join(reports.dir, unsigned));
    await writeFile(join(reports.dir, unsigned, 'report.json'), JSON.stringify({ ...rest, meta: { ...rest.meta, runId: unsigned } }));

    const result = await publishSite({ dir: reports.dir, to: site });
    expect(result.published.map((r) => r.runId)).to.deep.equal([reports.passing.meta.runId]);
    expect(result.excluded).to.deep.equal([
      { name: unsigned, problem: 'not published: report.json carries no integrity value, so it cannot be verified' },
      { name: edited, problem: 'not published: integrity check failed (report.json was changed after it was written)' },
    ].sort((a, b) => (a.name < b.name ? -1 : 1)));
    const files = await filesUnder(site);
    expect(files.some((f) => f.startsWith(`runs/${edited}/`))).to.equal(false);
    expect(files.some((f) => f.startsWith(`runs/${unsigned}/`))).to.equal(false);
    const index = await readFile(join(site, 'index.html'), 'utf8');
    expect(index).to.contain('Not published (2)').and.to.contain('integrity check failed');
    // History is built only from what is published.
    expect(await readFile(join(site, 'history', 'index.html'), 'utf8')).not.to.contain('rfc7644/filter');
  });

  it('is deterministic, and republishing removes what is no longer published', async () => {
    await publishSite({ dir: reports.dir, to: site });
    const first = await Promise.all((await filesUnder(site)).map(async (f) => [f, await readFile(join(site, f), 'utf8')]));
    await publishSite({ dir: reports.dir, to: site });
    const second = await Promise.all((await filesUnder(site)).map(async (f) => [f, await readFile(join(site, f), 'utf8')]));
    expect(second).to.deep.equal(first);

    const path = join(reports.dir, reports.failing.meta.runId, 'report.json');
    await writeFile(path, (await readFile(path, 'utf8')).replace('"complete": true', '"complete": false'));
    await publishSite({ dir: reports.dir, to: site });
    expect((await filesUnder(site)).some((f) => f.includes(reports.failing.meta.runId))).to.equal(false);
  });

  it('refuses a non-empty directory it did not write, and directories that overlap the reports', async () => {
    await mkdir(site);
    await writeFile(join(site, 'keep.txt'), 'mine');
    expect(await rejection(publishSite({ dir: reports.dir, to: site }))).to.be.instanceOf(PublishTargetError);
    expect(await readFile(join(site, 'keep.txt'), 'utf8')).to.equal('mine');
    for (const to of [reports.dir, join(reports.dir, 'site'), reports.root]) {
      const error = await rejection(publishSite({ dir: reports.dir, to }));
      expect(error, to).to.be.instanceOf(PublishTargetError);
      expect((error as Error).message).to.contain('must not contain each other');
    }
  });
});

describe('cli: publish command', () => {
  let reports: ReportDir;
  let site: string;
  beforeEach(async () => {
    reports = await makeReportDir();
    site = join(reports.root, 'site');
  });
  afterEach(async () => {
    await reports.remove();
  });

  it('prints the site path first and exits 0; outside GitHub Actions nothing else is written', async () => {
    const out = io();
    expect(await publishCommand({ dir: reports.dir, to: site }, out.io)).to.equal(0);
    expect(out.stdout).to.deep.equal([`${site}\n`]);
    expect(out.stderr.join('')).to.contain('Published 2 runs');
  });

  it('GitHub Actions: appends the job summary of the newest run and prints annotations', async () => {
    const summary = join(reports.root, 'summary.md');
    await writeFile(summary, '# earlier step\n');
    const out = io({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    expect(await publishCommand({ dir: reports.dir, to: site, baseUrl: 'https://org.github.io/repo/' }, out.io)).to.equal(0);
    const md = await readFile(summary, 'utf8');
    expect(md.startsWith('# earlier step\n## 🛑 SCIM conformance: ERROR\n')).to.equal(true);
    expect(md).to.contain(`(<https://org.github.io/repo/runs/${reports.failing.meta.runId}/index.html>)`);
    expect(md).to.contain('### Failing steps (2)');
    const lines = out.stdout.join('').split('\n').filter((l) => l !== '');
    expect(lines[0]).to.equal(site);
    expect(lines.filter((l) => l.startsWith('::error title='))).to.have.length(2);
    expect(lines.filter((l) => l.startsWith('::warning title='))).to.have.length(1);
  });

  it('--run chooses the runs to summarise; an edited report becomes a warning annotation', async () => {
    const path = join(reports.dir, reports.failing.meta.runId, 'report.json');
    await writeFile(path, (await readFile(path, 'utf8')).replace('"complete": true', '"complete": false'));
    const summary = join(reports.root, 'summary.md');
    const out = io({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    expect(await publishCommand({ dir: reports.dir, to: site, run: [reports.passing.meta.runId] }, out.io)).to.equal(0);
    const md = await readFile(summary, 'utf8');
    expect(md).to.contain('## ✅ SCIM conformance: PASS').and.to.contain('Reports not published (1)');
    const stdout = out.stdout.join('');
    expect(stdout).to.contain(`::warning title=Report not published%3A ${reports.failing.meta.runId}::not published: integrity check failed`);
    expect(stdout).not.to.contain('::error');
    expect(out.stderr.join('')).to.contain(`warning: ${reports.failing.meta.runId}: not published: integrity check failed`);
  });

  const usage: readonly [string, () => Parameters<typeof publishCommand>[0], RegExp][] = [
    ['no --to', () => ({ dir: reports.dir }), /--to/],
    ['a missing reports directory', () => ({ dir: join(reports.root, 'nope'), to: site }), /no reports directory/],
    ['a --base-url that is not http(s)', () => ({ dir: reports.dir, to: site, baseUrl: 'javascript:alert(1)' }), /http or https/],
    ['a --base-url that is not a URL', () => ({ dir: reports.dir, to: site, baseUrl: 'not a url' }), /not a URL/],
    ['an unknown --run', () => ({ dir: reports.dir, to: site, run: ['20990101T000000Z-0000000000000000'] }), /no such run/],
  ];
  for (const [what, args, message] of usage) {
    it(`usage error (exit 2): ${what}`, async () => {
      const error = await rejection(publishCommand(args(), io().io));
      expect(error).to.be.instanceOf(UsageError);
      expect((error as UsageError).exitCode).to.equal(2);
      expect((error as Error).message).to.match(message);
    });
  }
});
