/**
 * `not_equal`: the string forms differ (same conversion as `equal`). A missing property is not
 * equal to anything, so it passes (Runscope evaluates a missing property as no value).
 */
import { describeValue, stringForm } from '../convert.js';
import { notOk, ok } from '../actual.js';
import type { ComparisonDefinition } from './definition.js';

export const notEqual: ComparisonDefinition = {
  name: 'not_equal',
  takesValue: true,
  compare(actual, expected) {
    if (actual.kind === 'missing') return ok;
    return stringForm(actual.value) !== (expected ?? '')
      ? ok
      : notOk(`expected anything but ${describeValue(actual.value)}`);
  },
};
