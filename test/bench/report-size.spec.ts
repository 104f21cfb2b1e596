/**
 * Large reports stay usable (issue 10 item 4): above LAZY_BODIES_ABOVE_STEPS steps, report.html
 * keeps the bodies of closed steps in one JSON data block and puts a body in place when its
 * step opens; failing steps stay rendered in place. Checked on the markup and in Chromium
 * (the page's CSP applies: the expansion runs in the hashed page script).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { reportWithExchanges } from '../../bench/report-size.js';
import { LAZY_BODIES_ABOVE_STEPS, LAZY_BODIES_ID, renderHtml } from '../../src/report/html.js';
import { sharedBrowser, watchForErrors } from '../helpers/browser.js';

function lazyBlock(page: string): string[] {
  const match = new RegExp(`<script type="application/json" id="${LAZY_BODIES_ID}">([^<]*)</script>`).exec(page);
  expect(match, 'the lazy-bodies data block').to.not.equal(null);
  return JSON.parse(match?.[1] ?? '[]') as string[];
}

describe('report.html of a large report', function () {
  this.timeout(60_000);
  const steps = LAZY_BODIES_ABOVE_STEPS + 100;
  const page = renderHtml(reportWithExchanges(steps));

  it('renders failing steps in place and keeps the bodies of closed steps as data, one per step', () => {
    const bodies = lazyBlock(page);
    const failing = Math.ceil(steps / 50);
    expect(bodies).to.have.length(steps - failing);
    expect(bodies[0]).to.contain('class="exchange"').and.to.contain('POST https://scim.example/scim/v2/Users?i=1');
    expect(page.match(/data-lazy-body="/g)).to.have.length(steps - failing);
    // Failing steps (every 50th) are open and rendered in place with their exchange.
    expect(page).to.match(/data-step-id="bench\/step-0"[^]*?<details class="exchange" data-testid="exchange" open>/);
  });

  it('a small report is rendered as before: no data block', () => {
    expect(renderHtml(reportWithExchanges(10))).to.not.contain('data-lazy-body="').and.not.contain('<script type="application/json"');
  });

  it('in Chromium, opening a closed step puts its exchange in place, without errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lazy-report-'));
    try {
      const file = join(dir, 'report.html');
      writeFileSync(file, page);
      const browser = await sharedBrowser();
      const tab = await browser.newPage();
      const errors = watchForErrors(tab);
      try {
        await tab.goto(pathToFileURL(file).href);
        const step = tab.locator('li.step[data-step-id="bench/step-1"]');
        expect(await step.locator('details.exchange').count()).to.equal(0);
        await step.locator('summary').first().click();
        await step.locator('details.exchange').waitFor();
        expect(await step.locator('.step-body').getAttribute('data-lazy-body')).to.equal(null);
        expect(await step.locator('details.exchange summary').textContent()).to.contain('POST https://scim.example/scim/v2/Users?i=1');
        expect(errors).to.deep.equal([]);
      } finally {
        await tab.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
