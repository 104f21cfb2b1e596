/**
 * A report whose target-controlled text holds every UTF-16 code unit (all controls, lone
 * surrogates, U+FFFE, U+FFFF): the "binary body" case for renderers.
 */
import type { RunReport } from '../../src/model/report.js';
import type { StepResult } from '../../src/model/result.js';
import { golden } from './golden.js';

export const EVERY_CODE_UNIT = Array.from({ length: 0x10000 }, (_, i) => String.fromCharCode(i)).join('');

export function everyCodeUnitReport(): RunReport {
  const base = golden('failing');
  const suite = base.suites[0]!;
  const template = suite.steps[1]!; // the failing step, with an exchange and assertions
  const text = EVERY_CODE_UNIT;
  const step: StepResult = {
    ...template,
    stepId: `id-${text.slice(0, 300)}`,
    title: text,
    reason: text,
    requirement: text,
    fix: text,
    assertions: template.assertions.map((a) => ({ ...a, title: text, expected: text, actual: text, message: text })),
    scripts: [{ origin: text, ok: false, logs: [text], error: text }],
    exchange: {
      ...template.exchange!,
      request: { ...template.exchange!.request, url: text, headers: [[text, text]] },
      response: { ...template.exchange!.response!, headers: [[text, text]], body: { text, truncatedBytes: 0 } },
    },
  };
  return { ...base, suites: [{ ...suite, suiteId: `s-${text.slice(0, 300)}`, name: text, steps: [step] }] };
}
