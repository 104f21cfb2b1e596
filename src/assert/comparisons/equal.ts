/**
 * `equal`: string equality of the actual value's string form and the rendered expected value.
 * Conversion: booleans → "true"/"false", numbers → plain decimals (so `status: 401` and
 * `"401"` both equal "401"), null → "null", arrays/objects → compact JSON. Missing fails.
 */
import { describeValue, stringForm } from '../convert.js';
import { notOk, ok } from '../actual.js';
import type { ComparisonDefinition } from './definition.js';

export const equal: ComparisonDefinition = {
  name: 'equal',
  takesValue: true,
  compare(actual, expected) {
    if (actual.kind === 'missing') return notOk(`expected ${JSON.stringify(expected ?? '')} but ${actual.why}`);
    return stringForm(actual.value) === (expected ?? '')
      ? ok
      : notOk(`expected ${JSON.stringify(expected ?? '')} but got ${describeValue(actual.value)}`);
  },
};
