/**
 * The manual test plan data against Okta's plan (OKTA_FILES_DIR, default ../shared/okta), and the automation mapping
 * against the native okta-crud suite and Okta's Runscope CRUD exports, step by step.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import { OKTA_EXPORTS } from '../../src/readiness/result-identity.js';
import {
  ALWAYS_APPLICABLE,
  AUTOMATED_COVERAGE,
  CRUD_SCENARIO_STEPS,
  OKTA_SCIM_TEST_PLAN_V2,
  type CrudScenario,
  type PlanSection,
} from '../../src/readiness/test-plan.js';
import { oktaCrudSuite } from '../../suites/okta-crud.js';
import { oktaFile, readOktaJson } from '../helpers/okta-files.js';

interface OktaCase { id: string; title: string; section: string }
interface ExportStep { step_type: string; method?: string; url?: string }

/** Okta's plan, read when a test needs it (never at load time: test/helpers/okta-files.ts). */
const oktaCases = (): OktaCase[] => readOktaJson<{ cases: OktaCase[] }>('okta-scim-test-plan-v2.cases.json').cases;

/** Okta's section names → ours. */
const SECTIONS: Readonly<Record<string, PlanSection>> = {
  'Preconditions - SCIM App Setup / Add People / Add Group': 'setup',
  'Precondition - Provisioning and SSO': 'provisioning',
  'Preconditions - Attributes and Mapping': 'attributes',
  'Preconditions - Configuration Guide': 'guide',
  'Create Users': 'create',
  'Update Users': 'update',
  'Deprovision (Deactivate) Users': 'deprovision',
  'Sync Password': 'password',
  'Read (Import) Users': 'import-users',
  'Read (Import) Groups': 'import-groups',
  'Using Group Push': 'group-push',
  'Profile Sourcing Users': 'profile-sourcing',
  'Profile Mastering Users': 'profile-sourcing',
};

function exportSteps(file: string): ExportStep[] {
  return readOktaJson<{ steps: ExportStep[] }>(file).steps;
}

describe('readiness: manual test plan data', () => {
  it('has the 61 case ids of okta-scim-test-plan-v2, in order, with matching sections', () => {
    const okta = oktaCases();
    expect(OKTA_SCIM_TEST_PLAN_V2.map((c) => c.id)).to.deep.equal(okta.map((c) => c.id));
    for (const [i, c] of okta.entries()) expect(OKTA_SCIM_TEST_PLAN_V2[i]?.section, c.id).to.equal(SECTIONS[c.section]);
  });

  it('words every title in its own words (never Okta\'s title verbatim)', () => {
    const norm = (t: string): string => t.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
    for (const [i, c] of oktaCases().entries()) expect(norm(OKTA_SCIM_TEST_PLAN_V2[i]?.title ?? ''), c.id).to.not.equal(norm(c.title));
  });

  it('maps automation and always-applicable cases onto plan ids', () => {
    const ids = new Set(OKTA_SCIM_TEST_PLAN_V2.map((c) => c.id));
    for (const id of [...Object.keys(AUTOMATED_COVERAGE), ...ALWAYS_APPLICABLE]) expect(ids.has(id), id).to.equal(true);
  });

  it('each CRUD scenario names request steps of the native okta-crud suite', () => {
    const requests = new Map(oktaCrudSuite.steps.filter((s) => s.kind === 'request').map((s) => [s.id, s]));
    for (const [scenario, plan] of Object.entries(CRUD_SCENARIO_STEPS)) {
      for (const id of plan.native) expect(requests.has(id), `${scenario}: ${id}`).to.equal(true);
    }
  });

  it("each CRUD scenario's step numbers are the same requests in Okta's CRUD exports", () => {
    const crud = exportSteps('Okta-SCIM-20-CRUD-Test.json');
    const entitlements = exportSteps('Okta-SCIM-20-With-Entitlements-CRUD-Test.json');
    const requests = new Map(oktaCrudSuite.steps.filter((s) => s.kind === 'request').map((s) => [s.id, s]));
    for (const [scenario, plan] of Object.entries(CRUD_SCENARIO_STEPS) as [CrudScenario, (typeof CRUD_SCENARIO_STEPS)[CrudScenario]][]) {
      for (const [steps, numbers] of [[crud, plan.runscopeCrud], [entitlements, plan.runscopeEntitlementsCrud]] as const) {
        expect(numbers, scenario).to.have.length(plan.native.length);
        numbers.forEach((n, i) => {
          const step = steps[n - 1];
          const native = requests.get(plan.native[i] ?? '');
          expect(step?.step_type, `${scenario} step ${n}`).to.equal('request');
          expect(step?.method, `${scenario} step ${n}`).to.equal(native?.kind === 'request' ? native.request.method : undefined);
        });
        // Every scenario ends with the SCIM-side verification.
        expect(steps[(numbers.at(-1) ?? 0) - 1]?.url, scenario).to.match(/^\{\{SCIMUrl\}\}\/Users/);
      }
    }
  });

  it("recognises Okta's published exports by their SHA-256", async () => {
    for (const [sha, known] of Object.entries(OKTA_EXPORTS)) {
      const actual = createHash('sha256').update(await readFile(oktaFile(known.file))).digest('hex');
      expect(actual, known.file).to.equal(sha);
    }
  });
});
