/**
 * Small versions of the scale benches (issue 10 item 4), so they cannot rot: the import scan
 * pages through every user with no paging problem, the group is built in batches, and the
 * report-size bench renders. No timing is asserted (DEVELOPERS.md: no timed tests).
 */
import { expect } from 'chai';
import { exposeGc } from '../../bench/bench-row.js';
import { reportSizeBench } from '../../bench/report-size.js';
import { measureGroup, measureScan } from '../../bench/scale.js';

describe('scale benches (small versions)', function () {
  this.timeout(60_000);

  it('an Okta-import scan of 450 users: 5 pages of count=100, every user once, two capped exchanges kept', async () => {
    const scan = await measureScan(450, await exposeGc());
    expect(scan.result.pages).to.equal(5);
    expect(scan.result.resources).to.equal(450);
    expect(scan.result.totalResults).to.equal(450);
    expect(scan.result.problems).to.deep.equal([]);
    expect(scan.result.firstExchange?.request.url).to.contain('startIndex=1&count=100');
    expect(scan.result.lastExchange?.request.url).to.contain('startIndex=401&count=100');
    expect(JSON.stringify(scan.result)).to.not.contain('bench-scale-token');
  });

  it('a 120-member group built in Okta-sized batches has every member', async () => {
    const group = await measureGroup(120, 50);
    expect(group.finalMembers).to.equal(120);
  });

  it('the report-size bench renders HTML, JUnit and JSON', async () => {
    const rows = await reportSizeBench({ small: 5, large: 20 });
    expect(rows.map((r) => r.name)).to.deep.equal(['report: HTML, 20 exchanges', 'report: JUnit, 20 exchanges', 'report: JSON, 20 exchanges']);
  });
});
