/** The longest delay Node's timers accept (2^31 − 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/** A delay we may hand to setTimeout: not negative, not NaN, at most {@link MAX_TIMER_MS} and `maxMs`. */
export function clampDelay(ms: number, maxMs: number = MAX_TIMER_MS): number {
  if (!(ms > 0)) return 0;
  return Math.min(ms, maxMs, MAX_TIMER_MS);
}

/** A callback due at a time on the shared timer ({@link atDeadline}); `cancel` forgets it. */
export interface Deadline {
  cancel(): void;
}

/**
 * What the shared timer keeps: when (a `performance.now()` time) and what to do then. An object
 * that is its own entry ({@link schedule}) costs no entry object and no closure of its own.
 */
export interface DeadlineEntry {
  readonly at: number;
  fire(): void;
}

class PendingDeadline implements Deadline, DeadlineEntry {
  constructor(readonly at: number, readonly fire: () => void) {}

  cancel(): void {
    pending.delete(this);
  }
}

const pending = new Set<DeadlineEntry>();
let timer: NodeJS.Timeout | undefined;
let armedFor = Infinity;

/**
 * Calls `fire` once `ms` have passed (clamped as {@link clampDelay} does), unless cancelled
 * first; never keeps the process alive. Every deadline shares one Node timer, armed for the
 * earliest: each request and each step had a setTimeout, an unref and a clearTimeout of their
 * own (calls into Node's timer lists and libuv), while their deadlines, seconds away, almost
 * never fire (issue 10 item 3). A cancelled deadline costs a Set delete; the timer, when it
 * fires, fires what is due and re-arms for the next.
 */
export function atDeadline(ms: number, fire: () => void): Deadline {
  const entry = new PendingDeadline(deadlineIn(ms), fire);
  schedule(entry);
  return entry;
}

/** The `performance.now()` time `ms` from now (clamped as {@link clampDelay} does): an entry's `at`. */
export function deadlineIn(ms: number): number {
  return performance.now() + clampDelay(ms);
}

/** Puts `entry` on the shared timer: its `fire` is called once at `entry.at`, unless {@link unschedule}d first. */
export function schedule(entry: DeadlineEntry): void {
  pending.add(entry);
  if (entry.at < armedFor) arm(entry.at);
}

/** Takes `entry` off the shared timer (nothing happens if it fired or was never on it). */
export function unschedule(entry: DeadlineEntry): void {
  pending.delete(entry);
}

function arm(at: number): void {
  if (timer !== undefined) clearTimeout(timer);
  armedFor = at;
  timer = setTimeout(onTimer, clampDelay(Math.ceil(at - performance.now())));
  timer.unref();
}

function onTimer(): void {
  timer = undefined;
  armedFor = Infinity;
  const now = performance.now();
  const due: DeadlineEntry[] = [];
  let next = Infinity;
  for (const entry of pending) {
    if (entry.at <= now) due.push(entry);
    else if (entry.at < next) next = entry.at;
  }
  for (const entry of due) pending.delete(entry);
  // Node may run a timer a little before performance.now() reaches its time: re-armed, not lost.
  if (next < Infinity) arm(next);
  // Due together (the loop was busy past several): earliest first, as Node's own timers would.
  due.sort((a, b) => a.at - b.at);
  for (const entry of due) entry.fire();
}
