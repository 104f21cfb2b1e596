import { expect } from 'chai';
import type { RunReport } from '../../src/model/report.js';
import type { StepResult, SuiteResult } from '../../src/model/result.js';
import { countVerdicts, worstVerdict, type Verdict } from '../../src/model/verdict.js';
import { buildHistories, classifyChange, compareSuiteRuns, suiteHistory, type StepChange } from '../../src/report/history.js';
import { golden } from '../report/golden.js';

const TEMPLATE = golden('passing');

function step(stepId: string, verdict: Verdict, kind: 'request' | 'pause' = 'request'): StepResult {
  return {
    kind, stepId, title: `title of ${stepId}`, level: 'required', refs: [], verdict, attempts: 1, assertions: [],
    extractions: [], scripts: [], pausedMs: 0, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1,
    runscopeVerdict: verdict === 'pass' ? 'pass' : 'fail',
    ...(verdict === 'pass' ? {} : { reason: `${stepId} is ${verdict}` }),
  };
}

function suite(suiteId: string, steps: readonly StepResult[]): SuiteResult {
  const verdict = worstVerdict(steps.map((s) => s.verdict));
  return {
    suiteId, name: `Suite ${suiteId}`, source: { format: 'native' }, verdict, runscopeVerdict: verdict === 'pass' ? 'pass' : 'fail',
    counts: countVerdicts(steps.map((s) => s.verdict)), steps, cleanup: [],
  };
}

function report(runId: string, startedAt: string, suites: readonly SuiteResult[], scimUrl?: string): RunReport {
  const { integrity: _none, ...base } = TEMPLATE;
  return {
    ...base,
    meta: { ...base.meta, runId, startedAt, target: scimUrl === undefined ? {} : { scimUrl } },
    suites,
  };
}

describe('report/history', () => {
  describe('classifyChange', () => {
    const table: readonly [Verdict | undefined, Verdict | undefined, StepChange | undefined][] = [
      ['pass', 'pass', undefined], ['fail', 'fail', undefined], [undefined, undefined, undefined],
      ['pass', 'fail', 'started-failing'], ['pass', 'error', 'started-failing'], ['warn', 'fail', 'started-failing'],
      ['skip', 'fail', 'started-failing'], ['n/a', 'error', 'started-failing'], [undefined, 'fail', 'started-failing'],
      ['fail', 'pass', 'stopped-failing'], ['error', 'pass', 'stopped-failing'], ['fail', 'warn', 'stopped-failing'],
      ['fail', 'skip', 'changed'], ['fail', 'n/a', 'changed'], ['fail', undefined, 'changed'], ['fail', 'error', 'changed'],
      ['error', 'fail', 'changed'], ['pass', 'warn', 'changed'], ['pass', 'skip', 'changed'], [undefined, 'pass', 'changed'],
      ['pass', undefined, 'changed'],
    ];
    for (const [from, to, change] of table) {
      it(`${from ?? '(absent)'} → ${to ?? '(absent)'}: ${change ?? 'no change'}`, () => {
        expect(classifyChange(from, to)).to.equal(change);
      });
    }
  });

  it('compareSuiteRuns: started failing first, then stopped failing, then changed; pauses ignored', () => {
    const before = suite('s', [step('a', 'pass'), step('b', 'fail'), step('c', 'pass'), step('p', 'pass', 'pause'), step('gone', 'fail')]);
    const after = suite('s', [step('c', 'error'), step('a', 'warn'), step('b', 'pass'), step('p', 'skip', 'pause'), step('new', 'fail')]);
    expect(compareSuiteRuns(before, after).map((f) => [f.stepId, f.change, f.from, f.to])).to.deep.equal([
      ['c', 'started-failing', 'pass', 'error'],
      ['new', 'started-failing', undefined, 'fail'],
      ['b', 'stopped-failing', 'fail', 'pass'],
      ['a', 'changed', 'pass', 'warn'],
      ['gone', 'changed', 'fail', undefined],
    ]);
    expect(compareSuiteRuns(before, after)[0]?.reason).to.equal('c is error');
  });

  it('compareSuiteRuns matches repeated step ids by occurrence', () => {
    const before = suite('s', [step('x', 'pass'), step('x', 'pass')]);
    const after = suite('s', [step('x', 'pass'), step('x', 'fail')]);
    expect(compareSuiteRuns(before, after)).to.deep.equal([
      { stepId: 'x', title: 'title of x', change: 'started-failing', from: 'pass', to: 'fail', reason: 'x is fail' },
    ]);
  });

  it('groups by target and suite, orders runs by start time, and records transitions', () => {
    const A = 'https://a.example/scim/v2';
    const B = 'https://b.example/scim/v2';
    const reports = [
      report('r3', '2026-01-03T00:00:00.000Z', [suite('s1', [step('x', 'pass'), step('y', 'pass')])], A),
      report('r1', '2026-01-01T00:00:00.000Z', [suite('s1', [step('x', 'pass'), step('y', 'pass')]), suite('s2', [step('z', 'pass')])], A),
      report('r2', '2026-01-02T00:00:00.000Z', [suite('s1', [step('x', 'fail'), step('y', 'pass')])], A),
      report('b1', '2026-01-02T00:00:00.000Z', [suite('s1', [step('x', 'fail')])], B),
      report('n1', '2026-01-02T00:00:00.000Z', [suite('s1', [step('x', 'pass')])]),
    ];
    const histories = buildHistories(reports);
    expect(histories.map((h) => [h.target, h.suiteId, h.runs.map((r) => r.runId)])).to.deep.equal([
      ['', 's1', ['n1']],
      [A, 's1', ['r1', 'r2', 'r3']],
      [A, 's2', ['r1']],
      [B, 's1', ['b1']],
    ]);
    const s1 = histories[1];
    expect(s1?.transitions.map((t) => [t.fromRunId, t.toRunId, t.fromVerdict, t.toVerdict, t.verdictChanged, t.flips.map((f) => `${f.stepId}:${f.change}`)])).to.deep.equal([
      ['r1', 'r2', 'pass', 'fail', true, ['x:started-failing']],
      ['r2', 'r3', 'fail', 'pass', true, ['x:stopped-failing']],
    ]);
    expect(suiteHistory(reports, A, 's2')?.transitions).to.deep.equal([]);
    expect(suiteHistory(reports, A, 'nope')).to.equal(undefined);
  });

  it('equal start times are ordered by run id; an unchanged verdict is a transition without flips', () => {
    const t = '2026-01-01T00:00:00.000Z';
    const histories = buildHistories([report('b', t, [suite('s', [step('x', 'pass')])]), report('a', t, [suite('s', [step('x', 'pass')])])]);
    expect(histories[0]?.runs.map((r) => r.runId)).to.deep.equal(['a', 'b']);
    expect(histories[0]?.transitions[0]).to.deep.include({ verdictChanged: false, flips: [] });
  });

  it('is pure: the input reports are not changed', () => {
    const reports = [report('r1', '2026-01-02T00:00:00.000Z', [suite('s', [step('x', 'pass')])]), report('r0', '2026-01-01T00:00:00.000Z', [suite('s', [step('x', 'fail')])])];
    const copy = JSON.parse(JSON.stringify(reports)) as unknown;
    buildHistories(reports);
    expect(reports).to.deep.equal(copy);
  });

  it('the golden failing vs passing reports: create-okta-user started failing', () => {
    const before = { ...golden('passing'), meta: { ...golden('passing').meta, startedAt: '2026-01-01T00:00:00.000Z' } };
    const after = { ...golden('failing'), meta: { ...golden('failing').meta, startedAt: '2026-01-02T00:00:00.000Z' } };
    const history = suiteHistory([after, before], 'http://127.0.0.1:8080/scim/v2', 'okta-spec');
    const flips = history?.transitions[0]?.flips ?? [];
    expect(flips.find((f) => f.stepId === 'create-okta-user')).to.deep.include({ change: 'started-failing', from: 'pass', to: 'fail' });
  });
});
