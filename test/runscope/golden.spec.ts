/**
 * Every fixture in fixtures/runscope/ against its expected verdicts in golden.json: valid
 * exports run through runPlan against the fixture target; invalid ones must be refused with
 * InvalidSuiteError naming step and field.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { DEFAULT_ENGINE_OPTIONS, type EngineOptions } from '../../src/engine/options.js';
import { runPlan } from '../../src/engine/run-plan.js';
import type { StepResult } from '../../src/model/result.js';
import { InvalidSuiteError, loadRunscopeExport } from '../../src/suite/formats/runscope.js';
import type { Target } from '../helpers/http-target.js';
import { startFixtureTarget } from './fixture-target.js';

const DIR = new URL('../../fixtures/runscope/', import.meta.url);

type StepExpectation = string | { verdict: string; reason?: string; minAttempts?: number; runscopeVerdict?: string; logs?: string[] };

interface Golden {
  variables: Record<string, string>;
  engine: Partial<EngineOptions>;
  fixtures: Record<string, { initialScript?: string; steps?: Record<string, StepExpectation>; invalid?: (string | string[])[] }>;
}

const golden = JSON.parse(readFileSync(new URL('golden.json', DIR), 'utf8')) as Golden;
const read = (name: string): string => readFileSync(new URL(name, DIR), 'utf8');

const RUN_OPTIONS = { pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 2000, seedUser: false, keepTestData: false } as const;

describe('runscope fixtures: golden verdicts', () => {
  let target: Target;
  before(async () => { target = await startFixtureTarget(); });
  after(async () => { await target.close(); });

  for (const [file, expected] of Object.entries(golden.fixtures)) {
    if (expected.invalid) {
      it(`${file} is refused, naming step and field`, () => {
        let error: unknown;
        try {
          loadRunscopeExport(read(file), { path: file });
        } catch (e) {
          error = e;
        }
        expect(error, 'InvalidSuiteError').to.be.instanceOf(InvalidSuiteError);
        const problems = (error as InvalidSuiteError).problems;
        expect(problems, problems.join('\n')).to.have.length(expected.invalid?.length ?? 0);
        expected.invalid?.forEach((want, i) => {
          for (const part of [want].flat()) expect(problems[i]).to.include(part);
        });
        for (const p of problems) expect((error as Error).message).to.include(p);
      });
      continue;
    }

    it(`${file} gives the expected verdict for every step`, async () => {
      const initial = expected.initialScript;
      const suite = loadRunscopeExport(read(file), {
        path: `fixtures/runscope/${file}`,
        ...(initial ? { initialScript: read(initial), initialScriptPath: `fixtures/runscope/${initial}` } : {}),
      });
      const report = await runPlan(
        { suites: [suite], variables: { ...golden.variables, baseUrl: target.url }, secrets: [], grep: [] },
        { ...DEFAULT_ENGINE_OPTIONS, ...golden.engine },
        { toolVersion: 'test', target: {}, runOptions: RUN_OPTIONS },
      );
      const results = report.suites[0]?.steps.filter((s) => s.kind === 'request') ?? [];
      const byId = new Map<string, StepResult>(results.map((r) => [r.stepId, r]));
      expect([...byId.keys()], 'every request step is in golden.json').to.deep.equal(Object.keys(expected.steps ?? {}));
      for (const [id, want] of Object.entries(expected.steps ?? {})) {
        const got = byId.get(id);
        const w = typeof want === 'string' ? { verdict: want } : want;
        const context = `${id}: ${got?.verdict ?? '?'} (${got?.reason ?? 'no reason'})`;
        expect(got?.verdict, context).to.equal(w.verdict);
        if (w.reason !== undefined) expect(got?.reason, context).to.include(w.reason);
        if (w.minAttempts !== undefined) expect(got?.attempts, context).to.be.at.least(w.minAttempts);
        if (w.runscopeVerdict !== undefined) expect(got?.runscopeVerdict, context).to.equal(w.runscopeVerdict);
        if (w.logs !== undefined) expect(got?.scripts.flatMap((s) => s.logs), context).to.deep.equal(w.logs);
      }
    });
  }
});
