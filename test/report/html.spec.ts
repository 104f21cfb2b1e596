import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { expect } from 'chai';
import type { RunReport } from '../../src/model/report.js';
import { specUrl } from '../../src/model/spec-ref.js';
import { VERDICTS } from '../../src/model/verdict.js';
import { renderHtml } from '../../src/report/html.js';
import { REPORT_CSP, REPORT_CSS, REPORT_SCRIPT } from '../../src/report/html-assets.js';
import { escapeHtml, html, SafeHtml } from '../../src/report/safe-html.js';
import { sharedBrowser } from '../helpers/browser.js';
import { everyCodeUnitReport } from './every-code-unit.js';
import { GOLDEN_NAMES, golden } from './golden.js';

const TAGS = new Set([
  'html', 'head', 'meta', 'title', 'link', 'style', 'body', 'header', 'nav', 'main', 'section', 'footer', 'div', 'p',
  'h1', 'h2', 'h3', 'h4', 'span', 'strong', 'code', 'pre', 'time', 'a', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'details',
  'summary', 'table', 'caption', 'thead', 'tbody', 'tr', 'th', 'td', 'button', 'label', 'input', 'script',
]);
const ATTRIBUTES = /^(class|id|lang|charset|name|content|http-equiv|rel|href|type|role|placeholder|autocomplete|open|datetime|scope|data-[a-z-]+|aria-[a-z]+)$/;

/** The page without the bodies of our (constant) <style> and <script>, which are checked separately. */
function markupOnly(page: string): string {
  return page.replace(`<style>${REPORT_CSS}</style>`, '<style></style>').replace(`<script>${REPORT_SCRIPT}</script>`, '<script></script>');
}

/** Every `<` must open a tag we write, with allowed, double-quoted, escaped attributes. */
function markupProblems(page: string): string[] {
  const problems: string[] = [];
  const markup = markupOnly(page);
  const TAG = /^<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>$/;
  for (let i = markup.indexOf('<'); i >= 0; i = markup.indexOf('<', i + 1)) {
    // Escaped attribute values hold no '>', so a tag ends at the next one.
    const rest = markup.slice(i, markup.indexOf('>', i) + 1);
    if (rest.startsWith('<!doctype html>')) continue;
    const m = TAG.exec(rest);
    if (!m) {
      problems.push(`not a tag of ours: ${JSON.stringify(rest.slice(0, 60))}`);
      continue;
    }
    const name = m[2]!;
    if (!TAGS.has(name)) problems.push(`tag <${name}>`);
    for (const attr of (m[3] ?? '').matchAll(/\s+([a-z-]+)(?:="([^"]*)")?/g)) {
      const attrName = attr[1]!;
      if (!ATTRIBUTES.test(attrName)) problems.push(`attribute ${attrName} on <${name}>`);
      if (attrName === 'href' && !/^(https:\/\/|data:,$)/.test(attr[2] ?? '')) problems.push(`href ${attr[2]}`);
    }
  }
  return problems;
}

/** The markup of one step (`<li class="step …">` up to the next step). */
function stepChunk(page: string, stepId: string): string {
  const chunks = page.split('<li class="step').filter((c) => c.includes(` data-step-id="${escapeHtml(stepId)}"`));
  expect(chunks, `step ${stepId}`).to.have.length(1);
  return chunks[0]!;
}

const UNPRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('report/html', () => {
  describe('html`` (escaping by construction)', () => {
    it('escapes interpolated strings and numbers, keeps nested templates', () => {
      const inner = html`<b>${'<i>'}</b>`;
      expect(html`<p title="${'"x"'}">${inner}${1}${['&', html`<br>`]}${undefined}${null}${false}</p>`.value)
        .to.equal('<p title="&quot;x&quot;"><b>&lt;i&gt;</b>1&amp;<br></p>');
    });

    it('escapes all five markup characters, and makes text printable', () => {
      expect(escapeHtml(`<>&"'\u0000\ud800`)).to.equal('&lt;&gt;&amp;&quot;&#39;␀\uFFFD');
    });

    it('only SafeHtml passes through', () => {
      expect(html`${SafeHtml.trusted('<ok>')}`.value).to.equal('<ok>');
      expect(html`${{ value: '<no>' } as unknown as string}`.value).to.equal('');
    });
  });

  for (const name of GOLDEN_NAMES) {
    describe(`the ${name} report`, () => {
      const report = golden(name);
      const page = renderHtml(report);

      it('is one self-contained page: no external resources', () => {
        // No src attributes and no hrefs but https links and the empty favicon: see the markup test.
        expect(page.startsWith('<!doctype html>\n<html lang="en">')).to.equal(true);
        expect(page.match(/<link [^>]*>/g)).to.deep.equal(['<link rel="icon" href="data:,">']);
        expect(REPORT_CSS).not.to.match(/@import|url\(/i);
      });

      it('contains only our tags and attributes (no injected markup, no event handlers)', () => {
        expect(markupProblems(page)).to.deep.equal([]);
      });

      it('has exactly one script and one style: ours, allowed by hash in the CSP', () => {
        expect(page.match(/<script/gi)).to.have.length(1);
        expect(page.match(/<\/script/gi)).to.have.length(1);
        expect(page.match(/<style/gi)).to.have.length(1);
        expect(page).to.contain(`<script>${REPORT_SCRIPT}</script>`).and.to.contain(`<style>${REPORT_CSS}</style>`);
        const hash = (s: string): string => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
        expect(REPORT_CSP).to.contain(`script-src ${hash(REPORT_SCRIPT)}`).and.to.contain(`style-src ${hash(REPORT_CSS)}`)
          .and.to.contain("default-src 'none'");
        expect(page).to.contain(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(REPORT_CSP)}">`);
      });

      it('contains no character that is invalid or unprintable', () => {
        expect(UNPRINTABLE.exec(page)).to.equal(null);
      });

      it('has the summary with the verdict and the summary line', () => {
        expect(page).to.contain(`<header id="summary" data-testid="summary" class="run `);
        expect(page).to.contain(`data-verdict="${report.summary.verdict}" data-runscope-verdict="${report.summary.runscopeVerdict}">`);
        expect(page).to.contain(`data-testid="summary-line">${escapeHtml(report.summary.line)}</span>`);
      });

      it('has a filter bar with a button per verdict, plus all, and a search box', () => {
        expect(page).to.contain('<nav id="filters"');
        for (const v of ['all', ...VERDICTS]) expect(page).to.contain(`data-filter="${v}"`);
        expect(page).to.contain('<input type="search" id="search"');
      });

      it('has every step, in order, with its id and verdict; failing ones open', () => {
        const positions: number[] = [];
        for (const suite of report.suites) {
          expect(page).to.contain(`data-suite-id="${escapeHtml(suite.suiteId)}" data-verdict="${suite.verdict}"`);
          for (const step of suite.steps) {
            const attr = ` data-step-id="${escapeHtml(step.stepId)}" data-verdict="${step.verdict}"`;
            positions.push(page.indexOf(attr));
            const chunk = stepChunk(page, step.stepId);
            if (step.kind === 'pause') continue;
            const open = step.verdict === 'fail' || step.verdict === 'error';
            expect(chunk.includes('<details class="step-details" open>'), `${step.stepId} open`).to.equal(open);
            expect(chunk).to.contain(`<span class="step-title">${escapeHtml(step.title)}</span>`);
          }
        }
        expect(positions.every((p) => p >= 0)).to.equal(true);
        expect([...positions].sort((a, b) => a - b)).to.deep.equal(positions);
      });

      it('links every known spec reference to its URL', () => {
        for (const ref of report.suites.flatMap((s) => s.steps.flatMap((st) => st.refs))) {
          const url = specUrl(ref);
          if (url.startsWith('https://')) expect(page).to.contain(`<a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(ref)}</a>`);
          else expect(page).to.contain(`<code>${escapeHtml(ref)}</code>`);
        }
      });

      it('compiles its inline script', () => {
        expect(() => new Script(REPORT_SCRIPT)).not.to.throw();
      });
    });
  }

  describe('step details (failing report)', () => {
    const report = golden('failing');
    const page = renderHtml(report);

    it('shows requirement, expected, actual, fix and reason for a failed step', () => {
      const chunk = stepChunk(page, 'create-okta-user');
      expect(chunk).to.contain('<p class="reason"><strong>Reason:</strong> expected status 201, got 200; id missing</p>');
      expect(chunk).to.contain('<dd class="requirement">When the service provider successfully creates');
      expect(chunk).to.contain('<dd class="expected">201</dd>');
      expect(chunk).to.contain('<dd class="actual">200 <span class="note">(expected 201, got 200)</span></dd>');
      expect(chunk).to.contain('<dd class="fix">Return 201 Created (not 200)');
    });

    it('has an assertion table with expected, actual, verdict and message per check', () => {
      const chunk = stepChunk(page, 'create-okta-user');
      expect(chunk).to.contain('<table class="assertions"');
      expect(chunk).to.contain('<td class="expected">(none)</td><td class="actual">(missing)</td>');
      // The actual value is JSON so that "true" and true stay apart.
      expect(chunk).to.contain('<td class="expected">true</td><td class="actual">&quot;true&quot;</td>');
      expect(chunk).to.contain('<td class="message">id is missing</td>');
    });

    it('shows scripts with logs and errors, and extractions', () => {
      const chunk = stepChunk(page, 'create-okta-user');
      expect(chunk).to.contain('<pre class="script-error"><code>AssertionError: expected 200 to equal 201</code></pre>');
      expect(chunk).to.contain('<pre class="script-logs"><code>status 200</code></pre>');
      expect(chunk).to.contain('<td><code>idUserOne</code></td>');
    });

    it('shows the HTTP exchange in a <details>, open for a failed step, with status text and headers', () => {
      const chunk = stepChunk(page, 'create-okta-user');
      expect(chunk).to.contain('<details class="exchange" data-testid="exchange" open>');
      expect(chunk).to.contain('→ <strong>200 OK</strong>');
      expect(chunk).to.contain('POST http://127.0.0.1:8080/scim/v2/Users\nAccept: application/scim+json');
      expect(chunk).to.contain('Authorization: ‹redacted›');
      // JSON bodies are indented without being re-serialised.
      expect(chunk).to.contain('<pre class="body"><code>{\n  &quot;userName&quot;: &quot;scimconf-jdoe@example.com&quot;\n}</code></pre>');
      expect(stepChunk(page, 'test-users-endpoint')).to.contain('<details class="exchange" data-testid="exchange">\n');
    });

    it('shows a transport error', () => {
      expect(stepChunk(page, 'deactivate-user')).to.contain('→ <strong>transport error ECONNRESET</strong>')
        .and.to.contain('<code>ECONNRESET: socket hang up</code>');
    });

    it('says when no request was sent', () => {
      expect(stepChunk(page, 'get-created-user')).to.contain('No HTTP request was sent.');
    });

    it('shows the target, the Okta mode, the Runscope verdict, cleanup and provisioning', () => {
      expect(page).to.contain('<dt>SCIM target</dt><dd><code>http://127.0.0.1:8080/scim/v2</code></dd>');
      expect(page).to.contain('<dt>Okta</dt><dd>emulator (built in) · <code>http://127.0.0.1:8081</code></dd>');
      expect(page).to.contain('<dt>Runscope verdict</dt><dd><span class="badge v-fail">✗ FAIL</span>');
      expect(page).to.contain('<span class="bad">✗ not cleaned</span> DELETE SCIM user scimconf-jdoe@example.com (HTTP 500)');
      expect(page).to.contain('SCIM requests the Okta emulator sent to the target (1)');
    });
  });

  describe('hostile content', () => {
    const report = golden('hostile');
    const page = renderHtml(report);

    it('appears only escaped', () => {
      expect(page).to.contain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
      expect(page).not.to.contain('<img').and.not.to.contain('<svg');
      expect(page).to.contain('data-step-id="hostile-&quot;&gt;&lt;svg onload=alert(4)&gt;"');
    });

    it('does not link a javascript: reference', () => {
      expect(page).not.to.match(/href="javascript/i);
      expect(page).to.contain('<code>javascript:alert(5)</code>');
    });

    it('shows control characters as visible stand-ins and invalid UTF-16 as U+FFFD', () => {
      expect(page).to.contain('␀␇␛[31mRED␛[0m');
      expect(page).to.contain('\uFFFD lone \uFFFD');
      expect(page).to.contain('😀');
    });

    it('keeps a 200 KiB body, marked as truncated', () => {
      expect(page.length).to.be.greaterThan(200 * 1024);
      expect(page).to.contain('<p class="truncated" data-testid="truncated" data-truncated-bytes="1048576">⚠ Truncated: 1.0 MiB (1048576 bytes) not kept in the report.</p>');
    });

    it('says the run is incomplete', () => {
      expect(page).to.contain('<p class="banner" role="alert">This run did not complete');
    });
  });

  it('stays clean when target text holds every UTF-16 code unit (binary)', () => {
    const page = renderHtml(everyCodeUnitReport());
    expect(markupProblems(page)).to.deep.equal([]);
    expect(UNPRINTABLE.exec(page)).to.equal(null);
    expect(page.match(/<script/gi)).to.have.length(1);
  });

  it('gives steps with the same id in one suite distinct element ids', () => {
    const base = golden('passing');
    const suite = base.suites[0]!;
    const twice: RunReport = { ...base, suites: [{ ...suite, steps: [suite.steps[0]!, suite.steps[0]!] }] };
    const ids = [...renderHtml(twice).matchAll(/<li class="step[^"]*" id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).to.deep.equal(['step-okta-spec--test-users-endpoint', 'step-okta-spec--test-users-endpoint-2']);
  });

  describe('in a real browser (headless Chromium; fails when none can start)', function () {
    this.timeout(60_000);

    const PROBE = `(function () {
  function visible() {
    return Array.prototype.filter.call(document.querySelectorAll('.step'), function (s) { return !s.hidden; })
      .map(function (s) { return s.getAttribute('data-step-id'); });
  }
  function click(f) { document.querySelector('#filters button[data-filter="' + f + '"]').click(); }
  var out = { initial: visible() };
  out.deepLinkOpen = document.querySelector('#step-okta-spec--test-users-endpoint details').open;
  click('fail'); out.fail = visible();
  out.failPressed = document.querySelector('#filters button[data-filter="fail"]').getAttribute('aria-pressed');
  click('n/a'); out.failOrNa = visible();
  click('fail'); out.na = visible();
  out.hiddenSuites = Array.prototype.filter.call(document.querySelectorAll('.suite'), function (s) { return s.hidden; })
    .map(function (s) { return s.getAttribute('data-suite-id'); });
  click('all');
  var search = document.getElementById('search');
  search.value = 'ETAG'; search.dispatchEvent(new Event('input'));
  out.search = visible();
  out.status = document.getElementById('filter-status').textContent;
  document.body.setAttribute('data-probe', JSON.stringify(out));
})();`;

    it('runs without console messages; filters, search and deep links work', async function () {
      const dir = await mkdtemp(join(tmpdir(), 'scim-html-'));
      // A browser that cannot start fails this test (never skips): test/helpers/browser.ts.
      const context = await (await sharedBrowser()).newContext();
      try {
        const page = renderHtml(golden('failing'));
        const probeHash = `'sha256-${createHash('sha256').update(PROBE).digest('base64')}'`;
        // The probe is a second script: allow it by hash in the copy's CSP (the report's own is unchanged).
        const probed = page
          .replace(escapeHtml(REPORT_CSP), escapeHtml(REPORT_CSP.replace('script-src ', `script-src ${probeHash} `)))
          .replace('</body>', `<script>${PROBE}</script>\n</body>`);
        const file = join(dir, 'report.html');
        await writeFile(file, probed, 'utf8');
        const url = `${pathToFileURL(file).href}#step-okta-spec--test-users-endpoint`;
        const tab = await context.newPage();
        // Any console message (a CSP violation is one) or uncaught error fails the page.
        const messages: string[] = [];
        tab.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`));
        tab.on('pageerror', (error) => messages.push(`page error: ${error.message}`));
        await tab.goto(url);
        const probeText = await tab.waitForSelector('body[data-probe]', { state: 'attached', timeout: 10_000 }).then((body) => body.getAttribute('data-probe'));
        expect(messages).to.deep.equal([]);
        expect(probeText, await tab.content()).to.be.a('string');
        const probe = JSON.parse(probeText!) as Record<string, unknown>;
        expect(probe).to.deep.equal({
          initial: ['test-users-endpoint', 'create-okta-user', 'get-created-user', 'user-etag-header', 'deactivate-user', 'filter/userName-eq', 'filter/sort-by-userName'],
          deepLinkOpen: true,
          fail: ['create-okta-user'],
          failPressed: 'true',
          failOrNa: ['create-okta-user', 'filter/sort-by-userName'],
          na: ['filter/sort-by-userName'],
          hiddenSuites: ['okta-spec'],
          search: ['user-etag-header'],
          status: 'Showing 1 of 7 steps',
        });
      } finally {
        await context.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
