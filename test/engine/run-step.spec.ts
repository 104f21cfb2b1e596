import { expect } from 'chai';
import { DEFAULT_ENGINE_OPTIONS, type EngineOptions } from '../../src/engine/options.js';
import { runPlan } from '../../src/engine/run-plan.js';
import type { RunReport } from '../../src/model/report.js';
import type { StepResult } from '../../src/model/result.js';
import type { RequestStep, Step, Suite } from '../../src/model/suite.js';
import { sendJson, startTarget, type Target } from '../helpers/http-target.js';

const RUN_OPTIONS = { pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 2000, seedUser: false, keepTestData: false } as const;

function step(id: string, partial: Partial<RequestStep>): RequestStep {
  return {
    kind: 'request', id, title: id, requirement: 'r', fix: 'f', level: 'required', refs: ['RFC7644-3.4.1'],
    request: { method: 'GET', url: '{{base}}/x', headers: [] }, extractions: [], beforeScripts: [], scripts: [], assertions: [],
    ...partial,
  };
}

async function run(steps: readonly Step[], variables: Record<string, string>, options: Partial<EngineOptions> = {}, secrets: string[] = [], cleanup: Suite['cleanup'] = []): Promise<RunReport> {
  const suite: Suite = { id: 't', name: 't', description: '', source: { format: 'native' }, inputs: [], steps, cleanup };
  return runPlan({ suites: [suite], variables, secrets, grep: [] }, { ...DEFAULT_ENGINE_OPTIONS, timeoutMs: 2000, ...options }, {
    toolVersion: 'test', target: {}, runOptions: RUN_OPTIONS,
  });
}

const byId = (r: RunReport, id: string): StepResult => {
  const found = r.suites[0]?.steps.find((s) => s.stepId === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
};

describe('engine: one request step', () => {
  let target: Target | undefined;
  afterEach(async () => { await target?.close(); target = undefined; });

  it('turns a refused connection into an error verdict with a readable reason', async () => {
    const r = await run([step('a', { assertions: [{ source: 'response_status', comparison: 'equal_number', value: '200' }] })], { base: 'http://127.0.0.1:1' });
    const a = byId(r, 'a');
    expect(a.verdict).to.equal('error');
    expect(a.reason).to.match(/connection refused by 127\.0\.0\.1:1/);
    expect(a.exchange?.transportError?.code).to.equal('ECONNREFUSED');
  });

  it('times out a target that never answers, without hanging', async () => {
    target = await startTarget(() => { /* never answers */ });
    const t0 = Date.now();
    const r = await run([step('a', {})], { base: target.url }, { timeoutMs: 300 });
    expect(byId(r, 'a').verdict).to.equal('error');
    expect(byId(r, 'a').reason).to.match(/within 300 ms/);
    expect(Date.now() - t0).to.be.below(3000);
  });

  it('a target that stops answering is not waited for again: after 2 timeouts, later steps are errors at once', async () => {
    target = await startTarget(() => { /* never answers */ });
    const t0 = Date.now();
    const undo = { title: 'delete x', needs: [], request: { method: 'DELETE' as const, url: '{{base}}/x', headers: [] } };
    const r = await run([step('a', {}), step('b', {}), step('c', {}), step('d', {})], { base: target.url }, { timeoutMs: 200 }, [], [undo]);
    expect(r.suites[0]?.cleanup[0]).to.deep.include({ title: 'delete x', ok: false });
    expect(r.suites[0]?.cleanup[0]?.message).to.match(/^not sent: /);
    expect(['a', 'b', 'c', 'd'].map((id) => byId(r, id).verdict)).to.deep.equal(['error', 'error', 'error', 'error']);
    expect(byId(r, 'b').reason).to.match(/within 200 ms/);
    expect(byId(r, 'c').reason).to.match(/^not sent: the last 2 requests to http:\/\/127\.0\.0\.1:\d+ got no answer \(no complete response from .* within 200 ms\)/);
    expect(target.hits()).to.equal(2);
    expect(Date.now() - t0).to.be.below(2000);
  });

  it('an answer resets the count: a target that hangs once is still asked', async () => {
    target = await startTarget((_q, res, hit) => { if (hit !== 1) sendJson(res, 200, {}); });
    const r = await run([step('a', {}), step('b', {}), step('c', {})], { base: target.url }, { timeoutMs: 200 });
    expect(['a', 'b', 'c'].map((id) => byId(r, id).verdict)).to.deep.equal(['error', 'pass', 'pass']);
    expect(target.hits()).to.equal(3);
  });

  it('evaluates every assertion even after the first fails', async () => {
    target = await startTarget((_q, res) => sendJson(res, 500, { a: 1 }));
    const r = await run([step('a', {
      assertions: [
        { source: 'response_status', comparison: 'equal_number', value: '200' },
        { source: 'response_json', property: 'a', comparison: 'equal', value: '1' },
        { source: 'response_json', property: 'b', comparison: 'not_empty', value: null },
      ],
    })], { base: target.url });
    const a = byId(r, 'a');
    expect(a.verdict).to.equal('fail');
    expect(a.assertions.map((x) => x.verdict)).to.deep.equal(['fail', 'pass', 'fail']);
    expect(a.reason).to.match(/expected 200 but got 500/);
  });

  it('skips a step whose variable was not produced, naming the producing step', async () => {
    target = await startTarget((_q, res) => sendJson(res, 200, {}));
    const r = await run([
      step('producer', { extractions: [{ name: 'id', source: 'response_json', property: 'Resources[0].id' }] }),
      step('consumer', { request: { method: 'GET', url: '{{base}}/Users/{{id}}', headers: [] } }),
    ], { base: target.url });
    expect(byId(r, 'producer').extractions[0]?.ok).to.equal(false);
    expect(byId(r, 'consumer').verdict).to.equal('skip');
    expect(byId(r, 'consumer').reason).to.equal('needs {{id}}, which step producer did not produce');
    expect(target.hits()).to.equal(1);
  });

  it('judges a direct read-back at once and confirms a miss with one re-read: still missing → fail, without waiting out its bound', async () => {
    target = await startTarget((_q, res) => sendJson(res, 200, { active: true }));
    const t0 = Date.now();
    const r = await run([step('a', { readBack: { boundMs: 20_000 }, assertions: [{ source: 'response_json', property: 'active', comparison: 'equal', value: 'false' }] })], { base: target.url });
    const a = byId(r, 'a');
    expect(a.verdict).to.equal('fail');
    expect(a.attempts).to.equal(2);
    expect(a.reason).to.match(/expected "false" but got true \(still so on a re-read 100 ms later\)/);
    expect(Date.now() - t0).to.be.below(1000);
  });

  it('a direct read-back that holds only on the re-read warns and gives the lag (a lagging lookup means duplicate users)', async () => {
    target = await startTarget((_q, res, hit) => (hit < 2 ? sendJson(res, 404, {}) : sendJson(res, 200, { ok: true })));
    const r = await run([step('a', { readBack: { boundMs: 5000 }, assertions: [{ source: 'response_status', comparison: 'equal_number', value: '200' }] })], { base: target.url });
    expect(byId(r, 'a').verdict).to.equal('warn');
    expect(byId(r, 'a').attempts).to.equal(2);
    expect(byId(r, 'a').reason).to.match(/^held only on a re-read \d+ ms after the first read missed it: .*duplicate.*--settle MS/);
  });

  it('with --strict a read-back that holds only on the re-read fails', async () => {
    target = await startTarget((_q, res, hit) => (hit < 2 ? sendJson(res, 404, {}) : sendJson(res, 200, { ok: true })));
    const r = await run([step('a', { readBack: { boundMs: 5000 }, assertions: [{ source: 'response_status', comparison: 'equal_number', value: '200' }] })], { base: target.url }, { strict: true });
    expect([byId(r, 'a').verdict, byId(r, 'a').attempts]).to.deep.equal(['fail', 2]);
    expect(byId(r, 'a').reason).to.match(/^held only on a re-read/);
  });

  it('--settle MS: a direct read-back retries with backoff until it holds', async () => {
    target = await startTarget((_q, res, hit) => (hit < 3 ? sendJson(res, 404, {}) : sendJson(res, 200, { ok: true })));
    const r = await run([step('a', { readBack: { boundMs: 5000 }, assertions: [{ source: 'response_status', comparison: 'equal_number', value: '200' }] })], { base: target.url }, { settleMs: 5000 });
    expect(byId(r, 'a').verdict).to.equal('pass');
    expect(byId(r, 'a').attempts).to.equal(3);
  });

  it('--settle MS: fails at the settle bound, saying what it last saw', async () => {
    target = await startTarget((_q, res) => sendJson(res, 200, { active: true }));
    const r = await run([step('a', { readBack: { boundMs: 20_000 }, assertions: [{ source: 'response_json', property: 'active', comparison: 'equal', value: 'false' }] })], { base: target.url }, { settleMs: 300 });
    const a = byId(r, 'a');
    expect(a.verdict).to.equal('fail');
    expect(a.attempts).to.be.greaterThan(2);
    expect(a.reason).to.match(/expected "false" but got true \(still so after \d+ attempts over 300 ms, --settle\)/);
  });

  it('does not retry when pauses are kept (Runscope fidelity), it waits once instead', async () => {
    target = await startTarget((_q, res) => sendJson(res, 404, {}));
    const r = await run([step('a', { readBack: { boundMs: 100 }, assertions: [{ source: 'response_status', comparison: 'equal_number', value: '200' }] })], { base: target.url }, { pauses: 'keep' });
    expect(byId(r, 'a').attempts).to.equal(1);
    expect(byId(r, 'a').pausedMs).to.equal(100);
  });

  it('does not retry a read-back whose write the server refused, and says so', async () => {
    // POST /x answers 400; GET /x never shows the write.
    target = await startTarget((req, res) => (req.method === 'POST' ? sendJson(res, 400, {}) : sendJson(res, 200, { active: true })));
    const write = step('write', { request: { method: 'POST', url: '{{base}}/x', headers: [], body: '{}' } });
    const readBack = step('read', { readBack: { boundMs: 5000 }, assertions: [{ source: 'response_json', property: 'active', comparison: 'equal', value: 'false' }] });
    const t0 = Date.now();
    const r = await run([write, readBack], { base: target.url });
    expect(byId(r, 'read').verdict).to.equal('fail');
    expect(byId(r, 'read').attempts).to.equal(1);
    expect(byId(r, 'read').reason).to.match(/\(not retried: write was answered 400\)$/);
    expect(Date.now() - t0).to.be.below(2000);
  });

  it('a read-back names the write it reads back (`of`): a refused write in between does not stop its retries', async () => {
    let created = 0;
    target = await startTarget((req, res, hit) => {
      if (req.method === 'POST') { created += 1; return sendJson(res, created === 1 ? 201 : 409, {}); }
      return hit < 5 ? sendJson(res, 404, {}) : sendJson(res, 200, {});
    });
    const create = step('create', { request: { method: 'POST', url: '{{base}}/x', headers: [], body: '{}' } });
    const duplicate = step('duplicate', { request: { method: 'POST', url: '{{base}}/x', headers: [], body: '{}' } });
    const status200 = [{ source: 'response_status' as const, comparison: 'equal_number' as const, value: '200' }];
    const r = await run([create, duplicate, step('read', { readBack: { boundMs: 5000, of: 'create' }, assertions: status200 })], { base: target.url }, { settleMs: 5000 });
    expect(byId(r, 'read').verdict).to.equal('pass');
    expect(byId(r, 'read').attempts).to.equal(3);
  });

  it('settledBy "assertions": retries while the declared assertions fail, then judges the verify checks once', async () => {
    // Two attempts without the data, then the data in a shape the verify check rejects.
    target = await startTarget((_q, res, hit) => sendJson(res, 200, hit < 3 ? { totalResults: 0 } : { totalResults: 2, page: 'wrong' }));
    const verify = (ctx: { json: unknown }) => [{ title: 'page is right', ok: (ctx.json as { page?: string }).page === 'right', expected: 'right', actual: (ctx.json as { page?: string }).page }];
    const r = await run([step('list', {
      readBack: { boundMs: 5000, settledBy: 'assertions' },
      assertions: [{ source: 'response_json', property: 'totalResults', comparison: 'is_greater_than_or_equal', value: '2' }],
      verify,
    })], { base: target.url }, { settleMs: 5000 });
    const list = byId(r, 'list');
    expect(list.attempts).to.equal(3);
    expect(list.verdict).to.equal('fail');
    expect(list.assertions.map((a) => [a.title, a.verdict])).to.deep.equal([
      ['response_json totalResults is_greater_than_or_equal "2"', 'pass'],
      ['page is right', 'fail'],
    ]);
  });

  it('a failed step\'s reason quotes what an error answer said about itself (SCIM detail, Okta errorSummary), redacted', async () => {
    target = await startTarget((req, res) => {
      if (req.url === '/scim') return sendJson(res, 400, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidValue', detail: 'token s3cr3t-token-value is not a name' });
      if (req.url === '/okta') return sendJson(res, 403, { errorCode: 'E0000006', errorSummary: 'You do not have permission to perform the requested action', errorCauses: [] });
      if (req.url === '/okta-cause') return sendJson(res, 400, { errorCode: 'E0000001', errorSummary: 'Api validation failed: login', errorCauses: [{ errorSummary: 'login: An object with this field already exists in the current organization' }] });
      return sendJson(res, 200, { detail: 'not an error' });
    });
    const want200 = [{ source: 'response_status' as const, comparison: 'equal_number' as const, value: '200' }];
    const wantOther = [{ source: 'response_json' as const, property: 'x', comparison: 'not_empty' as const, value: null }];
    const r = await run([
      step('scim', { request: { method: 'GET', url: '{{base}}/scim', headers: [] }, assertions: want200 }),
      step('okta', { request: { method: 'GET', url: '{{base}}/okta', headers: [] }, assertions: want200 }),
      step('okta-cause', { request: { method: 'GET', url: '{{base}}/okta-cause', headers: [] }, assertions: want200 }),
      step('ok', { request: { method: 'GET', url: '{{base}}/ok', headers: [] }, assertions: wantOther }),
    ], { base: target.url, auth: 's3cr3t-token-value' }, {}, ['auth']);
    expect(byId(r, 'scim').reason).to.equal('response_status equal_number "200": expected 200 but got 400 — the server said "invalidValue: token ‹redacted› is not a name"');
    expect(byId(r, 'okta').reason).to.match(/got 403 — the server said "E0000006: You do not have permission to perform the requested action"$/);
    expect(byId(r, 'okta-cause').reason).to.match(/"E0000001: Api validation failed: login \(login: An object with this field already exists in the current organization\)"$/);
    expect(byId(r, 'ok').reason).not.to.include('the server said');
  });

  it('a verify check that says "not applicable" makes the step n/a with its reason, whatever else failed', async () => {
    target = await startTarget((_q, res) => sendJson(res, 404, {}));
    const r = await run([step('groups', {
      assertions: [{ source: 'response_status', comparison: 'equal_number', value: '200' }],
      verify: () => [{ title: 'not applicable: no Groups', ok: true, expected: 'Groups offered', actual: 'the server lists no Group resource type', notApplicable: true }],
    })], { base: target.url });
    const groups = byId(r, 'groups');
    expect([groups.verdict, groups.runscopeVerdict, groups.reason]).to.deep.equal(['n/a', 'skip', 'not applicable: the server lists no Group resource type']);
    expect(r.summary.counts['n/a']).to.equal(1);
  });

  it('caps a huge body and fails JSON checks with a readable reason', async () => {
    target = await startTarget((_q, res) => { res.writeHead(200); res.end(`{"a":"${'x'.repeat(9 * 1024 * 1024)}"}`); });
    const r = await run([step('a', { assertions: [{ source: 'response_json', property: 'a', comparison: 'not_empty', value: null }] })], { base: target.url });
    const a = byId(r, 'a');
    expect(a.verdict).to.equal('fail');
    expect(a.reason).to.match(/body was cut/);
    expect(a.exchange?.response?.body.truncatedBytes).to.be.greaterThan(0);
    expect(a.exchange?.response?.body.text.length).to.be.at.most(64 * 1024);
  });

  it('a body nested 100 000 levels deep fails JSON checks with a readable reason; the report still serialises', async () => {
    const deep = `{"Resources":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    target = await startTarget((_q, res) => { res.writeHead(200, { 'content-type': 'application/scim+json' }); res.end(deep); });
    const r = await run([step('a', {
      assertions: [{ source: 'response_json', property: 'Resources', comparison: 'not_empty', value: null }],
      extractions: [{ name: 'first', source: 'response_json', property: 'Resources[0]' }],
    })], { base: target.url });
    expect(byId(r, 'a').verdict).to.equal('fail');
    expect(byId(r, 'a').reason).to.match(/the body is JSON nested more than 100 levels deep/);
    expect(() => JSON.stringify(r)).not.to.throw();
  });

  it('a step that throws (a bug of ours) is an error verdict naming it; the run goes on', async () => {
    target = await startTarget((_q, res) => sendJson(res, 200, {}));
    const broken = step('broken', { request: { method: 'GET', url: '{{base}}/x', headers: null as never } });
    const r = await run([broken, step('after', {})], { base: target.url });
    expect(byId(r, 'broken').verdict).to.equal('error');
    expect(byId(r, 'broken').reason).to.match(/^internal error while running the step: /);
    expect(byId(r, 'after').verdict).to.equal('pass');
  });

  it('turns a non-JSON body into failed JSON checks, not a crash', async () => {
    target = await startTarget((_q, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html>\u0000\u0001</html>'); });
    const r = await run([step('a', { assertions: [{ source: 'response_json', property: 'x', comparison: 'equal', value: '1' }] })], { base: target.url });
    expect(byId(r, 'a').verdict).to.equal('fail');
    expect(byId(r, 'a').reason).to.match(/not JSON/);
  });

  it('redacts secrets a server echoes back, in exchanges and assertion results', async () => {
    target = await startTarget((req, res) => sendJson(res, 200, { echo: req.headers.authorization, token: 's3cr3t-token-value' }));
    const r = await run([step('a', {
      request: { method: 'GET', url: '{{base}}/x', headers: [['Authorization', '{{auth}}']] },
      assertions: [{ source: 'response_json', property: 'echo', comparison: 'equal', value: 'nope' }],
    })], { base: target.url, auth: 'Bearer s3cr3t-token-value' }, {}, ['auth']);
    const text = JSON.stringify(r);
    expect(text).not.to.include('s3cr3t-token-value');
    expect(text).to.include('‹redacted›');
  });

  it('reports a throwing post-response script as an error with its line, and a failed chai assert as fail', async () => {
    target = await startTarget((_q, res) => sendJson(res, 200, {}));
    const r = await run([
      step('throws', { scripts: [{ code: 'var a = 1;\nnull.x;', origin: 'script-1' }] }),
      step('asserts', { scripts: [{ code: 'assert.equal(1, 2, "one is two");', origin: 'script-2' }] }),
      step('loops', { scripts: [{ code: 'while (true) {}', origin: 'script-3' }] }),
    ], { base: target.url }, { scriptTimeoutMs: 100 });
    expect(byId(r, 'throws').verdict).to.equal('error');
    expect(byId(r, 'throws').reason).to.match(/TypeError.*line 2/);
    expect(byId(r, 'asserts').verdict).to.equal('fail');
    expect(byId(r, 'asserts').reason).to.match(/one is two/);
    expect(byId(r, 'loops').verdict).to.equal('error');
    expect(byId(r, 'loops').reason).to.match(/did not finish within 100 ms/);
  });

  it('runs the same plan twice with the same result (definitions are not mutated)', async () => {
    target = await startTarget((_q, res) => sendJson(res, 200, { id: 'x' }));
    const steps = [step('a', { extractions: [{ name: 'id', source: 'response_json', property: 'id' }] }), step('b', { request: { method: 'GET', url: '{{base}}/{{id}}', headers: [] } })];
    const frozen = JSON.stringify(steps);
    const r1 = await run(steps, { base: target.url });
    const r2 = await run(steps, { base: target.url });
    expect(r1.summary.counts).to.deep.equal(r2.summary.counts);
    expect(JSON.stringify(steps)).to.equal(frozen);
  });
});
