import { expect } from 'chai';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine/options.js';
import { featuresFromConfig } from '../../src/engine/discover-features.js';
import { runPlan } from '../../src/engine/run-plan.js';
import type { Feature, Suite } from '../../src/model/suite.js';
import { sendJson, startTarget } from '../helpers/http-target.js';

describe('engine: capability discovery', () => {
  it('reads <feature>.supported and keeps anything else unknown', () => {
    expect(featuresFromConfig({ patch: { supported: true }, sort: { supported: false }, etag: { supported: 'yes' } })).to.deep.equal({
      patch: 'supported', sort: 'unsupported', etag: 'unknown', bulk: 'unknown', filter: 'unknown', changePassword: 'unknown',
    });
    expect(featuresFromConfig('nope').patch).to.equal('unknown');
  });

  it('runs a step needing an advertised feature, and makes one needing an unadvertised feature n/a with the reason', async () => {
    const target = await startTarget((req, res) => (req.url?.endsWith('/ServiceProviderConfig') ? sendJson(res, 200, { patch: { supported: true }, sort: { supported: false } }) : sendJson(res, 200, {})));
    try {
      const step = (id: string, requires: readonly Feature[]) => ({
        kind: 'request' as const, id, title: id, requirement: 'r', fix: 'f', level: 'optional' as const, refs: ['RFC7644-3.4.2.3'], requires,
        request: { method: 'GET' as const, url: '{{SCIMBaseURL}}/Users', headers: [] }, extractions: [], beforeScripts: [], scripts: [],
        assertions: [{ source: 'response_status' as const, comparison: 'equal_number' as const, value: '200' }],
      });
      const suite: Suite = { id: 's', name: 's', description: '', source: { format: 'native' }, inputs: [], cleanup: [], steps: [step('p', ['patch']), step('s', ['sort']), step('e', ['etag'])] };
      const report = await runPlan({ suites: [suite], variables: { SCIMBaseURL: target.url }, secrets: [], grep: [] }, DEFAULT_ENGINE_OPTIONS, {
        toolVersion: 't', target: {}, runOptions: { pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 1000, seedUser: false, keepTestData: false },
      });
      const verdicts = Object.fromEntries(report.suites[0]!.steps.map((s) => [s.stepId, [s.verdict, s.reason]]));
      expect(verdicts).to.deep.equal({
        p: ['pass', undefined],
        s: ['n/a', 'the server does not support sort (/ServiceProviderConfig)'],
        e: ['n/a', 'the server does not say whether it supports etag (/ServiceProviderConfig)'],
      });
      expect(report.meta.features).to.include({ patch: 'supported', sort: 'unsupported', etag: 'unknown' });
    } finally {
      await target.close();
    }
  });
});
