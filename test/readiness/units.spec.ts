/** Table-driven unit tests: image sniffing, result links, URL and email rules. */
import { expect } from 'chai';
import { sniffImageType } from '../../src/readiness/image-type.js';
import { displayLink, parseResultLink } from '../../src/readiness/result-link.js';
import { emailDomain, httpsProblem, isPrivateHost, normalizeBaseUrl, onDomain, websiteDomain } from '../../src/readiness/url-rules.js';

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

describe('readiness: units', () => {
  describe('sniffImageType (magic bytes, never the file name)', () => {
    const table: [string, Uint8Array, unknown][] = [
      ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), { accepted: 'png' }],
      ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0]), { accepted: 'jpeg' }],
      ['GIF87a', bytes('GIF87a'), { accepted: 'gif' }],
      ['GIF89a', bytes('GIF89a'), { accepted: 'gif' }],
      ['WebP', bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '), { other: 'webp' }],
      ['SVG', bytes('  <svg xmlns="http://www.w3.org/2000/svg">'), { other: 'svg' }],
      ['XML-declared SVG', bytes('<?xml version="1.0"?><svg>'), { other: 'svg' }],
      ['BMP', bytes('BM', [0, 0]), { other: 'bmp' }],
      ['ICO', bytes([0, 0, 1, 0, 1, 0]), { other: 'ico' }],
      ['PDF', bytes('%PDF-1.7'), { other: 'pdf' }],
      ['HEIC', bytes([0, 0, 0, 24], 'ftypheic'), { other: 'avif/heic' }],
      ['text', bytes('hello logo'), undefined],
      ['truncated PNG', bytes([0x89, 0x50, 0x4e]), undefined],
      ['empty', bytes(), undefined],
    ];
    for (const [name, input, expected] of table) it(name, () => expect(sniffImageType(input)).to.deep.equal(expected));
  });

  describe('parseResultLink', () => {
    const table: [string, Record<string, unknown> | RegExp][] = [
      ['https://reports.example.com/runs/20260501T101530Z-a1b2c3', { kind: 'permalink', runId: '20260501T101530Z-a1b2c3', reportUrl: 'https://reports.example.com/runs/20260501T101530Z-a1b2c3/report.json' }],
      ['https://acme.github.io/scim-reports/runs/run-1/', { kind: 'permalink', runId: 'run-1', reportUrl: 'https://acme.github.io/scim-reports/runs/run-1/report.json' }],
      ['http://127.0.0.1:8080/runs/run-2/index.html', { kind: 'permalink', runId: 'run-2', reportUrl: 'http://127.0.0.1:8080/runs/run-2/report.json' }],
      ['https://r.example.com/runs/run-3/report.json#x', { kind: 'permalink', runId: 'run-3' }],
      ['runs/run-4/report.json', { kind: 'file', path: '/base/runs/run-4/report.json' }],
      ['/abs/report.json', { kind: 'file', path: '/abs/report.json' }],
      ['file:///abs/run-5/report.json', { kind: 'file', path: '/abs/run-5/report.json' }],
      ['https://r.example.com/runs/run-6?token=abc123', /access token/],
      ['https://user:pw@r.example.com/runs/run-7', /credentials/],
      ['https://www.runscope.com/radar/abc/def/history/123', /Runscope\/BlazeMeter link/],
      ['https://r.example.com/history/index.html', /not a scim-conformance permalink/],
      ['https://r.example.com/runs/..%2Fetc', /not a scim-conformance permalink/],
      ['ftp://r.example.com/runs/run-8', /neither an http\(s\) permalink nor a file path/],
      ['  ', /empty/],
    ];
    for (const [link, expected] of table) {
      it(link.trim() === '' ? '(blank)' : link, () => {
        const parsed = parseResultLink(link, '/base');
        if (expected instanceof RegExp) {
          expect(parsed.ok).to.equal(false);
          if (!parsed.ok) expect(parsed.message).to.match(expected);
          if (!parsed.ok) expect(parsed.message).to.not.contain('abc123').and.not.contain(':pw@');
        } else {
          expect(parsed.ok).to.equal(true);
          if (parsed.ok) expect(parsed.link).to.include(expected);
        }
      });
    }
    it('displayLink hides tokens and credentials', () => {
      expect(displayLink('https://r.example.com/runs/x/?token=abc123')).to.equal('https://r.example.com/runs/x/?token=redacted');
      expect(displayLink('https://u:pw@r.example.com/runs/x')).to.equal('https://redacted@r.example.com/runs/x');
      expect(displayLink('runs/x/report.json')).to.equal('runs/x/report.json');
    });
  });

  describe('URL and email rules', () => {
    it('httpsProblem', () => {
      expect(httpsProblem('https://api.example.com/scim/v2', 'X')).to.equal(undefined);
      expect(httpsProblem('http://api.example.com', 'X')).to.equal('X uses http, not https.');
      expect(httpsProblem('api.example.com/scim', 'X')).to.match(/not an absolute URL/);
      expect(httpsProblem('https://a:b@api.example.com', 'X')).to.match(/credentials/);
      expect(httpsProblem('https://10.0.0.8/scim', 'X')).to.match(/cannot reach/);
      expect(httpsProblem('https://api.example.com/scim?x=1', 'X')).to.match(/query or fragment/);
      expect(httpsProblem('https://api.example.com/scim?x=1', 'X', { allowQuery: true })).to.equal(undefined);
      expect(httpsProblem('https://org.okta.com/admin', 'X', { allowPath: false })).to.match(/has a path/);
      expect(httpsProblem('https://org.okta.com/', 'X', { allowPath: false })).to.equal(undefined);
      expect(httpsProblem(' ', 'X')).to.equal('X is empty.');
    });
    it('isPrivateHost', () => {
      for (const h of ['localhost', 'app.localhost', '127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.1', '192.168.1.1', '169.254.1.1', '0.0.0.0', '[::1]', 'fd00::1', 'fe80::1', 'svc.internal', 'box.local']) {
        expect(isPrivateHost(h), h).to.equal(true);
      }
      for (const h of ['api.example.com', '8.8.8.8', '172.32.0.1', 'fcbarcelona.com', 'fd.example.com', '2606:4700::1111']) {
        expect(isPrivateHost(h), h).to.equal(false);
      }
    });
    it('normalizeBaseUrl', () => {
      expect(normalizeBaseUrl('HTTPS://API.Example.com:443/scim/v2/')).to.equal('https://api.example.com/scim/v2');
      expect(normalizeBaseUrl('https://api.example.com:8443/scim/v2?x#y')).to.equal('https://api.example.com:8443/scim/v2');
      expect(normalizeBaseUrl('https://api.example.com/Scim/V2')).to.equal('https://api.example.com/Scim/V2');
      expect(normalizeBaseUrl('not a url')).to.equal(undefined);
    });
    it('emails and domains', () => {
      expect(emailDomain('Jane.Doe@Acme.Example')).to.equal('acme.example');
      expect(emailDomain('jane@localhost')).to.equal(undefined);
      expect(emailDomain('jane doe@acme.example')).to.equal(undefined);
      expect(emailDomain('support at acme')).to.equal(undefined);
      expect(onDomain('eu.acme.example', 'acme.example')).to.equal(true);
      expect(onDomain('notacme.example', 'acme.example')).to.equal(false);
      expect(websiteDomain('https://www.Acme.example/about')).to.equal('acme.example');
    });
  });
});
