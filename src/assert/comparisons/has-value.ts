/**
 * `has_value`: the property is a JSON array or object with an element (array) or a member value
 * (object) whose string form equals the expected value. Runscope: "Checks a list or dictionary
 * for the existence of the expected value in any of the list or dictionary values"
 * (help.blazemeter.com, "Validating Responses with Assertions"). Anything else fails, even a
 * string equal to the value.
 */
import { describeValue, stringForm } from '../convert.js';
import { notOk, ok } from '../actual.js';
import type { ComparisonDefinition } from './definition.js';

export const hasValue: ComparisonDefinition = {
  name: 'has_value',
  takesValue: true,
  compare(actual, expected) {
    const want = expected ?? '';
    if (actual.kind === 'missing') return notOk(`expected a list or object holding ${JSON.stringify(want)} but ${actual.why}`);
    const v = actual.value;
    if (v === null || typeof v !== 'object') return notOk(`expected a list or object holding ${JSON.stringify(want)} but got ${describeValue(v)}`);
    const members: unknown[] = Array.isArray(v) ? v : Object.values(v);
    return members.some((item) => stringForm(item) === want)
      ? ok
      : notOk(`expected ${describeValue(v)} to hold ${JSON.stringify(want)}`);
  },
};
