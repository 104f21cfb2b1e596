import { expect } from 'chai';
import type { RunReport } from '../../src/model/report.js';
import type { StepResult } from '../../src/model/result.js';
import { renderJunit } from '../../src/report/junit.js';
import { printable } from '../../src/report/printable.js';
import { everyCodeUnitReport } from './every-code-unit.js';
import { golden } from './golden.js';
import { descendants, parseXml, XmlSyntaxError, type XmlElement } from './xml-check.js';

function testcaseFor(doc: XmlElement, suiteId: string, stepId: string): XmlElement {
  const found = descendants(doc, 'testcase').filter(
    (t) => t.attrs['classname'] === printable(suiteId) && (t.attrs['name'] ?? '').startsWith(`${printable(stepId)}: `),
  );
  expect(found, `testcase ${suiteId} ${stepId}`).to.have.length(1);
  return found[0]!;
}

function childNames(testcase: XmlElement): string[] {
  return testcase.children.map((c) => c.name);
}

describe('report/junit', () => {
  describe('the XML checker used by these tests is strict', () => {
    const BAD: readonly [string, string][] = [
      ['an unclosed element', '<a><b></a>'],
      ['a mismatched end tag', '<a></b>'],
      ['two root elements', '<a/><b/>'],
      ['text after the root', '<a/>x'],
      ["'<' in an attribute", '<a b="<"/>'],
      ['an unquoted attribute', '<a b=c/>'],
      ['a duplicate attribute', '<a b="1" b="2"/>'],
      ['an unknown entity', '<a>&nbsp;</a>'],
      ['a bare ampersand', '<a>fish & chips</a>'],
      ['a reference to NUL', '<a>&#0;</a>'],
      ['a reference to a surrogate', '<a>&#xD800;</a>'],
      ["']]>' in text", '<a>]]></a>'],
      ['a raw control character', '<a>\u0001</a>'],
      ['a lone surrogate', '<a>\ud800</a>'],
      ['U+FFFE', '<a>\ufffe</a>'],
      ["'--' in a comment", '<a><!-- a -- b --></a>'],
    ];
    for (const [name, doc] of BAD) {
      it(`rejects ${name}`, () => {
        expect(() => parseXml(doc)).to.throw(XmlSyntaxError);
      });
    }
    it('accepts and decodes a well-formed document', () => {
      const doc = parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a x="1&#10;2 &quot;q&quot;"><b>&lt;&amp;&gt;<![CDATA[<raw>]]></b><!-- c --></a>\n');
      expect(doc.attrs['x']).to.equal('1\n2 "q"');
      expect(doc.children[0]?.text).to.equal('<&><raw>');
    });
  });

  describe('a failing run', () => {
    const report = golden('failing');
    const xml = renderJunit(report);
    const doc = parseXml(xml);

    it('is a well-formed <testsuites> document with one <testsuite> per suite', () => {
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).to.equal(true);
      expect(doc.name).to.equal('testsuites');
      expect(doc.children.filter((c) => c.name === 'testsuite').map((s) => s.attrs['name']))
        .to.deep.equal(report.suites.map((s) => s.suiteId));
    });

    it('has one <testcase classname=suiteId name="stepId: title"> per request step', () => {
      for (const suite of report.suites) {
        const el = doc.children.find((c) => c.attrs['name'] === suite.suiteId)!;
        const cases = el.children.filter((c) => c.name === 'testcase');
        const requests = suite.steps.filter((s) => s.kind === 'request');
        expect(cases.map((c) => c.attrs['name'])).to.deep.equal(requests.map((s) => `${s.stepId}: ${s.title}`));
        expect(cases.every((c) => c.attrs['classname'] === suite.suiteId)).to.equal(true);
        expect(cases.every((c) => /^\d+\.\d{3}$/.test(c.attrs['time'] ?? ''))).to.equal(true);
      }
    });

    const ELEMENT_FOR: readonly [string, string, readonly string[]][] = [
      ['okta-spec', 'test-users-endpoint', []],
      ['okta-spec', 'create-okta-user', ['failure', 'system-out']],
      ['okta-spec', 'get-created-user', ['skipped']],
      ['okta-spec', 'user-etag-header', ['system-out']],
      ['okta-spec', 'deactivate-user', ['error']],
      ['rfc7644/filter', 'filter/userName-eq', []],
      ['rfc7644/filter', 'filter/sort-by-userName', ['skipped']],
    ];
    for (const [suiteId, stepId, names] of ELEMENT_FOR) {
      const verdict = report.suites.find((s) => s.suiteId === suiteId)!.steps.find((s) => s.stepId === stepId)!.verdict;
      it(`renders the ${verdict} step ${stepId} as ${names.length > 0 ? names.map((n) => `<${n}>`).join(' + ') : 'a bare <testcase>'}`, () => {
        expect(childNames(testcaseFor(doc, suiteId, stepId))).to.deep.equal(names);
      });
    }

    it('puts requirement, expected and actual in the failure text, the reason in its message', () => {
      const failure = testcaseFor(doc, 'okta-spec', 'create-okta-user').children[0]!;
      expect(failure.attrs['message']).to.equal('expected status 201, got 200; id missing');
      expect(failure.attrs['type']).to.equal('fail (required)');
      expect(failure.text).to.contain('Requirement: When the service provider successfully creates')
        .and.to.contain('Expected: 201').and.to.contain('Actual: 200')
        .and.to.contain('Fix: Return 201 Created').and.to.contain('https://www.rfc-editor.org/rfc/rfc7644#section-3.3');
    });

    it('types an error by its transport error code', () => {
      const error = testcaseFor(doc, 'okta-spec', 'deactivate-user').children[0]!;
      expect(error.attrs['type']).to.equal('ECONNRESET');
      expect(error.attrs['message']).to.equal('transport error: ECONNRESET (socket hang up)');
    });

    it('says skip and n/a apart in the <skipped> message', () => {
      expect(testcaseFor(doc, 'okta-spec', 'get-created-user').children[0]!.attrs['message']).to.match(/^skipped: variable idUserOne/);
      expect(testcaseFor(doc, 'rfc7644/filter', 'filter/sort-by-userName').children[0]!.attrs['message']).to.match(/^n\/a: sorting/);
    });

    it('passes a warn step and says WARNING in <system-out>', () => {
      const out = testcaseFor(doc, 'okta-spec', 'user-etag-header').children[0]!;
      expect(out.text).to.match(/^WARNING \(recommended\): no ETag header/);
      expect(out.text).to.contain('Expected: (none)').and.to.contain('Actual: (missing)');
    });

    it('counts what it wrote, on each suite and on the root', () => {
      const count = (el: XmlElement, child: string): number =>
        el.children.filter((c) => c.name === 'testcase' && c.children.some((x) => x.name === child)).length;
      let totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
      for (const suite of doc.children.filter((c) => c.name === 'testsuite')) {
        const expected = {
          tests: suite.children.filter((c) => c.name === 'testcase').length,
          failures: count(suite, 'failure'),
          errors: count(suite, 'error'),
          skipped: count(suite, 'skipped'),
        };
        expect({
          tests: Number(suite.attrs['tests']), failures: Number(suite.attrs['failures']),
          errors: Number(suite.attrs['errors']), skipped: Number(suite.attrs['skipped']),
        }).to.deep.equal(expected);
        totals = {
          tests: totals.tests + expected.tests, failures: totals.failures + expected.failures,
          errors: totals.errors + expected.errors, skipped: totals.skipped + expected.skipped,
        };
      }
      expect(totals).to.deep.equal({ tests: 7, failures: 1, errors: 1, skipped: 2 });
      expect(doc.attrs['tests']).to.equal('7');
      expect(doc.attrs['time']).to.equal('3.210');
      expect(doc.children[0]?.attrs['timestamp']).to.equal('2024-06-02T08:00:00');
    });

    it('lists cleanup in the suite <system-out>', () => {
      const okta = doc.children.find((c) => c.attrs['name'] === 'okta-spec')!;
      const out = okta.children.find((c) => c.name === 'system-out')!;
      expect(out.text).to.contain('NOT CLEANED: DELETE SCIM user scimconf-jdoe@example.com (HTTP 500)');
    });
  });

  describe('a passing run', () => {
    const report = golden('passing');
    const doc = parseXml(renderJunit(report));

    it('omits pauses and has no failure elements', () => {
      const names = descendants(doc, 'testcase').map((t) => t.attrs['name']);
      expect(names).to.have.length(3);
      expect(names.some((n) => n?.startsWith('pause-2'))).to.equal(false);
      for (const el of ['failure', 'error', 'skipped']) expect(descendants(doc, el)).to.have.length(0);
    });

    it('keeps script logs in <system-out>', () => {
      const out = descendants(testcaseFor(doc, 'okta-spec', 'create-okta-user'), 'system-out')[0]!;
      expect(out.text).to.contain('created user 2819c223');
    });
  });

  describe('a hostile run', () => {
    const report = golden('hostile');
    const xml = renderJunit(report);

    it('is well-formed XML 1.0', () => {
      expect(() => parseXml(xml)).not.to.throw();
    });

    it('never writes ]]> or CDATA', () => {
      expect(xml).not.to.contain(']]>');
      expect(xml).not.to.contain('<![CDATA[');
    });

    it('keeps the hostile text as text (escaped, made printable), not markup', () => {
      const doc = parseXml(xml);
      const step = report.suites[0]!.steps[0]!;
      const failure = descendants(doc, 'failure')[0]!;
      expect(failure.attrs['message']).to.equal(printable(step.reason!));
      expect(failure.text).to.contain(printable(step.requirement!));
      expect(descendants(doc, 'script')).to.have.length(0);
      expect(descendants(doc, 'img')).to.have.length(0);
    });

    it('keeps line breaks in attributes as character references', () => {
      const withBreaks: RunReport = {
        ...report,
        suites: [{ ...report.suites[0]!, steps: [{ ...report.suites[0]!.steps[3]!, reason: 'line 1\nline 2\r\n\tend' } as StepResult] }],
      };
      const doc = parseXml(renderJunit(withBreaks));
      expect(descendants(doc, 'skipped')[0]!.attrs['message']).to.equal('skipped: line 1\nline 2\r\n\tend');
    });

    it('keeps valid astral characters (emoji) intact', () => {
      expect(xml).to.contain('😀');
    });
  });

  it('stays well-formed when target text holds every UTF-16 code unit (binary)', () => {
    const xml = renderJunit(everyCodeUnitReport());
    const doc = parseXml(xml);
    expect(descendants(doc, 'failure')).to.have.length(1);
    expect(xml).not.to.contain(']]>');
  });

  it('renders a run without suites as an empty <testsuites>', () => {
    const empty: RunReport = { ...golden('passing'), suites: [] };
    const doc = parseXml(renderJunit(empty));
    expect(doc.children).to.have.length(0);
    expect(doc.attrs['tests']).to.equal('0');
  });
});
