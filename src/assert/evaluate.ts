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
  const base = {
    title: assertionTitle(assertion),
    source: assertion.source,
    ...(assertion.property ? { property: assertion.property } : {}),
    comparison: assertion.comparison,
    level,
    expected,
  };
  const comparison = COMPARISONS[assertion.comparison];
  const source = SOURCES[assertion.source];
  if (!comparison || !source) {
    return { ...base, verdict: 'error', actual: { missing: true }, message: `unknown ${comparison ? 'source' : 'comparison'}` };
  }
  let actual: Actual;
  try {
    actual = source.read(response, assertion.property);
  } catch (e) {
    return { ...base, verdict: 'error', actual: { missing: true }, message: (e as Error).message };
  }
  const outcome = comparison.compare(actual, comparison.takesValue ? expected : null);
  const shown = actual.kind === 'missing' ? { missing: true } : actual.value;
  return outcome.ok
    ? { ...base, verdict: 'pass', actual: shown }
    : { ...base, verdict: failureVerdict(level, options.strict), actual: shown, message: outcome.message };
}
