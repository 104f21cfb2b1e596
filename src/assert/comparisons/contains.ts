/**
 * `contains`: the expected text is found in the property. Strings: substring. Arrays: some
 * element's string form contains it (so `schemas contains "…:User"` holds for an array of
 * URNs). Objects, numbers, booleans: their string form contains it. Missing fails.
 */
import { describeValue, stringForm } from '../convert.js';
import { notOk, ok } from '../actual.js';
import type { ComparisonDefinition } from './definition.js';

/** Shared with does_not_contain. */
export function containsText(value: unknown, needle: string): boolean {
  if (Array.isArray(value)) return value.some((item) => stringForm(item).includes(needle));
  return stringForm(value).includes(needle);
}

export const contains: ComparisonDefinition = {
  name: 'contains',
  takesValue: true,
  compare(actual, expected) {
    if (actual.kind === 'missing') return notOk(`expected to contain ${JSON.stringify(expected ?? '')} but ${actual.why}`);
    return containsText(actual.value, expected ?? '')
      ? ok
      : notOk(`expected ${describeValue(actual.value)} to contain ${JSON.stringify(expected ?? '')}`);
  },
};
