/** `is_null`: the property is JSON null or missing (Runscope reads a missing property as no value). */
import { describeValue } from '../convert.js';
import { notOk, ok } from '../actual.js';
import type { ComparisonDefinition } from './definition.js';

export const isNull: ComparisonDefinition = {
  name: 'is_null',
  takesValue: false,
  compare(actual) {
    if (actual.kind === 'missing' || actual.value === null) return ok;
    return notOk(`expected null but got ${describeValue(actual.value)}`);
  },
};
