/**
 * A bounded burst of one request (a step with `burst`): sent `requests` times, started on a
 * fixed schedule of `ratePerSecond` with at most `concurrency` in flight, then it stops. It
 * measures the completed requests per second over the whole burst, for checks such as
 * Microsoft Entra's "at least 25 requests per second" (ENTRA-LOGIC-APP).
 */
import type { OutgoingRequest, SendOutcome } from '../http/send.js';
import type { Burst } from '../model/suite.js';

/** What a burst measured. */
export interface BurstStats {
  readonly sent: number;
  /** Answers that were not 2xx, plus requests that got no answer. */
  readonly notOk: number;
  readonly requestsPerSecond: number;
  readonly statuses: Readonly<Record<string, number>>;
  readonly elapsedMs: number;
}

/** Hard limits, whatever a suite asks: a burst is a probe, not a load test. */
const MAX_REQUESTS = 200;
const MAX_CONCURRENCY = 20;
const MAX_RATE = 100;

/**
 * Sends the burst. The outcome to judge is the first one that was not a 2xx answer, else the
 * last. Stops early when `signal` aborts.
 */
export async function sendBurst(
  req: OutgoingRequest,
  burst: Burst,
  send: (req: OutgoingRequest) => Promise<SendOutcome>,
  sleep: (ms: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<{ outcome: SendOutcome; stats: BurstStats }> {
  const requests = Math.max(1, Math.min(MAX_REQUESTS, Math.floor(burst.requests)));
  const concurrency = Math.max(1, Math.min(MAX_CONCURRENCY, Math.floor(burst.concurrency)));
  const intervalMs = 1000 / Math.max(1, Math.min(MAX_RATE, burst.ratePerSecond));
  const statuses: Record<string, number> = {};
  let notOk = 0;
  let sent = 0;
  let firstBad: SendOutcome | undefined;
  let last: SendOutcome | undefined;
  const inFlight = new Set<Promise<void>>();
  const t0 = performance.now();
  for (let i = 0; i < requests; i += 1) {
    if (signal?.aborted) break;
    const due = t0 + i * intervalMs - performance.now();
    if (due > 0) await sleep(due);
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    sent += 1;
    const p: Promise<void> = send(req).then((outcome) => {
      const key = outcome.ok ? String(outcome.response.status) : outcome.error.code;
      statuses[key] = (statuses[key] ?? 0) + 1;
      const good = outcome.ok && outcome.response.status >= 200 && outcome.response.status < 300;
      if (!good) {
        notOk += 1;
        firstBad ??= outcome;
      }
      last = outcome;
    }).finally(() => {
      inFlight.delete(p);
    });
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  const elapsedMs = performance.now() - t0;
  const outcome = firstBad ?? last ?? { ok: false as const, error: { code: 'ENOTSENT', message: 'the burst sent nothing (run interrupted)' }, totalMs: 0 };
  return {
    outcome,
    stats: { sent, notOk, statuses, elapsedMs, requestsPerSecond: elapsedMs > 0 ? Math.round((sent / (elapsedMs / 1000)) * 10) / 10 : 0 },
  };
}
