/**
 * A server chooses its ids (RFC7643-3.1), so an id is data: every request the runner, its
 * cleanup, the Okta org emulator and the Okta client send must stay on the resource it means,
 * whatever the id holds (issue "hostile targets, part two", item 1). Unit tables for the one
 * encoder, then every native suite against a reference server that hands out ids that look like
 * paths, carry CR/LF, `#`, `?`, `%2e%2e` or backslashes: each request-target as received on the
 * wire is checked.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine/options.js';
import { runPlan } from '../../src/engine/run-plan.js';
import { encodeUrl, renderUrlTemplate, urlTemplateLayout } from '../../src/engine/url.js';
import { sendRequest } from '../../src/http/send.js';
import { encodePathSegment, encodeQueryComponent, splitRequestUrl, UnencodableValueError } from '../../src/http/url-segment.js';
import { startOktaEmulator } from '../../src/okta/emulator/index.js';
import { startReferenceServer } from '../../src/reference-server/index.js';
import { NATIVE_SUITES } from '../../src/suite/registry.js';
import { lintSuite } from '../../src/suite/lint.js';
import { REFERENCE_AUTH, REFERENCE_TOKEN } from '../helpers/targets.js';

const RUN_OPTIONS = { pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 5000, seedUser: false, keepTestData: false } as const;

describe('ids and values in URLs: one path segment, never resolved', () => {
  describe('encodePathSegment', () => {
    const table: [string, string][] = [
      ['2819c223-7f76-453a-919d-413861904646', '2819c223-7f76-453a-919d-413861904646'],
      ['u3/../../../../../etc/passwd', 'u3%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd'],
      ['%2e%2e/x9', '%252e%252e%2Fx9'],
      ['a\r\nb', 'a%0D%0Ab'],
      ['a#b', 'a%23b'],
      ['a?b=1', 'a%3Fb%3D1'],
      ['..\\..\\x', '..%5C..%5Cx'],
      ['user@example.com', 'user%40example.com'],
      ["it's (x)*!", 'it%27s%20%28x%29%2A%21'],
      ['ü😀', '%C3%BC%F0%9F%98%80'],
      ['...', '...'],
    ];
    for (const [id, wire] of table) {
      it(`${JSON.stringify(id)} → ${wire}`, () => expect(encodePathSegment(id)).to.equal(wire));
    }
    for (const [id, why] of [['', /empty/], ['.', /dot segment/], ['..', /dot segment/], ['a\ud800b', /lone UTF-16 surrogate \(U\+D800\)/], ['\udc00', /U\+DC00/]] as const) {
      it(`refuses ${JSON.stringify(id)} with the reason`, () => {
        expect(() => encodePathSegment(id)).to.throw(UnencodableValueError, why);
      });
    }
    it('a query component keeps & = + # % as data', () => {
      expect(encodeQueryComponent('a&b=c+d#e%41')).to.equal('a%26b%3Dc%2Bd%23e%2541');
    });
  });

  describe('URL templates', () => {
    const vars: Record<string, string> = {
      SCIMBaseURL: 'http://127.0.0.1:9/scim/v2',
      EntitlementEndpoint: '/Entitlements',
      id: 'u3/../../etc/passwd',
      name: 'a b"c@d.com&x=1#y',
    };
    const lookup = (n: string): string | undefined => vars[n];

    it('leading placeholders are the base (as written); path values one segment; query values one component', () => {
      const r = renderUrlTemplate('{{SCIMBaseURL}}/Users/{{id}}?filter=userName eq "{{name}}"', lookup);
      expect(r.errors).to.deep.equal([]);
      expect(r.text).to.equal('http://127.0.0.1:9/scim/v2/Users/u3%2F..%2F..%2Fetc%2Fpasswd?filter=userName eq "a%20b%22c%40d.com%26x%3D1%23y"');
      expect(encodeUrl(r.text)).to.equal('http://127.0.0.1:9/scim/v2/Users/u3%2F..%2F..%2Fetc%2Fpasswd?filter=userName%20eq%20%22a%20b%22c%40d.com%26x%3D1%23y%22');
    });
    it("Okta's {{SCIMBaseURL}}{{EntitlementEndpoint}} is a base of two placeholders", () => {
      expect(renderUrlTemplate('{{SCIMBaseURL}}{{EntitlementEndpoint}}?count=1', lookup).text).to.equal('http://127.0.0.1:9/scim/v2/Entitlements?count=1');
      expect(urlTemplateLayout('{{a}}{{b}}/x/{{c}}?q={{d}}')).to.deep.equal({ baseEnd: 10, queryStart: 18 });
    });
    it('{{url_encode(…)}} is not encoded twice', () => {
      expect(renderUrlTemplate('{{SCIMBaseURL}}/Users/{{url_encode({{name}})}}', lookup).text).to.equal(`http://127.0.0.1:9/scim/v2/Users/${encodeURIComponent(vars.name ?? '')}`);
    });
    it('an id that cannot be a segment is a render error naming the variable', () => {
      const r = renderUrlTemplate('{{SCIMBaseURL}}/Users/{{empty}}', (n) => (n === 'empty' ? '' : lookup(n)));
      expect(r.errors.join()).to.match(/\{\{empty\}\} = "" cannot be sent in a URL: it is empty/);
    });
    it('encodeUrl never resolves dot segments and drops only the fragment', () => {
      expect(encodeUrl('http://h:1/a/../b/./c?x=1#frag')).to.equal('http://h:1/a/../b/./c?x=1');
      expect(encodeUrl('http://h:1/a b/<c>?q="d e"', 'plus')).to.equal('http://h:1/a%20b/%3Cc%3E?q=%22d+e%22');
      expect(() => encodeUrl('ftp://h/x')).to.throw(/unsupported scheme/);
      expect(() => encodeUrl('/Users')).to.throw(/not an absolute URL/);
    });
    it('splitRequestUrl keeps the path exactly as built', () => {
      expect(splitRequestUrl('https://EXAMPLE.com:443/scim/../v2/Users/%2E%2E?x#y')).to.deep.equal({ origin: 'https://example.com', path: '/scim/../v2/Users/%2E%2E?x' });
      expect(splitRequestUrl('http://h:8')).to.deep.equal({ origin: 'http://h:8', path: '/' });
      expect(splitRequestUrl('mailto:x@y')).to.equal(undefined);
      // The origin is remembered by scheme and authority as written: asking twice answers alike.
      for (let i = 0; i < 2; i += 1) {
        expect(splitRequestUrl('http://a b/x')).to.equal(undefined);
        expect(splitRequestUrl('HTTP://Host:80/a b?q=%zz%41 é')).to.deep.equal({ origin: 'http://host', path: '/a%20b?q=%25zz%41%20%C3%A9' });
        // A lone `%` is all there is to encode.
        expect(splitRequestUrl('http://h/Users/a%zz')).to.deep.equal({ origin: 'http://h', path: '/Users/a%25zz' });
      }
    });
    it('the URL encodeUrl built splits into the parts it remembered, as a fresh split gives them', () => {
      const urls = [
        'http://h:1/a/../b/./c?x=1#frag', 'HTTP://Host:80/a b?q=%zz%41 é', 'https://EXAMPLE.com:443/scim/Users/%2E%2E?x#y', 'http://[::1]:8080/x?q="a b"',
        'http://user:pw@h/x', 'http://h', 'http://h?q', 'http://h/Users?filter=userName eq "a+b@x"', 'https://xn--bcher-kva.example/x',
      ];
      for (const encoding of ['percent', 'plus'] as const) {
        for (const url of urls) {
          const encoded = encodeUrl(url, encoding);
          const remembered = splitRequestUrl(encoded);
          splitRequestUrl('http://other.example/'); // forget it
          expect(remembered, `${encoding} ${url}`).to.deep.equal(splitRequestUrl(encoded));
          expect(`${remembered?.origin}${remembered?.path}`).to.equal(encoded);
        }
      }
    });
    it('the last authority seen answers only a URL whose authority is exactly it', () => {
      // Each URL after `http://h` starts with that text; only those whose authority ends there share its origin.
      const cases: [string, string | undefined][] = [
        ['http://h/a', 'http://h'], ['http://h2/a', 'http://h2'], ['http://h/a', 'http://h'], ['http://h:8080/a', 'http://h:8080'],
        ['http://h/a', 'http://h'], ['http://h@evil/a', 'http://evil'], ['http://h/a', 'http://h'], ['http://h.evil/a', 'http://h.evil'],
        ['http://h/a', 'http://h'], ['http://h?q', 'http://h'], ['http://h#f', 'http://h'], ['http://h', 'http://h'], ['http://h\\x', 'http://h'],
        ['http://h/a', 'http://h'], ['http://h:/a', 'http://h'], ['https://h/a', 'https://h'], ['http://h/a', 'http://h'],
      ];
      for (const [url, origin] of cases) expect(splitRequestUrl(url)?.origin, url).to.equal(origin);
    });
    it('every native suite passes the URL lint (base placeholders are inputs, values fill whole segments)', () => {
      for (const suite of NATIVE_SUITES) expect(lintSuite(suite).filter((p) => /URL/.test(p)), suite.id).to.deep.equal([]);
    });
  });

  describe('on the wire', () => {
    it('sendRequest puts the path on the request line as built: no resolution, no stripped CR/LF', async () => {
      const seen: string[] = [];
      const server = createServer((req: IncomingMessage, res: ServerResponse) => {
        seen.push(req.url ?? '');
        res.end('{}');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const { port } = server.address() as AddressInfo;
      try {
        const out = await sendRequest({ method: 'DELETE', url: `http://127.0.0.1:${port}/scim/Users/a/../../etc`, headers: [], timeoutMs: 2000 });
        expect(out.ok).to.equal(true);
        expect(seen).to.deep.equal(['/scim/Users/a/../../etc']);
      } finally {
        await new Promise<void>((r) => server.close(() => r()));
      }
    });
  });

  describe('every native suite against a server whose ids look like paths', function () {
    this.timeout(60_000);
    const HOSTILE = [
      (u: string) => `${u}/../../../../../../etc/passwd`,
      (u: string) => `%2e%2e/${u}`,
      (u: string) => `${u}\r\nX-Injected: 1`,
      (u: string) => `${u}#frag`,
      (u: string) => `${u}?attributes=id`,
      (u: string) => `..\\..\\${u}`,
      (u: string) => `${u}/..`,
      (u: string) => `./${u}/%2E%2E`,
    ];

    it('each request-target is the collection or exactly one id the server handed out; DELETEs only ever hit those', async () => {
      let n = 0;
      const issued = new Set<string>();
      const server = await startReferenceServer({
        port: 0,
        token: REFERENCE_TOKEN,
        newId: (_kind, uuid) => {
          const id = (HOSTILE[n++ % HOSTILE.length] ?? String)(uuid);
          issued.add(id);
          return id;
        },
      });
      const emulator = await startOktaEmulator({ scimUrl: server.baseUrl, scimAuth: REFERENCE_AUTH, port: 0 });
      try {
        const variables = {
          SCIMBaseURL: server.baseUrl, SCIMUrl: server.baseUrl, auth: REFERENCE_AUTH, SCIMAuth: REFERENCE_AUTH,
          oktaOrgUrl: emulator.orgUrl, oktaAppId: emulator.appId, oktaToken: emulator.token,
        };
        const report = await runPlan(
          { suites: NATIVE_SUITES, variables, secrets: ['auth', 'SCIMAuth', 'oktaToken'], grep: [] },
          { ...DEFAULT_ENGINE_OPTIONS, readBackTimeoutMs: 300, timeoutMs: 5000 },
          { toolVersion: 'test', target: {}, runOptions: RUN_OPTIONS },
        );
        await emulator.awaitIdle();
        expect(issued.size).to.be.greaterThan(HOSTILE.length);
        const base = new URL(server.baseUrl).pathname;
        const requests = server.requests;
        expect(requests.length).to.be.greaterThan(100);
        for (const r of requests) {
          const rawPath = r.target.split('?')[0] ?? '';
          expect(rawPath.startsWith(`${base}/`) || rawPath === base, r.target).to.equal(true);
          const segments = rawPath.slice(base.length).split('/').filter((s) => s !== '');
          expect(segments.length, `${r.method} ${r.target}`).to.be.at.most(2);
          for (const s of segments) expect(s, `${r.method} ${r.target}`).to.not.match(/^(\.|%2e){1,2}$/i);
          expect(r.target, 'no raw CR, LF, # or backslash').to.not.match(/[\r\n#\\]/);
          if (segments.length === 2 && segments[0] !== 'Schemas' && segments[0] !== 'ResourceTypes') {
            const id = decodeURIComponent(segments[1] ?? '');
            // Deliberately unknown ids (404 checks) are the suites' own, plain ids.
            if ((r.method === 'DELETE' || r.method === 'PUT' || r.method === 'PATCH') && r.status !== 404) {
              expect(issued.has(id), `${r.method} ${r.target} addresses an id the server never issued`).to.equal(true);
            }
          }
        }
        // The ids were usable: the suites still read back what they wrote (a run that sent
        // nothing to /Users/<id> would prove nothing).
        const byId = requests.filter((r) => /\/(Users|Groups)\/[^/?]+/.test(r.target.split('?')[0] ?? ''));
        expect(byId.filter((r) => r.method === 'DELETE').length).to.be.greaterThan(3);
        expect(byId.filter((r) => r.method === 'GET' && r.status === 200).length).to.be.greaterThan(10);
        expect(report.summary.counts.pass).to.be.greaterThan(50);
        // The Okta suites leave their SCIM users deactivated, as Okta does (each listed in its
        // suite's cleanup as left in place); everything else was deleted, at its odd id.
        const leftInPlace = report.suites.flatMap((s) => s.cleanup).filter((c) => c.message === 'left in place').length;
        expect(server.users().map((u) => u['active']), 'cleanup deleted what it created').to.deep.equal(Array.from({ length: leftInPlace }, () => false));
        expect(server.groups().length).to.equal(0);
      } finally {
        await emulator.close();
        await server.close();
      }
    });
  });
});
