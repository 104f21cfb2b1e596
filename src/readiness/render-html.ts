/**
 * readiness.html: one self-contained page (no network, no script) rendering readiness.json.
 * Every value is escaped by the `html` tag (report/safe-html.ts). Stable `data-testid`s:
 * `verdict`, `submit-button`, `counts`, `todo-item`, `requirement` (with
 * `data-requirement-id` and `data-status`), `requirement-status|title|message|fix|field`,
 * `plan-case` (with `data-case-id` and `data-status`), `evidence`.
 */
import { createHash } from 'node:crypto';
import { html, SafeHtml, type HtmlValue } from '../report/safe-html.js';
import type { PlanCaseResult, ReadinessReport, ResultEvidence } from './readiness-report.js';
import type { EntraGalleryReadiness } from './check-entra.js';
import { REQUIREMENT_SECTIONS, SECTION_TITLES, type RequirementResult, type RequirementStatus } from './requirement.js';
import { formatHours } from './render-console.js';
import { PLAN_SECTION_TITLES } from './test-plan.js';

const CSS = `
:root { color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa; --code: #eff2f5; --link: #0550ae;
  --pass: #1a7f37; --fail: #cf222e; --blocked: #8a5a00; --na: #59636e; --auto: #3d5a80; }
@media (prefers-color-scheme: dark) { :root {
  --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23; --code: #1f2630; --link: #6cb6ff; } }
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body { margin: 0 auto; max-width: 64rem; padding: 1.5rem 1rem 4rem; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
h1 { font-size: 1.5rem; margin: 0 0 0.25rem; }
h2 { font-size: 1.15rem; margin: 1.75rem 0 0.5rem; }
a { color: var(--link); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.875em; background: var(--code); padding: 0.05em 0.3em; border-radius: 4px; overflow-wrap: anywhere; }
.sub { color: var(--muted); margin: 0 0 1rem; overflow-wrap: anywhere; }
.verdict { border: 2px solid var(--line); border-radius: 10px; padding: 1rem 1.25rem; display: flex; flex-wrap: wrap; gap: 0.75rem 1.5rem; align-items: center; }
.verdict.enabled { border-color: var(--pass); }
.verdict.disabled { border-color: var(--fail); }
.verdict-text { font-size: 1.25rem; font-weight: 700; margin: 0; flex: 1 1 20rem; }
.enabled .verdict-text { color: var(--pass); }
.disabled .verdict-text { color: var(--fail); }
.submit { font: inherit; font-weight: 600; padding: 0.5rem 1.1rem; border-radius: 6px; border: 1px solid transparent; background: var(--pass); color: #fff; }
.submit[disabled] { background: var(--panel); color: var(--muted); border-color: var(--line); cursor: not-allowed; }
.counts { margin: 0; color: var(--muted); flex-basis: 100%; }
.badge { display: inline-block; min-width: 4.5rem; text-align: center; font-size: 0.75rem; font-weight: 700; letter-spacing: 0.03em; color: #fff; border-radius: 4px; padding: 0.1rem 0.4rem; margin-right: 0.5rem; vertical-align: 0.1em; }
.badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); } .badge.blocked { background: var(--blocked); }
.badge.na, .badge.untracked { background: var(--na); } .badge.auto, .badge.awaiting { background: var(--auto); }
.badge.untracked { background: var(--fail); }
ol.todo { padding-left: 1.5rem; } ol.todo li { margin: 0.35rem 0; }
ul.reqs { list-style: none; padding: 0; margin: 0; border: 1px solid var(--line); border-radius: 8px; }
li.req { padding: 0.6rem 0.9rem; border-top: 1px solid var(--line); }
li.req:first-child { border-top: none; }
li.req.fail { background: color-mix(in srgb, var(--fail) 7%, transparent); }
li.req.blocked { background: color-mix(in srgb, var(--blocked) 7%, transparent); }
.req p { margin: 0.2rem 0 0 0; overflow-wrap: anywhere; }
.req .fix { font-weight: 500; }
.req .field { color: var(--muted); font-size: 0.9em; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 0.85rem; color: var(--muted); }
td.note { color: var(--muted); overflow-wrap: anywhere; }
dl.evidence { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dl.evidence dt { font-weight: 600; } dl.evidence dd { margin: 0; overflow-wrap: anywhere; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: 0.85rem; }
`;

const CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(CSS, 'utf8').digest('base64')}'`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const STATUS_LABEL: Readonly<Record<RequirementStatus, string>> = { pass: 'PASS', fail: 'FAIL', blocked: 'BLOCKED', 'n/a': 'N/A' };
const STATUS_CLASS: Readonly<Record<RequirementStatus, string>> = { pass: 'pass', fail: 'fail', blocked: 'blocked', 'n/a': 'na' };

const CASE_LABEL: Readonly<Record<PlanCaseResult['status'], { text: string; cls: string }>> = {
  pass: { text: 'PASS', cls: 'pass' },
  'not-applicable': { text: 'N/A', cls: 'na' },
  'covered-by-automation': { text: 'AUTOMATED', cls: 'auto' },
  'awaiting-automation': { text: 'AWAITING CRUD', cls: 'awaiting' },
  untracked: { text: 'UNTRACKED', cls: 'untracked' },
  'automated-passed': { text: 'AUTOMATED ✓', cls: 'auto' },
  'automated-failed': { text: 'AUTOMATED ✗', cls: 'fail' },
  'automated-emulator': { text: 'EMULATOR ONLY', cls: 'awaiting' },
};

/** The note cell: the CRUD scenario, or the okta-plan step (linked) that decided the case. */
function caseNote(c: PlanCaseResult): HtmlValue {
  if (c.scenario !== undefined && c.status === 'covered-by-automation') return `CRUD run: ${c.scenario}${c.note ? ` — ${c.note}` : ''}`;
  if (c.evidence !== undefined && c.stepId !== undefined) {
    const what = c.status === 'automated-failed' ? 'failed' : c.status === 'automated-emulator' ? 'passed on the emulator (local pre-check, not evidence)' : 'passed';
    return html`<a href="${c.evidence}" rel="noreferrer" data-testid="plan-evidence">${c.stepId}</a> ${what}${c.note !== undefined && ` — ${c.note}`}`;
  }
  return c.note ?? '';
}

function anchor(id: string, index: number): string {
  return `req-${index}-${id.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

function requirementItem(r: RequirementResult, id: string): SafeHtml {
  return html`<li class="req ${STATUS_CLASS[r.status]}" id="${id}" data-testid="requirement" data-requirement-id="${r.id}" data-status="${r.status}">
<span class="badge ${STATUS_CLASS[r.status]}" data-testid="requirement-status">${STATUS_LABEL[r.status]}</span><strong data-testid="requirement-title">${r.title}</strong> <code>${r.id}</code>
<p data-testid="requirement-message">${r.message}</p>
${r.fix !== undefined && (r.status === 'fail' || r.status === 'blocked') && html`<p class="fix" data-testid="requirement-fix">How to fix: ${r.fix}</p>`}
${r.field !== undefined && (r.status === 'fail' || r.status === 'blocked') && html`<p class="field" data-testid="requirement-field">Field: <code>${r.field}</code></p>`}
</li>`;
}

function link(text: string): HtmlValue {
  return /^https?:\/\//i.test(text) ? html`<a href="${text}" rel="noreferrer">${text}</a>` : html`<code>${text}</code>`;
}

function evidenceBlock(label: string, e: ResultEvidence | undefined): HtmlValue {
  if (e === undefined) return '';
  return html`<dt>${label}</dt><dd data-testid="evidence">${link(e.link)}${e.runId !== undefined && html` — run <code>${e.runId}</code>`}${e.suiteId !== undefined && html`, ${e.suiteId}`}${e.finishedAt !== undefined && html`, finished ${e.finishedAt}`}${e.scimUrl !== undefined && html`, target <code>${e.scimUrl}</code>`}</dd>`;
}

/** The Entra gallery checklist (check-entra.ts): not part of the OIN verdict above. */
function entraSection(entra: EntraGalleryReadiness): SafeHtml {
  const covered = entra.gates.filter((g) => g.status === 'pass').length;
  return html`<section aria-label="Microsoft Entra app gallery" data-testid="entra-gallery"><h2>Microsoft Entra app gallery (beside OIN)</h2>
<p data-testid="entra-summary">${covered} of ${entra.gates.length} of Microsoft's gates covered by the linked runs${entra.gatesCovered ? '' : ' — not yet ready for Microsoft\'s onboarding run'}. Not part of the OIN verdict.</p>
<ul class="reqs">
${entra.gates.map((g, i) => requirementItem(g, anchor(g.id, 10_000 + i)))}</ul>
<h3>Still needs a real Entra tenant</h3>
<ul data-testid="entra-tenant">
${entra.needsTenant.map((t) => html`<li data-tenant-task="${t.id}"><strong>${t.title}</strong> — ${t.why}</li>
`)}</ul>
<dl class="evidence">${entra.runs.map((r, i) => evidenceBlock(`Run ${i + 1}`, r))}</dl>
</section>`;
}

function planTable(cases: readonly PlanCaseResult[]): SafeHtml {
  return html`<table data-testid="test-plan"><thead><tr><th>Case</th><th>Section</th><th>What it verifies</th><th>Status</th><th>Note</th></tr></thead><tbody>
${cases.map((c) => html`<tr data-testid="plan-case" data-case-id="${c.id}" data-status="${c.status}"><td><code>${c.id}</code></td><td>${PLAN_SECTION_TITLES[c.section]}</td><td>${c.title}</td><td><span class="badge ${CASE_LABEL[c.status].cls}">${CASE_LABEL[c.status].text}</span></td><td class="note">${caseNote(c)}</td></tr>
`)}</tbody></table>`;
}

/** Renders the readiness report as one self-contained HTML page. */
export function renderReadinessHtml(report: ReadinessReport): string {
  const anchors = new Map<RequirementResult, string>();
  report.requirements.forEach((r, i) => anchors.set(r, anchor(r.id, i)));
  const todo = report.requirements.filter((r) => r.status === 'fail' || r.status === 'blocked');
  const enabled = report.submitEnabled;
  const c = report.counts;
  const planCounts = report.testPlan.cases.reduce<Record<string, number>>((acc, k) => ({ ...acc, [k.status]: (acc[k.status] ?? 0) + 1 }), {});
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${report.tool.name} ${report.tool.version}">
<title>${enabled ? 'Ready' : 'Not ready'} · ${report.submission.displayName} · OIN submission readiness</title>
<link rel="icon" href="data:,">
<style>${SafeHtml.trusted(CSS)}</style>
</head>
<body>
<header>
<h1>OIN submission readiness</h1>
<p class="sub">${report.submission.displayName} · ${report.submission.company} · SCIM <code>${report.submission.scimBaseUrl}</code>${report.submission.sso ? ' · with SSO' : ''} · checked ${report.checkedAt}</p>
</header>
<main>
<section class="verdict ${enabled ? 'enabled' : 'disabled'}" aria-label="Verdict">
<p class="verdict-text" data-testid="verdict">${enabled ? 'Submit integration would be enabled' : 'Submit integration would stay disabled'}</p>
<button class="submit" type="button" data-testid="submit-button"${SafeHtml.trusted(enabled ? '' : ' disabled')}>Submit integration</button>
<p class="counts" data-testid="counts">${c.pass} passed · ${c.fail} failed · ${c.blocked} blocked · ${c['n/a']} not applicable (of ${report.requirements.length} requirements)</p>
</section>
${todo.length > 0 && html`<section aria-label="What to fix"><h2>What to fix (${todo.length})</h2><ol class="todo">
${todo.map((r) => html`<li data-testid="todo-item" data-requirement-id="${r.id}"><a href="#${anchors.get(r) ?? ''}">${r.title}</a>: ${r.message}${r.status === 'fail' && r.fix !== undefined && html` <em>Fix:</em> ${r.fix}`}</li>
`)}</ol></section>`}
${REQUIREMENT_SECTIONS.map((section) => {
    const items = report.requirements.filter((r) => r.section === section);
    if (items.length === 0) return '';
    return html`<section aria-label="${SECTION_TITLES[section]}"><h2>${SECTION_TITLES[section]}</h2><ul class="reqs">
${items.map((r) => requirementItem(r, anchors.get(r) ?? ''))}</ul></section>
`;
  })}
${report.entraGallery !== undefined && entraSection(report.entraGallery)}
<section aria-label="Evidence"><h2>Result links</h2><dl class="evidence">
${evidenceBlock('SPEC', report.evidence.spec)}${evidenceBlock('CRUD', report.evidence.crud)}
</dl></section>
<section aria-label="Manual test plan"><h2>Manual test plan (${report.testPlan.plan})</h2>
<p>${planCounts['pass'] ?? 0} passed · ${planCounts['not-applicable'] ?? 0} not applicable · ${planCounts['covered-by-automation'] ?? 0} covered by the CRUD run · ${planCounts['awaiting-automation'] ?? 0} awaiting the CRUD run · ${planCounts['automated-passed'] ?? 0} automated and passed · ${planCounts['automated-failed'] ?? 0} automated and failed · ${planCounts['automated-emulator'] ?? 0} on the emulator only · ${planCounts['untracked'] ?? 0} untracked</p>
${planTable(report.testPlan.cases)}
</section>
</main>
<footer><p>readiness.json is the record of this check; this page is a rendering of it. Policy: SPEC and CRUD runs at most ${formatHours(report.policy.resultMaxAgeHours)} old; Tester results at most ${formatHours(report.policy.ssoTesterMaxAgeHours)} old. Secrets (the test password, API tokens) are never read into this page.</p></footer>
</body>
</html>
`;
  return page.value;
}
