import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { withIntegrity } from '../../src/report/integrity.js';
import { parseReport, readReport, renderJson } from '../../src/report/json.js';
import { InvalidReportError } from '../../src/report/report-schema.js';
import { golden } from './golden.js';

describe('report/json', () => {
  it('renderJson writes two-space indented JSON with a final newline', () => {
    const text = renderJson(golden('passing'));
    expect(text.startsWith('{\n  "formatVersion": 1,')).to.equal(true);
    expect(text.endsWith('}\n')).to.equal(true);
  });

  it('parseReport round-trips a stamped report', () => {
    const stamped = withIntegrity(golden('hostile'));
    expect(parseReport(JSON.stringify(stamped))).to.deep.equal(stamped);
  });

  const BAD: readonly [string, string][] = [
    ['text that is not JSON', '{"formatVersion":'],
    ['JSON that is not a report', '{"formatVersion":1}'],
    ['an edited report', JSON.stringify({ ...withIntegrity(golden('failing')), complete: false })],
  ];
  for (const [name, text] of BAD) {
    it(`parseReport rejects ${name}`, () => {
      expect(() => parseReport(text)).to.throw(InvalidReportError);
    });
  }

  it('readReport reads a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scim-json-'));
    try {
      const path = join(dir, 'r.json');
      await writeFile(path, JSON.stringify(golden('passing')), 'utf8');
      expect((await readReport(path)).meta.runId).to.equal('20240601T101530Z-a1b2c3');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
