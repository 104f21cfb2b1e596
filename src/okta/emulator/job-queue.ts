/**
 * Okta provisions in the background (okta-wire.md §3): one job at a time per key (an app
 * user, a pushed group), in the order queued; different keys run concurrently. `idle()`
 * resolves when nothing is queued or running, including jobs queued while waiting.
 */
export class KeyedJobQueue {
  readonly #tails = new Map<string, Promise<void>>();
  #pending = 0;
  #idleWaiters: (() => void)[] = [];

  /**
   * Queues `job` after the previous job of `key` (and after `after`, e.g. another key's
   * tail). The job must handle its own errors; one that throws anyway is passed to `onCrash`.
   */
  enqueue(key: string, job: () => Promise<void>, onCrash: (err: unknown) => void, after?: Promise<void>): Promise<void> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    this.#pending++;
    const run: Promise<void> = Promise.all([previous, after])
      .then(job)
      .catch(onCrash)
      .finally(() => {
        if (this.#tails.get(key) === run) this.#tails.delete(key);
        this.#pending--;
        if (this.#pending === 0) {
          const waiters = this.#idleWaiters;
          this.#idleWaiters = [];
          for (const w of waiters) w();
        }
      });
    this.#tails.set(key, run);
    return run;
  }

  /** Resolves when every job queued so far for `key` has finished. */
  tail(key: string): Promise<void> {
    return this.#tails.get(key) ?? Promise.resolve();
  }

  get pending(): number {
    return this.#pending;
  }

  idle(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }
}
