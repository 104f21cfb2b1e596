import { readFileSync } from 'node:fs';
import { access, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { RunReport } from '../../src/model/report.js';
import { verifyIntegrity, withIntegrity } from '../../src/report/integrity.js';
import { readReport } from '../../src/report/json.js';
import { InvalidReportError, validateReport } from '../../src/report/report-schema.js';
import { writeReport } from '../../src/report/write.js';
import { golden } from './golden.js';
import { parseXml } from './xml-check.js';

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  expect.fail('expected a rejection');
}

describe('report/write', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'scim-report-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes report.json, report.html and junit.xml into <outDir>/<runId>/', async () => {
    const report = golden('failing');
    const out = join(root, 'reports');
    const written = await writeReport(report, out);
    const dir = join(out, report.meta.runId);
    expect(written).to.deep.equal({
      dir, json: join(dir, 'report.json'), html: join(dir, 'report.html'), junit: join(dir, 'junit.xml'),
    });
    expect((await readdir(dir)).sort()).to.deep.equal(['junit.xml', 'report.html', 'report.json']);

    const stored = JSON.parse(await readFile(written.json, 'utf8')) as RunReport;
    expect(validateReport(stored).ok).to.equal(true);
    expect(verifyIntegrity(stored)).to.equal(true);
    expect({ ...stored, integrity: undefined }).to.deep.equal({ ...report, integrity: undefined });

    const page = await readFile(written.html, 'utf8');
    expect(page).to.contain('id="summary"').and.to.contain(stored.integrity);
    expect(() => parseXml(readFileSync(written.junit, 'utf8'))).not.to.throw();
  });

  it('writes hostile content safely (the three files stay valid)', async () => {
    const written = await writeReport(golden('hostile'), root);
    expect(verifyIntegrity(await readReport(written.json))).to.equal(true);
    expect(() => parseXml(readFileSync(written.junit, 'utf8'))).not.to.throw();
  });

  it('replaces the files of the same run, leaving no temporary files', async () => {
    const first = await writeReport(golden('passing'), root);
    const again = await writeReport(await readReport(first.json), root);
    expect(again).to.deep.equal(first);
    expect((await readdir(first.dir)).sort()).to.deep.equal(['junit.xml', 'report.html', 'report.json']);
  });

  it('refuses an invalid report with InvalidReportError and writes nothing', async () => {
    const broken = { ...golden('failing'), formatVersion: 2 } as unknown as RunReport;
    const out = join(root, 'never');
    const error = await rejection(writeReport(broken, out));
    expect(error).to.be.instanceOf(InvalidReportError);
    expect((error as InvalidReportError).errors.join('\n')).to.contain('/formatVersion');
    expect(await exists(out)).to.equal(false);
  });

  it('refuses a runId that would leave the output directory', async () => {
    const report = golden('passing');
    const escaping = { ...report, meta: { ...report.meta, runId: '../escape' } };
    const error = await rejection(writeReport(escaping, join(root, 'out')));
    expect(error).to.be.instanceOf(InvalidReportError);
    expect(await exists(join(root, 'escape'))).to.equal(false);
  });

  it('refuses a report whose integrity does not match (an edited report is not re-stamped)', async () => {
    const stamped = withIntegrity(golden('failing'));
    const edited: RunReport = { ...stamped, summary: { ...stamped.summary, verdict: 'pass' } };
    const error = await rejection(writeReport(edited, root));
    expect(error).to.be.instanceOf(InvalidReportError);
    expect((error as InvalidReportError).errors[0]).to.contain('/integrity');
    expect(await readdir(root)).to.deep.equal([]);
  });
});
