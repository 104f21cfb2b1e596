/**
 * `rfc7644/writes` against the real reference server over loopback: the RFC-correct server
 * passes every step with no warning and keeps nothing the suite created; each write defect
 * profile fails exactly the steps listed (the same rows as fixtures/expectations.json); a server
 * without PATCH, filtering, sorting or ETags makes the steps that need them n/a.
 */
import { expect } from 'chai';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine/options.js';
import { runPlan } from '../../src/engine/run-plan.js';
import type { RunOptions, RunReport } from '../../src/model/report.js';
import { isKnownSpecRef } from '../../src/model/spec-ref.js';
import { startReferenceServer, type DefectName } from '../../src/reference-server/index.js';
import { lintSuite } from '../../src/suite/lint.js';
import { rfc7644WritesSuite } from '../../suites/rfc7644-writes.js';

const TOKEN = 'rfc7644-writes-token';
const RUN_OPTIONS: RunOptions = {
  pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 5_000, seedUser: false, keepTestData: false,
};
const W = 'rfc7644/writes';

/** Every step that does not pass under each write defect, with its verdict. */
const EXPECTED: Readonly<Partial<Record<DefectName, Readonly<Record<string, string>>>>> = {
  'required-attribute-not-enforced': { [`${W}/create-missing-required-returns-400`]: 'fail' },
  'create-active-false-ignored': { [`${W}/create-active-false-read-back`]: 'fail' },
  'extension-dropped-on-create': {
    [`${W}/create-enterprise-extension-read-back`]: 'fail',
    [`${W}/patch-extension-urn-path-read-back`]: 'fail',
  },
  'patch-sub-attribute-replaces-parent': { [`${W}/patch-sub-attribute`]: 'fail', [`${W}/patch-sub-attribute-read-back`]: 'fail' },
  'patch-value-filter-ignored': {
    [`${W}/patch-value-path`]: 'fail',
    [`${W}/patch-value-path-read-back`]: 'fail',
    [`${W}/patch-add-multi-valued-read-back`]: 'fail',
    [`${W}/patch-remove-value-filter`]: 'fail',
    [`${W}/patch-remove-value-filter-read-back`]: 'fail',
    [`${W}/patch-no-target-returns-400`]: 'fail',
  },
  'patch-add-replaces-multi-valued': {
    [`${W}/patch-add-multi-valued-appends`]: 'fail',
    [`${W}/patch-add-multi-valued-read-back`]: 'fail',
    [`${W}/patch-remove-value-filter`]: 'fail',
    [`${W}/patch-remove-value-filter-read-back`]: 'fail',
  },
  'patch-extension-path-ignored': { [`${W}/patch-extension-urn-path`]: 'fail', [`${W}/patch-extension-urn-path-read-back`]: 'fail' },
  'patchop-not-validated': {
    [`${W}/patch-wrong-schema-returns-400`]: 'fail',
    [`${W}/patch-empty-operations-returns-400`]: 'fail',
    [`${W}/patch-unknown-op-returns-400`]: 'fail',
    [`${W}/patch-missing-value-returns-400`]: 'fail',
  },
  'no-target-ignored': { [`${W}/patch-no-target-returns-400`]: 'fail', [`${W}/patch-remove-without-path-returns-400`]: 'fail' },
  'readonly-patch-ignored': { [`${W}/patch-readonly-returns-400-mutability`]: 'fail' },
  'if-match-ignored': {
    [`${W}/if-match-stale-returns-412`]: 'fail', [`${W}/if-match-stale-read-back`]: 'fail',
    [`${W}/if-match-stale-put-returns-412`]: 'fail', [`${W}/if-match-stale-put-read-back`]: 'fail',
    [`${W}/if-match-stale-delete-returns-412`]: 'fail', [`${W}/if-match-stale-delete-read-back`]: 'fail',
  },
  'client-id-honoured': { [`${W}/create-ignores-client-id`]: 'fail' },
  'token-prefix-accepted': { [`${W}/wrong-bearer-token-returns-401`]: 'fail' },
  'sort-ignored-with-filter': { [`${W}/sort-ascending`]: 'fail', [`${W}/sort-descending`]: 'fail' },
  'paging-start-index-as-page': { [`${W}/list-walk-page-2`]: 'fail' },
  'unknown-id-400': {
    [`${W}/put-unknown-users-id-returns-404`]: 'fail',
    [`${W}/patch-unknown-users-id-returns-404`]: 'fail',
    [`${W}/put-unknown-groups-id-returns-404`]: 'fail',
    [`${W}/patch-unknown-groups-id-returns-404`]: 'fail',
    [`${W}/delete-unknown-groups-id-returns-404`]: 'fail',
  },
  'auth-not-enforced': { [`${W}/wrong-bearer-token-returns-401`]: 'fail', [`${W}/unknown-bearer-token-returns-401`]: 'fail' },
  'sort-order-ignored': { [`${W}/sort-descending`]: 'fail' },
  'method-not-allowed-404': {
    [`${W}/discovery-serviceproviderconfig-write-returns-405`]: 'warn',
    [`${W}/discovery-schemas-write-returns-405`]: 'warn',
    [`${W}/discovery-resourcetypes-write-returns-405`]: 'warn',
  },
};

async function run(defects: readonly DefectName[]): Promise<{ report: RunReport; left: number }> {
  const server = await startReferenceServer({ port: 0, token: TOKEN, defects });
  try {
    const report = await runPlan(
      { suites: [rfc7644WritesSuite], variables: { SCIMBaseURL: server.baseUrl, auth: `Bearer ${TOKEN}` }, secrets: ['auth'], grep: [] },
      { ...DEFAULT_ENGINE_OPTIONS, readBackTimeoutMs: 300, timeoutMs: 5_000 },
      { toolVersion: 'test', target: {}, runOptions: RUN_OPTIONS },
    );
    return { report, left: server.users().length + server.groups().length };
  } finally {
    await server.close();
  }
}

function nonPassing(report: RunReport): Record<string, string> {
  const out: Record<string, string> = {};
  for (const step of report.suites.flatMap((s) => s.steps)) if (step.kind === 'request' && step.verdict !== 'pass') out[step.stepId] = step.verdict;
  return out;
}

describe('suite rfc7644/writes', function () {
  this.timeout(30_000);

  it('lints clean, and every step cites known spec sections, states the requirement and says how to fix a failure', () => {
    expect(lintSuite(rfc7644WritesSuite)).to.deep.equal([]);
    for (const step of rfc7644WritesSuite.steps) {
      if (step.kind !== 'request') continue;
      expect(step.refs.length, step.id).to.be.greaterThan(0);
      for (const ref of step.refs) expect(isKnownSpecRef(ref), `${step.id}: ${ref}`).to.equal(true);
      expect(step.fix, step.id).to.not.equal('');
      expect(step.requirement, step.id).to.not.equal('');
    }
  });

  it('the RFC-correct reference server passes every step with no warning, and everything created is deleted', async () => {
    const { report, left } = await run([]);
    expect(nonPassing(report)).to.deep.equal({});
    expect(left).to.equal(0);
    for (const c of report.suites.flatMap((s) => s.cleanup)) expect(c.ok, c.title).to.equal(true);
  });

  it('a user created without userName by a defective server is deleted by the cleanup', async () => {
    const { report, left } = await run(['required-attribute-not-enforced']);
    expect(report.suites.flatMap((s) => s.cleanup).some((c) => c.title.includes('accepted without userName') && c.ok)).to.equal(true);
    expect(left).to.equal(0);
  });

  for (const [defect, expected] of Object.entries(EXPECTED)) {
    it(`${defect}: fails exactly ${Object.keys(expected).map((id) => id.slice(W.length + 1)).join(', ')}`, async () => {
      const { report, left } = await run([defect as DefectName]);
      expect(nonPassing(report)).to.deep.equal(expected);
      expect(left).to.equal(0);
    });
  }
});
