/**
 * `rfc7644/filters` against the real reference server over loopback: the RFC-correct server
 * passes every step with no warning and keeps nothing the suite created; each filter defect
 * profile fails exactly the steps listed (the same table as fixtures/expectations.json), and a
 * server without filtering makes every step n/a.
 */
import { expect } from 'chai';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine/options.js';
import { runPlan } from '../../src/engine/run-plan.js';
import type { RunOptions, RunReport } from '../../src/model/report.js';
import { isKnownSpecRef } from '../../src/model/spec-ref.js';
import { startReferenceServer, type DefectName } from '../../src/reference-server/index.js';
import { lintSuite } from '../../src/suite/lint.js';
import { rfc7644FiltersSuite } from '../../suites/rfc7644-filters.js';

const TOKEN = 'rfc7644-filters-token';
const RUN_OPTIONS: RunOptions = {
  pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 5_000, seedUser: false, keepTestData: false,
};

/** Every step that does not pass under each defect, with its verdict. */
const EXPECTED: Readonly<Partial<Record<DefectName, Readonly<Record<string, string>>>>> = {
  'filter-names-case-sensitive': { 'rfc7644/filters/names-and-operators-any-case': 'fail' },
  'filter-grouping-ignored': {
    'rfc7644/filters/or-grouping': 'fail',
    'rfc7644/filters/invalid-unbalanced-parenthesis': 'fail',
  },
  'filter-value-path-any-element': { 'rfc7644/filters/value-path-same-element': 'fail' },
  'filter-ge-le-exclusive': { 'rfc7644/filters/ge-datetime': 'fail', 'rfc7644/filters/le-datetime': 'fail' },
  'filter-case-exact-ignored': { 'rfc7644/filters/external-id-case-exact': 'warn' },
  'unknown-attribute-filter-500': { 'rfc7644/filters/unknown-attribute-never-5xx': 'fail' },
  'username-case-sensitive': { 'rfc7644/filters/eq-username-any-case': 'fail' },
  'invalid-filter-500': {
    'rfc7644/filters/invalid-unbalanced-parenthesis': 'fail',
    'rfc7644/filters/invalid-missing-value': 'fail',
    'rfc7644/filters/invalid-ordering-on-boolean': 'fail',
    'rfc7644/filters/unknown-attribute-never-5xx': 'fail',
  },
  'group-filter-ignored': {
    'rfc7644/filters/groups-eq-display-name': 'fail',
    'rfc7644/filters/groups-members-value-path': 'fail',
  },
};

async function run(defects: readonly DefectName[]): Promise<{ report: RunReport; left: number }> {
  const server = await startReferenceServer({ port: 0, token: TOKEN, defects });
  try {
    const report = await runPlan(
      { suites: [rfc7644FiltersSuite], variables: { SCIMBaseURL: server.baseUrl, auth: `Bearer ${TOKEN}` }, secrets: ['auth'], grep: [] },
      { ...DEFAULT_ENGINE_OPTIONS, readBackTimeoutMs: 300, timeoutMs: 5_000 },
      { toolVersion: 'test', target: {}, runOptions: RUN_OPTIONS },
    );
    return { report, left: server.users().length };
  } finally {
    await server.close();
  }
}

function nonPassing(report: RunReport): Record<string, string> {
  const out: Record<string, string> = {};
  for (const step of report.suites.flatMap((s) => s.steps)) if (step.kind === 'request' && step.verdict !== 'pass') out[step.stepId] = step.verdict;
  return out;
}

describe('suite rfc7644/filters', function () {
  this.timeout(30_000);

  it('lints clean, and every step cites known spec sections and says how to fix a failure', () => {
    expect(lintSuite(rfc7644FiltersSuite)).to.deep.equal([]);
    for (const step of rfc7644FiltersSuite.steps) {
      if (step.kind !== 'request') continue;
      expect(step.refs.length, step.id).to.be.greaterThan(0);
      for (const ref of step.refs) expect(isKnownSpecRef(ref), `${step.id}: ${ref}`).to.equal(true);
      expect(step.fix, step.id).to.not.equal('');
      expect(step.requires, step.id).to.deep.equal(['filter']);
    }
  });

  it('the RFC-correct reference server passes every step with no warning, and the three users are deleted', async () => {
    const { report, left } = await run([]);
    expect(nonPassing(report)).to.deep.equal({});
    expect(report.suites[0]?.steps.filter((s) => s.kind === 'request')).to.have.length(rfc7644FiltersSuite.steps.length);
    expect(left).to.equal(0);
    for (const c of report.suites.flatMap((s) => s.cleanup)) expect(c.ok, c.title).to.equal(true);
  });

  it('each answer is judged against the client-side evaluation: a server ignoring the filter fails every comparison', async () => {
    const { report } = await run(['filter-ignored']);
    const failed = Object.entries(nonPassing(report)).filter(([, v]) => v === 'fail').map(([id]) => id);
    const judged = rfc7644FiltersSuite.steps.map((s) => s.id).filter((id) => !/\/(create|read)-(user|group)-|\/discover-groups$/.test(id) && !id.endsWith('external-id-case-exact'));
    expect(failed.sort()).to.deep.equal([...judged].sort());
  });

  it('a server without Groups (RFC-correct: /ResourceTypes lists none) makes the /Groups steps n/a or skipped, and nothing fails', async () => {
    const { report, left } = await run(['no-groups']);
    expect(nonPassing(report)).to.deep.equal({
      'rfc7644/filters/create-group-1': 'n/a',
      'rfc7644/filters/create-group-2': 'n/a',
      'rfc7644/filters/read-group-1': 'skip',
      'rfc7644/filters/read-group-2': 'skip',
      'rfc7644/filters/groups-eq-display-name': 'n/a',
      'rfc7644/filters/groups-members-value-path': 'n/a',
    });
    expect(left).to.equal(0);
  });

  for (const [defect, expected] of Object.entries(EXPECTED)) {
    it(`${defect}: fails exactly ${Object.keys(expected).join(', ')}`, async () => {
      const { report, left } = await run([defect as DefectName]);
      expect(nonPassing(report)).to.deep.equal(expected);
      expect(left).to.equal(0);
    });
  }
});
