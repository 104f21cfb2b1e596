/** Loading suite files: Runscope exports from disk, slugs for ids, JSON error positions. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { jsonErrorOffset, lineAndColumn } from '../../src/suite/json-error-position.js';
import { InvalidSuiteError, loadSuiteFile, SuiteFileError } from '../../src/suite/load.js';
import { slugify } from '../../src/suite/slug.js';

describe('suite files', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'scim-conformance-load-')); });
  after(() => { rmSync(dir, { recursive: true, force: true }); });

  const exportJson = JSON.stringify({
    version: '1.0', name: 'File test',
    steps: [{ step_type: 'request', method: 'GET', url: '{{base}}{{EntitlementEndpoint}}', note: 'Required Test: list' }],
  });

  it('loads a Runscope export with its initial script and list variables', () => {
    writeFileSync(join(dir, 'test.json'), exportJson);
    writeFileSync(join(dir, 'init.js'), 'variables.set("base", "http://x");');
    const suite = loadSuiteFile(join(dir, 'test.json'), { initialScriptPath: join(dir, 'init.js'), variables: { EntitlementEndpoint: '/A,/B' } });
    expect(suite.id).to.equal('file-test');
    expect(suite.source.path).to.equal(join(dir, 'test.json'));
    expect(suite.initial).to.deep.equal({ kind: 'script', script: { code: 'variables.set("base", "http://x");', origin: join(dir, 'init.js') } });
    expect(suite.steps.map((s) => s.id)).to.deep.equal(['file-test/01-list/a', 'file-test/01-list/b']);
    expect(suite.inputs).to.deep.equal([]);
  });

  it('says which file cannot be read and why', () => {
    expect(() => loadSuiteFile(join(dir, 'nope.json'))).to.throw(SuiteFileError, /^cannot read .*nope\.json: no such file$/);
    mkdirSync(join(dir, 'folder.json'), { recursive: true });
    expect(() => loadSuiteFile(join(dir, 'folder.json'))).to.throw(SuiteFileError, /it is a directory$/);
    writeFileSync(join(dir, 'ok.json'), exportJson);
    expect(() => loadSuiteFile(join(dir, 'ok.json'), { initialScriptPath: join(dir, 'missing.js') })).to.throw(SuiteFileError, /missing\.js: no such file/);
  });

  it('refuses a file that is not a Runscope export with InvalidSuiteError', () => {
    writeFileSync(join(dir, 'bad.json'), '{"name": "x", "steps": [{"step_type": "wait"}]}');
    expect(() => loadSuiteFile(join(dir, 'bad.json'))).to.throw(InvalidSuiteError, /^invalid Runscope export: step 1 \(wait\): unknown step type "wait" in step_type/);
  });

  describe('slugify', () => {
    const table: [string, string][] = [
      ['Okta SCIM 2.0 SPEC Test', 'okta-scim-2-0-spec-test'],
      ["Make sure random user doesn't exist", 'make-sure-random-user-doesnt-exist'],
      ['Get Users/{{id}} ', 'get-users-id'],
      ['  --Crème brûlée--  ', 'creme-brulee'],
      ['***', ''],
      ['A'.repeat(70), 'a'.repeat(60)],
      ['Verify if user is deactivated in SCIM App after the unassignment was pushed by Okta', 'verify-if-user-is-deactivated-in-scim-app-after-the'],
    ];
    for (const [text, slug] of table) {
      it(`${JSON.stringify(text)} → ${JSON.stringify(slug)}`, () => {
        expect(slugify(text)).to.equal(slug);
        expect(slug.length).to.be.at.most(60);
      });
    }
  });

  describe('JSON error positions', () => {
    const table: [string, number | undefined][] = [
      ['{"a": 1}', undefined],
      ['  [1, 2.5e-3, "x\\u00e9", true, false, null, {}]  ', undefined],
      ['{"a": 1,}', 8],
      ['[1 2]', 3],
      ["{'a': 1}", 1],
      ['{"a": 01}', 7],
      ['{"a": "b', 8],
      ['{"a": "\\q"}', 8],
      ['{"a": "\\u12G4"}', 11],
      ['[tru]', 4],
      ['{"a": 1} x', 9],
      ['', 0],
      ['{"a":\n  -}', 8],
    ];
    for (const [text, offset] of table) {
      it(`${JSON.stringify(text)} → ${String(offset)}`, () => {
        expect(jsonErrorOffset(text)).to.equal(offset);
        if (offset === undefined) expect(() => JSON.parse(text) as unknown).not.to.throw();
        else expect(() => JSON.parse(text) as unknown).to.throw(SyntaxError);
      });
    }

    it('turns offsets into 1-based lines and columns', () => {
      expect(lineAndColumn('ab\ncd\nef', 0)).to.deep.equal({ line: 1, column: 1 });
      expect(lineAndColumn('ab\ncd\nef', 4)).to.deep.equal({ line: 2, column: 2 });
      expect(lineAndColumn('ab\r\ncd', 4)).to.deep.equal({ line: 2, column: 1 });
    });
  });
});
