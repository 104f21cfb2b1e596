import { expect } from 'chai';
import {
  escapeCommandData,
  escapeCommandProperty,
  escapeMarkdown,
  exclusionAnnotations,
  formatAnnotation,
  renderJobSummary,
  reportAnnotations,
} from '../../src/report/github.js';
import { golden } from '../report/golden.js';

describe('report/github', () => {
  describe('workflow command escaping (GitHub: % CR LF in data; also : , in properties)', () => {
    const data: readonly [string, string][] = [
      ['plain', 'plain'],
      ['100%', '100%25'],
      ['%0A', '%250A'],
      ['a\nb', 'a%0Ab'],
      ['a\r\nb', 'a%0D%0Ab'],
      ['key: a, b', 'key: a, b'],
      ['::error::x', '::error::x'],
    ];
    for (const [input, output] of data) {
      it(`data ${JSON.stringify(input)} → ${JSON.stringify(output)}`, () => expect(escapeCommandData(input)).to.equal(output));
    }
    const properties: readonly [string, string][] = [
      ['a:b', 'a%3Ab'],
      ['a,b', 'a%2Cb'],
      ['50%: x,\ny', '50%25%3A x%2C%0Ay'],
    ];
    for (const [input, output] of properties) {
      it(`property ${JSON.stringify(input)} → ${JSON.stringify(output)}`, () => expect(escapeCommandProperty(input)).to.equal(output));
    }

    it('a hostile message cannot start a second command', () => {
      const line = formatAnnotation({ level: 'error', title: 'x::y,z', message: 'a\n::warning::injected\r\n%0A\u001b[31m' });
      expect(line.split('\n')).to.have.length(1);
      expect(line).to.equal('::error title=x%3A%3Ay%2Cz::a%0A::warning::injected%0D%0A%250A␛[31m');
    });
  });

  it('annotations: ::error for failed and errored steps, ::warning for warnings', () => {
    const lines = reportAnnotations([golden('failing')]).map(formatAnnotation);
    expect(lines).to.have.length(3);
    expect(lines[0]).to.match(/^::error title=FAIL okta-spec › create-okta-user — Create Okta user with realistic values::Reason: expected status 201/);
    expect(lines[0]).to.contain('Expected: 201%0A').and.to.contain('Actual: 200');
    expect(lines[1]).to.match(/^::error title=ERROR okta-spec › deactivate-user/);
    expect(lines[2]).to.match(/^::warning title=WARN okta-spec › user-etag-header/);
    for (const line of lines) expect(line).not.to.match(/[\r\n]/);
  });

  it('annotations are capped per level with a notice of how many more', () => {
    const many = reportAnnotations([golden('failing'), golden('failing'), golden('failing')], { maxPerLevel: 2 });
    expect(many.map((a) => a.level)).to.deep.equal(['error', 'error', 'notice', 'warning', 'warning', 'notice']);
    expect(many[2]?.title).to.equal('4 more failed steps');
  });

  it('hostile reports give one line per annotation', () => {
    for (const line of reportAnnotations([golden('hostile')]).map(formatAnnotation)) {
      expect(line).to.match(/^::(error|warning|notice) title=[^\n\r]*::[^\n\r]*$/);
      expect(line.indexOf('::', 2)).to.be.greaterThan(0);
      // The title part holds no raw ':' or ',' that would end it.
      const title = line.slice(line.indexOf('title=') + 6, line.indexOf('::', 2));
      expect(title).not.to.match(/[:,]/);
    }
  });

  it('exclusions become warnings', () => {
    expect(exclusionAnnotations([{ name: 'r1', problem: 'not published: integrity check failed' }]).map(formatAnnotation))
      .to.deep.equal(['::warning title=Report not published%3A r1::not published: integrity check failed']);
  });

  describe('Markdown job summary', () => {
    it('has a verdict line, a table of suites, failing steps with reasons, and links with --base-url', () => {
      const md = renderJobSummary([golden('failing')], { baseUrl: 'https://org.github.io/repo' });
      const lines = md.split('\n');
      expect(lines[0]).to.equal('## 🛑 SCIM conformance: ERROR');
      expect(md).to.contain('**ERROR okta-spec, rfc7644/filter: 2 passed, 1 failed, 1 warning, 1 error, 1 skipped, 1 n/a (3.21 s)**');
      expect(md).to.contain('[full report](<https://org.github.io/repo/runs/20240602T080000Z-d4e5f6/index.html>)');
      expect(md).to.contain('| Suite | Verdict | Passed | Failed | Warnings | Errors | Skipped | N/A |');
      expect(md).to.contain('| okta-spec — Okta SCIM 2.0 SPEC test | 🛑 ERROR | 1 | 1 | 1 | 1 | 1 | 0 |');
      expect(md).to.contain('### Failing steps (2)');
      expect(md).to.match(/\| okta-spec \| create-okta-user — Create Okta user with realistic values \| ❌ FAIL \| required \| expected status 201, got 200; id missing · expected 201, actual 200 \|/);
      expect(md).to.contain('### Warnings (1)');
      expect(md.endsWith('\n')).to.equal(true);
    });

    it('without --base-url there are no links', () => {
      expect(renderJobSummary([golden('passing')])).not.to.match(/\]\(/);
    });

    it('lists reports that were not published', () => {
      const md = renderJobSummary([], { excluded: [{ name: 'r_1', problem: 'not published: integrity check failed' }] });
      expect(md).to.contain('### ⚠️ Reports not published (1)').and.to.contain('- r\\_1: not published: integrity check failed');
    });

    it('target text cannot inject markup, links, or table cells', () => {
      const md = renderJobSummary([golden('hostile')], { baseUrl: 'https://example.org/site/' });
      expect(md).not.to.match(/<(script|img|svg)/i);
      expect(md).not.to.contain('\u001b');
      for (const line of md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))) {
        const cells = line.replace(/\\\|/g, '').split('|').length;
        expect(cells, line).to.be.oneOf([7, 10]); // 5 or 8 columns
      }
    });

    const escapes: readonly [string, string][] = [
      ['a|b', 'a\\|b'],
      ['[x](javascript:alert(1))', '\\[x\\](javascript:alert(1))'],
      ['<img src=x>', '&lt;img src=x&gt;'],
      ['*bold* _em_ `code` ~s~ # h', '\\*bold\\* \\_em\\_ \\`code\\` \\~s\\~ \\# h'],
      ['a & b', 'a &amp; b'],
      ['line\nbreak\r\n', 'line break '],
      ['back\\slash', 'back\\\\slash'],
    ];
    for (const [input, output] of escapes) {
      it(`escapeMarkdown(${JSON.stringify(input)})`, () => expect(escapeMarkdown(input)).to.equal(output));
    }
  });
});
