/**
 * The report server over real loopback HTTP (no browser): routes and permalinks, path
 * traversal in every spelling, methods, content types and security headers, the access
 * token, the Host check, and what must never appear in a served page.
 */
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { RunReport } from '../../src/model/report.js';
import { REPORT_CSP } from '../../src/report/html-assets.js';
import { parseRequestTarget, startReportServer, type ReportServer } from '../../src/report/server/index.js';
import { historyKey } from '../../src/report/server/site-paths.js';
import { writeReport } from '../../src/report/write.js';
import { golden } from '../report/golden.js';
import { makeReportDir, rawRequest, type RawResponse, type ReportDir } from './report-dir.js';

const TOKEN = 'server-test-token-8d2f61c0b9e4';
const SECRET_OUTSIDE = 'OUTSIDE-SECRET-7c1e';

function header(response: RawResponse, name: string): string {
  const value = response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value ?? '';
}

describe('report server: routes, traversal, methods, headers', () => {
  let reports: ReportDir;
  let server: ReportServer;
  let failingId: string;
  let passingId: string;

  before(async () => {
    reports = await makeReportDir();
    failingId = reports.failing.meta.runId;
    passingId = reports.passing.meta.runId;
    // Outside the reports directory: a secret the server must never serve.
    await mkdir(join(reports.root, 'outside', 'run'), { recursive: true });
    await writeFile(join(reports.root, 'outside', 'secret.txt'), SECRET_OUTSIDE);
    const failingJson = await readFile(join(reports.dir, failingId, 'report.json'), 'utf8');
    const elsewhere = { ...(JSON.parse(failingJson) as RunReport) };
    await writeFile(join(reports.root, 'outside', 'run', 'report.json'), JSON.stringify({ ...elsewhere, meta: { ...elsewhere.meta, runId: 'linked-out' } }));
    await writeFile(join(reports.root, 'outside', 'report.json'), failingJson.replace('scimconf-jdoe', SECRET_OUTSIDE));
    // A run directory that is a symlink out of the reports directory, and a run whose report.json is one.
    await symlink(join(reports.root, 'outside', 'run'), join(reports.dir, 'linked-out'));
    await mkdir(join(reports.dir, failingId.replace(/.$/, 'x')));
    await symlink(join(reports.root, 'outside', 'report.json'), join(reports.dir, failingId.replace(/.$/, 'x'), 'report.json'));
    server = await startReportServer({ dir: reports.dir });
  });

  after(async () => {
    await server?.close();
    await reports?.remove();
  });

  describe('permalinks', () => {
    const cases: readonly { path: () => string; status: number; type: string; contains?: () => string }[] = [
      { path: () => '/', status: 200, type: 'text/html; charset=utf-8', contains: () => failingId },
      { path: () => '/index.html', status: 200, type: 'text/html; charset=utf-8', contains: () => passingId },
      { path: () => '/index.json', status: 200, type: 'application/json; charset=utf-8', contains: () => failingId },
      { path: () => `/runs/${failingId}/`, status: 200, type: 'text/html; charset=utf-8', contains: () => 'id="summary"' },
      { path: () => `/runs/${failingId}/index.html`, status: 200, type: 'text/html; charset=utf-8', contains: () => 'id="summary"' },
      { path: () => `/runs/${failingId}/report.html`, status: 200, type: 'text/html; charset=utf-8', contains: () => 'id="summary"' },
      { path: () => `/runs/${failingId}/report.json`, status: 200, type: 'application/json; charset=utf-8', contains: () => '"formatVersion": 1' },
      { path: () => `/runs/${failingId}/junit.xml`, status: 200, type: 'application/xml; charset=utf-8', contains: () => '<testsuites' },
      { path: () => '/history/', status: 200, type: 'text/html; charset=utf-8', contains: () => 'rfc7644/filter' },
      { path: () => `/history/${historyKey('http://127.0.0.1:8080/scim/v2', 'okta-spec')}/`, status: 200, type: 'text/html; charset=utf-8', contains: () => 'create-okta-user' },
      { path: () => `/runs/${failingId}`, status: 302, type: 'text/plain; charset=utf-8' },
      { path: () => '/history', status: 302, type: 'text/plain; charset=utf-8' },
      { path: () => '/history?target=http%3A%2F%2F127.0.0.1%3A8080%2Fscim%2Fv2&suite=okta-spec', status: 302, type: 'text/plain; charset=utf-8' },
      { path: () => '/runs/20990101T000000Z-0000000000000000/', status: 404, type: 'text/plain; charset=utf-8' },
      { path: () => `/runs/${failingId}/report.html.bak`, status: 404, type: 'text/plain; charset=utf-8' },
      { path: () => '/history/okta-spec--nowhere--000000000000/', status: 404, type: 'text/plain; charset=utf-8' },
      { path: () => '/favicon.ico', status: 404, type: 'text/plain; charset=utf-8' },
      { path: () => '/README.md', status: 404, type: 'text/plain; charset=utf-8' },
    ];
    for (const c of cases) {
      it(`GET ${c.path().replace(/\d{8}T\d{6}Z-[0-9a-f]{16}/, '<runId>')} → ${c.status} ${c.type}`, async () => {
        const response = await rawRequest(server.url, c.path());
        expect(response.status).to.equal(c.status);
        expect(header(response, 'content-type')).to.equal(c.type);
        if (c.contains !== undefined) expect(response.body).to.contain(c.contains());
      });
    }

    it('redirects to canonical directory URLs, relative to the request', async () => {
      expect(header(await rawRequest(server.url, `/runs/${failingId}`), 'location')).to.equal(`${failingId}/`);
      expect(header(await rawRequest(server.url, '/history'), 'location')).to.equal('history/');
      const key = historyKey('http://127.0.0.1:8080/scim/v2', 'okta-spec');
      expect(header(await rawRequest(server.url, '/history?target=http%3A%2F%2F127.0.0.1%3A8080%2Fscim%2Fv2&suite=okta-spec'), 'location')).to.equal(`history/${key}/`);
    });

    it('serves report.json byte for byte, ‹redacted› values included', async () => {
      const stored = await readFile(join(reports.dir, failingId, 'report.json'), 'utf8');
      const served = await rawRequest(server.url, `/runs/${failingId}/report.json`);
      expect(served.body).to.equal(stored);
      expect(served.body).to.contain('‹redacted›');
      expect(header(served, 'x-report-integrity')).to.equal('verified');
      const page = await rawRequest(server.url, `/runs/${failingId}/`);
      expect(page.body).to.contain('Authorization: ‹redacted›');
    });

    it('lists every readable run in index.json with links, and flags what it cannot read', async () => {
      const index = JSON.parse((await rawRequest(server.url, '/index.json')).body) as {
        runs: { runId: string; integrity: string; links: { html: string } }[];
        unreadable: { name: string; problem: string }[];
      };
      expect(index.runs.map((r) => r.runId)).to.deep.equal([failingId, passingId]);
      expect(index.runs[0]?.links.html).to.equal(`runs/${failingId}/index.html`);
      expect(index.unreadable.map((u) => u.name).sort()).to.deep.equal([failingId.replace(/.$/, 'x'), 'linked-out'].sort());
      for (const u of index.unreadable) expect(u.problem).to.match(/symlink that leads outside/);
    });
  });

  describe('path traversal', () => {
    const targets: readonly string[] = [
      '/../secret.txt',
      '/runs/../../outside/secret.txt',
      '/runs/%2e%2e/%2e%2e/outside/secret.txt',
      '/runs/%2E%2E%2F%2E%2E%2Foutside%2Fsecret.txt',
      '/runs/..%2f..%2foutside/report.json',
      '/runs/..%5c..%5coutside/report.json',
      '/runs/..\\..\\outside/report.json',
      '/runs/.%2e/outside/report.json',
      '/runs/./x/report.json',
      '//etc/passwd',
      '/runs//etc/passwd',
      '/runs/%2Fetc%2Fpasswd/report.json',
      '/runs/%00/report.json',
      '/runs/%zz/report.json',
      '/etc/passwd',
      '/runs/linked-out/report.json',
      '/runs/linked-out/',
      `/runs/${'x'.repeat(200)}/report.json`,
      '/history/..%2f..%2foutside/',
      'http://127.0.0.1/../outside/secret.txt',
      '*',
    ];
    for (const target of targets) {
      it(`does not serve ${target.length > 60 ? `${target.slice(0, 60)}…` : target}`, async () => {
        const response = await rawRequest(server.url, target);
        expect(response.status).to.be.oneOf([400, 404]);
        expect(response.body).not.to.contain(SECRET_OUTSIDE);
        expect(response.body).not.to.contain('root:');
        expect(header(response, 'x-content-type-options')).to.equal('nosniff');
      });
    }

    it('does not serve a report.json that is a symlink out of the directory', async () => {
      const response = await rawRequest(server.url, `/runs/${failingId.replace(/.$/, 'x')}/report.json`);
      expect(response.status).to.equal(404);
      expect(response.body).to.contain('symlink that leads outside');
      expect(response.body).not.to.contain(SECRET_OUTSIDE);
    });

    const parsing: readonly [string, boolean][] = [
      ['/runs/a/report.json', true],
      ['/runs/%61/report.json', true],
      ['/runs/%2e%2e/x', false],
      ['/runs/%2E/x', false],
      ['/a/../b', false],
      ['/a\\b', false],
      ['/a%5cb', false],
      ['/a%2fb', false],
      ['/a%00', false],
      ['//host/x', false],
      ['http://host/x', false],
      ['/%E0%A4%A', false],
    ];
    for (const [target, ok] of parsing) {
      it(`parseRequestTarget(${JSON.stringify(target)}) ${ok ? 'accepts' : 'refuses'}`, () => {
        expect(parseRequestTarget(target).ok).to.equal(ok);
      });
    }
  });

  describe('methods', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND']) {
      it(`${method} → 405 with Allow: GET, HEAD`, async () => {
        const response = await rawRequest(server.url, `/runs/${failingId}/report.json`, { method });
        expect(response.status).to.equal(405);
        expect(header(response, 'allow')).to.equal('GET, HEAD');
        expect(header(response, 'x-content-type-options')).to.equal('nosniff');
      });
    }

    it('HEAD answers like GET without a body', async () => {
      const get = await rawRequest(server.url, `/runs/${failingId}/report.json`);
      const head = await rawRequest(server.url, `/runs/${failingId}/report.json`, { method: 'HEAD' });
      expect(head.status).to.equal(200);
      expect(head.body).to.equal('');
      expect(header(head, 'content-length')).to.equal(String(Buffer.byteLength(get.body)));
      expect(header(head, 'content-type')).to.equal(header(get, 'content-type'));
    });
  });

  describe('security headers', () => {
    const paths = (): string[] => ['/', '/index.json', `/runs/${failingId}/`, `/runs/${failingId}/report.json`, `/runs/${failingId}/junit.xml`, '/history/', '/nope', '/%zz'];
    it('every response: nosniff, a CSP, no framing, no referrer', async () => {
      for (const path of paths()) {
        const response = await rawRequest(server.url, path);
        expect(header(response, 'x-content-type-options'), path).to.equal('nosniff');
        expect(header(response, 'content-security-policy'), path).to.match(/default-src 'none'/).and.to.match(/frame-ancestors 'none'/);
        expect(header(response, 'x-frame-options'), path).to.equal('DENY');
        expect(header(response, 'referrer-policy'), path).to.equal('no-referrer');
      }
    });

    it('a run page carries the report’s own CSP (plus frame-ancestors) as a header', async () => {
      const response = await rawRequest(server.url, `/runs/${failingId}/`);
      expect(header(response, 'content-security-policy')).to.equal(`${REPORT_CSP}; frame-ancestors 'none'`);
    });

    it('data and errors are sandboxed and may load nothing', async () => {
      for (const path of ['/index.json', `/runs/${failingId}/junit.xml`, '/nope']) {
        expect(header(await rawRequest(server.url, path), 'content-security-policy')).to.contain('sandbox');
      }
    });

    it('answers only loopback Host names (no DNS rebinding)', async () => {
      const port = new URL(server.url).port;
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
        expect((await rawRequest(server.url, '/', { headers: { Host: host } })).status, host).to.equal(200);
      }
      for (const host of [`attacker.example:${port}`, 'attacker.example', `192.168.1.5:${port}`]) {
        const response = await rawRequest(server.url, '/index.json', { headers: { Host: host } });
        expect(response.status, host).to.equal(421);
        expect(response.body).not.to.contain(failingId);
      }
    });
  });
});

describe('report server: access token', () => {
  let reports: ReportDir;
  let server: ReportServer;

  before(async () => {
    reports = await makeReportDir();
    server = await startReportServer({ dir: reports.dir, token: TOKEN });
  });

  after(async () => {
    await server?.close();
    await reports?.remove();
  });

  it('401 without the token, on every path, with WWW-Authenticate and no content', async () => {
    for (const path of ['/', '/index.json', `/runs/${reports.failing.meta.runId}/report.json`, '/history/', '/nope']) {
      const response = await rawRequest(server.url, path);
      expect(response.status, path).to.equal(401);
      expect(header(response, 'www-authenticate')).to.match(/^Bearer /);
      expect(response.body).not.to.contain(reports.failing.meta.runId);
    }
  });

  it('401 with a wrong token, in any form', async () => {
    expect((await rawRequest(server.url, '/?token=wrong')).status).to.equal(401);
    expect((await rawRequest(server.url, `/?token=${TOKEN}x`)).status).to.equal(401);
    expect((await rawRequest(server.url, `/?token=${TOKEN}&token=wrong`)).status).to.equal(401);
    expect((await rawRequest(server.url, '/', { headers: { Authorization: 'Bearer wrong' } })).status).to.equal(401);
    expect((await rawRequest(server.url, '/', { headers: { Authorization: `Basic ${TOKEN}` } })).status).to.equal(401);
    expect((await rawRequest(server.url, '/', { headers: { Cookie: `scim_report_session_${new URL(server.url).port}=${TOKEN}` } })).status).to.equal(401);
  });

  it('Authorization: Bearer lets a script in', async () => {
    const response = await rawRequest(server.url, '/index.json', { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(response.status).to.equal(200);
    expect(header(response, 'cache-control')).to.equal('no-store');
  });

  it('?token= redirects to the same URL without it and sets a session cookie that is not the token', async () => {
    const response = await rawRequest(server.url, `/history?suite=okta-spec&token=${TOKEN}&target=x`);
    expect(response.status).to.equal(303);
    expect(header(response, 'location')).to.equal('/history?suite=okta-spec&target=x');
    const cookie = header(response, 'set-cookie');
    expect(cookie).to.match(/^scim_report_session_\d+=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(cookie).not.to.contain(TOKEN);
    const session = cookie.split(';')[0] ?? '';
    const next = await rawRequest(server.url, '/index.json', { headers: { Cookie: `other=1; ${session}` } });
    expect(next.status).to.equal(200);
  });

  it('never puts the token into a served page or header', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const id = reports.failing.meta.runId;
    const key = historyKey('http://127.0.0.1:8080/scim/v2', 'okta-spec');
    for (const path of ['/', '/index.json', `/runs/${id}/`, `/runs/${id}/report.json`, `/runs/${id}/junit.xml`, '/history/', `/history/${key}/`, '/nope']) {
      const response = await rawRequest(server.url, path, { headers: auth });
      expect(response.body, path).not.to.contain(TOKEN);
      expect(JSON.stringify(response.headers), path).not.to.contain(TOKEN);
    }
    expect(server.url).not.to.contain(TOKEN);
  });
});

describe('report server: integrity and unreadable runs', () => {
  let reports: ReportDir;
  let server: ReportServer;

  before(async () => {
    reports = await makeReportDir();
    const path = join(reports.dir, reports.failing.meta.runId, 'report.json');
    const edited = (await readFile(path, 'utf8')).replace('"verdict": "error"', '"verdict": "pass"');
    await writeFile(path, edited);
    await mkdir(join(reports.dir, '20261129T030000Z-00000000000000aa'));
    await writeFile(join(reports.dir, '20261129T030000Z-00000000000000aa', 'report.json'), '{ not json');
    await mkdir(join(reports.dir, 'not a run id'));
    server = await startReportServer({ dir: reports.dir });
  });

  after(async () => {
    await server?.close();
    await reports?.remove();
  });

  it('an edited report is listed as integrity FAILED and its page carries a banner', async () => {
    const index = await rawRequest(server.url, '/');
    expect(index.body).to.match(new RegExp(`data-run-id="${reports.failing.meta.runId}"[^>]*data-integrity="failed"`));
    const page = await rawRequest(server.url, `/runs/${reports.failing.meta.runId}/`);
    expect(page.status).to.equal(200);
    expect(header(page, 'x-report-integrity')).to.equal('failed');
    expect(page.body).to.contain('data-testid="integrity-banner"').and.to.contain('Integrity check failed');
  });

  it('unreadable run directories are flagged with the reason, not fatal', async () => {
    const index = await rawRequest(server.url, '/');
    expect(index.status).to.equal(200);
    expect(index.body).to.contain('20261129T030000Z-00000000000000aa</code>: report.json is not JSON');
    expect(index.body).to.contain('not a run id</code>: the directory name is not a run id');
    const run = await rawRequest(server.url, '/runs/20261129T030000Z-00000000000000aa/');
    expect(run.status).to.equal(404);
    expect(run.body).to.contain('not JSON');
  });
});

describe('report server: a hostile report', () => {
  let reports: ReportDir;
  let server: ReportServer;
  const id = 'hostile-run';

  before(async () => {
    reports = await makeReportDir();
    await writeReport(golden('hostile'), reports.dir);
    server = await startReportServer({ dir: reports.dir });
  });

  after(async () => {
    await server?.close();
    await reports?.remove();
  });

  it('target text never becomes markup on any page', async () => {
    const index = JSON.parse((await rawRequest(server.url, '/index.json')).body) as { runs: { runId: string; history: { href: string }[] }[] };
    const hostile = index.runs.find((r) => r.runId === id);
    expect(hostile).to.not.equal(undefined);
    const pages = ['/', '/history/', `/runs/${id}/`, ...(hostile?.history ?? []).map((h) => `/${h.href}`)];
    for (const path of pages) {
      const page = await rawRequest(server.url, path);
      expect(page.status, path).to.equal(200);
      expect(page.body, path).not.to.match(/<script>alert|<img src=x|<svg onload|<!\[CDATA\[/);
      // Our pages have exactly one script element (the index filter, or the report's).
      expect((page.body.match(/<script/g) ?? []).length, path).to.be.at.most(1);
      expect(page.body, path).not.to.match(/[\u0000-\u0008\u001b]/);
    }
  });

  it('index.json stays valid JSON and keeps the text as data', async () => {
    const response = await rawRequest(server.url, '/index.json');
    const index = JSON.parse(response.body) as { runs: { target: { scimUrl: string } }[] };
    expect(index.runs.some((r) => r.target.scimUrl.includes('</script><script>alert(1)</script>'))).to.equal(true);
  });
});
