/**
 * The bounded burst (engine/burst.ts) against the reference server over loopback: it sends
 * exactly the requests asked (never more than its hard cap), keeps to its concurrency, paces
 * to its rate, judges the first answer that was not 2xx, and stops when the run is interrupted.
 */
import { expect } from 'chai';
import { sendBurst } from '../../src/engine/burst.js';
import { sendRequest, type OutgoingRequest, type SendOutcome } from '../../src/http/send.js';
import { startReferenceServer, type ReferenceServer } from '../../src/reference-server/index.js';

const TOKEN = 'burst-token';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('bounded burst', function () {
  this.timeout(20_000);
  let server: ReferenceServer;
  before(async () => { server = await startReferenceServer({ token: TOKEN }); });
  after(async () => { await server.close(); });
  beforeEach(() => server.clearRequests());

  const list = (authorization: string): OutgoingRequest => ({
    method: 'GET', url: `${server.baseUrl}/Users?count=1`, headers: [['Authorization', authorization]], timeoutMs: 5_000,
  });

  it('sends exactly the requests asked, at most `concurrency` at once, paced to the rate', async () => {
    let inFlight = 0;
    let most = 0;
    const counting = async (req: OutgoingRequest): Promise<SendOutcome> => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return await sendRequest(req);
      } finally {
        inFlight -= 1;
      }
    };
    const { outcome, stats } = await sendBurst(list(`Bearer ${TOKEN}`), { requests: 20, ratePerSecond: 40, concurrency: 3 }, counting, sleep);
    expect(server.requests).to.have.length(20);
    expect(most).to.be.at.most(3);
    expect(stats).to.deep.include({ sent: 20, notOk: 0, statuses: { 200: 20 } });
    // 20 requests started 25 ms apart take at least 19 × 25 ms.
    expect(stats.elapsedMs).to.be.at.least(470);
    expect(stats.requestsPerSecond).to.be.at.most(43);
    expect(outcome.ok && outcome.response.status).to.equal(200);
  });

  it('judges the first answer that was not 2xx and counts them all', async () => {
    const { outcome, stats } = await sendBurst(list('Bearer wrong'), { requests: 5, ratePerSecond: 100, concurrency: 5 }, sendRequest, sleep);
    expect(outcome.ok && outcome.response.status).to.equal(401);
    expect(stats).to.deep.include({ sent: 5, notOk: 5, statuses: { 401: 5 } });
  });

  it('never sends more than 200 requests, whatever a suite asks, and stops when interrupted', async () => {
    const capped = await sendBurst(list(`Bearer ${TOKEN}`), { requests: 10_000, ratePerSecond: 10_000, concurrency: 1_000 }, sendRequest, sleep);
    expect(capped.stats.sent).to.equal(200);
    const abort = new AbortController();
    abort.abort();
    const none = await sendBurst(list(`Bearer ${TOKEN}`), { requests: 50, ratePerSecond: 50, concurrency: 5 }, sendRequest, sleep, abort.signal);
    expect(none.stats.sent).to.equal(0);
    expect(none.outcome.ok).to.equal(false);
  });
});
