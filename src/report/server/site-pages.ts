/**
 * The pages of the report site — run index, index.json, histories, and the run page (the
 * run's report.html with a navigation bar) — shared by the report server and the static site
 * (see site-paths.ts for the URLs). Every page is self-contained (inline CSS and script
 * allowed by hash, see site-assets.ts), every value is escaped by the `html` tag, and pages
 * never contain the server's access token.
 *
 * Hooks for browser tests (stable): index `table.runs` with `tr.run[data-run-id][data-verdict]`
 * (`.run-link`, `.run-counts [data-verdict] .n`, `.integrity`), `#verdict-filter`,
 * `#suite-filter`, `#target-filter`, `#run-filter-status`, `#unreadable`; history
 * `.history-run[data-run-id][data-verdict]` and `.flip[data-step-id][data-change][data-from][data-to]`;
 * run page `nav.site-nav` and, when the report's integrity is not verified,
 * `[data-testid=integrity-banner]`.
 */
import type { RunReport } from '../../model/report.js';
import type { Counts, Verdict } from '../../model/verdict.js';
import { verdictLabel } from '../format.js';
import type { HistoryTransition, StepChange, SuiteHistory } from '../history.js';
import { renderHtml } from '../html.js';
import { html, SafeHtml, type HtmlValue } from '../safe-html.js';
import type { IntegrityStatus, StoredRun, UnreadableRun } from '../store.js';
import { INDEX_SCRIPT, SITE_CSS, siteCsp } from './site-assets.js';
import { historyHref, historyKey, rootPrefix, runHref } from './site-paths.js';

/** Display order of verdicts: what needs attention first (as in report.html). */
const VERDICT_ORDER: readonly Verdict[] = ['fail', 'error', 'warn', 'pass', 'n/a', 'skip'];

const ICONS: Readonly<Record<Verdict, string>> = {
  pass: '✓', warn: '!', fail: '✗', error: '⚠', skip: '–', 'n/a': '∅',
};

function verdictClass(verdict: Verdict): string {
  return verdict === 'n/a' ? 'v-na' : `v-${verdict}`;
}

function badge(verdict: Verdict): SafeHtml {
  return html`<span class="badge ${verdictClass(verdict)}">${ICONS[verdict]} ${verdictLabel(verdict)}</span>`;
}

function dateTime(iso: string): SafeHtml {
  return html`<time datetime="${iso}">${iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/Z$/, ' UTC')}</time>`;
}

function countsList(counts: Counts): SafeHtml {
  return html`<ul class="run-counts" aria-label="Steps by verdict">${VERDICT_ORDER.map((v) => html`<li data-verdict="${v}" title="${verdictLabel(v)}"><span class="${verdictClass(v)}">${ICONS[v]}</span> <span class="n${counts[v] === 0 ? ' zero' : ''}">${counts[v]}</span> <span class="note">${v}</span></li>`)}</ul>`;
}

function page(options: { title: string; script: boolean; body: HtmlValue }): string {
  const csp = siteCsp(options.script);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${options.title}</title>
<link rel="icon" href="data:,">
<style>${SafeHtml.trusted(SITE_CSS)}</style>
</head>
<body>
${options.body}
${options.script && html`<script>${SafeHtml.trusted(INDEX_SCRIPT)}</script>`}
</body>
</html>
`.value;
}

/** The CSP each page kind carries (the server repeats it as a header). */
export const PAGE_CSP = { index: siteCsp(true), history: siteCsp(false) } as const;

/** What the run index lists. */
export interface SiteListing {
  /** Newest first. */
  readonly runs: readonly StoredRun[];
  /** Directories that are not listed, and why. */
  readonly problems: readonly UnreadableRun[];
}

export interface IndexPageOptions {
  /** Heading of the problems section: the server lists what it cannot read, a published site what it left out. */
  readonly problemsHeading: string;
}

function targetOf(run: StoredRun): string {
  return run.target.scimUrl ?? '';
}

const INTEGRITY_TEXT: Readonly<Record<IntegrityStatus, string>> = {
  verified: '✓ verified',
  failed: '✗ FAILED',
  absent: '– none',
};

const INTEGRITY_TITLE: Readonly<Record<IntegrityStatus, string>> = {
  verified: 'report.json matches its integrity value',
  failed: 'report.json was changed after it was written: do not trust it',
  absent: 'report.json carries no integrity value, so changes cannot be detected',
};

function runRow(run: StoredRun): SafeHtml {
  const target = targetOf(run);
  const suiteText = run.suites.map((s) => `${s.suiteId} ${s.name}`).join(' ');
  return html`<tr class="run ${verdictClass(run.verdict)}" data-testid="run" data-run-id="${run.runId}" data-verdict="${run.verdict}" data-suites="${suiteText}" data-target="${target}" data-integrity="${run.integrity}">
<td class="verdict">${badge(run.verdict)}${!run.complete && html` <span class="note">incomplete</span>`}</td>
<td class="suites"><ul class="suite-list">${run.suites.length === 0 ? html`<li class="note">no suites ran</li>` : run.suites.map((s) => html`<li><code>${s.suiteId}</code> <a class="history-link" href="${historyHref(historyKey(target, s.suiteId))}" title="${`History of ${s.suiteId} on this target`}">history</a></li>`)}</ul></td>
<td class="target">${target === '' ? html`<span class="note">none</span>` : html`<code>${target}</code>`}</td>
<td class="started"><a class="run-link" href="${runHref(run.runId)}">${dateTime(run.startedAt)}</a></td>
<td class="steps-cell">${countsList(run.counts)}</td>
<td class="integrity integrity-${run.integrity}" title="${INTEGRITY_TITLE[run.integrity]}">${INTEGRITY_TEXT[run.integrity]}</td>
<td class="files"><a href="${runHref(run.runId, 'report.json')}">JSON</a> · <a href="${runHref(run.runId, 'junit.xml')}">JUnit</a></td>
</tr>
`;
}

/** The run index (`/index.html`): a filterable table of runs, newest first. */
export function renderIndexPage(listing: SiteListing, options: IndexPageOptions): string {
  const { runs, problems } = listing;
  const verdicts = VERDICT_ORDER.filter((v) => runs.some((r) => r.verdict === v));
  const body = html`<header class="site-head">
<h1>SCIM conformance runs</h1>
<nav class="site-nav tool" aria-label="Report site"><span>${runs.length} run${runs.length === 1 ? '' : 's'}</span><a href="${historyHref()}">History by target and suite</a><a href="index.json">index.json</a></nav>
</header>
<nav id="run-filters" data-testid="run-filters" aria-label="Filter runs">
<label>Verdict <select id="verdict-filter" data-testid="verdict-filter">
<option value="">all</option>
${verdicts.map((v) => html`<option value="${v}">${ICONS[v]} ${verdictLabel(v)}</option>
`)}</select></label>
<label>Suite <input type="search" id="suite-filter" data-testid="suite-filter" placeholder="suite id or name" autocomplete="off"></label>
<label>Target <input type="search" id="target-filter" data-testid="target-filter" placeholder="SCIM base URL" autocomplete="off"></label>
<p id="run-filter-status" role="status" aria-live="polite">Showing all ${runs.length} runs</p>
</nav>
<main>
${runs.length === 0 ? html`<p data-testid="no-runs">No runs yet: <code>scim-conformance run</code> writes one.</p>` : html`<table class="runs" data-testid="runs">
<caption>Runs, newest first</caption>
<thead><tr><th scope="col">Verdict</th><th scope="col">Suites</th><th scope="col">Target</th><th scope="col">Started</th><th scope="col">Steps</th><th scope="col">Integrity</th><th scope="col">Files</th></tr></thead>
<tbody>
${runs.map(runRow)}</tbody>
</table>`}
${problems.length > 0 && html`<section id="unreadable" data-testid="unreadable">
<h2>${options.problemsHeading} (${problems.length})</h2>
<ul>
${problems.map((p) => html`<li data-name="${p.name}"><code>${p.name}</code>: ${p.problem}</li>
`)}</ul>
</section>`}
</main>`;
  return page({ title: `Runs · scim-conformance`, script: true, body });
}

/** `/index.json`: the index as data, with links relative to the site root. */
export interface SiteIndexJson {
  readonly formatVersion: 1;
  readonly runs: readonly (StoredRun & {
    readonly links: { readonly html: string; readonly json: string; readonly junit: string };
    readonly history: readonly { readonly suiteId: string; readonly href: string }[];
  })[];
  readonly unreadable: readonly UnreadableRun[];
}

export function renderIndexJson(listing: SiteListing): string {
  const index: SiteIndexJson = {
    formatVersion: 1,
    runs: listing.runs.map((run) => ({
      ...run,
      links: { html: runHref(run.runId), json: runHref(run.runId, 'report.json'), junit: runHref(run.runId, 'junit.xml') },
      history: run.suites.map((s) => ({ suiteId: s.suiteId, href: historyHref(historyKey(targetOf(run), s.suiteId)) })),
    })),
    unreadable: listing.problems,
  };
  return `${JSON.stringify(index, null, 2)}\n`;
}

const CHANGE_LABEL: Readonly<Record<StepChange, string>> = {
  'started-failing': 'Started failing',
  'stopped-failing': 'Stopped failing',
  changed: 'Changed',
};

/** The element id report.html gives a step (html.ts `DomIds`), for deep links from history. */
function stepAnchor(suiteId: string, stepId: string): string {
  const encode = (part: string): string => part.replace(/[^A-Za-z0-9-]/g, (ch) => `_${ch.codePointAt(0)?.toString(16) ?? ''}_`);
  return `step-${encode(suiteId)}--${encode(stepId)}`;
}

function verdictOrNone(verdict: Verdict | undefined): SafeHtml {
  return verdict === undefined ? html`<span class="note">not in that run</span>` : badge(verdict);
}

function transitionBlock(history: SuiteHistory, t: HistoryTransition, up: string): SafeHtml {
  return html`<div class="transition" data-testid="transition" data-from-run="${t.fromRunId}" data-verdict-changed="${String(t.verdictChanged)}">
<p>${t.verdictChanged ? html`<strong>Verdict changed</strong> ${badge(t.fromVerdict)} → ${badge(t.toVerdict)}` : html`<span class="note">Verdict unchanged since the previous run</span>`}</p>
${t.flips.length === 0 ? html`<p class="note">No step changed verdict.</p>` : html`<ul class="flips">
${t.flips.map((f) => html`<li class="flip" data-testid="flip" data-step-id="${f.stepId}" data-change="${f.change}" data-from="${f.from ?? ''}" data-to="${f.to ?? ''}"><span class="change">${CHANGE_LABEL[f.change]}</span> <a href="${`${up}${runHref(t.toRunId)}#${stepAnchor(history.suiteId, f.stepId)}`}"><code>${f.stepId}</code></a> <span class="step-title">${f.title}</span> ${verdictOrNone(f.from)} → ${verdictOrNone(f.to)}${f.reason !== undefined && html` <span class="reason">— ${f.reason}</span>`}</li>
`)}</ul>`}
</div>`;
}

/** One suite's history on one target (`/history/<key>/index.html`), newest run first. */
export function renderHistoryPage(history: SuiteHistory): string {
  const up = rootPrefix(2);
  const entries = history.runs.map((run, i) => ({ run, transition: i > 0 ? history.transitions[i - 1] : undefined })).reverse();
  const body = html`<header class="site-head">
<h1>History of <code>${history.suiteId}</code></h1>
<p>${history.suiteName} on ${history.target === '' ? html`<span class="note">no SCIM target</span>` : html`<code data-testid="history-target">${history.target}</code>`} · ${history.runs.length} run${history.runs.length === 1 ? '' : 's'}</p>
<nav class="site-nav tool" aria-label="Report site"><a href="${`${up}index.html`}">All runs</a><a href="../index.html">All histories</a></nav>
</header>
<main>
<ol class="history" data-testid="history">
${entries.map(({ run, transition }) => html`<li class="history-run ${verdictClass(run.verdict)}" data-testid="history-run" data-run-id="${run.runId}" data-verdict="${run.verdict}">
<div class="history-line">${badge(run.verdict)} <a class="run-link" href="${`${up}${runHref(run.runId)}`}">${dateTime(run.startedAt)}</a>${!run.complete && html` <span class="note">incomplete</span>`} ${countsList(run.counts)}</div>
${transition === undefined ? html`<p class="note transition">First recorded run of this suite on this target.</p>` : transitionBlock(history, transition, up)}
</li>
`)}</ol>
</main>`;
  return page({ title: `History · ${history.suiteId} · scim-conformance`, script: false, body });
}

/** Every target × suite (`/history/index.html`). */
export function renderHistoryIndexPage(histories: readonly SuiteHistory[]): string {
  const body = html`<header class="site-head">
<h1>History by target and suite</h1>
<nav class="site-nav tool" aria-label="Report site"><a href="../index.html">All runs</a></nav>
</header>
<main>
${histories.length === 0 ? html`<p>No runs yet.</p>` : html`<table class="histories" data-testid="histories">
<thead><tr><th scope="col">Suite</th><th scope="col">Target</th><th scope="col">Runs</th><th scope="col">Latest</th><th scope="col">Last change</th></tr></thead>
<tbody>
${histories.map((h) => {
    const latest = h.runs[h.runs.length - 1];
    const last = h.transitions[h.transitions.length - 1];
    const started = last?.flips.filter((f) => f.change === 'started-failing').length ?? 0;
    const stopped = last?.flips.filter((f) => f.change === 'stopped-failing').length ?? 0;
    return html`<tr class="history-row" data-suite-id="${h.suiteId}" data-target="${h.target}">
<td><a href="${`${encodeURIComponent(historyKey(h.target, h.suiteId))}/index.html`}"><code>${h.suiteId}</code></a> ${h.suiteName}</td>
<td>${h.target === '' ? html`<span class="note">none</span>` : html`<code>${h.target}</code>`}</td>
<td>${h.runs.length}</td>
<td>${latest !== undefined && badge(latest.verdict)}</td>
<td>${last === undefined ? html`<span class="note">one run</span>` : html`${last.verdictChanged ? html`${badge(last.fromVerdict)} → ${badge(last.toVerdict)}` : 'verdict unchanged'}; ${started} started failing, ${stopped} stopped failing`}</td>
</tr>
`;
  })}</tbody>
</table>`}
</main>`;
  return page({ title: 'History · scim-conformance', script: false, body });
}

const INTEGRITY_BANNER: Readonly<Record<Exclude<IntegrityStatus, 'verified'>, string>> = {
  failed: 'Integrity check failed: this report.json was changed after scim-conformance wrote it. Do not rely on what this page shows.',
  absent: 'This report carries no integrity value (it was not written by scim-conformance run), so changes to it cannot be detected.',
};

/**
 * A run's page: report.html rendered from the report (the canonical record, so an edited
 * report.html on disk is never shown) with the site's navigation and, unless its integrity
 * is verified, a banner. The report's own CSP still applies: the inserted markup uses only
 * the report stylesheet's classes and no script.
 */
export function renderRunPage(report: RunReport, integrity: IntegrityStatus): string {
  const up = rootPrefix(2);
  const target = report.meta.target.scimUrl ?? '';
  const nav = html`<nav class="site-nav tool" data-testid="site-nav" aria-label="Report site"><a href="${`${up}index.html`}">← All runs</a>${report.suites.map((s) => html` · <a href="${`${up}${historyHref(historyKey(target, s.suiteId))}`}">History of ${s.suiteId}</a>`)} · <a href="report.json">report.json</a> · <a href="junit.xml">junit.xml</a></nav>
${integrity !== 'verified' && html`<p class="banner" role="alert" data-testid="integrity-banner" data-integrity="${integrity}">${INTEGRITY_BANNER[integrity]}</p>`}
`;
  const rendered = renderHtml(report);
  const at = rendered.indexOf('<body>');
  if (at < 0) return rendered;
  const end = at + '<body>'.length;
  return `${rendered.slice(0, end)}\n${nav.value}${rendered.slice(end)}`;
}
