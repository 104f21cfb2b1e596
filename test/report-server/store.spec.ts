import { mkdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';
import { isRunId, listRuns, parseStoredReport, ReportsDirectoryError, ReportStore } from '../../src/report/store.js';
import { goldenRun, makeReportDir, type ReportDir } from './report-dir.js';
import { writeReport } from '../../src/report/write.js';

describe('report/store', () => {
  let reports: ReportDir;
  beforeEach(async () => {
    reports = await makeReportDir();
  });
  afterEach(async () => {
    await reports.remove();
  });

  it('lists runs newest first with suites, target, time, verdict, counts, completeness and integrity', async () => {
    const { runs, unreadable } = await listRuns(reports.dir);
    expect(unreadable).to.deep.equal([]);
    expect(runs.map((r) => r.runId)).to.deep.equal([reports.failing.meta.runId, reports.passing.meta.runId]);
    const [failing] = runs;
    expect(failing).to.deep.include({
      startedAt: reports.failing.meta.startedAt,
      verdict: 'error',
      counts: reports.failing.summary.counts,
      complete: true,
      integrity: 'verified',
      target: { scimUrl: 'http://127.0.0.1:8080/scim/v2', oktaOrgUrl: 'http://127.0.0.1:8081' },
    });
    expect(failing?.suites.map((s) => s.suiteId)).to.deep.equal(['okta-spec', 'rfc7644/filter']);
  });

  it('ignores plain files and hidden entries; flags directories that are not runs', async () => {
    await writeFile(join(reports.dir, 'README.md'), '# reports');
    await mkdir(join(reports.dir, '.tmp-123'));
    await mkdir(join(reports.dir, 'has space'));
    await mkdir(join(reports.dir, '20261129T000000Z-00000000000000ff'));
    const { runs, unreadable } = await listRuns(reports.dir);
    expect(runs).to.have.length(2);
    expect(unreadable).to.deep.equal([
      { name: '20261129T000000Z-00000000000000ff', problem: 'no report.json (run still being written, or not a run directory)' },
      { name: 'has space', problem: 'the directory name is not a run id' },
    ]);
  });

  const broken: readonly [string, string, RegExp][] = [
    ['not JSON', '{', /not JSON/],
    ['not a report', '{"formatVersion":1}', /does not match the report schema/],
    ['a future format', '{"formatVersion":2}', /does not match the report schema/],
    ['JSON null', 'null', /does not match the report schema/],
  ];
  for (const [what, text, problem] of broken) {
    it(`flags report.json that is ${what}`, async () => {
      const id = '20261129T000000Z-0000000000000001';
      await mkdir(join(reports.dir, id));
      await writeFile(join(reports.dir, id, 'report.json'), text);
      const { unreadable, runs } = await listRuns(reports.dir);
      expect(runs).to.have.length(2);
      expect(unreadable).to.have.length(1);
      expect(unreadable[0]?.problem).to.match(problem);
    });
  }

  it('flags a report filed under another run id', async () => {
    const other = '20261129T000000Z-0000000000000002';
    await mkdir(join(reports.dir, other));
    await writeFile(join(reports.dir, other, 'report.json'), await readFile(join(reports.dir, reports.passing.meta.runId, 'report.json')));
    const { unreadable } = await listRuns(reports.dir);
    expect(unreadable).to.deep.equal([{ name: other, problem: 'report.json belongs to another run (its meta.runId differs from the directory name)' }]);
  });

  it('integrity: verified, failed after an edit, absent without a value', async () => {
    const path = join(reports.dir, reports.passing.meta.runId, 'report.json');
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('"line": "PASS', '"line": "PASS!'));
    const { integrity: _dropped, ...unstamped } = JSON.parse(text) as Record<string, unknown>;
    const noValue = '20261129T000000Z-0000000000000003';
    await mkdir(join(reports.dir, noValue));
    await writeFile(join(reports.dir, noValue, 'report.json'), JSON.stringify({ ...unstamped, meta: { ...(unstamped.meta as object), runId: noValue } }));
    const { runs } = await listRuns(reports.dir);
    const integrity = Object.fromEntries(runs.map((r) => [r.runId, r.integrity]));
    expect(integrity).to.deep.equal({
      [reports.failing.meta.runId]: 'verified',
      [reports.passing.meta.runId]: 'failed',
      [noValue]: 'absent',
    });
  });

  it('never follows a symlink out of the directory; symlinks inside are fine', async () => {
    const outside = join(reports.root, 'elsewhere');
    const out = goldenRun('passing', '2026-11-27T00:00:00.000Z');
    await writeReport(out, outside);
    await symlink(join(outside, out.meta.runId), join(reports.dir, out.meta.runId));
    const inside = '20261129T000000Z-0000000000000004';
    await symlink(reports.passing.meta.runId, join(reports.dir, inside)); // same report, wrong id: flagged for that, not for the link
    const { runs, unreadable } = await listRuns(reports.dir);
    expect(runs.map((r) => r.runId)).not.to.include(out.meta.runId);
    expect(unreadable).to.deep.equal([
      { name: out.meta.runId, problem: 'the run directory is a symlink that leads outside the reports directory' },
      { name: inside, problem: 'report.json belongs to another run (its meta.runId differs from the directory name)' },
    ]);
  });

  it('flags a report.json that is not a regular file (a FIFO is not opened blocking)', async function () {
    const id = '20261129T000000Z-0000000000000005';
    await mkdir(join(reports.dir, id));
    execFileSync('mkfifo', [join(reports.dir, id, 'report.json')]); // coreutils, on every Debian machine
    const { unreadable } = await listRuns(reports.dir);
    expect(unreadable).to.deep.equal([{ name: id, problem: 'report.json is not a regular file' }]);
  });

  it('a store re-reads a report that changed, and forgets one that went away', async () => {
    const store = new ReportStore(reports.dir);
    const path = join(reports.dir, reports.passing.meta.runId, 'report.json');
    expect((await store.load(reports.passing.meta.runId)).kind).to.equal('run');
    await writeFile(path, '{');
    await utimes(path, new Date(), new Date(Date.now() + 5000));
    const changed = await store.load(reports.passing.meta.runId);
    expect(changed.kind).to.equal('unreadable');
    await rm(join(reports.dir, reports.passing.meta.runId), { recursive: true });
    expect((await store.load(reports.passing.meta.runId)).kind).to.equal('missing');
  });

  it('load() refuses names that are not run ids', async () => {
    const store = new ReportStore(reports.dir);
    for (const name of ['..', '.', '', '../reports', 'a/b', '.hidden', 'x'.repeat(129)]) {
      expect((await store.load(name)).kind, name).to.equal('missing');
    }
  });

  it('a missing reports directory is a ReportsDirectoryError', async () => {
    let error: unknown;
    try {
      await listRuns(join(reports.root, 'nope'));
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ReportsDirectoryError);
    expect((error as Error).message).to.contain('no reports directory');
  });

  it('isRunId: the schema pattern', () => {
    const table: readonly [string, boolean][] = [
      ['20261129T021530Z-9f2c1ab4e0d3a1b2', true], ['hostile-run', true], ['a.b_c-d', true],
      ['', false], ['.', false], ['..', false], ['.a', false], ['-a', false], ['a/b', false], ['a\\b', false],
      ['a b', false], ['a%2e', false], ['x'.repeat(128), true], ['x'.repeat(129), false], ['é', false],
    ];
    for (const [id, ok] of table) expect(isRunId(id), id).to.equal(ok);
  });

  it('parseStoredReport is pure and never throws', () => {
    for (const text of ['', '[]', '"x"', '{"meta":{}}', '\u0000']) {
      expect(parseStoredReport('x', text).kind).to.equal('unreadable');
    }
  });
});
