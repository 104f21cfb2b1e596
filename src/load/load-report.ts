/**
 * Turns what the load probe measured into a RunReport like every other run's: one suite,
 * `load`, whose steps are the judgements (each citing its source, stating the requirement and
 * the fix), plus the figures in `report.load` for the HTML chart.
 */
import { buildReport } from '../engine/build-report.js';
import type { LatencyFigures, LoadFigures, RunMetadata, RunReport } from '../model/report.js';
import type { AssertionResult, CleanupResult, HttpExchange, StepResult, SuiteResult } from '../model/result.js';
import { countVerdicts, failureVerdict, worstVerdict, type Level, type Verdict } from '../model/verdict.js';
import { percentiles } from './latency-stats.js';
import type { LoadOptions, LoadOutcome, LoadSample } from './run-load.js';
import { OKTA_MAX_RATE_LIMITED_ATTEMPTS } from './retry-after.js';

/** Entra's documented minimum throughput for a SCIM endpoint (peers.md §2.4, the Logic App overview). */
export const ENTRA_MIN_REQUESTS_PER_SECOND = 25;

/** Okta waits 60 s for a SCIM answer (okta-wire.md §1.13; peers.md §3). */
export const OKTA_TIMEOUT_MS = 60_000;

const ok2xx = (s: LoadSample): boolean => s.status !== undefined && s.status >= 200 && s.status < 300;
const isError = (s: LoadSample): boolean => s.status === undefined || (s.status >= 300 && s.status !== 429);

/** The figures of `report.load`. */
export function loadFigures(options: LoadOptions, outcome: LoadOutcome): LoadFigures {
  const { samples } = outcome;
  const seconds = Math.max(outcome.trafficMs, 1) / 1000;
  const errors = samples.filter(isError).length;
  const rateLimited = samples.filter((s) => s.status === 429).length;
  const rate = (n: number): number => (samples.length === 0 ? 0 : Math.round((n / samples.length) * 10_000) / 10_000);
  const operations: LoadFigures['operations'][number][] = [];
  for (const client of options.clients) {
    const ofClient = samples.filter((s) => s.client === client);
    for (const operation of [...new Set(ofClient.map((s) => s.op))]) {
      const ofOp = ofClient.filter((s) => s.op === operation);
      operations.push({
        client,
        operation,
        requests: ofOp.length,
        errors: ofOp.filter(isError).length,
        rateLimited: ofOp.filter((s) => s.status === 429).length,
        latencyMs: percentiles(ofOp.map((s) => s.latencyMs)),
      });
    }
  }
  const bySecond = new Map<number, LoadSample[]>();
  for (const s of samples) {
    const second = Math.floor(s.atMs / 1000);
    const list = bySecond.get(second);
    if (list === undefined) bySecond.set(second, [s]);
    else list.push(s);
  }
  const timeline = [...bySecond.entries()].sort(([a], [b]) => a - b).map(([second, list]) => ({
    second,
    requests: list.length,
    rateLimited: list.filter((s) => s.status === 429).length,
    errors: list.filter(isError).length,
    latencyMs: percentiles(list.map((s) => s.latencyMs)),
  }));
  return {
    clients: options.clients,
    durationMs: options.durationMs,
    concurrency: options.concurrency,
    ...(options.ratePerSecond !== undefined ? { ratePerSecond: options.ratePerSecond } : {}),
    requests: samples.length,
    throughputPerSecond: Math.round((samples.filter(ok2xx).length / seconds) * 10) / 10,
    latencyMs: percentiles(samples.map((s) => s.latencyMs)),
    errors,
    errorRate: rate(errors),
    rateLimited,
    rateLimitedRate: rate(rateLimited),
    retryAfterWaitedMs: outcome.rateLimits.reduce((sum, e) => sum + e.waitedMs, 0),
    usersCreated: outcome.created.length,
    usersVerified: outcome.verified,
    operations,
    timeline,
  };
}

interface Judgement {
  readonly id: string;
  readonly title: string;
  readonly requirement: string;
  readonly fix: string;
  readonly level: Level;
  readonly refs: readonly string[];
  /** undefined: judged; a string: n/a with this reason. */
  readonly notApplicable?: string;
  readonly checks: readonly { readonly title: string; readonly ok: boolean; readonly expected: string; readonly actual: unknown; readonly message?: string }[];
  readonly exchange?: HttpExchange;
}

function latencyText(l: LatencyFigures): string {
  return `p50 ${l.p50} ms, p90 ${l.p90} ms, p99 ${l.p99} ms, max ${l.max} ms`;
}

function judgements(options: LoadOptions, outcome: LoadOutcome, figures: LoadFigures): Judgement[] {
  const entra = options.clients.includes('entra');
  const sample = (label: string): HttpExchange | undefined => outcome.samplesKept.find((k) => k.label.startsWith(label))?.exchange;
  const firstTrouble = outcome.samplesKept.find((k) => k.label !== 'first 429' && k.label !== 'read-back mismatch')?.exchange;
  const honoured = outcome.rateLimits.filter((e) => e.honoured).length;
  const groupsMissing = outcome.groups.filter((g) => g.id === undefined);
  const rateCap = options.ratePerSecond;
  const timedOut = outcome.samples.filter((s) => s.timedOut === true).length;
  return [
    {
      id: 'load/throughput-entra-minimum',
      title: `Sustains Entra's minimum of ${ENTRA_MIN_REQUESTS_PER_SECOND} requests per second`,
      requirement: `Microsoft's SCIM validation overview lists "≥ ${ENTRA_MIN_REQUESTS_PER_SECOND} requests/second" among the onboarding requirements of an Entra gallery SCIM endpoint: provisioning traffic must be answered (2xx) at that rate.`,
      fix: 'Profile the slowest operation in the table below (often the userName filter lookup or PATCH of a large group): index userName, avoid full scans per request, and do not serialise requests behind one lock. Rate-limit above 25 requests per second, not below.',
      level: entra ? 'required' : 'recommended',
      refs: ['ENTRA-LOGIC-APP'],
      ...(rateCap !== undefined && rateCap < ENTRA_MIN_REQUESTS_PER_SECOND
        ? { notApplicable: `--rate ${rateCap} caps the traffic below ${ENTRA_MIN_REQUESTS_PER_SECOND} requests per second, so it cannot be judged` }
        : {}),
      checks: [{
        title: '2xx answers per second of traffic',
        ok: figures.throughputPerSecond >= ENTRA_MIN_REQUESTS_PER_SECOND,
        expected: `≥ ${ENTRA_MIN_REQUESTS_PER_SECOND}`,
        actual: figures.throughputPerSecond,
        message: `${figures.requests} requests in ${(outcome.trafficMs / 1000).toFixed(1)} s at up to ${options.concurrency} concurrent; ${figures.rateLimited} answered 429, ${figures.errors} errors`,
      }],
    },
    {
      id: 'load/no-errors-under-load',
      title: 'IdP-shaped provisioning requests succeed under load',
      requirement: 'Every request Okta or Entra sends while provisioning (lookup, create, update, group membership, deactivate) must succeed. Okta turns any non-2xx answer other than 429 into a failed provisioning task an admin must retry; Entra retries and then quarantines the job.',
      fix: 'Look at the first failed exchange below and the per-operation table: 5xx or timeouts under concurrency usually mean a lock, a connection-pool limit or a uniqueness race; answer 429 with Retry-After instead when overloaded.',
      level: 'required',
      refs: ['OKTA-SCIM', 'ENTRA-COMPAT', 'RFC7644-3.12'],
      checks: [
        { title: 'answers that were neither 2xx nor 429, and transport errors', ok: figures.errors === 0, expected: '0', actual: figures.errors, message: `error rate ${(figures.errorRate * 100).toFixed(2)} % of ${figures.requests}` },
        { title: 'groups for the membership traffic created (POST /Groups 201)', ok: groupsMissing.length === 0, expected: 'every client\'s group', actual: groupsMissing.length === 0 ? 'all created' : groupsMissing.map((g) => `${g.client}: ${g.status ?? 'no answer'}`).join(', ') },
      ],
      ...(firstTrouble ? { exchange: firstTrouble } : {}),
    },
    {
      id: 'load/rate-limit-sends-retry-after',
      title: 'A 429 carries Retry-After in whole seconds, as Okta honours it',
      requirement: 'Okta honours Retry-After exactly when it is an integer number of seconds; without it (or with an HTTP date) Okta waits 5 minutes, doubling on each further 429, and fails the task after 10 attempts.',
      fix: 'Send `Retry-After: <seconds>` (an integer) with every 429 Too Many Requests.',
      level: 'recommended',
      refs: ['OKTA-SCIM-RATE-LIMIT', 'RFC9110-10.2.3'],
      ...(outcome.rateLimits.length === 0 ? { notApplicable: 'the server never answered 429 at this load' } : {}),
      checks: [{ title: '429 answers with an integer Retry-After', ok: honoured === outcome.rateLimits.length, expected: String(outcome.rateLimits.length), actual: honoured }],
      ...(sample('first 429') ? { exchange: sample('first 429') } : {}),
    },
    {
      id: 'load/retry-after-is-enough',
      title: 'After waiting Retry-After, the retried request is served',
      requirement: `A client that waits what Retry-After asks must get through: Okta retries a rate-limited task up to ${OKTA_MAX_RATE_LIMITED_ATTEMPTS} times and then fails it for good. The probe waited as Okta does, cutting waits to the time left in --duration.`,
      fix: 'Make Retry-After say when capacity returns (the end of the rate-limit window), not a fixed small number.',
      level: 'recommended',
      refs: ['OKTA-SCIM-RATE-LIMIT', 'RFC9110-10.2.3'],
      ...(outcome.rateLimits.length === 0 ? { notApplicable: 'the server never answered 429 at this load' } : {}),
      checks: [{
        title: `requests still answered 429 after ${OKTA_MAX_RATE_LIMITED_ATTEMPTS} attempts`,
        ok: outcome.exhausted === 0,
        expected: '0',
        actual: outcome.exhausted,
        message: `${outcome.rateLimits.length} 429s; waited ${figures.retryAfterWaitedMs} ms in total; ${outcome.cutByDeadline} retries cut by the end of --duration; ${outcome.rateLimits.filter((e) => e.clamped).length} waits clamped`,
      }],
    },
    {
      id: 'load/latency-within-okta-timeout',
      title: `Every answer arrives within Okta's ${OKTA_TIMEOUT_MS / 1000} s timeout`,
      requirement: `Okta gives up on a SCIM request after ${OKTA_TIMEOUT_MS / 1000} s without an answer and records a failed task; the slowest answer under load must stay well inside it, and inside the probe's --timeout (60 s by default, Okta's).`,
      fix: 'See the latency chart and the slowest operation in the table; make it independent of the number of users (indexes, no full scans).',
      level: 'required',
      refs: ['OKTA-OIN'],
      checks: [
        { title: 'slowest answer (ms)', ok: figures.latencyMs.max < OKTA_TIMEOUT_MS, expected: `< ${OKTA_TIMEOUT_MS}`, actual: figures.latencyMs.max, message: latencyText(figures.latencyMs) },
        { title: `requests with no answer within --timeout ${options.timeoutMs} ms`, ok: timedOut === 0, expected: '0', actual: timedOut },
      ],
    },
    {
      id: 'load/created-users-read-back',
      title: 'Nothing was lost: every created user reads back with its acknowledged writes',
      requirement: 'A write answered 2xx must be stored (RFC 7644 §3.3 create, §3.5 modify): after the traffic, GET /Users/{id} of every user created must return it with the last acknowledged userName, name.familyName and active.',
      fix: 'Writes acknowledged under concurrency are being dropped or overwritten: commit before answering 2xx, and serialise or version concurrent updates of one resource (ETags, RFC 7644 §3.14).',
      level: 'required',
      refs: ['RFC7644-3.3', 'RFC7644-3.5.2', 'RFC7644-3.4.1'],
      ...(outcome.created.length === 0 ? { notApplicable: 'no user was created, so there was nothing to read back' } : {}),
      checks: [{
        title: 'users that read back as acknowledged',
        ok: outcome.lost.length === 0,
        expected: String(outcome.created.length),
        actual: outcome.verified,
        ...(outcome.lost.length > 0
          ? { message: `${outcome.lost.length} lost, e.g. ${outcome.lost.slice(0, 3).map((l) => `${l.id} (${l.client}): ${l.problem}`).join('; ')}` }
          : {}),
      }],
      ...(sample('read-back mismatch') ?? outcome.readBackExchange ? { exchange: sample('read-back mismatch') ?? outcome.readBackExchange } : {}),
    },
  ];
}

function toStep(j: Judgement, startedAt: string, durationMs: number, strict: boolean): StepResult {
  const assertions: AssertionResult[] = j.checks.map((c) => ({
    title: c.title,
    source: 'verify',
    level: j.level,
    verdict: c.ok ? 'pass' : failureVerdict(j.level, strict),
    expected: c.expected,
    actual: c.actual,
    ...(c.message !== undefined ? { message: c.message } : {}),
  }));
  const failed = assertions.filter((a) => a.verdict !== 'pass');
  const verdict: Verdict = j.notApplicable !== undefined ? 'n/a' : failed.length === 0 ? 'pass' : worstVerdict(failed.map((a) => a.verdict));
  const reason = j.notApplicable ?? (failed[0] !== undefined ? `${failed[0].title}: expected ${failed[0].expected}, got ${JSON.stringify(failed[0].actual)}${failed[0].message ? ` (${failed[0].message})` : ''}` : undefined);
  return {
    kind: 'request',
    stepId: j.id,
    title: j.title,
    requirement: j.requirement,
    fix: j.fix,
    level: j.level,
    refs: j.refs,
    verdict,
    ...(reason !== undefined ? { reason } : {}),
    ...(j.exchange ? { exchange: j.exchange } : {}),
    attempts: 1,
    assertions: j.notApplicable !== undefined ? [] : assertions,
    extractions: [],
    scripts: [],
    pausedMs: 0,
    startedAt,
    durationMs,
    runscopeVerdict: verdict === 'n/a' ? 'skip' : failed.length === 0 ? 'pass' : 'fail',
  };
}

/** The RunReport of a load run. `meta` comes from the command (run id, target, options). */
export function buildLoadReport(meta: RunMetadata, options: LoadOptions, outcome: LoadOutcome, complete: boolean): RunReport {
  const figures = loadFigures(options, outcome);
  const steps = judgements(options, outcome, figures).map((j) => toStep(j, outcome.startedAt, Math.round(outcome.trafficMs), meta.options.strict));
  const cleanup: CleanupResult[] = outcome.cleanup.map((c) => ({ ...c }));
  const verdicts = steps.map((s) => s.verdict);
  const suite: SuiteResult = {
    suiteId: 'load',
    name: `Load probe (${options.clients.join(' + ')} traffic)`,
    source: { format: 'native' },
    verdict: worstVerdict(verdicts),
    runscopeVerdict: steps.every((s) => s.runscopeVerdict !== 'fail') ? 'pass' : 'fail',
    counts: countVerdicts(verdicts),
    steps,
    cleanup,
  };
  return { ...buildReport(meta, [suite], complete), load: figures };
}

/** A console summary of the figures (stdout of the `load` command). */
export function describeLoad(figures: LoadFigures): string {
  const lines = [
    `traffic: ${figures.clients.join(' + ')}, ${figures.requests} requests, ${figures.throughputPerSecond} 2xx/s at up to ${figures.concurrency} concurrent${figures.ratePerSecond !== undefined ? ` (--rate ${figures.ratePerSecond})` : ''}`,
    `latency: ${latencyText(figures.latencyMs)}`,
    `errors: ${figures.errors} (${(figures.errorRate * 100).toFixed(2)} %) · 429: ${figures.rateLimited} (${(figures.rateLimitedRate * 100).toFixed(2)} %), waited ${figures.retryAfterWaitedMs} ms`,
    `users: ${figures.usersCreated} created, ${figures.usersVerified} read back as acknowledged`,
  ];
  return `${lines.join('\n')}\n`;
}

