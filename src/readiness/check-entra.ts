/**
 * Readiness for the Microsoft Entra app gallery, beside the OIN one: when the manifest names an
 * Entra gallery submission (`entraGallery.results`: links to scim-conformance runs), the check
 * says which of Microsoft's gates the latest linked runs cover — the Entra SCIM Validator's
 * required and preview tests, the direct-SCIM tests of the onboarding Logic App, OAuth client
 * credentials — and lists what still needs a real Entra tenant (the Logic App's lifecycle tests
 * run through the Entra provisioning engine). It does not change the OIN verdict.
 *
 * Sources: research/peers.md §2.2 (validator), §2.4 (Logic App: test list, pass logic,
 * onboarding requirements); ENTRA-VALIDATOR, ENTRA-LOGIC-APP.
 */
import type { RunReport } from '../model/report.js';
import type { StepResult } from '../model/result.js';
import { resolveReport } from './check-results.js';
import type { SubmissionManifest } from './manifest.js';
import type { ResultEvidence } from './readiness-report.js';
import { failed, listSome, passed, type RequirementResult, type RequirementRule } from './requirement.js';
import { displayLink, type ReportFetcher } from './result-link.js';

/** One gate: a Microsoft test (or group of tests) that linked runs can cover. */
interface Gate {
  readonly rule: RequirementRule;
  /** The suite whose latest linked run decides the gate. */
  readonly suite: string;
  /** Step ids (without the suite prefix) that must pass; undefined: every required step. */
  readonly steps?: readonly string[];
  /** Microsoft's source, for the message. */
  readonly source: string;
  /** An extra condition on the run (OAuth: the grant used). */
  readonly also?: (report: RunReport) => string | undefined;
}

const gate = (id: string, title: string, suite: string, source: string, steps?: readonly string[], also?: Gate['also']): Gate => ({
  rule: {
    id: `entra.${id}`, section: 'entra-gallery', field: 'entraGallery.results', title,
    fix: `Run scim-conformance run ${suite}${suite === 'oauth' ? ' (added by --oauth-token-url with --oauth-client-id/--oauth-client-secret)' : ''} against the endpoint you submit to Microsoft, fix what fails, and link the run in entraGallery.results.`,
  },
  suite, source, ...(steps !== undefined ? { steps } : {}), ...(also !== undefined ? { also } : {}),
});

const withReadBack = (ids: readonly string[]): string[] => ids.flatMap((id) => [id, `${id}-read-back`]);

/** Microsoft's gates that scim-conformance runs can cover, in the order the checklist lists them. */
export const ENTRA_GATES: readonly Gate[] = [
  gate('validator-required', 'Entra SCIM Validator: the required tests', 'entra', 'ENTRA-VALIDATOR'),
  gate('validator-preview', 'Entra SCIM Validator: the preview tests', 'entra-gallery', 'ENTRA-VALIDATOR (preview tests, as implementers report them)', [
    ...withReadBack(['user-multiple-ops-same-attribute', 'manager-add-value-form', 'manager-replace', 'replace-primary-email', 'group-multiple-ops-same-attribute', 'group-pathless-rename']),
    'delete-missing-group', 'delete-group-twice',
  ]),
  gate('groups', 'Onboarding: group provisioning is offered (mandatory)', 'entra-gallery', 'ENTRA-LOGIC-APP', ['groups-required', 'create-group']),
  gate('pagination', 'Onboarding: user and group pagination (≥ 11, pages of 5)', 'entra-gallery', 'ENTRA-LOGIC-APP', [
    'users-page-1', 'users-page-2', 'users-page-3', 'groups-page-1', 'groups-page-2', 'groups-page-3',
  ]),
  gate('multi-member-patch', 'Onboarding: multi-member PATCH on /Groups', 'entra-gallery', 'ENTRA-LOGIC-APP', withReadBack(['group-add-100-members', 'group-remove-100-members'])),
  gate('null-update', 'Onboarding: SCIM_Null_Update (empty strings and nulls, PATCH and PUT)', 'entra-gallery', 'ENTRA-LOGIC-APP', withReadBack(['patch-empty-string', 'patch-null', 'put-empty-and-null'])),
  gate('schema-discoverability', 'Onboarding: Schema_Discoverability', 'entra-gallery', 'ENTRA-LOGIC-APP', ['schema-discoverability']),
  gate('throughput', 'Onboarding: at least 25 requests per second', 'entra-gallery', 'ENTRA-LOGIC-APP', ['burst-25-requests-per-second']),
  gate('oauth', 'Onboarding: OAuth client credentials', 'oauth', 'ENTRA-LOGIC-APP (authentication test)', undefined, (report) => {
    const step = report.suites.find((s) => s.suiteId === 'oauth')?.steps.find((s) => s.stepId === 'oauth/token-response');
    const body = step?.exchange?.request.body?.text ?? '';
    return body.includes('grant_type=client_credentials') ? undefined : 'the run used the refresh-token grant; Microsoft\'s gallery authenticates with client credentials';
  }),
];

/** What only a real Entra tenant can show (the Logic App drives these through the provisioning engine). */
export interface TenantTask {
  readonly id: string;
  readonly title: string;
  readonly why: string;
}

export const ENTRA_TENANT_TASKS: readonly TenantTask[] = [
  { id: 'entra.tenant.provision-on-demand', title: 'Provision-on-Demand for a user and a group', why: 'The Logic App provisions on demand through the Entra provisioning engine in your tenant (ENTRA-LOGIC-APP); no SCIM client can stand in for it.' },
  { id: 'entra.tenant.provisioning-cycle', title: 'A provisioning cycle: create, update, disable (active false), delete of assigned users; group create, update and membership', why: 'These lifecycle tests run as the Entra engine sends them after assignment in a tenant, with its attribute mappings (ENTRA-LOGIC-APP).' },
  { id: 'entra.tenant.manager-and-restore', title: 'Manager set/change/remove and restore (unassign, then reassign) through the engine', why: 'Driven by the engine from directory changes (ENTRA-LOGIC-APP).' },
  { id: 'entra.tenant.validation-result', title: 'The Logic App\'s validation-result-<RunId>.json, sent to Microsoft', why: 'Microsoft reviews its own run\'s output (30–60 minutes in an Azure Standard Logic App), not ours.' },
];

/** The Entra part of readiness.json. */
export interface EntraGalleryReadiness {
  /** Every gate is covered by a passing linked run (the tenant tasks remain). */
  readonly gatesCovered: boolean;
  readonly gates: readonly RequirementResult[];
  /** The linked runs and what they resolved to. */
  readonly runs: readonly ResultEvidence[];
  readonly needsTenant: readonly TenantTask[];
}

export interface EntraCheckInput {
  readonly manifest: SubmissionManifest;
  readonly baseDir: string;
  readonly fetchReport: ReportFetcher;
}

const passes = (step: StepResult): boolean => step.verdict === 'pass';

/** Checks the Entra gallery links; undefined when the manifest names no Entra submission. */
export async function checkEntraGallery(input: EntraCheckInput): Promise<EntraGalleryReadiness | undefined> {
  const links = input.manifest.entraGallery?.results;
  if (links === undefined) return undefined;
  const linkRule: RequirementRule = {
    id: 'entra.results.report', section: 'entra-gallery', field: 'entraGallery.results',
    title: 'Each Entra gallery link resolves to an intact scim-conformance report',
    fix: 'Link permalinks (…/runs/<runId>) or report.json files exactly as scim-conformance wrote them.',
  };
  const resolved = await Promise.all(links.map((link, i) => resolveReport({ link, baseDir: input.baseDir, fetchReport: input.fetchReport }, { ...linkRule, id: `${linkRule.id}:${i}` })));
  const reports = resolved.flatMap((r) => (r.report !== undefined ? [r.report] : []));
  const runs: ResultEvidence[] = links.map((link, i) => {
    const report = resolved[i]?.report;
    return {
      link: displayLink(link),
      ...(report !== undefined ? { runId: report.meta.runId, suiteId: report.meta.suites.join(', '), finishedAt: report.meta.finishedAt } : {}),
      ...(report?.meta.target.scimUrl !== undefined ? { scimUrl: report.meta.target.scimUrl } : {}),
    };
  });
  const gates = ENTRA_GATES.map((g) => judgeGate(g, reports));
  const linkProblems = resolved.map((r) => r.result).filter((r) => r.status !== 'pass');
  return {
    gatesCovered: linkProblems.length === 0 && gates.every((g) => g.status === 'pass'),
    gates: [...linkProblems, ...gates],
    runs,
    needsTenant: ENTRA_TENANT_TASKS,
  };
}

/** The gate's status from the newest complete linked run that has its suite. */
function judgeGate(g: Gate, reports: readonly RunReport[]): RequirementResult {
  const withSuite = reports
    .filter((r) => r.suites.some((s) => s.suiteId === g.suite))
    .sort((a, b) => b.meta.finishedAt.localeCompare(a.meta.finishedAt));
  const latest = withSuite[0];
  if (latest === undefined) return failed(g.rule, `Not covered: no linked run has the ${g.suite} suite (${g.source}).`);
  const suite = latest.suites.find((s) => s.suiteId === g.suite);
  const steps = (suite?.steps ?? []).filter((s) => s.kind === 'request');
  // Every required step, except those that do not apply to this endpoint (n/a with the reason:
  // e.g. the expired-token check when tokens live an hour); steps a gate names must pass.
  const wanted = g.steps === undefined
    ? steps.filter((s) => s.level === 'required' && s.verdict !== 'n/a')
    : g.steps.map((id) => steps.find((s) => s.stepId === `${g.suite}/${id}`));
  const missing = (g.steps ?? []).filter((id) => !steps.some((s) => s.stepId === `${g.suite}/${id}`));
  const bad = wanted.flatMap((s) => (s !== undefined && !passes(s) ? [`${s.stepId} (${s.verdict})`] : []));
  const extra = g.also?.(latest);
  const run = `run ${latest.meta.runId} (${latest.meta.finishedAt})`;
  if (!latest.complete) return failed(g.rule, `The latest linked run with ${g.suite}, ${run}, is incomplete.`);
  if (missing.length > 0) return failed(g.rule, `${run} did not run ${listSome(missing.map((id) => `${g.suite}/${id}`), 4)} (${g.source}).`);
  if (bad.length > 0) return failed(g.rule, `${run}: ${listSome(bad, 4)} did not pass (${g.source}).`);
  if (extra !== undefined) return failed(g.rule, `${run}: ${extra}.`);
  return passed(g.rule, `Covered by ${run}: ${wanted.length} step(s) of ${g.suite} passed (${g.source}).`);
}
