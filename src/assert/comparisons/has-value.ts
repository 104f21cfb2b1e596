/**
 * `has_value`: the property is an array with an element whose string form equals the expected
 * value (vendor: "evaluates to an array and contains the given value as an element").
 * A non-array fails, even a string equal to the value.
 */
import { describeValue, stringForm } from '../convert.js';
import { notOk, ok } from '../actual.js';
import type { ComparisonDefinition } from './definition.js';

export const hasValue: ComparisonDefinition = {
  name: 'has_value',
  takesValue: true,
  compare(actual, expected) {
    if (actual.kind === 'missing') return notOk(`expected an array holding ${JSON.stringify(expected ?? '')} but ${actual.why}`);
    if (!Array.isArray(actual.value)) return notOk(`expected an array holding ${JSON.stringify(expected ?? '')} but got ${describeValue(actual.value)}`);
    return actual.value.some((item) => stringForm(item) === (expected ?? ''))
      ? ok
      : notOk(`expected ${describeValue(actual.value)} to hold ${JSON.stringify(expected ?? '')}`);
  },
};
