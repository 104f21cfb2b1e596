/**
 * Readiness requirements: every rule the check applies is a named requirement with a status,
 * what we found, and how to fix it. One mistake gives one failing requirement: a rule that
 * cannot be evaluated because another failed is `blocked` (naming it), not a second failure.
 */

/** `n/a`: the rule does not apply to this submission (e.g. SSO rules for a SCIM-only one). */
export type RequirementStatus = 'pass' | 'fail' | 'blocked' | 'n/a';
export const REQUIREMENT_STATUSES: readonly RequirementStatus[] = ['pass', 'fail', 'blocked', 'n/a'];

export type RequirementSection =
  | 'catalog'
  | 'integration-variables'
  | 'company'
  | 'scim'
  | 'support'
  | 'test-account'
  | 'results'
  | 'okta'
  | 'test-plan'
  | 'sso'
  | 'entra-gallery';

export const REQUIREMENT_SECTIONS: readonly RequirementSection[] = [
  'catalog', 'integration-variables', 'company', 'scim', 'support', 'test-account', 'results', 'okta', 'test-plan', 'sso', 'entra-gallery',
];

export const SECTION_TITLES: Readonly<Record<RequirementSection, string>> = {
  catalog: 'OIN catalog properties',
  'integration-variables': 'Integration variables (tenant settings)',
  company: 'Company and submitter',
  scim: 'SCIM settings',
  support: 'Support contact',
  'test-account': 'Test account for Okta review',
  results: 'SPEC and CRUD test results',
  okta: 'Okta org and app instances',
  'test-plan': 'Manual OIN test plan',
  sso: 'SSO: OIN Submission Tester',
  'entra-gallery': 'Microsoft Entra app gallery (beside OIN)',
};

/** One evaluated requirement (an entry of readiness.json). */
export interface RequirementResult {
  /** Stable, dotted: `catalog.display-name`, `results.spec.recent`, `okta.app-instance:0oa…`. */
  readonly id: string;
  readonly section: RequirementSection;
  /** The rule, stated positively: "Display name has 1 to 64 characters". */
  readonly title: string;
  readonly status: RequirementStatus;
  /** What we found (one sentence or two; never a secret). */
  readonly message: string;
  /** How to fix it; present when the status is fail or blocked. */
  readonly fix?: string;
  /** The manifest field concerned, as a dotted path (`catalog.displayName`). */
  readonly field?: string;
  /** For `blocked`: the requirement ids that must pass first. */
  readonly blockedBy?: readonly string[];
}

/** A rule's fixed parts: id, section, title, the usual fix and the field. */
export interface RequirementRule {
  readonly id: string;
  readonly section: RequirementSection;
  readonly title: string;
  readonly fix: string;
  readonly field?: string;
}

function base(rule: RequirementRule): Pick<RequirementResult, 'id' | 'section' | 'title'> & { field?: string } {
  return { id: rule.id, section: rule.section, title: rule.title, ...(rule.field !== undefined ? { field: rule.field } : {}) };
}

export function passed(rule: RequirementRule, message: string): RequirementResult {
  return { ...base(rule), status: 'pass', message };
}

/** A failure; `fix` overrides the rule's usual fix when the mistake needs a specific one. */
export function failed(rule: RequirementRule, message: string, fix?: string): RequirementResult {
  return { ...base(rule), status: 'fail', message, fix: fix ?? rule.fix };
}

export function blocked(rule: RequirementRule, by: readonly string[], message?: string): RequirementResult {
  return {
    ...base(rule),
    status: 'blocked',
    message: message ?? `Not checked: ${by.join(', ')} must pass first.`,
    fix: `Fix ${by.join(' and ')} first; this is checked after.`,
    blockedBy: [...by],
  };
}

export function notApplicable(rule: RequirementRule, message: string): RequirementResult {
  return { ...base(rule), status: 'n/a', message };
}

/** A copy of a rule for one item (`okta.app-instance:<id>`), with its own title. */
export function ruleFor(rule: RequirementRule, suffix: string, title: string, field?: string): RequirementRule {
  return { ...rule, id: `${rule.id}:${suffix}`, title, ...(field !== undefined ? { field } : {}) };
}

/** True when none of the given results failed or is blocked. */
export function allHold(results: readonly (RequirementResult | undefined)[]): boolean {
  return results.every((r) => r !== undefined && (r.status === 'pass' || r.status === 'n/a'));
}

/** Ids among `results` that did not hold (for `blocked`). */
export function notHolding(results: readonly RequirementResult[]): string[] {
  return results.filter((r) => r.status === 'fail' || r.status === 'blocked').map((r) => r.id);
}

/** "1 case", "3 cases". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** A short list for messages: `a, b, c and 4 more`. */
export function listSome(items: readonly string[], max = 6): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
