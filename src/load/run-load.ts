/**
 * The load probe's driver (issue 10 item 5): bounded, IdP-shaped provisioning traffic for a
 * fixed duration at up to `concurrency` requests in flight (and at most `ratePerSecond`
 * started per second, when given), then a read-back of every created user and cleanup.
 *
 * 429s are handled as Okta does (retry-after.ts), with every wait clamped to the time left:
 * a server's delay never makes the probe outlive its duration. Nothing of a response is kept
 * beyond its status, its latency and a few capped sample exchanges.
 */
import { parseBoundedJson } from '../http/bounded-json.js';
import { recordExchange as record } from '../http/record-exchange.js';
import { createRedactor, type Redactor } from '../http/redact.js';
import { tryPathSegment } from '../http/url-segment.js';
import { sendRequest, type SendOutcome } from '../http/send.js';
import type { HeaderList, HttpExchange } from '../model/result.js';
import { joinScimUrl } from '../scim/base-url.js';
import type { JsonObject } from '../scim/json-value.js';
import { groupBody, LOAD_PASSWORD_SECRET, runJourney, type ExpectedUser, type LoadClient, type LoadOperation } from './idp-traffic.js';
import { OKTA_MAX_RATE_LIMITED_ATTEMPTS, oktaRetryWait } from './retry-after.js';

/** What the probe runs against, and how hard. */
export interface LoadOptions {
  readonly baseUrl: string;
  /** The Authorization header value; redacted from everything kept. */
  readonly authorization: string;
  readonly durationMs: number;
  readonly concurrency: number;
  /** At most this many requests started per second; unlimited when absent. */
  readonly ratePerSecond?: number;
  readonly clients: readonly LoadClient[];
  /** Per-request limit; Okta gives a SCIM server 60 s (okta-wire.md §1.13). */
  readonly timeoutMs: number;
  /** Names of everything created start with it (DESIGN.md decision 10: namespaced test data). */
  readonly namePrefix: string;
  readonly signal?: AbortSignal;
}

/** One request of the traffic phase. */
export interface LoadSample {
  readonly client: LoadClient;
  readonly op: LoadOperation;
  /** Start, ms after the traffic began. */
  readonly atMs: number;
  readonly latencyMs: number;
  /** HTTP status; undefined for a transport error. */
  readonly status?: number;
  /** No complete answer within the per-request timeout. */
  readonly timedOut?: true;
}

/** A 429 the probe saw, and what came of honouring it. */
export interface RateLimitEvent {
  readonly retryAfter?: string;
  /** Retry-After was integer seconds, the only form Okta honours. */
  readonly honoured: boolean;
  readonly waitedMs: number;
  /** The wait was cut to the time left (the server asked for longer than the probe had). */
  readonly clamped: boolean;
}

/** A read-back that did not match the acknowledged writes. */
export interface LostWrite {
  readonly client: LoadClient;
  readonly id: string;
  readonly problem: string;
}

/** Everything the driver measured; load-report.ts turns it into a RunReport. */
export interface LoadOutcome {
  readonly startedAt: string;
  readonly trafficMs: number;
  readonly samples: readonly LoadSample[];
  readonly rateLimits: readonly RateLimitEvent[];
  /** Requests that still got 429 after Okta's 10 attempts. */
  readonly exhausted: number;
  /** Requests not retried because the duration ended during a 429 wait. */
  readonly cutByDeadline: number;
  readonly created: readonly ExpectedUser[];
  readonly verified: number;
  readonly lost: readonly LostWrite[];
  readonly readBackExchange?: HttpExchange;
  /** First exchange of each kind of trouble (non-2xx per operation, first 429), capped. */
  readonly samplesKept: readonly { readonly label: string; readonly exchange: HttpExchange }[];
  readonly groups: readonly { readonly client: LoadClient; readonly id?: string; readonly status?: number }[];
  readonly cleanup: readonly { readonly title: string; readonly ok: boolean; readonly status?: number; readonly message?: string }[];
}

const MAX_KEPT_EXCHANGES = 12;

function recordExchange(method: string, url: string, headers: HeaderList, body: string | undefined, outcome: SendOutcome, redact: Redactor): HttpExchange {
  return record({ method, url, headers, ...(body === undefined ? {} : { body }) }, outcome, redact);
}

function header(headers: HeaderList, name: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

/** Sleeps `ms`, or less when `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) { resolve(); return; }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Runs the probe: traffic for `durationMs`, then read-back and cleanup. Never throws for target trouble. */
export async function runLoad(options: LoadOptions): Promise<LoadOutcome> {
  const redact = createRedactor([options.authorization, LOAD_PASSWORD_SECRET]);
  const baseHeaders: HeaderList = [
    ['Accept', 'application/scim+json'],
    ['Authorization', options.authorization],
  ];
  const kept: { label: string; exchange: HttpExchange }[] = [];
  const keptLabels = new Set<string>();
  const keep = (label: string, exchange: () => HttpExchange): void => {
    if (kept.length >= MAX_KEPT_EXCHANGES || keptLabels.has(label)) return;
    keptLabels.add(label);
    kept.push({ label, exchange: exchange() });
  };

  /** One request outside the measured traffic (setup, read-back, cleanup). */
  const request = async (method: string, path: string, body?: JsonObject): Promise<{ outcome: SendOutcome; url: string; text?: string; headers: HeaderList }> => {
    const url = joinScimUrl(options.baseUrl, path);
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers: HeaderList = text === undefined ? baseHeaders : [...baseHeaders, ['Content-Type', 'application/scim+json']];
    let outcome = await sendRequest({ method, url, headers, ...(text === undefined ? {} : { body: text }), timeoutMs: options.timeoutMs });
    // Outside the measured traffic (setup, read-back, cleanup) a 429 is not a finding: wait as
    // told (an unusable Retry-After: 2 s, not Okta's 5 minutes), at most 10 s a time, up to
    // Okta's 10 attempts — so a rate-limited read-back is never mistaken for a lost write.
    for (let attempt = 1; outcome.ok && outcome.response.status === 429 && attempt < OKTA_MAX_RATE_LIMITED_ATTEMPTS && options.signal?.aborted !== true; attempt += 1) {
      const decision = oktaRetryWait(header(outcome.response.headers, 'retry-after'), 0);
      await sleep(decision.honoured ? Math.min(decision.waitMs, 10_000) : 2_000, options.signal);
      outcome = await sendRequest({ method, url, headers, ...(text === undefined ? {} : { body: text }), timeoutMs: options.timeoutMs });
    }
    return { outcome, url, headers, ...(text === undefined ? {} : { text }) };
  };
  const jsonOf = (outcome: SendOutcome): unknown => {
    if (!outcome.ok || outcome.response.text.trim() === '') return undefined;
    const parsed = parseBoundedJson(outcome.response.text);
    return parsed.ok ? parsed.value : undefined;
  };

  // Setup: one group per client, in its own shape, for the membership traffic.
  const groups: { client: LoadClient; id?: string; status?: number }[] = [];
  for (const client of options.clients) {
    const { outcome, url, headers, text } = await request('POST', '/Groups', groupBody(client, `${options.namePrefix}-${client}-group`));
    const json = jsonOf(outcome);
    const id = typeof json === 'object' && json !== null ? (json as Record<string, unknown>)['id'] : undefined;
    if (!outcome.ok || outcome.response.status !== 201) keep(`group create (${client})`, () => recordExchange('POST', url, headers, text, outcome, redact));
    groups.push({ client, ...(typeof id === 'string' ? { id } : {}), ...(outcome.ok ? { status: outcome.response.status } : {}) });
  }

  // Traffic.
  const samples: LoadSample[] = [];
  const rateLimits: RateLimitEvent[] = [];
  let exhausted = 0;
  let cutByDeadline = 0;
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const deadline = started + options.durationMs;
  const remaining = (): number => deadline - performance.now();
  const over = (): boolean => remaining() <= 0 || options.signal?.aborted === true;
  const interval = options.ratePerSecond !== undefined && options.ratePerSecond > 0 ? 1000 / options.ratePerSecond : 0;
  let nextSlot = started;
  /** Waits for this request's start slot under --rate; false when the slot is past the deadline. */
  const slot = async (): Promise<boolean> => {
    if (interval === 0) return !over();
    const at = Math.max(nextSlot, performance.now());
    nextSlot = at + interval;
    if (at >= deadline) return false;
    await sleep(at - performance.now(), options.signal);
    return !over();
  };

  const makeSend = (client: LoadClient) => async (op: LoadOperation, method: string, path: string, body?: JsonObject) => {
    const url = joinScimUrl(options.baseUrl, path);
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers: HeaderList = text === undefined ? baseHeaders : [...baseHeaders, ['Content-Type', 'application/scim+json']];
    let defaults = 0;
    for (let attempt = 1; ; attempt += 1) {
      if (!(await slot())) return undefined;
      const atMs = performance.now() - started;
      // Not aborted by an interrupt: like `run`, Ctrl-C stops after the requests in flight, so
      // every user the server created is known and cleaned up.
      const outcome = await sendRequest({ method, url, headers, ...(text === undefined ? {} : { body: text }), timeoutMs: options.timeoutMs });
      samples.push({ client, op, atMs, latencyMs: outcome.totalMs, ...(outcome.ok ? { status: outcome.response.status } : outcome.error.code === 'ETIMEDOUT' ? { timedOut: true } : {}) });
      if (!outcome.ok) {
        keep(`${op} (${client}): transport error`, () => recordExchange(method, url, headers, text, outcome, redact));
        return {};
      }
      const status = outcome.response.status;
      if (status !== 429) {
        if (status >= 300) keep(`${op} (${client}): ${status}`, () => recordExchange(method, url, headers, text, outcome, redact));
        return { status, json: jsonOf(outcome) };
      }
      keep('first 429', () => recordExchange(method, url, headers, text, outcome, redact));
      const retryAfter = header(outcome.response.headers, 'retry-after');
      const decision = oktaRetryWait(retryAfter, defaults);
      if (!decision.honoured) defaults += 1;
      const left = Math.max(0, remaining());
      const waitMs = Math.min(decision.waitMs, left);
      rateLimits.push({ ...(retryAfter === undefined ? {} : { retryAfter }), honoured: decision.honoured, waitedMs: Math.round(waitMs), clamped: waitMs < decision.waitMs });
      if (attempt >= OKTA_MAX_RATE_LIMITED_ATTEMPTS) {
        exhausted += 1;
        return { status };
      }
      await sleep(waitMs, options.signal);
      if (over()) {
        cutByDeadline += 1;
        return undefined;
      }
    }
  };

  const created: ExpectedUser[] = [];
  let journeys = 0;
  const worker = async (): Promise<void> => {
    while (!over()) {
      const n = journeys;
      journeys += 1;
      const client = options.clients[n % options.clients.length] ?? 'okta';
      const groupId = groups.find((g) => g.client === client)?.id;
      const userName = `${options.namePrefix}-${n}@example.com`;
      const user = await runJourney(client, makeSend(client), userName, n, groupId);
      if (user !== undefined) created.push(user);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, () => worker()));
  const trafficMs = performance.now() - started;

  // Read-back: every acknowledged create, with its last acknowledged state (nothing lost).
  const lost: LostWrite[] = [];
  let verified = 0;
  let readBackExchange: HttpExchange | undefined;
  const queue = [...created];
  const reader = async (): Promise<void> => {
    for (let user = queue.shift(); user !== undefined; user = queue.shift()) {
      const segment = tryPathSegment(user.id);
      if (segment === undefined) {
        lost.push({ client: user.client, id: user.id, problem: 'the server gave an id no URL can carry (empty, a dot segment or a lone surrogate): the user cannot be read back' });
        continue;
      }
      const { outcome, url, headers } = await request('GET', `/Users/${segment}`);
      readBackExchange ??= recordExchange('GET', url, headers, undefined, outcome, redact);
      const problem = readBackProblem(user, outcome, jsonOf(outcome));
      if (problem === undefined) verified += 1;
      else {
        lost.push({ client: user.client, id: user.id, problem });
        keep('read-back mismatch', () => recordExchange('GET', url, headers, undefined, outcome, redact));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, 16)) }, () => reader()));

  // Cleanup: everything created, users then groups (DESIGN.md decision 10).
  const cleanup: { title: string; ok: boolean; status?: number; message?: string }[] = [];
  const toDelete = [...created];
  let deleted = 0;
  const failures: string[] = [];
  const deleter = async (): Promise<void> => {
    for (let user = toDelete.shift(); user !== undefined; user = toDelete.shift()) {
      const segment = tryPathSegment(user.id);
      if (segment === undefined) {
        if (failures.length < 3) failures.push(`${JSON.stringify(user.id)}: an id no URL can carry, not sent`);
        continue;
      }
      const { outcome } = await request('DELETE', `/Users/${segment}`);
      // 404: already gone (a server that lost it) — nothing left behind.
      if (outcome.ok && (outcome.response.status < 300 || outcome.response.status === 404)) deleted += 1;
      else if (failures.length < 3) failures.push(`${user.id}: ${outcome.ok ? `HTTP ${outcome.response.status}` : outcome.error.message}`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, 16)) }, () => deleter()));
  if (created.length > 0) {
    cleanup.push({
      title: `${created.length} SCIM user(s) the load probe created (${options.namePrefix}-*)`,
      ok: deleted === created.length,
      ...(deleted === created.length ? {} : { message: `${created.length - deleted} not deleted, e.g. ${failures.join('; ')}` }),
    });
  }
  for (const group of groups) {
    if (group.id === undefined) continue;
    const segment = tryPathSegment(group.id);
    if (segment === undefined) {
      cleanup.push({ title: `SCIM group ${options.namePrefix}-${group.client}-group (${group.id})`, ok: false, message: 'an id no URL can carry: not sent' });
      continue;
    }
    const { outcome } = await request('DELETE', `/Groups/${segment}`);
    const ok = outcome.ok && outcome.response.status < 300;
    cleanup.push({
      title: `SCIM group ${options.namePrefix}-${group.client}-group (${group.id})`,
      ok,
      ...(outcome.ok ? { status: outcome.response.status } : { message: outcome.error.message }),
    });
  }

  return {
    startedAt,
    trafficMs,
    samples,
    rateLimits,
    exhausted,
    cutByDeadline,
    created,
    verified,
    lost,
    ...(readBackExchange ? { readBackExchange } : {}),
    samplesKept: kept,
    groups,
    cleanup,
  };
}

/** Why a read-back does not show the acknowledged state; undefined when it does. */
function readBackProblem(user: ExpectedUser, outcome: SendOutcome, json: unknown): string | undefined {
  if (!outcome.ok) return `no answer: ${outcome.error.message}`;
  if (outcome.response.status !== 200) return `GET answered ${outcome.response.status}`;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'the body is not a JSON object';
  const body = json as Record<string, unknown>;
  const name = typeof body['name'] === 'object' && body['name'] !== null ? (body['name'] as Record<string, unknown>) : {};
  const userName = body['userName'];
  if (typeof userName !== 'string' || userName.toLowerCase() !== user.userName.toLowerCase()) return `userName is ${JSON.stringify(userName)}, not ${JSON.stringify(user.userName)}`;
  if (name['familyName'] !== user.familyName) return `name.familyName is ${JSON.stringify(name['familyName'])}, not the acknowledged ${JSON.stringify(user.familyName)}`;
  if (body['active'] !== user.active) return `active is ${JSON.stringify(body['active'])}, not the acknowledged ${String(user.active)}`;
  return undefined;
}
