/** What an assertion source produced: a value, or nothing at that property. */
export type Actual =
  | { readonly kind: 'missing'; readonly why: string }
  | { readonly kind: 'value'; readonly value: unknown };

export const missing = (why: string): Actual => ({ kind: 'missing', why });
export const present = (value: unknown): Actual => ({ kind: 'value', value });

/** The outcome of one comparison: pure data, built like ajv's messages. */
export type ComparisonOutcome = { readonly ok: true } | { readonly ok: false; readonly message: string };

export const ok: ComparisonOutcome = { ok: true };
export const notOk = (message: string): ComparisonOutcome => ({ ok: false, message });
