/**
 * The published static site opened from disk (file://), as someone who downloaded the site
 * artifact would: the same pages and relative permalinks work without a server, and an
 * edited report is not in it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { publishSite } from '../../src/report/publish/index.js';
import { screenshot, sharedBrowser, watchForErrors } from '../helpers/browser.js';
import { goldenRun, makeReportDir, type ReportDir } from '../report-server/report-dir.js';
import { writeReport } from '../../src/report/write.js';

describe('published report site in a browser (file://)', function () {
  this.timeout(30_000);
  let reports: ReportDir;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let site: string;
  let editedId: string;

  before(async () => {
    reports = await makeReportDir();
    // A third run whose report.json is edited after writing: it must not be published.
    const edited = goldenRun('passing', '2026-11-29T09:00:00.000Z');
    editedId = edited.meta.runId;
    const written = await writeReport(edited, reports.dir);
    await writeFile(written.json, (await readFile(written.json, 'utf8')).replace('"verdict": "pass"', '"verdict": "fail"'));
    site = join(reports.root, 'site');
    await publishSite({ dir: reports.dir, to: site });
    context = await (await sharedBrowser()).newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    errors = watchForErrors(page);
  });

  after(async () => {
    await context?.close();
    await reports?.remove();
  });

  it('index → run → history all work from disk, with no console errors', async () => {
    await page.goto(pathToFileURL(join(site, 'index.html')).href);
    expect(await page.locator('tr.run').count()).to.equal(2);
    expect(await page.locator(`tr.run[data-run-id="${editedId}"]`).count()).to.equal(0);
    const excluded = page.locator(`#unreadable li[data-name="${editedId}"]`);
    expect(await excluded.innerText()).to.contain('integrity check failed');
    await screenshot(page, 'published-index');

    await page.selectOption('#verdict-filter', 'pass');
    expect(await page.locator(`tr.run[data-run-id="${reports.failing.meta.runId}"]`).isVisible()).to.equal(false);
    await page.selectOption('#verdict-filter', '');

    await page.click(`tr.run[data-run-id="${reports.failing.meta.runId}"] a.run-link`);
    await page.waitForSelector('#summary');
    expect(page.url()).to.equal(pathToFileURL(join(site, 'runs', reports.failing.meta.runId, 'index.html')).href);
    expect(await page.locator('#summary').getAttribute('data-verdict')).to.equal(reports.failing.summary.verdict);

    await page.click('nav.site-nav a:has-text("History of okta-spec")');
    await page.waitForSelector('.history');
    expect(await page.locator('.flip[data-step-id="create-okta-user"]').getAttribute('data-change')).to.equal('started-failing');
    await screenshot(page, 'published-history');

    await page.click('nav.site-nav a:has-text("All runs")');
    await page.waitForSelector('table.runs');
    expect(errors).to.deep.equal([]);
  });
});
