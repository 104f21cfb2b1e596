/**
 * readiness.html in a real browser (headless Chromium via playwright-core, file://): the
 * visible verdict, a failing requirement's fix, hostile manifest text shown as text, the
 * stylesheet allowed by the page's CSP, and no console errors. Screenshots go to
 * .test-artifacts/screenshots/. A missing Chromium fails the test (test/helpers/browser.ts).
 */
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { checkReadiness } from '../../src/readiness/check-readiness.js';
import type { OktaAppsApi } from '../../src/readiness/check-okta.js';
import type { SubmissionManifest } from '../../src/readiness/manifest.js';
import { writeReadiness } from '../../src/readiness/write.js';
import { createWorkspace, SECRETS, VALID, type Mutable, type Workspace } from '../readiness/helpers.js';
import { screenshot, sharedBrowser, watchForErrors } from '../helpers/browser.js';

const activeOrg: OktaAppsApi = {
  getApp: async (id) => ({ id, name: 'acme_directory', status: 'ACTIVE' }),
  listApps: async () => [{ id: VALID.appId, name: 'acme_directory', status: 'ACTIVE' }],
};

const HOSTILE = '<img src=x onerror="document.title=\'pwned\'">Acme "Directory" & Lifecycle Management for Okta';

describe('readiness page (browser)', function () {
  this.timeout(30_000);
  let ws: Workspace;
  let browser: Browser;

  before(async () => {
    browser = await sharedBrowser();
    ws = await createWorkspace();
  });
  after(async () => {
    await ws.close();
  });

  async function page(name: string, edit: (m: Mutable<SubmissionManifest>) => void): Promise<{ page: Page; errors: string[] }> {
    const manifest = (await ws.validManifest()) as Mutable<SubmissionManifest>;
    edit(manifest);
    const report = await checkReadiness(manifest, {
      now: ws.now, baseDir: ws.dir, okta: activeOrg, env: { ACME_OIN_TEST_PASSWORD: SECRETS.password, OKTA_TOKEN: 'stub-token-value' },
    });
    const written = await writeReadiness(report, ws.path(name));
    const p = await browser.newPage();
    const errors = watchForErrors(p);
    await p.goto(pathToFileURL(written.html).href);
    return { page: p, errors };
  }

  it('a submission with mistakes: the verdict says Submit stays disabled, and each failing requirement shows its fix', async () => {
    const { page: p, errors } = await page('out-failing', (m) => {
      m.catalog.displayName = HOSTILE;
      m.results.spec = 'runs/nothing-here/report.json';
    });
    try {
      expect(await p.getByTestId('verdict').innerText()).to.equal('Submit integration would stay disabled');
      expect(await p.getByTestId('submit-button').isDisabled()).to.equal(true);

      const item = p.locator('[data-testid="requirement"][data-requirement-id="catalog.display-name"]');
      expect(await item.getAttribute('data-status')).to.equal('fail');
      expect(await item.getByTestId('requirement-status').innerText()).to.equal('FAIL');
      const fix = item.getByTestId('requirement-fix');
      expect(await fix.isVisible()).to.equal(true);
      expect(await fix.innerText()).to.match(/^How to fix: Shorten catalog\.displayName to at most 64 characters \(now \d+\)\.$/);

      // What to fix: the two failures and the four SPEC checks waiting for the link.
      expect(await p.getByTestId('todo-item').count()).to.equal(6);
      const spec = p.locator('[data-testid="requirement"][data-requirement-id="results.spec.report"]');
      expect(await spec.getByTestId('requirement-message').innerText()).to.contain('No file at runs/nothing-here/report.json');

      // Hostile text is text: no injected element ran or exists.
      expect(await p.locator('img').count()).to.equal(0);
      expect(await p.title()).to.not.equal('pwned');
      expect(await p.locator('.sub').innerText()).to.contain('<img src=x');

      // The stylesheet is allowed by the CSP (a blocked one would leave the border unstyled and log an error).
      const border = await p.locator('.verdict').evaluate((el) => getComputedStyle(el).borderTopColor);
      expect(border).to.equal('rgb(207, 34, 46)');
      await screenshot(p, 'readiness-page-disabled');
      expect(errors).to.deep.equal([]);
    } finally {
      await p.close();
    }
  });

  it('a ready submission: the verdict says Submit would be enabled', async () => {
    const { page: p, errors } = await page('out-ready', () => undefined);
    try {
      expect(await p.getByTestId('verdict').innerText()).to.equal('Submit integration would be enabled');
      expect(await p.getByTestId('submit-button').isEnabled()).to.equal(true);
      expect(await p.getByTestId('todo-item').count()).to.equal(0);
      expect(await p.locator('[data-testid="plan-case"][data-status="covered-by-automation"]').count()).to.equal(6);
      expect(await p.locator('[data-testid="requirement"][data-status="fail"]').count()).to.equal(0);
      await screenshot(p, 'readiness-page-enabled');
      expect(errors).to.deep.equal([]);
    } finally {
      await p.close();
    }
  });
});
