/**
 * bench/failing-runs.ts measures what `npm run bench` prints for failing runs: the default run
 * against a defective reference server, beside the passing run. Here with three defects, checking
 * the rows are real measurements (the figures themselves are the bench's, not a timed test).
 */
import { expect } from 'chai';
import { failingRunsBench } from '../../bench/failing-runs.js';

describe('bench: failing runs', function () {
  this.timeout(180_000);

  it('times the default run against each defect that fails it, and against the correct server', async () => {
    // no-groups is a server without Groups, which the default run accepts (its group steps are n/a): left out.
    const rows = await failingRunsBench(['get-by-id-404', 'post-drops-name', 'no-groups']);
    expect(rows.map((r) => r.name)).to.deep.equal(['failing runs: slowest of 2', 'failing runs: median']);
    for (const row of rows) {
      expect(row.value).to.be.above(0);
      expect(row.baselineValue).to.be.above(0);
    }
    expect(rows[0]?.expect).to.match(/^(get-by-id-404|post-drops-name); issue 10: ≤ 5 s$/);
  });
});
