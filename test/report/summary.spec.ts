import { expect } from 'chai';
import type { RunReport } from '../../src/model/report.js';
import { countVerdicts, type Counts, type Verdict } from '../../src/model/verdict.js';
import { renderConsoleSummary, summaryLine, type SummaryLineInput } from '../../src/report/summary.js';
import { GOLDEN_NAMES, golden } from './golden.js';

function input(verdict: Verdict, counts: Partial<Counts>, extra: { suites?: string[]; durationMs?: number; complete?: boolean } = {}): SummaryLineInput {
  return {
    meta: { suites: extra.suites ?? ['okta-spec'], durationMs: extra.durationMs ?? 410 },
    summary: { verdict, counts: { ...countVerdicts([]), ...counts } },
    complete: extra.complete ?? true,
  };
}

const ANSI = /\u001b\[/;

describe('report/summary', () => {
  describe('summaryLine', () => {
    const CASES: readonly [string, SummaryLineInput, string][] = [
      ['warnings do not fail a run', input('warn', { pass: 13, warn: 1 }),
        'PASS okta-spec: 13 passed, 0 failed, 1 warning, 0 errors, 0 skipped (0.41 s)'],
      ['a clean pass', input('pass', { pass: 2 }), 'PASS okta-spec: 2 passed, 0 failed, 0 warnings, 0 errors, 0 skipped (0.41 s)'],
      ['a failure', input('fail', { pass: 1, fail: 2, warn: 2 }), 'FAIL okta-spec: 1 passed, 2 failed, 2 warnings, 0 errors, 0 skipped (0.41 s)'],
      ['an error', input('error', { error: 1, fail: 1 }), 'ERROR okta-spec: 0 passed, 1 failed, 0 warnings, 1 error, 0 skipped (0.41 s)'],
      ['n/a counted only when present', input('pass', { pass: 1, 'n/a': 3 }), 'PASS okta-spec: 1 passed, 0 failed, 0 warnings, 0 errors, 0 skipped, 3 n/a (0.41 s)'],
      ['nothing ran', input('skip', { skip: 4 }), 'SKIP okta-spec: 0 passed, 0 failed, 0 warnings, 0 errors, 4 skipped (0.41 s)'],
      ['all n/a', input('n/a', { 'n/a': 2 }), 'N/A okta-spec: 0 passed, 0 failed, 0 warnings, 0 errors, 0 skipped, 2 n/a (0.41 s)'],
      ['an aborted run', input('fail', { fail: 1 }, { complete: false }), 'FAIL okta-spec: 0 passed, 1 failed, 0 warnings, 0 errors, 0 skipped (0.41 s), incomplete'],
      ['up to three suites by name', input('pass', { pass: 1 }, { suites: ['a', 'b', 'c'] }), 'PASS a, b, c: 1 passed, 0 failed, 0 warnings, 0 errors, 0 skipped (0.41 s)'],
      ['more suites by number', input('pass', {}, { suites: ['a', 'b', 'c', 'd'] }), 'PASS 4 suites: 0 passed, 0 failed, 0 warnings, 0 errors, 0 skipped (0.41 s)'],
      ['no suites', input('skip', {}, { suites: [] }), 'SKIP no suites: 0 passed, 0 failed, 0 warnings, 0 errors, 0 skipped (0.41 s)'],
      ['long runs in seconds', input('pass', {}, { durationMs: 73_456 }), 'PASS okta-spec: 0 passed, 0 failed, 0 warnings, 0 errors, 0 skipped (73.46 s)'],
      ['a hostile suite id stays one printable line', input('pass', {}, { suites: ['a\nb\u001b[2J'] }), 'PASS a b␛[2J: 0 passed, 0 failed, 0 warnings, 0 errors, 0 skipped (0.41 s)'],
    ];
    for (const [name, value, expected] of CASES) {
      it(name, () => {
        expect(summaryLine(value)).to.equal(expected);
      });
    }

    for (const name of GOLDEN_NAMES) {
      it(`matches the stored line of the golden ${name} report`, () => {
        const report = golden(name);
        expect(summaryLine(report)).to.equal(report.summary.line);
      });
    }
  });

  describe('renderConsoleSummary', () => {
    it('starts with the summary line and lists failed and errored steps with reason, expected/actual and fix', () => {
      const text = renderConsoleSummary(golden('failing'), { color: false });
      const lines = text.split('\n');
      expect(lines[0]).to.equal(golden('failing').summary.line);
      expect(text).to.contain('✗ FAIL  okta-spec › create-okta-user — Create Okta user with realistic values');
      expect(text).to.contain('Reason: expected status 201, got 200; id missing');
      expect(text).to.contain('  Expected: 201').and.to.contain('  Actual: 200');
      expect(text).to.contain('Fix: Return 201 Created (not 200)');
      expect(text).to.contain('⚠ ERROR okta-spec › deactivate-user');
      expect(text).to.contain('! WARN  okta-spec › user-etag-header — User responses carry an ETag: no ETag header (recommended)');
      expect(text).to.contain('Cleanup did not succeed (1)');
      expect(text).not.to.contain('get-created-user'); // skips are counted, not listed
      expect(text).not.to.match(ANSI);
      expect(text.endsWith('\n')).to.equal(false);
    });

    it('is one line for a clean run', () => {
      expect(renderConsoleSummary(golden('passing'), { color: false })).to.equal(golden('passing').summary.line);
    });

    it('colours only when asked', () => {
      expect(renderConsoleSummary(golden('failing'), { color: true })).to.match(ANSI);
      expect(renderConsoleSummary(golden('passing'), { color: true })).to.match(/^\u001b\[1m\u001b\[32mPASS/);
    });

    it('mentions the Runscope verdict when it disagrees with the graded one', () => {
      const report = golden('passing');
      const warned: RunReport = { ...report, summary: { ...report.summary, verdict: 'warn', runscopeVerdict: 'fail' } };
      expect(renderConsoleSummary(warned, { color: false })).to.contain('Runscope verdict: FAIL');
    });

    it('lists at most maxSteps failing steps', () => {
      const text = renderConsoleSummary(golden('failing'), { color: false, maxSteps: 1 });
      expect(text).to.contain('… 1 more in report.html');
      expect(text).not.to.contain('deactivate-user');
    });

    it('never passes control characters or invalid UTF-16 from the target to the terminal', () => {
      const text = renderConsoleSummary(golden('hostile'), { color: false });
      expect(text).to.match(/^ERROR /);
      expect(text).to.contain('The run did not complete');
      expect(text).not.to.match(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/); // only \n
      expect(text).not.to.match(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      expect(text).to.contain('␛[31mRED');
    });
  });
});
