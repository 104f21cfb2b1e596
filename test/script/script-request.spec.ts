/** The `request` object of scripts, and a pre-request script's edits applied back. */
import { expect } from 'chai';
import { createRedactor } from '../../src/http/redact.js';
import { runScript } from '../../src/script/sandbox.js';
import { applyScriptRequest, InvalidScriptRequestError, toScriptRequest, type OutgoingRequestData } from '../../src/script/script-request.js';

const ORIGINAL: OutgoingRequestData = {
  method: 'POST',
  url: 'https://api.example.com/scim/v2/Users?attributes=id&attributes=userName&q=a%20b',
  headers: [['Accept', 'application/scim+json'], ['X-Dup', '1'], ['Authorization', 'Bearer t'], ['X-Dup', '2']],
  body: '{"userName":"ada"}',
};

/** Runs `code` as a pre-request script and applies what it changed. */
function edit(code: string, original: OutgoingRequestData = ORIGINAL): OutgoingRequestData {
  const before = toScriptRequest(original);
  const edited = toScriptRequest(original);
  const out = runScript({ code, origin: 'pre' }, { variables: { get: () => undefined, set: () => undefined }, request: edited }, createRedactor([]));
  expect(out.kind, out.error).to.equal('pass');
  return applyScriptRequest(original, before, edited);
}

describe('script request object', () => {
  it('describes the rendered request as Runscope documents it', () => {
    const r = toScriptRequest(ORIGINAL);
    expect(r).to.deep.equal({
      method: 'POST',
      url: ORIGINAL.url,
      headers: { Accept: ['application/scim+json'], 'X-Dup': ['1', '2'], Authorization: ['Bearer t'] },
      body: '{"userName":"ada"}',
      params: { attributes: ['id', 'userName'], q: ['a b'] },
      form: {},
      scheme: 'https',
      host: 'api.example.com',
      path: '/scim/v2/Users',
      size_bytes: 18,
    });
  });

  it('parses a form body into request.form', () => {
    const r = toScriptRequest({ method: 'POST', url: 'http://x/', headers: [['content-type', 'application/x-www-form-urlencoded; charset=utf-8']], body: 'a=1&a=2&b=x%20y' });
    expect(r.form).to.deep.equal({ a: ['1', '2'], b: ['x y'] });
    expect(toScriptRequest({ method: 'GET', url: 'http://x/', headers: [] }).body).to.equal('');
  });

  it('sends the request unchanged when the script changes nothing', () => {
    expect(edit('log(request.url);')).to.deep.equal(ORIGINAL);
  });

  const edits: [string, string, Partial<OutgoingRequestData>][] = [
    ['adds a header (string value)', "request.headers['X-Sig'] = 'abc';",
      { headers: [['Accept', 'application/scim+json'], ['X-Dup', '1'], ['X-Dup', '2'], ['Authorization', 'Bearer t'], ['X-Sig', 'abc']] }],
    ['replaces a header whatever the case of its name', "request.headers['authorization'] = ['Bearer other'];",
      { headers: [['Accept', 'application/scim+json'], ['X-Dup', '1'], ['X-Dup', '2'], ['Authorization', 'Bearer other']] }],
    ['removes a header', "delete request.headers['x-dup']; request.headers.Accept = null;",
      { headers: [['Authorization', 'Bearer t']] }],
    ['adds a query parameter', "request.params.extra = 'x y';",
      { url: 'https://api.example.com/scim/v2/Users?attributes=id&attributes=userName&q=a%20b&extra=x%20y' }],
    ['replaces the parameters with Runscope\'s array form', "request.params = [{name: 'a', value: 1}, {name: 'a', value: 2}];",
      { url: 'https://api.example.com/scim/v2/Users?a=1&a=2' }],
    ['lets a new url win over params', "request.params.extra = '1'; request.url = 'http://other.example/x?y=1';",
      { url: 'http://other.example/x?y=1' }],
    ['changes scheme, host and path', "request.scheme = 'http'; request.host = 'localhost:8080'; request.path = '/v1/Users';",
      { url: 'http://localhost:8080/v1/Users?attributes=id&attributes=userName&q=a%20b' }],
    ['changes the method (upper-cased)', "request.method = 'put';", { method: 'PUT' }],
    ['changes the body', 'request.body = JSON.stringify({userName: "bob"});', { body: '{"userName":"bob"}' }],
    ['builds the body from an edited form', "request.form = {grant_type: 'client_credentials', scope: ['a', 'b c']};",
      { body: 'grant_type=client_credentials&scope=a&scope=b+c' }],
    ['lets a new body win over form', "request.form = {a: '1'}; request.body = 'raw';", { body: 'raw' }],
  ];
  for (const [what, code, changed] of edits) {
    it(`a pre-request script ${what}`, () => {
      expect(edit(code)).to.deep.equal({ ...ORIGINAL, ...changed });
    });
  }

  const invalid: [string, RegExp][] = [
    ["request.url = 'not a url';", /^pre-request script: url "not a url" is not an absolute URL$/],
    ['request.method = "";', /method must be a non-empty string/],
    ['request.body = 5;', /body must be a string/],
    ["request.headers['X'] = {a: 1};", /request\.headers\["X"\] must be a string or an array of strings/],
    ["request.params = [{value: 1}];", /request\.params\[0\] must be \{name, value\}/],
  ];
  for (const [code, message] of invalid) {
    it(`refuses a request left unsendable: ${code}`, () => {
      expect(() => edit(code)).to.throw(InvalidScriptRequestError, message);
    });
  }
});
