/** `does_not_contain`: negation of `contains` (same conversions); a missing property passes. */
import { describeValue } from '../convert.js';
import { notOk, ok } from '../actual.js';
import { containsText } from './contains.js';
import type { ComparisonDefinition } from './definition.js';

export const doesNotContain: ComparisonDefinition = {
  name: 'does_not_contain',
  takesValue: true,
  compare(actual, expected) {
    if (actual.kind === 'missing') return ok;
    return containsText(actual.value, expected ?? '')
      ? notOk(`expected ${describeValue(actual.value)} not to contain ${JSON.stringify(expected ?? '')}`)
      : ok;
  },
};
