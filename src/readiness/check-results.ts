/**
 * The SPEC and CRUD result links: each must resolve to one of OUR reports (schema-valid,
 * integrity intact), be the right test, target the manifest's SCIM base URL, have passed
 * every required step, and be recent. The CRUD run must also have used the real Okta org.
 */
import type { RunReport } from '../model/report.js';
import type { StepResult } from '../model/result.js';
import { verifyIntegrity } from '../report/integrity.js';
import { validateReport } from '../report/report-schema.js';
import type { SubmissionManifest } from './manifest.js';
import type { ResultEvidence } from './readiness-report.js';
import {
  blocked,
  failed,
  listSome,
  passed,
  plural,
  type RequirementResult,
  type RequirementRule,
} from './requirement.js';
import { identifySuite, KIND_LABEL, NATIVE_SUITE, type IdentifiedSuite, type ResultKind } from './result-identity.js';
import { displayLink, parseResultLink, ReportFetchError, type ReportFetcher } from './result-link.js';
import { normalizeBaseUrl } from './url-rules.js';

export { DEFAULT_RESULT_MAX_AGE_MS } from './defaults.js';
/** A report finished up to this far in the future is accepted (clock skew between machines). */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

function rules(kind: ResultKind) {
  const label = KIND_LABEL[kind];
  const field = `results.${kind}`;
  const rerun = `Run ${NATIVE_SUITE[kind]} again against scim.baseUrl (scim-conformance run ${NATIVE_SUITE[kind]} …) and link the new run.`;
  return {
    report: {
      id: `results.${kind}.report`, section: 'results', field,
      title: `The ${label} link resolves to a scim-conformance report that is intact`,
      fix: `Link the ${label} run's permalink (…/runs/<runId>) or its report.json exactly as scim-conformance wrote it.`,
    },
    suite: {
      id: `results.${kind}.suite`, section: 'results', field,
      title: `The ${label} link is a run of the ${label} test`,
      fix: `Link a run of ${NATIVE_SUITE[kind]}.`,
    },
    target: {
      id: `results.${kind}.target`, section: 'results', field,
      title: `The ${label} run tested scim.baseUrl`,
      fix: rerun,
    },
    passedAll: {
      id: `results.${kind}.passed`, section: 'results', field,
      title: `The ${label} run is complete and passed every required step`,
      fix: `Fix what the run's report shows (each failed step has a Fix), then ${rerun.charAt(0).toLowerCase()}${rerun.slice(1)}`,
    },
    recent: {
      id: `results.${kind}.recent`, section: 'results', field,
      title: `The ${label} run is recent`,
      fix: rerun,
    },
    oktaOrg: {
      id: `results.${kind}.okta-org`, section: 'results', field,
      title: `The ${label} run went through the Okta org in okta.orgUrl`,
      fix: 'Run okta-crud with --okta-org-url set to okta.orgUrl, --okta-app-id one of the required instances and an API token of that org (not the built-in emulator).',
    },
  } as const satisfies Record<string, RequirementRule>;
}

export interface ResultCheck {
  readonly requirements: RequirementResult[];
  readonly evidence: ResultEvidence;
  /** Present when the report resolved and is the right test. */
  readonly identified?: IdentifiedSuite;
  readonly report?: RunReport;
}

export interface ResultCheckInput {
  readonly kind: ResultKind;
  readonly link: string;
  readonly manifest: SubmissionManifest;
  readonly baseDir: string;
  readonly fetchReport: ReportFetcher;
  readonly now: Date;
  readonly maxAgeMs: number;
  /** Whether scim.base-url and okta.org-url hold: when not, the comparisons with them are blocked (one mistake, one message). */
  readonly baseUrlHolds: boolean;
  readonly orgUrlHolds: boolean;
}

function hours(ms: number): string {
  const h = ms / 3_600_000;
  if (h < 48) return `${Math.round(h * 10) / 10} h`;
  return `${Math.round((h / 24) * 10) / 10} days`;
}

/** Reads and validates the report behind the link: the `results.<kind>.report` requirement (and the Entra gallery links'). */
export async function resolveReport(input: Pick<ResultCheckInput, 'link' | 'baseDir' | 'fetchReport'>, rule: RequirementRule): Promise<{ result: RequirementResult; report?: RunReport }> {
  const shown = displayLink(input.link);
  const parsed = parseResultLink(input.link, input.baseDir);
  if (!parsed.ok) return { result: failed(rule, parsed.message, parsed.fix) };
  let text: string;
  try {
    text = await input.fetchReport(parsed.link);
  } catch (e) {
    if (e instanceof ReportFetchError) return { result: failed(rule, e.message, e.fix) };
    return { result: failed(rule, `Could not read ${shown}: ${e instanceof Error ? e.message : String(e)}`) };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { result: failed(rule, `${shown} is not JSON, so not a report.json.`) };
  }
  const validation = validateReport(value);
  if (!validation.ok) {
    return {
      result: failed(rule, `${shown} is not a valid scim-conformance report: ${listSome(validation.errors, 3)}.`,
        'Link a report.json written by scim-conformance (same format version); do not hand-edit reports.'),
    };
  }
  const report = validation.report;
  if (report.integrity === undefined) {
    return { result: failed(rule, 'The report carries no integrity hash, so it was not written by scim-conformance\'s report writer.', 'Link the report.json that scim-conformance wrote for the run, unedited.') };
  }
  if (!verifyIntegrity(report)) {
    return { result: failed(rule, 'The report\'s integrity hash does not match its content: it was edited after it was written.', 'Link the report exactly as scim-conformance wrote it; to change a result, fix the server and run again.') };
  }
  if (parsed.link.kind === 'permalink' && report.meta.runId !== parsed.link.runId) {
    return { result: failed(rule, `The permalink names run ${parsed.link.runId}, but the report it serves is run ${report.meta.runId}.`) };
  }
  return { result: passed(rule, `Run ${report.meta.runId}, integrity verified.`), report };
}

function failingSteps(report: RunReport): { id: string; verdict: string }[] {
  const out: { id: string; verdict: string }[] = [];
  for (const suite of report.suites) {
    for (const step of suite.steps) {
      if (step.kind === 'pause') continue;
      const bad = step.verdict === 'fail' || step.verdict === 'error' || (step.level === 'required' && !requiredHolds(step));
      if (bad) out.push({ id: step.stepId, verdict: step.verdict });
    }
  }
  return out;
}

/** A required step holds when it passed (or is n/a: an optional feature the target does not advertise). */
function requiredHolds(step: StepResult): boolean {
  return step.verdict === 'pass' || step.verdict === 'n/a';
}

/** Every requirement of one result link. */
export async function checkResultLink(input: ResultCheckInput): Promise<ResultCheck> {
  const r = rules(input.kind);
  const label = KIND_LABEL[input.kind];
  const { result: reportResult, report } = await resolveReport(input, r.report);
  const dependents: RequirementRule[] = [r.suite, r.target, r.passedAll, r.recent, ...(input.kind === 'crud' ? [r.oktaOrg] : [])];
  if (report === undefined) {
    return { requirements: [reportResult, ...dependents.map((d) => blocked(d, [r.report.id]))], evidence: { link: displayLink(input.link) } };
  }
  const requirements: RequirementResult[] = [reportResult];
  const evidence: ResultEvidence = {
    link: displayLink(input.link),
    runId: report.meta.runId,
    finishedAt: report.meta.finishedAt,
    ...(report.meta.target.scimUrl !== undefined ? { scimUrl: report.meta.target.scimUrl } : {}),
  };

  const identity = identifySuite(report, input.kind);
  requirements.push(identity.ok ? passed(r.suite, identity.found.label) : failed(r.suite, identity.message, identity.fix));

  const tested = report.meta.target.scimUrl;
  const wanted = normalizeBaseUrl(input.manifest.scim.baseUrl);
  if (!input.baseUrlHolds || wanted === undefined) requirements.push(blocked(r.target, ['scim.base-url']));
  else if (tested === undefined) requirements.push(failed(r.target, 'The report records no SCIM base URL.'));
  else if (normalizeBaseUrl(tested) !== wanted) {
    requirements.push(failed(r.target, `The ${label} run tested ${tested}, but scim.baseUrl is ${input.manifest.scim.baseUrl}.`));
  } else requirements.push(passed(r.target, tested));

  const counts = report.summary.counts;
  const failing = failingSteps(report);
  const checks = report.suites.reduce((n, s) => n + s.steps.filter((st) => st.kind !== 'pause').length, 0);
  if (!report.complete) {
    requirements.push(failed(r.passedAll, 'The run did not complete (it was interrupted); its results are partial.'));
  } else if (report.meta.options.grep.length > 0) {
    requirements.push(failed(r.passedAll, `The run was limited with --grep ${report.meta.options.grep.join(' ')}; a submission needs the whole suite.`,
      `Run the whole ${NATIVE_SUITE[input.kind]} suite (without --grep) and link that run.`));
  } else if (checks === 0) {
    requirements.push(failed(r.passedAll, 'The run has no steps.'));
  } else if (counts.fail > 0 || counts.error > 0 || failing.length > 0) {
    const parts: string[] = [];
    if (counts.fail > 0) parts.push(plural(counts.fail, 'failed step'));
    if (counts.error > 0) parts.push(plural(counts.error, 'step error'));
    const what = parts.length > 0 ? parts.join(' and ') : `${plural(failing.length, 'required step')} not passed`;
    const which = failing.length > 0 ? `: ${listSome(failing.map((f) => `${f.id} (${f.verdict})`), 4)}` : '';
    requirements.push(failed(r.passedAll, `${what}${which}.`));
  } else {
    requirements.push(passed(r.passedAll, `${plural(counts.pass, 'step')} passed${counts.warn > 0 ? `, ${plural(counts.warn, 'warning')}` : ''}.`));
  }

  const finished = Date.parse(report.meta.finishedAt);
  const age = input.now.getTime() - finished;
  if (age < -CLOCK_SKEW_MS) {
    requirements.push(failed(r.recent, `The run finished ${report.meta.finishedAt}, ${hours(-age)} in the future of this check.`, 'Check the clocks of the machine that ran it and of this one, then run again.'));
  } else if (age > input.maxAgeMs) {
    requirements.push(failed(r.recent, `The run finished ${report.meta.finishedAt}, ${hours(age)} ago; results older than ${hours(input.maxAgeMs)} are stale.`));
  } else requirements.push(passed(r.recent, `Finished ${report.meta.finishedAt} (${hours(Math.max(0, age))} ago).`));

  if (input.kind === 'crud') {
    const target = report.meta.target;
    const org = normalizeBaseUrl(input.manifest.okta.orgUrl);
    if (!identity.ok) {
      requirements.push(blocked(r.oktaOrg, [r.suite.id]));
    } else if (target.okta === 'emulator') {
      requirements.push(failed(r.oktaOrg, 'The CRUD run used the built-in Okta org emulator, not the Okta org: Okta reviews provisioning through its own org.'));
    } else if (target.oktaOrgUrl === undefined) {
      requirements.push(failed(r.oktaOrg, 'The report records no Okta org URL.'));
    } else if (!input.orgUrlHolds || org === undefined) {
      requirements.push(blocked(r.oktaOrg, ['okta.org-url']));
    } else if (normalizeBaseUrl(target.oktaOrgUrl) !== org) {
      requirements.push(failed(r.oktaOrg, `The CRUD run went through ${target.oktaOrgUrl}, but okta.orgUrl is ${input.manifest.okta.orgUrl}.`));
    } else requirements.push(passed(r.oktaOrg, target.oktaOrgUrl));
  }

  return {
    requirements,
    evidence: { ...evidence, ...(identity.ok ? { suiteId: identity.found.suite.suiteId } : {}) },
    report,
    ...(identity.ok ? { identified: identity.found } : {}),
  };
}
