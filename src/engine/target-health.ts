/**
 * A target that stops answering is not waited for again. After {@link UNRESPONSIVE_AFTER}
 * consecutive requests to one origin ended without a complete answer within the time limit,
 * later requests of the run to that origin are not sent: their steps (and cleanup actions) get
 * an `error` saying so at once, instead of each waiting out the limit (13 SPEC steps × 30 s).
 * Any answer from the origin resets its count, also one that reached someone else in the run
 * (the Okta org emulator provisioning the same SCIM server): a server that hangs on one
 * request in three is slow, not gone. Other transport errors (refused, not found) are fast
 * already and do not count.
 */
import { lastAnswerFrom, type SendOutcome } from '../http/send.js';
import { urlAuthority } from '../http/url-segment.js';

export const UNRESPONSIVE_AFTER = 2;

export class TargetHealth {
  readonly #timeouts = new Map<string, { count: number; message: string; answersSeen: number }>();

  /** Why requests to `url`'s origin are no longer sent, or undefined when they are. */
  unresponsive(url: string): string | undefined {
    const entry = this.#current(originOf(url));
    if (entry === undefined || entry.count < UNRESPONSIVE_AFTER) return undefined;
    return `not sent: the last ${entry.count} requests to ${originOf(url)} got no answer (${entry.message}); a target that stops answering is not waited for again`;
  }

  /** Records how a request to `url` ended. */
  note(url: string, outcome: SendOutcome): void {
    const origin = originOf(url);
    if (outcome.ok) {
      this.#timeouts.delete(origin);
    } else if (outcome.error.code === 'ETIMEDOUT') {
      const count = (this.#current(origin)?.count ?? 0) + 1;
      this.#timeouts.set(origin, { count, message: outcome.error.message, answersSeen: lastAnswerFrom(origin) });
    }
  }

  /** The origin's timeout streak, unless the origin answered anyone since it was recorded. */
  #current(origin: string): { count: number; message: string; answersSeen: number } | undefined {
    const entry = this.#timeouts.get(origin);
    if (entry !== undefined && lastAnswerFrom(origin) > entry.answersSeen) {
      this.#timeouts.delete(origin);
      return undefined;
    }
    return entry;
  }
}

/** The origin requests to `url` go to (the URL itself when it does not parse). */
function originOf(url: string): string {
  try {
    return urlAuthority(url).origin;
  } catch {
    return url;
  }
}
