/** `has_key`: the property is a JSON object with the expected key (exact, case-sensitive). */
import { describeValue } from '../convert.js';
import { notOk, ok } from '../actual.js';
import type { ComparisonDefinition } from './definition.js';

export const hasKey: ComparisonDefinition = {
  name: 'has_key',
  takesValue: true,
  compare(actual, expected) {
    if (actual.kind === 'missing') return notOk(`expected an object with key ${JSON.stringify(expected ?? '')} but ${actual.why}`);
    const v = actual.value;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return notOk(`expected an object but got ${describeValue(v)}`);
    return Object.hasOwn(v, expected ?? '') ? ok : notOk(`expected key ${JSON.stringify(expected ?? '')} in ${describeValue(v)}`);
  },
};
