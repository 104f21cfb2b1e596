/** Typed events: everything the outside world sees during a run (mocha's constants, typed). */
import type { StepResult, SuiteResult } from '../model/result.js';
import type { RunReport } from '../model/report.js';
import type { RequestStep, Suite } from '../model/suite.js';

export type RunEvent =
  | { readonly kind: 'suite:start'; readonly suite: Suite }
  | { readonly kind: 'step:start'; readonly step: RequestStep; readonly suite: Suite }
  | { readonly kind: 'step:retry'; readonly step: RequestStep; readonly attempt: number; readonly reason: string }
  | { readonly kind: 'step:end'; readonly result: StepResult; readonly suite: Suite }
  | { readonly kind: 'suite:end'; readonly result: SuiteResult }
  | { readonly kind: 'run:end'; readonly report: RunReport };

export type EmitEvent = (event: RunEvent) => void;
