/**
 * Runs one suite step by step. Used directly (runSuite) and by the mocha host, which calls
 * `runStep` from each mocha test. Cleanup always runs in `finish`, also after a failure or an
 * interrupt (DESIGN.md core decision 10).
 */
import { sendAuthorized } from '../http/oauth-send.js';
import type { Redactor } from '../http/redact.js';
import { createRedactor } from '../http/redact.js';
import type { CleanupResult, HttpExchange, StepResult, SuiteResult } from '../model/result.js';
import type { Feature, PauseStep, RequestStep, Step, Suite } from '../model/suite.js';
import { clientOf } from '../model/suite.js';
import { countVerdicts, worstVerdict } from '../model/verdict.js';
import { runScript } from '../script/sandbox.js';
import { placeBaseQuery } from '../scim/base-url.js';
import type { EmitEvent } from './events.js';
import { formatDuration, isoTime } from './duration.js';
import type { EngineOptions } from './options.js';
import { clampDelay, INTERRUPT_GRACE_MS, RunLifecycle, startStep } from './run-lifecycle.js';
import type { FeatureStatus, StepContext } from './run-step.js';
import { runRequestStep, scimBases, type ReadBackContext } from './run-step.js';
import { TargetHealth } from './target-health.js';
import { renderTemplate } from './template.js';
import type { TemplateFunctionContext } from './template-functions.js';
import { encodeUrl, renderUrlTemplate } from './url.js';
import type { VariableStore } from './variables.js';

/** What an Okta org emulator tells about its provisioning (a real org is not asked). */
export interface Provisioning {
  /** Every SCIM exchange it made, oldest first, redacted. */
  readonly log: () => readonly HttpExchange[];
  /** Every failed push, oldest first, as Okta's admin task words it. */
  readonly failures: () => readonly string[];
  /**
   * Resolves when every push started so far has completed or failed (the Okta org emulator
   * knows); absent for a real org, whose pushes are only seen through its API.
   */
  readonly settled?: () => Promise<void>;
  /**
   * A real org: why Okta says the push to this Okta user failed (the app user's `syncState`
   * ERROR, okta-wire.md §1.13), or undefined while it has not.
   */
  readonly pushError?: (oktaUserId: string) => Promise<string | undefined>;
}

/** Methods that do not write: the write a read-back reads back is the nearest step with another. */
const READ_METHODS = new Set(['GET', 'HEAD']);

export interface SessionOptions {
  readonly options: EngineOptions;
  readonly vars: VariableStore;
  readonly emit?: EmitEvent;
  readonly features?: (feature: Feature) => FeatureStatus;
  /** Step ids to run; others are reported as skip ("not selected"). Undefined = all. */
  readonly selected?: ReadonlySet<string>;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** The Okta org emulator's SCIM traffic and push failures, when one provisions for this suite. */
  readonly provisioning?: Provisioning;
  /** Shared by the run's sessions: origins that stopped answering. */
  readonly health?: TargetHealth;
  /** Shared by the run's sessions: interrupt, deadline and time budgets (one from `options.signal` when absent). */
  readonly lifecycle?: RunLifecycle;
}

/** Which step extracts each variable (for "skip: step X did not produce {{v}}"). */
export function variableProducers(suite: Suite): Map<string, string> {
  const producers = new Map<string, string>();
  for (const step of suite.steps) {
    if (step.kind !== 'request') continue;
    for (const x of step.extractions) if (!producers.has(x.name)) producers.set(x.name, step.id);
  }
  return producers;
}

export function defaultSleep(signal?: AbortSignal): (ms: number) => Promise<void> {
  return (ms) => new Promise((resolve) => {
    if (signal?.aborted || !(ms > 0)) return resolve();
    const timer = setTimeout(done, clampDelay(ms));
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export class SuiteSession {
  readonly suite: Suite;
  readonly #opts: SessionOptions;
  readonly #results: StepResult[] = [];
  readonly #ctx: StepContext;
  readonly #lifecycle: RunLifecycle;
  #pendingPauseMs = 0;
  /** Push failures the Okta org emulator had recorded when each write step started. */
  readonly #failuresBefore = new Map<string, number>();
  #initialError: string | undefined;
  #started = false;
  #provisioningStart = 0;
  #finished: Promise<SuiteResult> | undefined;
  #redactor: { readonly version: number; readonly auth: readonly string[]; readonly redact: Redactor } | undefined;

  constructor(suite: Suite, opts: SessionOptions) {
    this.suite = suite;
    this.#opts = opts;
    this.#lifecycle = opts.lifecycle ?? new RunLifecycle(opts.options.signal ? { signal: opts.options.signal } : {});
    const functions: TemplateFunctionContext = { random: opts.random ?? Math.random, now: Date.now };
    for (const input of suite.inputs) if (input.secret) opts.vars.markSecret(input.name);
    for (const name of suite.secretVariables ?? []) opts.vars.markSecret(name);
    this.#ctx = {
      suite,
      vars: opts.vars,
      // Steps see the run's stop signal (interrupt or deadline), not only the caller's interrupt.
      options: { ...opts.options, signal: this.#lifecycle.stop },
      redactor: () => this.redactor(),
      producers: variableProducers(suite),
      emit: opts.emit ?? (() => undefined),
      features: opts.features ?? (() => 'unknown'),
      functions,
      sleep: opts.sleep ?? defaultSleep(this.#lifecycle.stop),
      health: opts.health ?? new TargetHealth(),
    };
  }

  /**
   * A redactor for every secret known now. Kept while the secrets stay the same: a step asks for
   * it a dozen times (issue 10 item 3).
   */
  redactor(): Redactor {
    const version = this.#opts.vars.secretsVersion;
    const auth = this.#opts.options.auth?.secrets() ?? [];
    const kept = this.#redactor;
    if (kept !== undefined && kept.version === version && sameStrings(kept.auth, auth)) return kept.redact;
    const redact = createRedactor([...this.#opts.vars.secretValues(), ...auth]);
    this.#redactor = { version, auth: [...auth], redact };
    return redact;
  }

  /** Generates the random test data (native generator or Runscope initial script). */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#provisioningStart = this.#opts.provisioning?.log().length ?? 0;
    this.#ctx.emit({ kind: 'suite:start', suite: this.suite });
    const initial = this.suite.initial;
    if (!initial) return;
    if (initial.kind === 'generate') {
      for (const [k, v] of Object.entries(initial.generate(this.#ctx.functions.random))) {
        if (!this.#opts.vars.has(k) || this.#opts.vars.get(k) === undefined) this.#opts.vars.set(k, v, { kind: 'initial' });
      }
      return;
    }
    const outcome = runScript(initial.script, {
      variables: {
        get: (n) => this.#opts.vars.get(n),
        set: (n, v) => this.#opts.vars.set(String(n), typeof v === 'string' ? v : JSON.stringify(v) ?? String(v), { kind: 'initial' }),
      },
    }, this.redactor(), this.#opts.options.scriptTimeoutMs);
    // Runscope ignores assertions in the initial script; a script that breaks is an error.
    if (outcome.kind === 'error') this.#initialError = `initial script failed: ${outcome.error ?? ''}`;
  }

  /**
   * Runs (or skips, or pauses for) one step of this suite. Not an async function: the step's own
   * (#request, #pause) ends with {@link #done}, one promise per step fewer (issue 10 item 3).
   */
  runStep(step: Step): Promise<StepResult> {
    this.start();
    return step.kind === 'pause' ? this.#pause(step) : this.#request(step);
  }

  /** A step's result is kept and announced. */
  #done(result: StepResult): StepResult {
    this.#results.push(result);
    this.#ctx.emit({ kind: 'step:end', result, suite: this.suite });
    return result;
  }

  async #request(step: RequestStep): Promise<StepResult> {
    const paused = this.#pendingPauseMs;
    this.#pendingPauseMs = 0;
    // A step switched off in the definition does not count against the run (Runscope `skipped`).
    if (step.skip !== undefined) return this.#done(this.#notRun(step, 'skip', step.skip, 'skip'));
    if (this.#initialError) return this.#done(this.#notRun(step, 'error', this.#initialError));
    if (this.#opts.selected && !this.#opts.selected.has(step.id)) return this.#done(this.#notRun(step, 'skip', 'not selected', 'skip'));
    if (this.#lifecycle.stop.aborted) return this.#done(this.#stoppedBefore(step));
    if (this.#opts.provisioning && !READ_METHODS.has(step.request.method.toUpperCase())) {
      this.#failuresBefore.set(step.id, this.#opts.provisioning.failures().length);
    }
    // Per-step budget (run-lifecycle.ts): its read-back bound (or --settle's, for a read-back)
    // plus three times the request time limit, never more than what is left of the run.
    const retryBoundMs = Math.max(step.readBack?.boundMs ?? 0, paused, step.readBack ? this.#opts.options.settleMs ?? 0 : 0);
    const budgetMs = this.#lifecycle.stepBudgetMs(retryBoundMs, this.#opts.options.timeoutMs);
    const scope = startStep(this.#lifecycle, budgetMs);
    // The step's signals are made only when the step reads them (most steps never wait).
    const base = this.#ctx;
    // Listed, not spread: one object shape for every step's context.
    const ctx: StepContext = {
      suite: base.suite,
      vars: base.vars,
      options: base.options,
      redactor: base.redactor,
      producers: base.producers,
      emit: base.emit,
      features: base.features,
      functions: base.functions,
      health: base.health,
      signals: scope,
      sleep: this.#opts.sleep ?? ((ms) => defaultSleep(scope.stop)(ms)),
    };
    let result: StepResult;
    try {
      result = this.#explainAbort(await runRequestStep(step, ctx, paused, this.#readBackContext(step)), scope.requests.aborted, scope.budgetSpent(), budgetMs);
    } catch (e) {
      // Safety net: a step never throws by design; if a bug makes it, the run goes on and the
      // report says what happened instead of losing the step.
      const message = e instanceof Error ? e.message : String(e);
      result = this.#notRun(step, 'error', this.redactor()(`internal error while running the step: ${message}`));
    } finally {
      scope.end();
    }
    return this.#done(result);
  }

  /** A step the run stopped before: `skip` ("run interrupted") or `error` ("run deadline reached"). */
  #stoppedBefore(step: RequestStep): StepResult {
    const { verdict, reason } = this.#lifecycle.notRun();
    return this.#notRun(step, verdict, reason);
  }

  /**
   * A request we aborted is an `error` saying why (issue 15 item 5: "interrupted"), not the
   * transport layer's generic words.
   */
  #explainAbort(result: StepResult, aborted: boolean, budgetSpent: boolean, budgetMs: number): StepResult {
    if (!aborted || result.verdict !== 'error' || result.exchange?.transportError === undefined) return result;
    const reason = budgetSpent
      ? `step time budget spent: the request was aborted after ${formatDuration(Math.round(budgetMs))} (its read-back bound plus three times --timeout)`
      : this.#lifecycle.cause === 'deadline'
        ? `${this.#lifecycle.deadlineReason()}: the request in flight was aborted`
        : `interrupted: the request in flight was aborted ${formatDuration(INTERRUPT_GRACE_MS)} after the interrupt`;
    return { ...result, reason };
  }

  /**
   * For a read-back: why the server refused the write it reads back (a non-2xx answer or no
   * answer; undefined when it accepted it or sent nothing in this session), and a look-up of the
   * first push the Okta org emulator failed since that write started (Okta would show it as an
   * admin task; waiting longer cannot help).
   */
  #readBackContext(step: RequestStep): ReadBackContext {
    if (!step.readBack) return {};
    const steps = this.suite.steps;
    // The write it reads back: the one it names, else the last writing request step before it.
    let writerId = step.readBack.of;
    if (writerId === undefined) {
      const at = steps.indexOf(step);
      for (let i = (at < 0 ? steps.length - 1 : at) - 1; i >= 0; i -= 1) {
        const s = steps[i]!;
        if (s.kind === 'request' && !READ_METHODS.has(s.request.method.toUpperCase())) {
          writerId = s.id;
          break;
        }
      }
    }
    const before = writerId === undefined ? undefined : this.#failuresBefore.get(writerId);
    const provisioning = this.#opts.provisioning;
    let writer: RequestStep | undefined;
    for (const s of steps) {
      if (s.kind === 'request' && s.id === writerId) {
        writer = s;
        break;
      }
    }
    const viaOkta = writer !== undefined && /^\s*\{\{\s*oktaOrgUrl\s*\}\}/.test(writer.request.url);
    let exchange: HttpExchange | undefined;
    for (const r of this.#results) {
      if (r.stepId === writerId) {
        exchange = r.exchange;
        break;
      }
    }
    const oktaUserId = viaOkta && exchange ? oktaUserOf(exchange) : undefined;
    const pushError = provisioning?.pushError;
    const pushFailure = pushError !== undefined
      ? (oktaUserId !== undefined ? () => pushError(oktaUserId) : undefined)
      : provisioning && before !== undefined ? () => provisioning.failures()[before] : undefined;
    let refused: string | undefined;
    if (exchange !== undefined) {
      const status = exchange.response?.status;
      if (status === undefined) refused = `${writerId} got no answer`;
      else if (status < 200 || status >= 300) refused = `${writerId} was answered ${status}`;
    }
    const context: { -readonly [K in keyof ReadBackContext]: ReadBackContext[K] } = {};
    if (refused) context.refusedWrite = refused;
    if (pushFailure) context.pushFailure = pushFailure;
    if (viaOkta) context.viaOkta = viaOkta;
    if (viaOkta && provisioning?.settled) context.settled = provisioning.settled;
    return context;
  }

  /** A pause belongs to the request step after it: when that step is not selected, it is not waited. */
  #pauseApplies(step: PauseStep): boolean {
    if (!this.#opts.selected) return true;
    const steps = this.suite.steps;
    const next = steps.slice(steps.indexOf(step) + 1).find((s): s is RequestStep => s.kind === 'request');
    return next !== undefined && this.#opts.selected.has(next.id);
  }

  /** A pause step: waited when pauses are kept, else only counted (no async function then: nothing is awaited). */
  #pause(step: PauseStep): Promise<StepResult> {
    if (this.#lifecycle.stop.aborted) return Promise.resolve(this.#done(this.#pauseNotWaited(step, this.#lifecycle.notRun().reason)));
    const ms = this.#pauseApplies(step) ? step.seconds * 1000 : 0;
    const now = isoTime(Date.now());
    if (this.#opts.options.pauses === 'keep') return this.#ctx.sleep(ms).then(() => this.#paused(step, ms, now));
    return Promise.resolve(this.#paused(step, ms, now));
  }

  #paused(step: PauseStep, ms: number, now: string): StepResult {
    this.#pendingPauseMs += ms;
    return this.#done({
      kind: 'pause', stepId: step.id, title: `pause ${step.seconds} s`, level: 'optional', refs: ['RUNSCOPE'],
      verdict: 'pass', runscopeVerdict: 'pass', attempts: 0, assertions: [], extractions: [], scripts: [],
      pausedMs: this.#opts.options.pauses === 'keep' ? ms : 0, startedAt: now, durationMs: this.#opts.options.pauses === 'keep' ? ms : 0,
      reason: this.#opts.options.pauses === 'keep' ? `waited ${step.seconds} s as Runscope does` : `not waited (--pauses skip); the next read-back step retries for up to ${step.seconds} s instead`,
      ...(step.sourceIndex !== undefined ? { sourceIndex: step.sourceIndex } : {}),
    });
  }

  /** A pause the run stopped before (it is listed, so the report shows every step). */
  #pauseNotWaited(step: PauseStep, why: string): StepResult {
    return {
      kind: 'pause', stepId: step.id, title: `pause ${step.seconds} s`, level: 'optional', refs: ['RUNSCOPE'],
      verdict: 'skip', runscopeVerdict: 'skip', attempts: 0, assertions: [], extractions: [], scripts: [],
      pausedMs: 0, startedAt: isoTime(Date.now()), durationMs: 0, reason: `not waited: ${why}`,
      ...(step.sourceIndex !== undefined ? { sourceIndex: step.sourceIndex } : {}),
    };
  }

  #notRun(step: RequestStep, verdict: 'skip' | 'error', reason: string, runscopeVerdict: 'skip' | 'fail' = 'fail'): StepResult {
    return {
      kind: 'request', stepId: step.id, title: step.title, requirement: step.requirement, fix: step.fix,
      level: step.level, refs: step.refs, verdict, reason, attempts: 0, assertions: [], extractions: [], scripts: [],
      pausedMs: 0, startedAt: isoTime(Date.now()), durationMs: 0, runscopeVerdict,
      ...(step.sourceIndex !== undefined ? { sourceIndex: step.sourceIndex } : {}),
      ...clientOf(step, this.suite),
    };
  }

  /** Runs cleanup (unless test data is kept) and returns the suite's result. */
  finish(): Promise<SuiteResult> {
    this.#finished ??= this.#finish();
    return this.#finished;
  }

  async #finish(): Promise<SuiteResult> {
    this.start();
    const cleanup = await this.#cleanup();
    this.#listStepsNotRun();
    const requestResults = this.#results.filter((r) => r.kind === 'request');
    const verdicts = requestResults.map((r) => r.verdict);
    const provisioning = this.#opts.provisioning?.log().slice(this.#provisioningStart);
    const result: SuiteResult = {
      suiteId: this.suite.id,
      name: this.suite.name,
      source: this.suite.source,
      verdict: worstVerdict(verdicts),
      runscopeVerdict: requestResults.every((r) => r.runscopeVerdict !== 'fail') ? 'pass' : 'fail',
      counts: countVerdicts(verdicts),
      steps: this.#results,
      cleanup,
      ...(provisioning && provisioning.length ? { provisioning } : {}),
    };
    this.#ctx.emit({ kind: 'suite:end', result });
    return result;
  }

  /**
   * Every step of the suite is in its result (issue 15 item 4): after an interrupt or the
   * deadline, the steps never reached are listed with why, so counts and totals are honest.
   */
  #listStepsNotRun(): void {
    const done = new Set(this.#results.map((r) => r.stepId));
    for (const step of this.suite.steps) {
      if (done.has(step.id)) continue;
      if (step.kind === 'pause') {
        this.#results.push(this.#pauseNotWaited(step, this.#lifecycle.cause ? this.#lifecycle.notRun().reason : 'the run ended before it'));
      } else if (step.skip !== undefined) {
        this.#results.push(this.#notRun(step, 'skip', step.skip, 'skip'));
      } else if (this.#opts.selected && !this.#opts.selected.has(step.id)) {
        this.#results.push(this.#notRun(step, 'skip', 'not selected', 'skip'));
      } else if (this.#lifecycle.cause) {
        this.#results.push(this.#stoppedBefore(step));
      } else {
        this.#results.push(this.#notRun(step, 'error', 'not run: the run ended before this step'));
      }
    }
    const order = new Map(this.suite.steps.map((s, i) => [s.id, i]));
    this.#results.sort((a, b) => (order.get(a.stepId) ?? 0) - (order.get(b.stepId) ?? 0));
  }

  async #cleanup(): Promise<CleanupResult[]> {
    const out: CleanupResult[] = [];
    const lookup = (n: string): string | undefined => this.#opts.vars.get(n);
    const redact = this.redactor();
    for (const action of this.suite.cleanup) {
      if (!action.needs.every((n) => this.#opts.vars.get(n) !== undefined)) continue;
      const title = redact(renderTemplate(action.title, lookup).text);
      if (!action.request) {
        out.push({ title, ok: true, message: 'left in place' });
        continue;
      }
      if (this.#opts.options.keepTestData) {
        out.push({ title, ok: true, message: 'kept (--keep-test-data)' });
        continue;
      }
      let url: string;
      try {
        const rendered = renderUrlTemplate(action.request.url, lookup);
        if (rendered.errors.length) throw new Error(rendered.errors.join('; '));
        url = encodeUrl(placeBaseQuery(rendered.text, scimBases(lookup)), this.#opts.options.queryEncoding);
      } catch (e) {
        out.push({ title, ok: false, message: (e as Error).message });
        continue;
      }
      const unresponsive = this.#ctx.health.unresponsive(url);
      if (unresponsive !== undefined) {
        out.push({ title, ok: false, message: unresponsive });
        continue;
      }
      // After an interrupt or the deadline, cleanup has its own small bound (run-lifecycle.ts).
      const timeoutMs = this.#lifecycle.cleanupTimeoutMs(this.#opts.options.timeoutMs);
      if (timeoutMs <= 0) {
        out.push({ title, ok: false, message: 'not attempted: the time allowed for cleanup after the run stopped was spent; delete it by hand' });
        continue;
      }
      const body = action.request.body === undefined ? undefined : renderTemplate(action.request.body, lookup).text;
      // Sent while the run goes on: an interrupt ends it after the post-stop bound (run-lifecycle.ts).
      const signal = this.#lifecycle.cause === undefined ? this.#lifecycle.cleanupRequests : undefined;
      const res = await sendAuthorized({
        method: action.request.method,
        url,
        headers: action.request.headers.map(([n, v]) => [n, renderTemplate(v, lookup).text] as const),
        ...(body !== undefined ? { body } : {}),
        timeoutMs,
        ...(signal ? { signal } : {}),
      }, this.#opts.options.auth);
      this.#ctx.health.note(url, res);
      out.push(res.ok
        ? { title, ok: res.response.status < 300 || res.response.status === 404, status: res.response.status }
        : { title, ok: false, message: redact(res.error.message) });
    }
    return out;
  }
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The Okta user a Management API write acted on: `/api/v1/users/{id}…`,
 * `/api/v1/apps/{app}/users/{id}`, or the `id` of an assignment body.
 */
function oktaUserOf(exchange: HttpExchange): string | undefined {
  const path = exchange.request.url.replace(/^https?:\/\/[^/]+/i, '').split('?')[0] ?? '';
  const m = /\/api\/v1\/(?:apps\/[^/]+\/)?users\/([^/]+)/.exec(path);
  if (m?.[1] !== undefined) {
    try {
      return decodeURIComponent(m[1]);
    } catch {
      return undefined;
    }
  }
  const body = exchange.request.body?.text;
  if (body === undefined) return undefined;
  try {
    const parsed = JSON.parse(body) as { id?: unknown };
    return typeof parsed.id === 'string' ? parsed.id : undefined;
  } catch {
    return undefined;
  }
}
