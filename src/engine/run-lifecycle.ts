/**
 * How a run ends early, and how long anything may take (issue 14 items 1 and 4, issue 15 items
 * 4–5). One per run, shared by every suite session:
 * - **interrupt** (Ctrl-C, SIGTERM, SIGHUP: the caller's `signal`): nothing new is sent, waits
 *   end, and the request in flight gets {@link INTERRUPT_GRACE_MS} to finish (so whatever it
 *   created is known and cleaned up) before it is aborted. Steps not run are `skip`
 *   ("run interrupted"); the report is marked `complete: false`.
 * - **deadline** (`maxDurationMs`, the CLI's `--max-duration`): nothing new is sent and the
 *   request in flight gets the same grace period (a create cut off before its answer would leave
 *   test data nobody can clean up). Steps not run are `error` ("run deadline reached"); the
 *   report is complete (every step has a verdict).
 * - **per-step budget**: a step may take its read-back bound plus three times the request time
 *   limit (its last attempt may start just before the bound passes; a read-back's confirming
 *   re-read; the run's first POST also reads /Schemas and /ResourceTypes), and never more than
 *   what is left of the run.
 * - **cleanup after either**: each cleanup request gets at most {@link CLEANUP_REQUEST_TIMEOUT_MS},
 *   all of them together at most {@link CLEANUP_BUDGET_MS} after the grace period that follows
 *   the deadline or the interrupt (so a stopped run ends within about 12 s); what does not fit is listed as not
 *   cleaned up. Cleanup requests are never aborted by the deadline itself; one already under
 *   way when the run stops ends within {@link CLEANUP_REQUEST_TIMEOUT_MS} of the stop.
 */
import { formatDuration } from './duration.js';
import { clampDelay, deadlineIn, schedule, unschedule, type DeadlineEntry } from '../http/timer-delay.js';
import type { AbortSource } from '../http/send.js';

// The timer limits are the http layer's (a request's own timer needs them too); re-exported here.
export { clampDelay, MAX_TIMER_MS } from '../http/timer-delay.js';

/** How long the request in flight may still take after an interrupt (issue 15 item 5). */
export const INTERRUPT_GRACE_MS = 2_000;
/** Time limit of each cleanup request once the run was interrupted or hit its deadline. */
export const CLEANUP_REQUEST_TIMEOUT_MS = 5_000;
/** Time all cleanup requests together may take once the run was interrupted or hit its deadline. */
export const CLEANUP_BUDGET_MS = 10_000;
/** Request time limits a step's budget allows beyond its read-back bound (see the file comment). */
export const STEP_REQUESTS = 3;
/** `--max-duration` when none is given: 5 minutes for the whole run. */
export const DEFAULT_MAX_DURATION_MS = 5 * 60_000;

/** Why the run stopped early. */
export type StopCause = 'interrupted' | 'deadline';

/** The verdict and reason of a step the run never reached. */
export interface NotRunVerdict {
  readonly verdict: 'skip' | 'error';
  readonly reason: string;
}

export interface RunLifecycleOptions {
  /** The caller's interrupt (the CLI aborts it on SIGINT, SIGTERM and SIGHUP). */
  readonly signal?: AbortSignal;
  /** Time budget of the whole run; none when undefined. */
  readonly maxDurationMs?: number;
  /** When the budget started counting (epoch ms); default now. */
  readonly startedAt?: number;
}

/** The interrupt, deadline and time budgets of one run. */
export class RunLifecycle {
  readonly #stop = new AbortController();
  readonly #requests = new AbortController();
  readonly #cleanupRequests = new AbortController();
  readonly #deadline: number | undefined;
  readonly #maxDurationMs: number | undefined;
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #signal: AbortSignal | undefined;
  #cause: StopCause | undefined;
  #interrupted = false;
  #cleanupEnds: number | undefined;
  readonly #onInterrupt = (): void => this.#interrupt();
  /**
   * The step scopes that made a signal of their own from the run's: told when the run's signals
   * fire, instead of each adding and removing an event listener (issue 10 item 3).
   */
  readonly #scopes = new Set<Scope>();

  constructor(options: RunLifecycleOptions = {}) {
    this.#stop.signal.addEventListener('abort', () => { for (const scope of this.#scopes) scope.runStopped(); }, { once: true });
    this.#requests.signal.addEventListener('abort', () => { for (const scope of this.#scopes) scope.runRequestsAborted(); }, { once: true });
    this.#maxDurationMs = options.maxDurationMs;
    if (options.maxDurationMs !== undefined) {
      this.#deadline = (options.startedAt ?? Date.now()) + options.maxDurationMs;
      const timer = setTimeout(() => this.#reachDeadline(), clampDelay(this.#deadline - Date.now()));
      // The run's own work keeps the process alive; this timer alone must not.
      timer.unref();
      this.#timers.push(timer);
    }
    if (options.signal?.aborted) this.#interrupt();
    else options.signal?.addEventListener('abort', this.#onInterrupt, { once: true });
    this.#signal = options.signal;
  }

  /** @internal A step scope follows the run's signals until {@link unfollow}. */
  follow(scope: Scope): void {
    this.#scopes.add(scope);
  }

  /** @internal */
  unfollow(scope: Scope): void {
    this.#scopes.delete(scope);
  }

  /** Aborted on an interrupt or at the deadline: start nothing new, end every wait. */
  get stop(): AbortSignal {
    return this.#stop.signal;
  }

  /** Aborts requests in flight: {@link INTERRUPT_GRACE_MS} after an interrupt or the deadline. */
  get requests(): AbortSignal {
    return this.#requests.signal;
  }

  /** True once the caller's signal fired (the report is then incomplete). */
  get interrupted(): boolean {
    return this.#interrupted;
  }

  /** What stopped the run first, if anything. */
  get cause(): StopCause | undefined {
    return this.#cause;
  }

  /** Milliseconds left of the run's budget (Infinity without one). */
  remainingMs(): number {
    return this.#deadline === undefined ? Infinity : Math.max(0, this.#deadline - Date.now());
  }

  /** The verdict of a step the run did not reach because it stopped. */
  notRun(): NotRunVerdict {
    if (this.#cause === 'deadline') return { verdict: 'error', reason: this.deadlineReason() };
    return { verdict: 'skip', reason: 'run interrupted' };
  }

  /** `run deadline reached (--max-duration 10 s)`. */
  deadlineReason(): string {
    return `run deadline reached (--max-duration ${formatDuration(this.#maxDurationMs ?? 0)})`;
  }

  /**
   * Time a step may take: its read-back bound plus three times the request time limit, and never more
   * than what is left of the run (Infinity when neither bounds it).
   */
  stepBudgetMs(boundMs: number, timeoutMs: number): number {
    return Math.min(boundMs + STEP_REQUESTS * timeoutMs, this.remainingMs());
  }

  /**
   * Time limit of the next cleanup request: `timeoutMs` while the run goes on; after an
   * interrupt or the deadline at most {@link CLEANUP_REQUEST_TIMEOUT_MS} each and
   * {@link CLEANUP_BUDGET_MS} for all together (counted from the end of the grace period after
   * the deadline or the interrupt, so the whole stop stays bounded); 0 when
   * that budget is spent (the request is not sent).
   */
  cleanupTimeoutMs(timeoutMs: number): number {
    // While the run goes on, a cleanup request may not outlast the deadline by more than one
    // post-stop cleanup request would (the deadline does not abort cleanup).
    if (this.#cause === undefined) return Math.min(timeoutMs, this.remainingMs() + CLEANUP_REQUEST_TIMEOUT_MS);
    this.#cleanupEnds ??= Date.now() + CLEANUP_BUDGET_MS; // set at the stop; kept as a safety net
    const left = this.#cleanupEnds - Date.now();
    return left <= 0 ? 0 : Math.min(timeoutMs, CLEANUP_REQUEST_TIMEOUT_MS, left);
  }

  /**
   * For a cleanup request sent while the run goes on: aborted {@link CLEANUP_REQUEST_TIMEOUT_MS}
   * after an interrupt (a second signal is not needed to end a 30 s cleanup request).
   */
  get cleanupRequests(): AbortSignal {
    return this.#cleanupRequests.signal;
  }

  /** Clears the timers and the listener (the run is over). */
  dispose(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#signal?.removeEventListener('abort', this.#onInterrupt);
  }

  #interrupt(): void {
    this.#interrupted = true;
    if (this.#cause !== undefined) return;
    this.#cause = 'interrupted';
    this.#cleanupEnds = Date.now() + INTERRUPT_GRACE_MS + CLEANUP_BUDGET_MS;
    this.#stop.abort(new Error('run interrupted'));
    // The deadline no longer matters: the interrupt bounds the run now.
    const grace = setTimeout(() => this.#requests.abort(new Error('run interrupted')), INTERRUPT_GRACE_MS);
    grace.unref();
    const cleanup = setTimeout(() => this.#cleanupRequests.abort(new Error('run interrupted')), CLEANUP_REQUEST_TIMEOUT_MS);
    cleanup.unref();
    this.#timers.push(grace, cleanup);
  }

  #reachDeadline(): void {
    if (this.#cause !== undefined) return; // interrupted first: its grace period runs already
    this.#cause = 'deadline';
    this.#cleanupEnds = Date.now() + INTERRUPT_GRACE_MS + CLEANUP_BUDGET_MS;
    this.#stop.abort(new Error('run deadline reached'));
    const grace = setTimeout(() => this.#requests.abort(new Error('run deadline reached')), INTERRUPT_GRACE_MS);
    grace.unref();
    this.#timers.push(grace);
  }
}

/** The signals of one step: the run's, plus the step's own budget. */
export interface StepScope {
  /** Start nothing new, end waits: the run stopped or the step's budget is spent. */
  readonly stop: AbortSignal;
  /**
   * Abort the request in flight: the run's request signal, or the step's budget spent. Not an
   * AbortSignal: the request path reads no more than an {@link AbortSource}.
   */
  readonly requests: AbortSource;
  /** True when the step's own budget (not the run) ended it. */
  budgetSpent(): boolean;
  /** Clears the budget timer and the listeners. */
  end(): void;
}

/**
 * Signals for one step that may take at most `budgetMs` (Infinity: only the run bounds it).
 * Each signal is made when first asked for (most steps never wait, so never ask for `stop`),
 * and the scope is an object with methods, not closures: a run starts one per request step
 * (issue 10 item 3).
 */
export function startStep(run: RunLifecycle, budgetMs: number): StepScope {
  return new Scope(run, budgetMs);
}

const BUDGET_SPENT = 'step time budget spent';

class Scope implements StepScope, DeadlineEntry {
  readonly #run: RunLifecycle;
  /** When the step's budget is spent (this object is its own entry on the shared timer); Infinity: never. */
  readonly at: number = Infinity;
  #stop: AbortController | undefined;
  #requests: StepAbort | undefined;
  /** The step's budget ran out (its own timer fired), whatever stopped the run. */
  #expired: Error | undefined;
  #spent = false;

  constructor(run: RunLifecycle, budgetMs: number) {
    this.#run = run;
    // A budget that is what is left of the run is the run's deadline: its reason, not the step's.
    if (Number.isFinite(budgetMs) && budgetMs < run.remainingMs()) {
      this.at = deadlineIn(budgetMs);
      schedule(this);
    }
  }

  /** The budget is spent. */
  fire(): void {
    this.#expire();
  }

  get stop(): AbortSignal {
    this.#stop ??= this.#follow(this.#run.stop, new AbortController());
    return this.#stop.signal;
  }

  get requests(): AbortSource {
    this.#requests ??= this.#follow(this.#run.requests, new StepAbort());
    return this.#requests;
  }

  /** `target`, aborted when `runSignal` is, or at once when it (or this step's budget) already ran out. */
  #follow<T extends { abort(reason: unknown): void }>(runSignal: AbortSignal, target: T): T {
    if (runSignal.aborted) target.abort(runSignal.reason);
    else if (this.#expired !== undefined) target.abort(this.#expired);
    else this.#run.follow(this);
    return target;
  }

  budgetSpent(): boolean {
    return this.#spent;
  }

  /** The run's stop signal fired. */
  runStopped(): void {
    this.#stop?.abort(this.#run.stop.reason);
  }

  /** The run's requests signal fired. */
  runRequestsAborted(): void {
    this.#requests?.abort(this.#run.requests.reason);
  }

  #expire(): void {
    // Spent only when the run had not stopped the step already.
    this.#spent = !(this.#run.stop.aborted || (this.#stop?.signal.aborted ?? false));
    const reason = new Error(BUDGET_SPENT);
    this.#expired = reason;
    this.#stop?.abort(reason);
    this.#requests?.abort(reason);
  }

  end(): void {
    if (this.at !== Infinity) unschedule(this);
    this.#run.unfollow(this);
  }
}

/**
 * A step's request signal: what an AbortSignal does for the request path (aborted, reason, abort
 * listeners), without the EventTarget behind it. A run makes one per request step, and the
 * request adds and removes a listener on it each time.
 */
class StepAbort implements AbortSource {
  aborted = false;
  reason: unknown = undefined;
  #listeners: EventListenerOrEventListenerObject[] = [];

  addEventListener(_type: 'abort', listener: EventListenerOrEventListenerObject): void {
    // As on an AbortSignal: a listener added once aborted is never called.
    if (!this.aborted && !this.#listeners.includes(listener)) this.#listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: EventListenerOrEventListenerObject): void {
    const at = this.#listeners.indexOf(listener);
    if (at >= 0) this.#listeners.splice(at, 1);
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.#listeners;
    this.#listeners = [];
    const event = new Event('abort');
    for (const listener of listeners) {
      if (typeof listener === 'function') listener.call(this, event);
      else listener.handleEvent(event);
    }
  }
}

