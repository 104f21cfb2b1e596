/**
 * The engine-overhead bench (issue 10 item 3) prints two figures for the same rounds: the ratio
 * of the engine's and the bare replay's medians, and the median of each round's own ratio. No
 * timing is asserted (DEVELOPERS.md: no timed tests); what is checked is that both rows come from
 * real runs and that a row's ratio override is what gets printed.
 */
import { expect } from 'chai';
import { printRows } from '../../bench/bench-row.js';
import { benchEngineOverhead } from '../../bench/engine-overhead.js';

describe('bench: engine overhead', function () {
  this.timeout(60_000);

  it('reports the ratio of the medians and the median of the per-round ratios, from the same rounds', async () => {
    const [medians, paired] = await benchEngineOverhead(3);
    expect(medians?.name).to.equal('engine: okta-spec run');
    expect(medians?.baseline).to.match(/^same \d+ requests, bare$/);
    for (const row of [medians, paired]) {
      expect(row?.value).to.be.greaterThan(0);
      expect(row?.baselineValue).to.be.greaterThan(0);
    }
    expect(paired?.value).to.equal(medians?.value);
    expect(paired?.ratio).to.be.a('number').and.greaterThan(0);
  });

  it('prints a row\'s own ratio when it has one, else value / baseline', () => {
    const lines: string[] = [];
    printRows([
      { name: 'a', value: 30, baseline: 'b', baselineValue: 20 },
      { name: 'c', value: 30, baseline: 'd', baselineValue: 20, ratio: 1.234, expect: 'why' },
    ], (line) => lines.push(line));
    expect(lines[0]).to.match(/ 1\.50x$/);
    expect(lines[1]).to.match(/ 1\.23x {2}\(why\)$/);
  });
});
