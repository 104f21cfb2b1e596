/** The Runscope script sandbox: API, outcomes, time limit, logs, redaction. */
import { expect } from 'chai';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine/options.js';
import { runPlan } from '../../src/engine/run-plan.js';
import { createRedactor, REDACTED } from '../../src/http/redact.js';
import type { RequestStep, Suite } from '../../src/model/suite.js';
import { runScript, type ScriptApi, type ScriptOutcome, type ScriptResponse } from '../../src/script/sandbox.js';
import { sendJson, startTarget } from '../helpers/http-target.js';

const noRedaction = createRedactor([]);

function api(vars: Record<string, string> = {}, extra: Partial<ScriptApi> = {}): ScriptApi & { vars: Record<string, string> } {
  return {
    vars,
    variables: { get: (n) => vars[n], set: (n, v) => { vars[n] = String(v); } },
    ...extra,
  };
}

const run = (code: string, a: ScriptApi = api(), timeoutMs = 500): ScriptOutcome => runScript({ code, origin: 'test-script' }, a, noRedaction, timeoutMs);

const RESPONSE: ScriptResponse = {
  status: 201,
  reason: 'Created',
  headers: { 'content-type': ['application/scim+json'], 'set-cookie': ['a=1', 'b=2'] },
  body: '{"id":"42","active":true}',
  response_time_ms: 12,
  size_bytes: 25,
  content_type: 'application/scim+json',
};

describe('script sandbox', () => {
  describe('outcomes', () => {
    const table: [string, string, ScriptOutcome['kind'], RegExp | undefined][] = [
      ['an empty script', '', 'pass', undefined],
      ['a blank script', '  \n\t', 'pass', undefined],
      ['a passing chai assert', "assert.equal(1, '1', 'coerces'); assert.ok(true); expect([1]).to.have.length(1);", 'pass', undefined],
      ["Okta's assert(string, message)", 'assert("nogroups", "No Groups found in the endpoint");', 'pass', undefined],
      ['a failing assert.equal', 'assert.equal(1, 2, "one is two");', 'fail', /^assertion failed: one is two: expected 1 to equal 2 \(line 1, column \d+\)$/],
      ['a failing bare assert', 'assert(false, "nope");', 'fail', /^assertion failed: nope/],
      ['a failing expect', "expect('a').to.equal('b');", 'fail', /^assertion failed: expected 'a' to equal 'b'/],
      ['a failing assert.notEqual (old SPEC script)', "assert.notEqual('x', 'x', 'ISVuserNameLower matches');", 'fail', /ISVuserNameLower matches/],
      ['a TypeError', 'var a = 1;\nvar b = null;\nb.c;', 'error', /^TypeError: Cannot read properties of null \(reading 'c'\) \(line 3, column \d+\)$/],
      ['a ReferenceError', 'var a = 1;\nmoment();', 'error', /^ReferenceError: moment is not defined \(line 2/],
      ['a SyntaxError', 'var a = 1;\nvar = 2;', 'error', /^SyntaxError: .* \(line 2\)$/],
      ['JSON.parse of a non-JSON body', 'JSON.parse("<html>");', 'error', /^SyntaxError: Unexpected token '<'/],
      ['a thrown Error', "throw new Error('boom');", 'error', /^Error: boom \(line 1/],
      ['a thrown string', "throw 'boom';", 'error', /^the script threw boom$/],
      ['a thrown null', 'throw null;', 'error', /^the script threw null$/],
      ['a thrown object', 'throw { code: 7 };', 'error', /^Error: \{"code":7\}$/],
      ['no Node globals', "require('fs');", 'error', /^ReferenceError: require is not defined/],
      ['no process', 'process.exit(1);', 'error', /^ReferenceError: process is not defined/],
    ];
    for (const [what, code, kind, message] of table) {
      it(`${what} → ${kind}`, () => {
        const out = run(code);
        expect(out.kind, out.error).to.equal(kind);
        expect(out.ok).to.equal(kind === 'pass');
        expect(out.origin).to.equal('test-script');
        if (message) expect(out.error).to.match(message);
        else expect(out.error).to.equal(undefined);
      });
    }

    it('stops an endless loop at the time limit', () => {
      const t0 = performance.now();
      const out = run('while (true) {}', api(), 100);
      expect(out.kind).to.equal('error');
      expect(out.error).to.equal('script did not finish within 100 ms (endless loop?)');
      expect(performance.now() - t0).to.be.below(1500);
    });

    it('refuses promise jobs (they would escape the time limit) with a clear error', () => {
      const t0 = performance.now();
      const out = run('Promise.resolve().then(function () { while (true) {} });', api(), 100);
      expect(out.kind).to.equal('error');
      expect(out.error).to.match(/Promise is not available: Runscope scripts run synchronously \(line 1/);
      expect(performance.now() - t0).to.be.below(1500);
    });

    it('keeps the logs written before a failure', () => {
      const out = run('log("before");\nassert.fail("stop");\nlog("after");');
      expect(out.kind).to.equal('fail');
      expect(out.logs).to.deep.equal(['before']);
    });
  });

  describe('API', () => {
    it('reads and sets variables (values set are visible to later scripts)', () => {
      const a = api({ given: 'g' });
      expect(run("variables.set('copy', variables.get('given') + '!'); variables.set('n', 7); assert.isUndefined(variables.get('nope'));", a).kind).to.equal('pass');
      expect(a.vars).to.deep.equal({ given: 'g', copy: 'g!', n: '7' });
    });

    it('gives our own scripts the parsed body as response.json (not JSON → undefined; not enumerated, so log(response) does not print it)', () => {
      const out = run([
        "assert.equal(response.json.id, '42');",
        'assert.strictEqual(response.json.active, true);',
        "assert.notInclude(Object.keys(response), 'json');",
        'log(JSON.stringify(response).indexOf(\'"json"\'));',
      ].join('\n'), api({}, { response: RESPONSE }));
      expect(out.kind, out.error).to.equal('pass');
      expect(out.logs).to.deep.equal(['-1']);
      const notJson = run('assert.isUndefined(response.json);', api({}, { response: { ...RESPONSE, body: '<html>' } }));
      expect(notJson.kind, notJson.error).to.equal('pass');
    });

    it('exposes the response with headers as name → array, looked up in any case', () => {
      const out = run([
        'assert.equal(response.status, 201);',
        "assert.equal(response.reason, 'Created');",
        "assert.deepEqual(response.headers['Content-Type'], ['application/scim+json']);",
        "assert.deepEqual(response.headers['SET-COOKIE'], ['a=1', 'b=2']);",
        "assert.isTrue('Content-Type' in response.headers);",
        "assert.deepEqual(Object.keys(response.headers), ['content-type', 'set-cookie']);",
        "assert.equal(JSON.parse(response.body).id, '42');",
        'assert.equal(response.response_time_ms, 12);',
        'assert.equal(response.size_bytes, 25);',
        "assert.equal(response.content_type, 'application/scim+json');",
        'log(response.headers);',
      ].join('\n'), api({}, { response: RESPONSE }));
      expect(out.kind, out.error).to.equal('pass');
      expect(out.logs).to.deep.equal(['{"content-type":["application/scim+json"],"set-cookie":["a=1","b=2"]}']);
    });

    it('has no response object outside post-response scripts', () => {
      expect(run('assert.isUndefined(response); assert.isUndefined(request);').kind).to.equal('pass');
    });

    it('provides the helpers and the usual JavaScript globals', () => {
      const out = run([
        "assert.equal(encode_base64('Zoë'), 'Wm/Dqw==');",
        "assert.equal(decode_base64('Wm/Dqw=='), 'Zoë');",
        "assert.equal(btoa('ab'), 'YWI=');",
        "assert.equal(atob('YWI='), 'ab');",
        "assert.equal(runscope_bucket, 'bucket-key');",
        "assert.equal(get_secret('apiKey'), 'k-1');",
        'chai.config.truncateThreshold = 0;',
        'assert.equal(Math.max(1, 2), 2);',
        "assert.equal(JSON.stringify({a: [1]}), '{\"a\":[1]}');",
        "assert.isTrue(/^a+$/.test('aaa'));",
        'assert.isNumber(Date.now());',
        "assert.equal(parseInt('42', 10) + parseFloat('0.5'), 42.5);",
        "assert.equal(encodeURIComponent('a b'), 'a%20b');",
      ].join('\n'), api({ runscope_bucket: 'bucket-key', apiKey: 'k-1' }));
      expect(out.kind, out.error).to.equal('pass');
    });

    it('fails get_secret for a secret nobody supplied, saying how to supply it', () => {
      expect(run("get_secret('missing');").error).to.match(/^Error: secret "missing" is not defined \(pass it as a variable: --var missing=…\)/);
    });

    it('logs strings, values and objects; console.log is an alias', () => {
      const out = run("log('a', 1, true, null, undefined, {b: [1]});\nconsole.log('c');\nlog(function f() {});\nvar o = {}; o.o = o; log(o);");
      expect(out.logs).to.deep.equal(['a 1 true null undefined {"b":[1]}', 'c', 'function f() {}', '[object Object]']);
    });

    it('redacts secrets in logs and error messages', () => {
      const redact = createRedactor(['s3cr3t-value']);
      const out = runScript({ code: "log('token is s3cr3t-value');\nthrow new Error('bad s3cr3t-value');", origin: 'r' }, api(), redact);
      expect(out.logs).to.deep.equal([`token is ${REDACTED}`]);
      expect(out.error).to.equal(`Error: bad ${REDACTED} (line 2, column 7)`);
    });

    it('does not let one script see the globals of another', () => {
      expect(run('var leaked = 1; globalThis.alsoLeaked = 2;').kind).to.equal('pass');
      expect(run("assert.equal(typeof leaked, 'undefined'); assert.equal(typeof alsoLeaked, 'undefined');").kind).to.equal('pass');
    });
  });

  describe('in a run', () => {
    it("brings the initial script's variables to later requests and ignores its assertions", async () => {
      const seen: string[] = [];
      const target = await startTarget((req, res) => {
        seen.push(req.url ?? '');
        sendJson(res, 200, { ok: true });
      });
      try {
        const step = (id: string, url: string, scripts: string[] = []): RequestStep => ({
          kind: 'request', id, title: id, requirement: 'r', fix: 'f', level: 'required', refs: ['RUNSCOPE'],
          request: { method: 'GET', url, headers: [] }, extractions: [], beforeScripts: [], assertions: [],
          scripts: scripts.map((code, i) => ({ code, origin: `${id} script ${i + 1}` })),
        });
        const suite: Suite = {
          id: 's', name: 's', description: '', source: { format: 'runscope' }, inputs: [], cleanup: [],
          initial: { kind: 'script', script: { code: "variables.set('who', 'init-' + variables.get('base').length);\nassert.fail('ignored');", origin: 'initial' } },
          steps: [step('s/a', '{{base}}/a?who={{who}}', ["variables.set('next', 'from-a');"]), step('s/b', '{{base}}/b?who={{who}}&next={{next}}')],
        };
        const report = await runPlan({ suites: [suite], variables: { base: target.url }, secrets: [], grep: [] }, { ...DEFAULT_ENGINE_OPTIONS, timeoutMs: 2000 }, {
          toolVersion: 'test', target: {}, runOptions: { pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 2000, seedUser: false, keepTestData: false },
        });
        expect(report.suites[0]?.steps.map((s) => s.verdict)).to.deep.equal(['pass', 'pass']);
        const who = `init-${target.url.length}`;
        expect(seen).to.deep.equal([`/a?who=${who}`, `/b?who=${who}&next=from-a`]);
      } finally {
        await target.close();
      }
    });
  });
});
