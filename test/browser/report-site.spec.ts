/**
 * The report server in a real browser, as a person uses it: sign in with ?token= once, read
 * the run index, filter it, open a permalink, read a failing step, filter steps, and follow
 * the history of a suite to the step that flipped. No console errors anywhere (a CSP
 * violation is one). Screenshots go to .test-artifacts/screenshots/.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import type { RunReport } from '../../src/model/report.js';
import { VERDICTS } from '../../src/model/verdict.js';
import { startReportServer, type ReportServer } from '../../src/report/server/index.js';
import { screenshot, sharedBrowser, watchForErrors } from '../helpers/browser.js';
import { writeReport } from '../../src/report/write.js';
import { golden } from '../report/golden.js';
import { makeReportDir, type ReportDir } from '../report-server/report-dir.js';

const TOKEN = 'browser-test-token-4f1c9e27d3b8a6';

describe('report server in a browser', function () {
  this.timeout(30_000);
  let reports: ReportDir;
  let server: ReportServer;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let passing: RunReport;
  let failing: RunReport;
  const seen: string[] = [];

  async function stored(runId: string): Promise<RunReport> {
    return JSON.parse(await readFile(join(reports.dir, runId, 'report.json'), 'utf8')) as RunReport;
  }

  async function visit(url: string): Promise<void> {
    await page.goto(url);
    seen.push(await page.content());
  }

  before(async () => {
    reports = await makeReportDir();
    passing = await stored(reports.passing.meta.runId);
    failing = await stored(reports.failing.meta.runId);
    server = await startReportServer({ dir: reports.dir, token: TOKEN });
    const browser = await sharedBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    errors = watchForErrors(page);
  });

  after(async () => {
    await context?.close();
    await server?.close();
    await reports?.remove();
  });

  it('asks for the token, then signs in with ?token= once and drops it from the address bar', async () => {
    const denied = await page.goto(server.url);
    expect(denied?.status()).to.equal(401);
    expect(await page.textContent('body')).to.contain('access token');
    errors.length = 0; // the 401 itself is logged by Chromium as a failed resource load

    const response = await page.goto(`${server.url}?token=${TOKEN}`);
    expect(response?.status()).to.equal(200);
    expect(page.url()).to.equal(server.url);
    const cookies = await context.cookies();
    expect(cookies).to.have.length(1);
    expect(cookies[0]?.httpOnly).to.equal(true);
    expect(cookies[0]?.value).not.to.contain(TOKEN);
    seen.push(await page.content());
  });

  it('index: one row per run, newest first, with the verdict and counts of its report.json', async () => {
    await visit(server.url);
    const rows = page.locator('tr.run');
    expect(await rows.count()).to.equal(2);
    expect(await rows.nth(0).getAttribute('data-run-id')).to.equal(failing.meta.runId);
    expect(await rows.nth(1).getAttribute('data-run-id')).to.equal(passing.meta.runId);
    for (const report of [failing, passing]) {
      const row = page.locator(`tr.run[data-run-id="${report.meta.runId}"]`);
      expect(await row.getAttribute('data-verdict')).to.equal(report.summary.verdict);
      expect((await row.locator('td.verdict').innerText()).trim()).to.contain(report.summary.verdict.toUpperCase());
      for (const v of VERDICTS) {
        expect(await row.locator(`.run-counts [data-verdict="${v}"] .n`).innerText(), `${report.meta.runId} ${v}`).to.equal(String(report.summary.counts[v]));
      }
      expect(await row.locator('td.target').innerText()).to.equal(report.meta.target.scimUrl);
      expect(await row.locator('td.integrity').innerText()).to.contain('verified');
    }
    await screenshot(page, 'report-index');
  });

  it('index: filters runs by verdict, suite text and target text', async () => {
    await visit(server.url);
    const visibleIds = async (): Promise<string[]> => {
      const ids: string[] = [];
      for (const row of await page.locator('tr.run').all()) if (await row.isVisible()) ids.push(await row.getAttribute('data-run-id') ?? '');
      return ids;
    };
    await page.selectOption('#verdict-filter', failing.summary.verdict);
    expect(await visibleIds()).to.deep.equal([failing.meta.runId]);
    expect(await page.textContent('#run-filter-status')).to.equal('Showing 1 of 2 runs');
    await page.selectOption('#verdict-filter', 'pass');
    expect(await visibleIds()).to.deep.equal([passing.meta.runId]);
    await page.selectOption('#verdict-filter', '');
    expect(await visibleIds()).to.have.length(2);

    await page.fill('#suite-filter', 'RFC7644/FIL');
    expect(await visibleIds()).to.deep.equal([failing.meta.runId]);
    await page.fill('#suite-filter', '');
    await page.fill('#target-filter', '127.0.0.1:8080');
    expect(await visibleIds()).to.have.length(2);
    await page.fill('#target-filter', 'elsewhere.example');
    expect(await visibleIds()).to.deep.equal([]);
    await screenshot(page, 'report-index-filtered');
    await page.fill('#target-filter', '');
  });

  it('permalink: the summary verdict and counts equal report.json’s', async () => {
    await visit(server.url);
    await page.click(`tr.run[data-run-id="${failing.meta.runId}"] a.run-link`);
    await page.waitForSelector('#summary');
    expect(page.url()).to.equal(`${server.url}runs/${failing.meta.runId}/index.html`);
    // The short permalink redirects to the run's directory and shows the same page.
    await visit(`${server.url}runs/${failing.meta.runId}`);
    expect(page.url()).to.equal(`${server.url}runs/${failing.meta.runId}/`);
    const summary = page.locator('#summary');
    expect(await summary.getAttribute('data-verdict')).to.equal(failing.summary.verdict);
    expect(await page.locator('[data-testid=summary-line]').innerText()).to.equal(failing.summary.line);
    for (const v of VERDICTS) {
      expect(await page.locator(`#summary .counts li[data-verdict="${v}"] .n`).innerText(), v).to.equal(String(failing.summary.counts[v]));
    }
    expect(await page.locator('[data-testid=integrity-banner]').count()).to.equal(0);
    await screenshot(page, 'report-run-failing');
  });

  it('permalink: a failing step shows requirement, expected, actual and its request and response', async () => {
    await visit(`${server.url}runs/${failing.meta.runId}/`);
    const source = failing.suites.flatMap((s) => s.steps).find((s) => s.verdict === 'fail');
    if (source === undefined || source.exchange?.response === undefined) throw new Error('the failing golden report has no failed step with a response');
    const step = page.locator(`.step[data-step-id="${source.stepId}"]`);
    expect(await step.getAttribute('data-verdict')).to.equal('fail');
    expect(await step.locator('.requirement').first().innerText()).to.equal(source.requirement);
    const failed = source.assertions.find((a) => a.verdict === 'fail');
    expect(await step.locator('dd.expected').innerText()).to.equal(failed?.expected);
    expect(await step.locator('dd.actual').innerText()).to.contain(JSON.stringify(failed?.actual));
    const exchange = step.locator('details.exchange').first();
    expect(await exchange.getAttribute('open')).to.not.equal(null);
    const request = await exchange.locator('.request-head').innerText();
    expect(request).to.contain(`${source.exchange.request.method} ${source.exchange.request.url}`);
    expect(request).to.contain('Authorization: ‹redacted›');
    expect(await exchange.locator('.response-head').innerText()).to.contain(String(source.exchange.response.status));
    expect(await exchange.locator('.exchange-body').innerText()).to.contain('scimconf-jdoe@example.com');
    await step.scrollIntoViewIfNeeded();
    await screenshot(page, 'report-run-failing-step');
  });

  it('permalink: the verdict filter hides and shows steps', async () => {
    await visit(`${server.url}runs/${failing.meta.runId}/`);
    const steps = page.locator('.step');
    const total = await steps.count();
    const verdicts = await steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')));
    await page.click('#filters button[data-filter="fail"]');
    for (let i = 0; i < total; i += 1) {
      expect(await steps.nth(i).isVisible(), `step ${i} (${verdicts[i] ?? ''})`).to.equal(verdicts[i] === 'fail');
    }
    await screenshot(page, 'report-run-filtered');
    await page.click('#filters button[data-filter="all"]');
    for (let i = 0; i < total; i += 1) expect(await steps.nth(i).isVisible()).to.equal(true);
  });

  it('history: shows the verdict change and the step that flipped between the two runs', async () => {
    await visit(`${server.url}runs/${failing.meta.runId}/`);
    await page.click('nav.site-nav a:has-text("History of okta-spec")');
    await page.waitForSelector('.history');
    expect(page.url()).to.match(/\/history\/okta-spec--[a-z0-9-]+\/index\.html$/);
    const runs = page.locator('.history-run');
    expect(await runs.count()).to.equal(2);
    const newest = runs.nth(0);
    expect(await newest.getAttribute('data-run-id')).to.equal(failing.meta.runId);
    expect(await newest.locator('.transition').getAttribute('data-verdict-changed')).to.equal('true');
    const flip = newest.locator('.flip[data-step-id="create-okta-user"]');
    expect(await flip.isVisible()).to.equal(true);
    expect(await flip.getAttribute('data-change')).to.equal('started-failing');
    expect(await flip.innerText()).to.match(/Started failing[\s\S]*create-okta-user[\s\S]*PASS[\s\S]*FAIL/);
    await screenshot(page, 'report-history');

    // The query form redirects to the same permalink.
    await visit(`${server.url}history?target=${encodeURIComponent(failing.meta.target.scimUrl ?? '')}&suite=okta-spec`);
    expect(await page.locator('.flip[data-step-id="create-okta-user"]').count()).to.equal(1);

    // The flipped step links to that step in the newer run's report, opened.
    await page.click('.flip[data-step-id="create-okta-user"] a');
    await page.waitForSelector('#summary');
    expect(page.url()).to.contain(`/runs/${failing.meta.runId}/index.html#step-okta-spec--create-okta-user`);
    expect(await page.locator('.step[data-step-id="create-okta-user"] details.step-details').getAttribute('open')).to.not.equal(null);
  });

  it('logged no console errors, and no page contained the access token', () => {
    expect(errors).to.deep.equal([]);
    expect(seen.length).to.be.greaterThan(5);
    for (const html of seen) expect(html).not.to.contain(TOKEN);
  });
});

describe('report server in a browser: a hostile report', function () {
  this.timeout(30_000);
  let reports: ReportDir;
  let server: ReportServer;
  let context: BrowserContext;

  before(async () => {
    reports = await makeReportDir();
    await writeReport(golden('hostile'), reports.dir);
    server = await startReportServer({ dir: reports.dir });
    context = await (await sharedBrowser()).newContext();
  });

  after(async () => {
    await context?.close();
    await server?.close();
    await reports?.remove();
  });

  it('shows the hostile text as text: no dialog, no console error, on the index, the run and its history', async () => {
    const page = await context.newPage();
    const errors = watchForErrors(page);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(server.url);
    const row = page.locator('tr.run[data-run-id="hostile-run"]');
    expect(await row.locator('td.target').innerText()).to.contain('</script><script>alert(1)</script>');
    await screenshot(page, 'report-index-hostile');
    await row.locator('a.run-link').click();
    await page.waitForSelector('#summary');
    await page.click('nav.site-nav a:has-text("History of hostile/")');
    await page.waitForSelector('.history');
    expect(await page.locator('h1').innerText()).to.contain('<img src=x onerror=alert(2)>');
    expect(dialogs).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
  });
});
