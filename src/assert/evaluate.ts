/**
 * Evaluates one assertion against a response. Never throws (DESIGN.md: evaluation never
 * throws): a bad property path or unknown comparison becomes an `error` result.
 */
import type { AssertionResult } from '../model/result.js';
import { assertionTitle } from '../model/result.js';
import type { Assertion } from '../model/suite.js';
import type { Level } from '../model/verdict.js';
import { failureVerdict } from '../model/verdict.js';
import type { Actual } from './actual.js';
import { COMPARISONS } from './comparisons/registry.js';
import type { ResponseView } from './response-view.js';
import { SOURCES } from './sources/registry.js';

export interface EvaluateOptions {
  readonly level: Level;
  readonly strict: boolean;
}

/** `expected` is the assertion's value already rendered (null when it takes none). */
export function evaluateAssertion(
  assertion: Assertion,
  expected: string | null,
  response: ResponseView,
  options: EvaluateOptions,
): AssertionResult {
  const level = assertion.level ?? options.level;
  const comparison = COMPARISONS[assertion.comparison];
  const source = SOURCES[assertion.source];
  if (!comparison || !source) {
    return resultOf(assertion, level, expected, 'error', { missing: true }, `unknown ${comparison ? 'source' : 'comparison'}`);
  }
  let actual: Actual;
  try {
    actual = source.read(response, assertion.property);
  } catch (e) {
    return resultOf(assertion, level, expected, 'error', { missing: true }, (e as Error).message);
  }
  const outcome = comparison.compare(actual, comparison.takesValue ? expected : null);
  const shown = actual.kind === 'missing' ? { missing: true } : actual.value;
  return outcome.ok
    ? resultOf(assertion, level, expected, 'pass', shown)
    : resultOf(assertion, level, expected, failureVerdict(level, options.strict), shown, outcome.message);
}

/** The result, members in the order the report keeps them (one literal, no spread of a shared base: issue 10 item 3). */
function resultOf(assertion: Assertion, level: Level, expected: string | null, verdict: AssertionResult['verdict'], actual: unknown, message?: string): AssertionResult {
  const out: { -readonly [K in keyof AssertionResult]: AssertionResult[K] } = { title: assertionTitle(assertion), source: assertion.source } as AssertionResult;
  if (assertion.property) out.property = assertion.property;
  out.comparison = assertion.comparison;
  out.level = level;
  out.expected = expected;
  out.verdict = verdict;
  out.actual = actual;
  if (message !== undefined) out.message = message;
  return out;
}
