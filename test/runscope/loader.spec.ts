/** loadRunscopeExport on small inline exports: ids, levels, refs, read-back, inputs, refusals. */
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import type { PauseStep, RequestStep, Suite } from '../../src/model/suite.js';
import { InvalidSuiteError, loadRunscopeExport } from '../../src/suite/formats/runscope.js';

type Json = Record<string, unknown>;

const get = (url: string, extra: Json = {}): Json => ({ step_type: 'request', method: 'GET', url, assertions: [], ...extra });
const post = (url: string, extra: Json = {}): Json => ({ step_type: 'request', method: 'POST', url, body: '{}', ...extra });
const pause = (duration: number, extra: Json = {}): Json => ({ step_type: 'pause', duration, ...extra });
const exportText = (steps: Json[], extra: Json = {}): string => JSON.stringify({ version: '1.0', name: 'My API test', steps, ...extra });
const load = (steps: Json[], extra: Json = {}, options = {}): Suite => loadRunscopeExport(exportText(steps, extra), options);
const requests = (s: Suite): RequestStep[] => s.steps.filter((x): x is RequestStep => x.kind === 'request');
const first = (s: Suite): RequestStep => {
  const r = requests(s)[0];
  if (!r) throw new Error('no request step');
  return r;
};

function problemsOf(text: string): readonly string[] {
  try {
    loadRunscopeExport(text);
  } catch (e) {
    if (e instanceof InvalidSuiteError) return e.problems;
    throw e;
  }
  throw new Error('loaded');
}

describe('runscope loader', () => {
  describe('ids, titles, levels and refs', () => {
    it('builds ids from the export name, the position and the note without its level prefix', () => {
      const s = load([get('{{base}}/a', { note: 'Required Test: Fetch the A list' }), pause(5), get('{{base}}/Users/{{id}}?x=1', { note: '' }), get('{{base}}/b', { note: "Optional Test: Don't fail" })]);
      expect(s.id).to.equal('my-api-test');
      expect(s.steps.map((x) => x.id)).to.deep.equal(['my-api-test/01-fetch-the-a-list', 'my-api-test/02-pause-5s', 'my-api-test/03-get-users', 'my-api-test/04-dont-fail']);
      expect(requests(s).map((x) => x.title)).to.deep.equal(['Required Test: Fetch the A list', 'GET {{base}}/Users/{{id}}?x=1', "Optional Test: Don't fail"]);
      expect(requests(s).map((x) => x.sourceIndex)).to.deep.equal([1, 3, 4]);
    });

    it('pads step numbers to the width of the step count', () => {
      const s = load(Array.from({ length: 101 }, () => get('http://x/')));
      expect(s.steps[0]?.id).to.equal('my-api-test/001-get');
      expect(s.steps[100]?.id).to.equal('my-api-test/101-get');
    });

    it('falls back to a fixed suite id when the name has no letters or digits', () => {
      expect(load([get('http://x/')], { name: '***' }).id).to.equal('runscope-export');
    });

    const levels: [string | null | undefined, string][] = [
      ['Optional Test: Verify Groups endpoint', 'optional'],
      ['optional test : lower case', 'optional'],
      ['Optional: short', 'optional'],
      ['  Optional Test: leading spaces', 'optional'],
      ['Required Test: Test Users endpoint', 'required'],
      ['Check SCIM Apps instance in Okta', 'required'],
      ['An optional-sounding note that is not labelled', 'required'],
      ['', 'required'],
      [null, 'required'],
      [undefined, 'required'],
    ];
    for (const [note, level] of levels) {
      it(`reads level ${level} from the note ${JSON.stringify(note)}`, () => {
        expect(first(load([get('http://x/', note === undefined ? {} : { note })])).level).to.equal(level);
      });
    }

    const refs: [string, string[]][] = [
      ['Okta SCIM 2.0 SPEC Test', ['RUNSCOPE', 'OKTA-SPEC']],
      ['Okta SCIM 2.0 CRUD Test', ['RUNSCOPE', 'OKTA-CRUD']],
      ['Okta SCIM 2.0 with entitlements CRUD test', ['RUNSCOPE', 'OKTA-CRUD']],
      ['Okta SCIM 2.0 Entitlements Test', ['RUNSCOPE', 'OKTA-OIN']],
      ['Acme SPEC Test', ['RUNSCOPE']],
      ['Okta smoke test', ['RUNSCOPE']],
    ];
    for (const [name, want] of refs) {
      it(`refs for ${JSON.stringify(name)}`, () => {
        expect(first(load([get('http://x/')], { name })).refs).to.deep.equal(want);
      });
    }
  });

  describe('requests, assertions and variables', () => {
    it('keeps header order, one header per array element, none for an empty array', () => {
      const s = load([get('http://x/', { headers: { B: ['1', '2'], A: 'one', Empty: [] } })]);
      expect(first(s).request.headers).to.deep.equal([['B', '1'], ['B', '2'], ['A', 'one']]);
    });

    it('stringifies numeric values, drops values of comparisons that take none, and maps aliases', () => {
      const s = load([get('http://x/', {
        assertions: [
          { source: 'response_status', comparison: 'equal_number', value: 200 },
          { source: 'response_json', property: 'a', comparison: 'not_empty', value: 'ignored {{x}}' },
          { source: 'response_json', property: 'b', comparison: 'equals', value: 1.5 },
          { source: 'response_json', property: 'c', comparison: 'greater_than', value: '0' },
          { source: 'response_header', property: 'ETag', comparison: 'not_empty', value: null },
          { source: 'response_json', property: '', comparison: 'has_key', value: 'id' },
          { source: 'response_json', property: null, comparison: 'equal', value: null },
        ],
      })]);
      expect(first(s).assertions).to.deep.equal([
        { source: 'response_status', comparison: 'equal_number', value: '200' },
        { source: 'response_json', property: 'a', comparison: 'not_empty', value: null },
        { source: 'response_json', property: 'b', comparison: 'equal', value: '1.5' },
        { source: 'response_json', property: 'c', comparison: 'is_greater_than', value: '0' },
        { source: 'response_headers', property: 'ETag', comparison: 'not_empty', value: null },
        { source: 'response_json', comparison: 'has_key', value: 'id' },
        { source: 'response_json', comparison: 'equal', value: null },
      ]);
      expect(s.inputs.map((i) => i.name)).to.deep.equal([]);
    });

    it('ignores variables named null or blank and blank scripts; names scripts by step and position', () => {
      const s = load([get('http://x/', {
        variables: [{ source: 'response_json', property: '', name: null }, { source: 'response_json', property: 'id', name: ' ' }, { source: 'response_headers', property: 'Location', name: 'where' }],
        scripts: ['', '  \n', 'log(1);'],
        before_scripts: ['log(0);'],
      })]);
      expect(first(s).extractions).to.deep.equal([{ name: 'where', source: 'response_headers', property: 'Location' }]);
      expect(first(s).scripts).to.deep.equal([{ code: 'log(1);', origin: 'step 1 post-response script 3' }]);
      expect(first(s).beforeScripts).to.deep.equal([{ code: 'log(0);', origin: 'step 1 pre-request script 1' }]);
    });

    it('takes the body from data when body is absent, and keeps bytes (CRLF, unicode) as written', () => {
      expect(first(load([post('http://x/', { body: undefined, data: 'raw' })])).request.body).to.equal('raw');
      expect(first(load([post('http://x/', { body: '', data: '' })])).request.body).to.equal('');
      expect(first(load([get('http://x/')])).request).not.to.have.property('body');
      const body = '{\r\n  "name": "Zoë ✓"\r\n}\r\n';
      expect(first(load([post('http://x/', { body })])).request.body).to.equal(body);
    });

    it('builds a url-encoded body from form, encoding values after rendering', () => {
      const s = load([post('http://x/', { body: '', form: { grant_type: 'client_credentials', scope: ['a b', '{{scope}}'] } })]);
      expect(first(s).request.body).to.equal('grant_type=client_credentials&scope=a%20b&scope={{url_encode({{scope}})}}');
      expect(first(s).request.headers).to.deep.equal([['Content-Type', 'application/x-www-form-urlencoded']]);
      expect(s.inputs.map((i) => i.name)).to.deep.equal(['scope']);
    });

    it('turns the basic-auth helper into an Authorization header, unless the step sends one', () => {
      expect(first(load([get('http://x/', { auth: { auth_type: 'basic', username: 'ada', password: 'pw' } })])).request.headers)
        .to.deep.equal([['Authorization', `Basic ${Buffer.from('ada:pw').toString('base64')}`]]);
      const templated = load([get('http://x/', { auth: { auth_type: 'basic', username: '{{user}}', password: '{{password}}' } })]);
      expect(first(templated).request.headers).to.deep.equal([['Authorization', 'Basic {{encode_base64({{user}}:{{password}})}}']]);
      expect(templated.inputs.map((i) => [i.name, i.secret ?? false])).to.deep.equal([['user', false], ['password', true]]);
      expect(first(load([get('http://x/', { headers: { authorization: 'Bearer t' }, auth: { auth_type: 'basic', username: 'a', password: 'b' } })])).request.headers)
        .to.deep.equal([['authorization', 'Bearer t']]);
    });

    it('marks skipped request steps and leaves skipped pauses out', () => {
      const s = load([get('http://x/a', { skipped: true }), pause(10, { skipped: true }), get('http://x/b', { skipped: false })]);
      expect(s.steps.map((x) => x.id)).to.deep.equal(['my-api-test/01-get-a', 'my-api-test/03-get-b']);
      expect(requests(s).map((x) => x.skip)).to.deep.equal(['skipped in the export', undefined]);
    });

    it('derives requirement and fix from the assertions and extractions', () => {
      const s = load([post('{{base}}/Users', {
        assertions: [{ source: 'response_status', comparison: 'equal_number', value: 201 }, { source: 'response_headers', property: 'Location', comparison: 'not_empty', value: null }],
        variables: [{ source: 'response_json', property: 'id', name: 'userId' }],
        scripts: ['assert.ok(true);'],
      })]);
      expect(first(s).requirement).to.equal('Runscope assertions: status equal_number "201"; header Location not_empty; its post-response script passes. Later steps use {{userId}} from this response.');
      expect(first(s).fix).to.equal("Make POST {{base}}/Users answer as the export's assertions require (each failed one is shown with Expected and Actual), and return id for {{userId}}.");
      expect(first(load([get('http://x/')])).requirement).to.equal('Runscope assertions: none (the request only has to complete)');
    });
  });

  describe('read-back rule', () => {
    const readBacks = (s: Suite): string[] => requests(s).filter((r) => r.readBack).map((r) => `${r.sourceIndex}:${r.readBack?.boundMs}`);

    it('bounds a GET after a pause after a write by that pause (consecutive pauses add up)', () => {
      expect(readBacks(load([post('http://x/'), pause(5), pause(3), get('http://x/')]))).to.deep.equal(['4:8000']);
      expect(readBacks(load([{ ...post('http://x/'), method: 'DELETE' }, pause(40), get('http://x/')]))).to.deep.equal(['3:40000']);
    });

    it('leaves alone a GET after a GET, a GET without a pause, the first step and writes', () => {
      expect(readBacks(load([get('http://x/'), pause(5), get('http://x/')]))).to.deep.equal([]);
      expect(readBacks(load([post('http://x/'), get('http://x/')]))).to.deep.equal([]);
      expect(readBacks(load([pause(5), get('http://x/')]))).to.deep.equal([]);
      expect(readBacks(load([post('http://x/'), pause(5), post('http://x/')]))).to.deep.equal([]);
    });

    it('ignores skipped steps when looking for the pause and the previous request', () => {
      expect(readBacks(load([post('http://x/'), pause(5), get('http://x/', { skipped: true }), get('http://x/')]))).to.deep.equal(['4:5000']);
      expect(readBacks(load([post('http://x/'), pause(5, { skipped: true }), get('http://x/')]))).to.deep.equal([]);
    });
  });

  describe('inputs', () => {
    it('lists used variables that no step extracts and no script sets, in order of first use', () => {
      const s = loadRunscopeExport(exportText([
        get('{{SCIMBaseURL}}/Users?filter={{url_encode({{userName}})}}&t={{timestamp}}', { headers: { Authorization: '{{auth}}' }, variables: [{ source: 'response_json', property: 'id', name: 'id' }] }),
        get('{{SCIMBaseURL}}/Users/{{id}}', { assertions: [{ source: 'response_json', property: 'x', comparison: 'equal', value: '{{expected}} {{fromScript}}' }], scripts: ["variables.set('fromScript', 1)"] }),
        get('{{SCIMBaseURL}}/x', { headers: { 'X-Api-Token': '{{apiToken}}', 'X-Pass': '{{dbPassword}}', 'X-S': '{{clientSecret}}' } }),
      ]), { initialScript: 'variables.set("userName", "x"); variables.set( \'other\' , 1);' });
      expect(s.inputs.map((i) => [i.name, i.secret ?? false, i.optional ?? false])).to.deep.equal([
        ['SCIMBaseURL', false, false], ['auth', true, false], ['expected', false, false],
        ['apiToken', true, false], ['dbPassword', true, false], ['clientSecret', true, false],
      ]);
      expect(s.inputs[0]?.description).to.equal('Runscope initial variable, used by steps 1, 2, 3');
      expect(s.initial).to.deep.equal({ kind: 'script', script: { code: 'variables.set("userName", "x"); variables.set( \'other\' , 1);', origin: 'initial script' } });
    });

    it('makes inputs optional when a script sets variables under computed names', () => {
      const s = loadRunscopeExport(exportText([get('{{base}}/{{a}}')]), { initialScript: 'var names = ["a"]; names.forEach(function (n) { variables.set(n, "1"); });', initialScriptPath: 'init.js' });
      expect(s.inputs.map((i) => [i.name, i.optional ?? false])).to.deep.equal([['base', true], ['a', true]]);
      expect(s.inputs[0]?.description).to.include('computed names');
      expect(s.initial?.kind === 'script' && s.initial.script.origin).to.equal('init.js');
    });

    it('asks for get_secret keys as secret inputs', () => {
      const s = load([get('http://x/', { before_scripts: ["request.headers['X-Key'] = get_secret('apiKey');"] })]);
      expect(s.inputs.map((i) => [i.name, i.secret])).to.deep.equal([['apiKey', true]]);
    });

    it('ignores a blank initial script', () => {
      expect(loadRunscopeExport(exportText([get('http://x/')]), { initialScript: '  \n' }).initial).to.equal(undefined);
    });
  });

  describe('source and refusals', () => {
    it('records path and sha256 of the exact text, and accepts a byte-order mark', () => {
      const text = `\uFEFF${exportText([get('http://x/')], { description: 'About it' })}`;
      const s = loadRunscopeExport(text, { path: 'tests/a.json' });
      expect(s.source).to.deep.equal({ format: 'runscope', path: 'tests/a.json', sha256: createHash('sha256').update(text).digest('hex') });
      expect(s.description).to.equal('About it');
      expect(s.cleanup).to.deep.equal([]);
    });

    it('lists every problem at once, in step order, with one message for one problem', () => {
      const text = exportText([
        get('http://x/', { note: 'A', assertions: [{ source: 'response_json', property: 'a', comparison: 'is_about', value: '1' }] }),
        { step_type: 'conditional-loop', note: 'Loop' },
        get('http://x/', { note: 'C', method: 'TRACE', args: { q: '1' } }),
        post('http://x/', { note: 'D', body: 'b', data: 'd' }),
        post('http://x/', { note: 'E', body: 'b', form: { a: '1' } }),
        post('http://x/', { note: 'F', graphql_body: { query: '{ a }' }, binary_body: [{ file: 'x' }] }),
        get('http://x/', { note: 'G', variables: [{ source: 'response_xml', property: '//a', name: 'a' }] }),
        pause(-1),
        { step_type: 'ghost-inspector' },
        { step_type: 'inbound' },
      ]);
      const problems = problemsOf(text);
      expect(problems.map((p) => p.replace(/:.*/s, ''))).to.deep.equal([
        'step 1 ("A")', 'step 2 ("Loop")', 'step 3 ("C")', 'step 3 ("C")', 'step 4 ("D")', 'step 5 ("E")', 'step 6 ("F")', 'step 6 ("F")', 'step 7 ("G")', 'step 8 (pause)', 'step 9 (ghost-inspector)', 'step 10 (inbound)',
      ]);
      expect(problems[0]).to.match(/unknown comparison "is_about" in assertions\[0\]\.comparison \(known: "equal", /);
      expect(problems[2]).to.include('method "TRACE" is not supported');
      expect(problems[3]).to.include('args is not supported; put the query parameters in url');
      expect(problems[4]).to.include('both body and data are set and differ');
      expect(problems[5]).to.include('both body and form are set');
      expect(problems.join('\n')).to.include('binary_body is not supported').and.to.include('graphql_body is not supported');
      expect(problems[8]).to.include('variables[0].source "response_xml"');
      expect(problems[9]).to.include('duration must be >= 0');
      try {
        loadRunscopeExport(text);
      } catch (e) {
        expect((e as Error).message).to.match(/^invalid Runscope export, 12 problems:\n {2}- step 1 /);
        expect((e as Error).name).to.equal('InvalidSuiteError');
      }
      expect(() => loadRunscopeExport(exportText([get('')]))).to.throw(InvalidSuiteError, /^invalid Runscope export: step 1 \(GET \): url must not be empty$/);
    });

    const envelopes: [string, string][] = [
      ['[]', 'the export must be an object, not an array'],
      ['"text"', 'the export must be an object, not string "text"'],
      ['{"name": "x"}', 'missing "steps"'],
      ['{"name": "x", "steps": []}', 'steps must not be empty'],
      ['{"name": "x", "steps": {}}', 'steps must be an array, not an object'],
      ['{"steps": [{"step_type": "pause", "duration": 1}]}', 'missing "name"'],
      ['{"name": "x", "version": "2.0", "steps": [{"step_type": "pause", "duration": 1}]}', 'version must be one of "1.0", not string "2.0"'],
      ['{"name": "x", "exported_at": "yesterday", "steps": [{"step_type": "pause", "duration": 1}]}', 'exported_at must be a number, not string "yesterday"'],
      ['{"name": "x", "steps": [1]}', 'step 1: must be an object, not number 1'],
      ['{"name": "x", "steps": [{"duration": 1}]}', 'step 1: missing "step_type"'],
      ['{"name": "x", "steps": [{"step_type": "pause", "duration": 1, "note": 5}]}', 'step 1 (pause): note must be a string, not number 5'],
      ['{"name": "x", "steps": [{"step_type": "request", "method": "GET", "url": "u", "assertions": [{"comparison": "empty"}]}]}', 'step 1 (GET u): missing "source" in assertions[0]'],
      ['{"name": "x", "steps": [{"step_type": "request", "method": "GET", "url": "u", "headers": []}]}', 'step 1 (GET u): headers must be an object, not an array'],
      ['{"name": "x", "steps": [{"step_type": "request", "method": "GET", "url": "u", "scripts": "log(1)"}]}', 'step 1 (GET u): scripts must be an array, not string "log(1)"'],
    ];
    for (const [text, problem] of envelopes) {
      it(`refuses ${text.length > 70 ? `${text.slice(0, 67)}...` : text}`, () => {
        expect(problemsOf(text)).to.deep.equal([problem]);
      });
    }

    it('accepts unknown top-level keys (run metadata) but not unknown step keys', () => {
      expect(load([get('http://x/')], { bucket_key: 'abc', test_usage_90_days: 3 }).steps).to.have.length(1);
      expect(problemsOf(exportText([get('http://x/', { retry: 2 })]))).to.deep.equal(['step 1 (GET http://x/): unknown field "retry"']);
    });

    it('reports bad JSON with line and column', () => {
      const [problem] = problemsOf('{\n  "name": "x",\n  "steps": [,]\n}');
      expect(problem).to.match(/^not valid JSON: .*\(line 3, column 13\)$/);
    });

    it('gives pause steps their duration', () => {
      const p = load([pause(0), pause(12)]).steps as PauseStep[];
      expect(p.map((x) => [x.id, x.seconds, x.sourceIndex])).to.deep.equal([['my-api-test/01-pause-0s', 0, 1], ['my-api-test/02-pause-12s', 12, 2]]);
    });
  });

  describe('list variables (EntitlementEndpoint)', () => {
    const steps = [get('{{base}}{{EntitlementEndpoint}}?count=1', {
      note: 'Check entitlements',
      headers: { 'X-E': '{{ EntitlementEndpoint }}' },
      assertions: [{ source: 'response_json', property: 'x', comparison: 'equal', value: '{{EntitlementEndpoint}}' }],
    }), get('{{base}}/other')];

    it('expands a step per value, writing the value into the copy', () => {
      const s = load(steps, {}, { variables: { EntitlementEndpoint: ' /Roles ,/Licenses,, /Roles ' } });
      expect(requests(s).map((r) => [r.id, r.request.url, r.request.headers[0]?.[1], r.assertions[0]?.value])).to.deep.equal([
        ['my-api-test/01-check-entitlements/roles', '{{base}}/Roles?count=1', '/Roles', '/Roles'],
        ['my-api-test/01-check-entitlements/licenses', '{{base}}/Licenses?count=1', '/Licenses', '/Licenses'],
        ['my-api-test/01-check-entitlements/roles-3', '{{base}}/Roles?count=1', '/Roles', '/Roles'],
        ['my-api-test/02-get-other', '{{base}}/other', undefined, undefined],
      ]);
      expect(s.inputs.map((i) => i.name)).to.deep.equal(['base']);
    });

    it('leaves the step alone without a list at load time', () => {
      expect(requests(load(steps)).map((r) => r.id)).to.deep.equal(['my-api-test/01-check-entitlements', 'my-api-test/02-get-other']);
      expect(requests(load(steps, {}, { variables: { EntitlementEndpoint: '/Roles' } })).map((r) => r.id)).to.deep.equal(['my-api-test/01-check-entitlements', 'my-api-test/02-get-other']);
      expect(requests(load(steps, {}, { variables: { Other: '/a,/b' } }))).to.have.length(2);
    });
  });
});
