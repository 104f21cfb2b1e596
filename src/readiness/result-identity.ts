/**
 * Which suite of a report is the OIN SPEC test or CRUD test: our native `okta-spec` /
 * `okta-crud` suites, or a Runscope run of Okta's published exports, recognised by the
 * export's SHA-256 (the loader records it; suite/formats/runscope.ts). A modified export is
 * not Okta's test, so it is not accepted.
 */
import type { RunReport } from '../model/report.js';
import type { SuiteResult } from '../model/result.js';
import type { CrudFlavour } from './test-plan.js';

export type ResultKind = 'spec' | 'crud';

/**
 * SHA-256 of Okta's exports as published in okta/okta-developer-docs
 * (…/standards/SCIM/SCIMFiles/, copied byte for byte into ../shared/okta; see its README).
 */
export const OKTA_EXPORTS: Readonly<Record<string, { readonly kind: ResultKind; readonly flavour: 'runscope' | CrudFlavour; readonly file: string }>> = {
  a118fed67320a2265909bde6b95cdaf4f6f085ff5a89a0deb88c87d443eae899: { kind: 'spec', flavour: 'runscope', file: 'Okta-SCIM-20-SPEC-Test.json' },
  d0fd19dab4fc0d4c5e63a119778860716e708d27c0b9274255599d56e74f9d6e: { kind: 'crud', flavour: 'runscopeCrud', file: 'Okta-SCIM-20-CRUD-Test.json' },
  '218457f7637677ecafa34990e250ba7b46a7b0399e7e5965fa137dd08e674a34': { kind: 'crud', flavour: 'runscopeEntitlementsCrud', file: 'Okta-SCIM-20-With-Entitlements-CRUD-Test.json' },
};

export const NATIVE_SUITE: Readonly<Record<ResultKind, string>> = { spec: 'okta-spec', crud: 'okta-crud' };

export const KIND_LABEL: Readonly<Record<ResultKind, string>> = { spec: 'SPEC', crud: 'CRUD' };

export interface IdentifiedSuite {
  readonly suite: SuiteResult;
  /** `native` for our suites; for Runscope runs the export's flavour. */
  readonly flavour: 'native' | 'runscope' | CrudFlavour;
  /** "okta-spec (native)", "Okta-SCIM-20-CRUD-Test.json (Runscope export)". */
  readonly label: string;
}

function exportOf(suite: SuiteResult): (typeof OKTA_EXPORTS)[string] | undefined {
  return suite.source.format === 'runscope' && suite.source.sha256 !== undefined ? OKTA_EXPORTS[suite.source.sha256] : undefined;
}

/** Finds the suite of the wanted kind; otherwise says what the report holds instead. */
export function identifySuite(report: RunReport, kind: ResultKind): { ok: true; found: IdentifiedSuite } | { ok: false; message: string; fix: string } {
  for (const suite of report.suites) {
    if (suite.source.format === 'native' && suite.suiteId === NATIVE_SUITE[kind]) {
      return { ok: true, found: { suite, flavour: 'native', label: `${suite.suiteId} (native suite)` } };
    }
    const known = exportOf(suite);
    if (known?.kind === kind) {
      return { ok: true, found: { suite, flavour: known.flavour, label: `${known.file} (Okta's Runscope export)` } };
    }
  }
  const other: ResultKind = kind === 'spec' ? 'crud' : 'spec';
  const fix = `Link a run of the ${NATIVE_SUITE[kind]} suite (scim-conformance run ${NATIVE_SUITE[kind]}) or of Okta's unmodified ${KIND_LABEL[kind]} export (--runscope).`;
  const suites = report.suites.map((s) => s.suiteId);
  const holdsOther = report.suites.some((s) => (s.source.format === 'native' && s.suiteId === NATIVE_SUITE[other]) || exportOf(s)?.kind === other);
  if (holdsOther) {
    return { ok: false, message: `This is a ${KIND_LABEL[other]} run (${suites.join(', ')}), not a ${KIND_LABEL[kind]} run: the two links look swapped or the same.`, fix };
  }
  const modified = report.suites.find((s) => s.source.format === 'runscope' && exportOf(s) === undefined);
  if (modified) {
    return {
      ok: false,
      message: `The run used a Runscope export (${modified.name || modified.suiteId}) that is not one of Okta's published ${KIND_LABEL[kind]} exports (its SHA-256 differs), so it is not Okta's test.`,
      fix,
    };
  }
  return { ok: false, message: `The run holds ${suites.length === 0 ? 'no suites' : suites.join(', ')}, not the ${KIND_LABEL[kind]} test.`, fix };
}
