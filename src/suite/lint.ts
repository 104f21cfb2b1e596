/**
 * Suite lint (DESIGN.md: unique ids, refs resolve, `{{vars}}` defined before use). Native
 * suites are linted by our tests; a problem is a message naming the step and what is wrong.
 */
import { templatePlaceholders, templateVariables } from '../engine/template.js';
import { urlTemplateLayout } from '../engine/url.js';
import { isKnownSpecRef } from '../model/spec-ref.js';
import type { Suite } from '../model/suite.js';

/** Every problem found; empty when the suite is sound. */
export function lintSuite(suite: Suite, options: { random?: () => number } = {}): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const defined = new Set(suite.inputs.map((i) => i.name));
  if (suite.initial?.kind === 'generate') {
    for (const name of Object.keys(suite.initial.generate(options.random ?? Math.random))) defined.add(name);
  }
  // Variables a script sets (literal names) count as defined from that step on.
  const scriptSets = (code: string): string[] => [...code.matchAll(/variables\.set\(\s*["']([^"']+)["']/g)].map((m) => m[1] ?? '');
  if (suite.initial?.kind === 'script') for (const n of scriptSets(suite.initial.script.code)) defined.add(n);
  for (const step of suite.steps) {
    if (seen.has(step.id)) problems.push(`${step.id}: duplicate step id`);
    seen.add(step.id);
    if (!step.id.startsWith(`${suite.id}/`)) problems.push(`${step.id}: id does not start with the suite id ${suite.id}/`);
    if (step.kind === 'pause') continue;
    if (!/^[a-z0-9][a-z0-9/-]*$/.test(step.id)) problems.push(`${step.id}: id is not kebab-case and path-like`);
    for (const ref of step.refs) if (!isKnownSpecRef(ref)) problems.push(`${step.id}: unknown spec reference ${ref}`);
    if (step.refs.length === 0) problems.push(`${step.id}: no spec reference`);
    if (!step.requirement.trim() || !step.fix.trim()) problems.push(`${step.id}: requirement and fix must be written`);
    const writer = step.readBack?.of;
    if (writer !== undefined && (writer === step.id || !seen.has(writer))) problems.push(`${step.id}: reads back ${writer}, which is not an earlier step of the suite`);
    for (const p of lintUrlTemplate(step.request.url, suite)) problems.push(`${step.id}: ${p}`);
    const templates = [step.request.url, step.request.body ?? '', ...step.request.headers.map(([, v]) => v), ...step.assertions.map((a) => a.value ?? '')];
    for (const s of step.beforeScripts) for (const n of scriptSets(s.code)) defined.add(n);
    for (const name of new Set(templates.flatMap((t) => templateVariables(t)))) {
      if (!defined.has(name)) problems.push(`${step.id}: uses {{${name}}} before any input, initial data or earlier step defines it`);
    }
    for (const x of step.extractions) defined.add(x.name);
    for (const s of step.scripts) for (const n of scriptSets(s.code)) defined.add(n);
  }
  for (const action of suite.cleanup) {
    if (action.request) for (const p of lintUrlTemplate(action.request.url, suite)) problems.push(`cleanup "${action.title}": ${p}`);
    for (const name of action.needs) if (!defined.has(name)) problems.push(`cleanup "${action.title}": needs {{${name}}}, which nothing defines`);
  }
  return problems;
}

/**
 * URL templates put server values into URLs one way only (engine/url.ts): the placeholders a URL
 * starts with are its base and go in as written, so they must be the suite's own inputs (the
 * user's SCIM base URL or Okta org), never a value a server returned; every other placeholder in
 * the path must fill a whole segment, so its value is exactly one percent-encoded segment.
 */
function lintUrlTemplate(url: string, suite: Suite): string[] {
  const problems: string[] = [];
  const inputs = new Set(suite.inputs.map((i) => i.name));
  const layout = urlTemplateLayout(url);
  if (layout.baseEnd === 0) problems.push(`URL ${JSON.stringify(url)} does not start with a base placeholder such as {{SCIMBaseURL}}`);
  for (const p of templatePlaceholders(url)) {
    const name = p.inner.trim();
    if (p.start < layout.baseEnd) {
      if (!inputs.has(name)) problems.push(`URL base {{${name}}} is not an input of the suite: a server value must never become a URL's origin or path prefix`);
      continue;
    }
    if (p.start >= layout.queryStart) continue;
    const before = url[p.start - 1];
    const after = url[p.end];
    if (before !== '/' || (after !== undefined && after !== '/' && after !== '?')) {
      problems.push(`URL ${JSON.stringify(url)}: {{${name}}} must fill a whole path segment (/…/{{${name}}}/…)`);
    }
  }
  return problems;
}
