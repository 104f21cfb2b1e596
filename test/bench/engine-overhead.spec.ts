/**
 * The engine-overhead bench (issue 10 item 3) prints two figures for the same rounds: the ratio
 * of the engine's and the bare replay's medians, and the median of each round's own ratio. No
 * timing is asserted (DEVELOPERS.md: no timed tests); what is checked is that both rows come from
 * real runs, that the bare replay is answered as the engine's run was (the bench throws
 * otherwise), and that a row's ratio override is what gets printed.
 */
import { expect } from 'chai';
import { request } from 'undici';
import { printRows } from '../../bench/bench-row.js';
import { benchEngineOverhead, sequentialIds } from '../../bench/engine-overhead.js';
import { startReferenceServer } from '../../src/reference-server/index.js';

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

  it('stops when the bare replay is answered unlike the engine run (servers with their own random ids)', async () => {
    let error: unknown;
    try {
      await benchEngineOverhead(1, 'random');
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.match(/bare replay was answered unlike the probe run/)
      .and.match(/probe: .*GET 200.*\n {2}this: .*GET 404/);
  });

  it('numbers every fresh server\'s users alike, so a replayed GET by id finds the user the engine created', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const server = await startReferenceServer({ port: 0, token: 't0ken-for-ids', newId: sequentialIds() });
      try {
        const res = await request(`${server.baseUrl}/Users`, {
          method: 'POST',
          headers: { authorization: 'Bearer t0ken-for-ids', 'content-type': 'application/scim+json' },
          body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'same@example.com' }),
        });
        expect(res.statusCode).to.equal(201);
        ids.push(((await res.body.json()) as { id: string }).id);
      } finally {
        await server.close();
      }
    }
    expect(ids[0]).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[1]).to.equal(ids[0]);
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
