/**
 * report.html: one self-contained page (inline CSS and script, no network; see
 * html-assets.ts), a rendering of the RunReport and nothing more.
 *
 * Hooks for browser tests (stable): `#summary`; `#filters` with `button[data-filter=<verdict>]`
 * (and `all`) and `#search`; `.suite[data-suite-id]`; `.step[data-step-id][data-verdict]`
 * with `.step-title`, `.requirement`, `.expected`, `.actual`, `.fix`, `.reason`, `.refs`,
 * `table.assertions`, `.scripts`, `.extractions`, `details.exchange`, `.truncated`.
 * Steps that fail or error are open by default, and so is their HTTP exchange.
 */
import { STATUS_CODES } from 'node:http';
import type { RunAuth, RunReport } from '../model/report.js';
import type {
  AssertionResult,
  CappedText,
  CleanupResult,
  ExtractionResult,
  HeaderList,
  HttpExchange,
  ScriptResult,
  StepResult,
  SuiteResult,
} from '../model/result.js';
import { specUrl } from '../model/spec-ref.js';
import type { Client } from '../model/suite.js';
import type { Verdict } from '../model/verdict.js';
import {
  failedAssertions,
  formatActual,
  formatBytes,
  formatExpected,
  formatSeconds,
  indentJson,
  verdictLabel,
} from './format.js';
import { REPORT_CSP, REPORT_CSS, REPORT_SCRIPT } from './html-assets.js';
import { html, SafeHtml, type HtmlValue } from './safe-html.js';
import { loadSection } from './load-section.js';
import { outcomeLabel, summaryLine } from './summary.js';

/** Whose rule a step checks, as the report says it (DESIGN: a rule of one client never fails another's profile). */
const CLIENT_LABELS: { readonly [client in Client]: string } = {
  okta: 'Okta rule',
  entra: 'Entra rule',
  rfc: 'RFC rule',
  interop: 'interop profile rule',
};

/** Order of the filter buttons: what needs attention first. */
const FILTER_ORDER: readonly Verdict[] = ['fail', 'error', 'warn', 'pass', 'n/a', 'skip'];

const ICONS: Readonly<Record<Verdict, string>> = {
  pass: '✓', warn: '!', fail: '✗', error: '⚠', skip: '–', 'n/a': '∅',
};

const NAMES: Readonly<Record<Verdict, string>> = {
  pass: 'Pass', warn: 'Warn', fail: 'Fail', error: 'Error', skip: 'Skip', 'n/a': 'N/A',
};

/** CSS class of a verdict (`n/a` is not a valid class name fragment). */
function verdictClass(verdict: Verdict): string {
  return verdict === 'n/a' ? 'v-na' : `v-${verdict}`;
}

function badge(verdict: Verdict): SafeHtml {
  return html`<span class="badge ${verdictClass(verdict)}">${ICONS[verdict]} ${verdictLabel(verdict)}</span>`;
}

function isOpenByDefault(verdict: Verdict): boolean {
  return verdict === 'fail' || verdict === 'error';
}

/** Allocates element ids that are valid, deterministic, and unique within the page. */
class DomIds {
  private readonly used = new Set<string>();

  /** `step-okta-spec--create-user`; characters outside [A-Za-z0-9-] become `_xx_`. */
  allocate(prefix: string, ...parts: readonly string[]): string {
    const encoded = parts
      .map((part) => part.replace(/[^A-Za-z0-9-]/g, (ch) => `_${ch.codePointAt(0)?.toString(16) ?? ''}_`))
      .join('--');
    const base = `${prefix}-${encoded}`;
    let id = base;
    for (let n = 2; this.used.has(id); n += 1) id = `${base}-${n}`;
    this.used.add(id);
    return id;
  }
}

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : formatSeconds(ms);
}

function dateTime(iso: string): SafeHtml {
  return html`<time datetime="${iso}">${iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/Z$/, ' UTC')}</time>`;
}

function refLinks(refs: readonly string[]): SafeHtml {
  return html`${refs.map((ref, i) => {
    const url = specUrl(ref);
    const sep = i > 0 ? ' ' : '';
    // Only https links from our own table; anything else is shown as text.
    return /^https:\/\//.test(url)
      ? html`${sep}<a href="${url}" rel="noopener noreferrer">${ref}</a>`
      : html`${sep}<code>${ref}</code>`;
  })}`;
}

function header(report: RunReport): SafeHtml {
  const { meta, summary } = report;
  const target = meta.target;
  const okta = target.okta === 'real' ? 'real org' : target.okta === 'emulator' ? 'emulator (built in)' : undefined;
  const options = meta.options;
  const features = Object.entries(meta.features);
  const row = (label: string, value: HtmlValue): SafeHtml => html`<dt>${label}</dt><dd>${value}</dd>`;
  return html`<header id="summary" data-testid="summary" class="run ${verdictClass(summary.verdict)}" data-verdict="${summary.verdict}" data-runscope-verdict="${summary.runscopeVerdict}">
<p class="tool">${meta.tool.name} ${meta.tool.version} · conformance report · format ${report.formatVersion}</p>
<h1>${badge(summary.verdict)} <span class="line" data-testid="summary-line">${summary.line !== '' ? summary.line : summaryLine(report)}</span></h1>
${!report.complete && html`<p class="banner" role="alert">This run did not complete (aborted or crashed): results below are partial.</p>`}
<ul class="counts" aria-label="Steps by verdict">
${FILTER_ORDER.map((v) => html`<li class="count ${verdictClass(v)}" data-verdict="${v}">${badge(v)} <span class="n">${summary.counts[v]}</span></li>
`)}</ul>
<dl class="meta">
${row('SCIM target', target.scimUrl !== undefined ? html`<code>${target.scimUrl}</code>` : 'none')}
${okta !== undefined && row('Okta', html`${okta}${target.oktaOrgUrl !== undefined && html` · <code>${target.oktaOrgUrl}</code>`}`)}
${okta === undefined && target.oktaOrgUrl !== undefined && row('Okta org', html`<code>${target.oktaOrgUrl}</code>`)}
${row('Runscope verdict', html`${badge(summary.runscopeVerdict)} <span class="note">any failed assertion fails the run, as on Runscope</span>`)}
${row('Run id', html`<code>${meta.runId}</code>`)}
${row('Started', dateTime(meta.startedAt))}
${row('Duration', formatSeconds(meta.durationMs))}
${row('Suites', html`${meta.suites.map((s, i) => html`${i > 0 ? ', ' : ''}<code>${s}</code>`)}`)}
${row('Options', [
    `strict: ${options.strict ? 'yes' : 'no'}`,
    `pauses: ${options.pauses}`,
    `query encoding: ${options.queryEncoding}`,
    `timeout: ${formatSeconds(options.timeoutMs)}`,
    `seed user: ${options.seedUser ? 'yes' : 'no'}`,
    `keep test data: ${options.keepTestData ? 'yes' : 'no'}`,
    options.grep.length > 0 ? `grep: ${options.grep.join(', ')}` : '',
  ].filter((s) => s !== '').join(' · '))}
${features.length > 0 && row('Features', features.map(([name, state]) => `${name}: ${state}`).join(' · '))}
${row('Tool', `${meta.tool.name} ${meta.tool.version} on Node ${meta.node}`)}
${report.integrity !== undefined && row('Integrity', html`<code>${report.integrity}</code>`)}
</dl>
</header>`;
}

function filters(report: RunReport): SafeHtml {
  // Pauses are not checks: the counts match the summary's.
  const steps = report.suites.flatMap((s) => s.steps).filter((s) => s.kind === 'request');
  const count = (v: Verdict): number => steps.filter((s) => s.verdict === v).length;
  return html`<nav id="filters" data-testid="filters" aria-label="Filter steps">
<div class="group" role="group" aria-label="Show steps by verdict">
<button type="button" data-filter="all" aria-pressed="true">All <span class="n">${steps.length}</span></button>
${FILTER_ORDER.map((v) => html`<button type="button" class="${verdictClass(v)}" data-filter="${v}" aria-pressed="false">${ICONS[v]} ${NAMES[v]} <span class="n">${count(v)}</span></button>
`)}</div>
<label>Search <input type="search" id="search" data-testid="search" placeholder="step id or title" autocomplete="off"></label>
<div class="group"><button type="button" data-action="expand">Expand all</button><button type="button" data-action="collapse">Collapse all</button></div>
<p id="filter-status" role="status" aria-live="polite">Showing all ${steps.length} steps</p>
</nav>`;
}

function headerLines(headers: HeaderList): string {
  return headers.map(([name, value]) => `${name}: ${value}`).join('\n');
}

function body(label: string, capped: CappedText | undefined): SafeHtml {
  if (capped === undefined) return html``;
  if (capped.text === '' && capped.truncatedBytes === 0) return html`<p class="note">${label}: empty</p>`;
  const indented = capped.truncatedBytes === 0 ? indentJson(capped.text) : undefined;
  return html`<h4>${label}${indented !== undefined && html` <span class="note">(JSON indented for reading; tokens as sent)</span>`}</h4>
<pre class="body"><code>${indented ?? capped.text}</code></pre>
${capped.truncatedBytes > 0 && html`<p class="truncated" data-testid="truncated" data-truncated-bytes="${capped.truncatedBytes}">⚠ Truncated: ${formatBytes(capped.truncatedBytes)} (${capped.truncatedBytes} bytes) not kept in the report.</p>`}`;
}

function statusText(status: number): string {
  const phrase = STATUS_CODES[status];
  return phrase === undefined ? String(status) : `${status} ${phrase}`;
}

function exchangeBlock(exchange: HttpExchange, open: boolean, label = 'HTTP exchange'): SafeHtml {
  const { request, response, transportError } = exchange;
  const outcome = response !== undefined ? statusText(response.status)
    : transportError !== undefined ? `transport error ${transportError.code}` : 'no response';
  return html`<details class="exchange" data-testid="exchange"${open ? SafeHtml.trusted(' open') : ''}>
<summary><span class="note">${label}</span> <code>${request.method} ${request.url}</code> → <strong>${outcome}</strong> <span class="note">${duration(exchange.timing.totalMs)}${response !== undefined && ` · ${formatBytes(response.sizeBytes)}`}</span></summary>
<div class="exchange-body">
<h4>Request</h4>
<pre class="request-head"><code>${request.method} ${request.url}${request.headers.length > 0 ? `\n${headerLines(request.headers)}` : ''}</code></pre>
${body('Request body', request.body)}
${transportError !== undefined && html`<h4>Transport error</h4><pre class="transport-error"><code>${transportError.code}: ${transportError.message}</code></pre>`}
${response !== undefined && html`<h4>Response</h4>
<pre class="response-head"><code>${statusText(response.status)}${response.headers.length > 0 ? `\n${headerLines(response.headers)}` : ''}</code></pre>
${body('Response body', response.body)}`}
</div>
</details>`;
}

function assertionsTable(assertions: readonly AssertionResult[]): SafeHtml {
  if (assertions.length === 0) return html``;
  return html`<table class="assertions" data-testid="assertions">
<caption>Assertions</caption>
<thead><tr><th scope="col">Check</th><th scope="col">Level</th><th scope="col">Expected</th><th scope="col">Actual</th><th scope="col">Verdict</th><th scope="col">Message</th></tr></thead>
<tbody>
${assertions.map((a) => html`<tr class="${verdictClass(a.verdict)}" data-verdict="${a.verdict}"><td class="title"><code>${a.title}</code></td><td class="level">${a.level}</td><td class="expected">${formatExpected(a.expected)}</td><td class="actual">${formatActual(a.actual)}</td><td>${badge(a.verdict)}</td><td class="message">${a.message ?? ''}</td></tr>
`)}</tbody>
</table>`;
}

function scriptsBlock(scripts: readonly ScriptResult[]): SafeHtml {
  if (scripts.length === 0) return html``;
  return html`<section class="scripts" data-testid="scripts"><h4>Scripts</h4>
${scripts.map((s) => html`<div class="script" data-ok="${String(s.ok)}"><p><span class="${s.ok ? 'ok' : 'bad'}">${s.ok ? '✓ ran' : '✗ failed'}</span> ${s.origin}</p>
${s.error !== undefined && html`<pre class="script-error"><code>${s.error}</code></pre>`}
${s.logs.length > 0 && html`<pre class="script-logs"><code>${s.logs.join('\n')}</code></pre>`}
</div>`)}
</section>`;
}

function extractionsTable(extractions: readonly ExtractionResult[]): SafeHtml {
  if (extractions.length === 0) return html``;
  return html`<table class="extractions" data-testid="extractions">
<caption>Variables extracted</caption>
<thead><tr><th scope="col">Variable</th><th scope="col">Value</th><th scope="col">Result</th></tr></thead>
<tbody>
${extractions.map((e) => html`<tr><td><code>${e.name}</code></td><td class="value">${e.value ?? ''}</td><td><span class="${e.ok ? 'ok' : 'bad'}">${e.ok ? '✓ extracted' : '✗ not extracted'}</span>${e.message !== undefined && html` ${e.message}`}</td></tr>
`)}</tbody>
</table>`;
}

function diagnosis(step: StepResult): SafeHtml {
  const failed = failedAssertions(step);
  const first = failed[0];
  return html`<dl class="diagnosis">
${step.requirement !== undefined && html`<dt>Requirement</dt><dd class="requirement">${step.requirement}</dd>`}
${first !== undefined && html`<dt>Check</dt><dd class="check"><code>${first.title}</code></dd>
<dt>Expected</dt><dd class="expected">${formatExpected(first.expected)}</dd>
<dt>Actual</dt><dd class="actual">${formatActual(first.actual)}${first.message !== undefined && html` <span class="note">(${first.message})</span>`}</dd>
${failed.length > 1 && html`<dt>More</dt><dd>${failed.length - 1} more failed check${failed.length > 2 ? 's' : ''} in the table below</dd>`}`}
${step.fix !== undefined && step.verdict !== 'pass' && html`<dt>Fix</dt><dd class="fix">${step.fix}</dd>`}
${step.refs.length > 0 && html`<dt>References</dt><dd class="refs">${refLinks(step.refs)}</dd>`}
<dt>Level</dt><dd>${step.level}</dd>
<dt>Runscope</dt><dd class="runscope-verdict">${step.runscopeVerdict}</dd>
${step.attempts > 1 && html`<dt>Attempts</dt><dd>${step.attempts}</dd>`}
${step.sourceIndex !== undefined && html`<dt>Export step</dt><dd>#${step.sourceIndex}</dd>`}
<dt>Started</dt><dd>${dateTime(step.startedAt)}, took ${duration(step.durationMs)}${step.pausedMs > 0 && ` (paused ${duration(step.pausedMs)})`}</dd>
</dl>`;
}

/**
 * Above this many steps, the bodies of steps that are not open by default (diagnosis,
 * assertions, HTTP exchange) are not markup: each is kept as an HTML string in one JSON data
 * block and put in place the first time its step opens (html-assets.ts). The browser then
 * parses one text node and lays out a summary line per step: a 10 000-exchange report opens
 * and filters in seconds instead of building half a million elements (issue 10). Open steps
 * (fail, error) are rendered in place as always.
 */
export const LAZY_BODIES_ABOVE_STEPS = 200;

/** The id of the JSON data block holding the lazy step bodies. */
export const LAZY_BODIES_ID = 'lazy-step-bodies';

/**
 * Most characters of lazy bodies one page embeds. Beyond it a closed step's body is a note
 * pointing at report.json, which keeps every step whole: the page stays a size a browser
 * opens, however many exchanges the run made.
 */
export const LAZY_BODIES_BUDGET_CHARS = 4 * 1024 * 1024;

/** The lazy bodies of one page and the characters they hold so far. */
interface LazyBodies {
  readonly bodies: string[];
  chars: number;
}

function stepItem(suite: SuiteResult, step: StepResult, ids: DomIds, lazyBodies?: LazyBodies): SafeHtml {
  const id = ids.allocate('step', suite.suiteId, step.stepId);
  const common = html`id="${id}" data-testid="step" data-suite-id="${suite.suiteId}" data-step-id="${step.stepId}" data-verdict="${step.verdict}"`;
  if (step.kind === 'pause') {
    return html`<li class="step pause ${verdictClass(step.verdict)}" ${common}><div class="pause-line"><span class="badge pause-badge">PAUSE</span> <code class="step-id">${step.stepId}</code> <span class="step-title">${step.title === '' ? 'Pause' : step.title}</span>${step.reason !== undefined && html` <span class="reason">— ${step.reason}</span>`} <span class="duration">${duration(step.pausedMs)}</span></div></li>
`;
  }
  const open = isOpenByDefault(step.verdict);
  return html`<li class="step ${verdictClass(step.verdict)}" ${common}>
<details class="step-details"${open ? SafeHtml.trusted(' open') : ''}>
<summary>${badge(step.verdict)} <code class="step-id">${step.stepId}</code> <span class="step-title">${step.title}</span> <span class="level level-${step.level}">${step.level}</span>${step.client !== undefined && html` <span class="client client-${step.client}" data-client="${step.client}" title="whose rule this is">${CLIENT_LABELS[step.client]}</span>`} <span class="duration">${duration(step.durationMs)}</span></summary>
${stepBody(step, open, lazyBodies)}
</details>
</li>
`;
}

function stepBody(step: StepResult, open: boolean, lazyBodies: LazyBodies | undefined): SafeHtml {
  const render = (): SafeHtml => html`
${step.reason !== undefined && html`<p class="reason"><strong>Reason:</strong> ${step.reason}</p>`}
${diagnosis(step)}
${assertionsTable(step.assertions)}
${scriptsBlock(step.scripts)}
${extractionsTable(step.extractions)}
${step.exchange !== undefined ? exchangeBlock(step.exchange, open) : html`<p class="note">No HTTP request was sent.</p>`}
`;
  if (lazyBodies === undefined || open) return html`<div class="step-body">${render()}</div>`;
  // Past the budget the body is not even rendered: the page costs O(budget), not O(steps × body).
  const inner = lazyBodies.chars < LAZY_BODIES_BUDGET_CHARS ? render().value : '';
  const body = inner !== '' && lazyBodies.chars + inner.length <= LAZY_BODIES_BUDGET_CHARS ? inner
    : html`<p class="note lazy-omitted">This page embeds the details of closed steps up to ${Math.round(LAZY_BODIES_BUDGET_CHARS / 1048576)} MiB; this step's diagnosis, assertions and HTTP exchange are in report.json (step <code>${step.stepId}</code>).</p>`.value;
  lazyBodies.chars += body.length;
  lazyBodies.bodies.push(body);
  return html`<div class="step-body" data-lazy-body="${lazyBodies.bodies.length - 1}"></div>`;
}

/**
 * The lazy bodies as a JSON data block (not executed; `<` escaped so no `</script>` or
 * comment can end it). Each entry is markup our escaping `html` templates produced.
 */
function lazyBodiesBlock(lazyBodies: LazyBodies | undefined): SafeHtml {
  if (lazyBodies === undefined || lazyBodies.bodies.length === 0) return html``;
  const json = JSON.stringify(lazyBodies.bodies).replace(/</g, '\\u003c');
  return SafeHtml.trusted(`<script type="application/json" id="${LAZY_BODIES_ID}">${json}</script>`);
}

function cleanupBlock(cleanup: readonly CleanupResult[]): SafeHtml {
  return html`<div class="cleanup" data-testid="cleanup"><h3>Cleanup</h3>
${cleanup.length === 0 ? html`<p class="note">Nothing was left to clean up.</p>` : html`<ul>
${cleanup.map((c) => html`<li data-ok="${String(c.ok)}"><span class="${c.ok ? 'ok' : 'bad'}">${c.ok ? '✓ cleaned' : '✗ not cleaned'}</span> ${c.title}${c.status !== undefined && ` (HTTP ${c.status})`}${c.message !== undefined && ` — ${c.message}`}</li>
`)}</ul>`}
</div>`;
}

function suiteSection(suite: SuiteResult, ids: DomIds, lazyBodies?: LazyBodies): SafeHtml {
  const id = ids.allocate('suite', suite.suiteId);
  const checks = suite.steps.filter((s) => s.kind !== 'pause').length;
  const counts = FILTER_ORDER.filter((v) => suite.counts[v] > 0).map((v) => `${suite.counts[v]} ${NAMES[v].toLowerCase()}`);
  const provisioning = suite.provisioning ?? [];
  return html`<section class="suite ${verdictClass(suite.verdict)}" id="${id}" data-suite-id="${suite.suiteId}" data-verdict="${suite.verdict}" aria-labelledby="${id}-title">
<h2 id="${id}-title">${badge(suite.verdict)} ${suite.name} <code>${suite.suiteId}</code></h2>
<p class="suite-meta">${checks} step${checks === 1 ? '' : 's'}${counts.length > 0 && `: ${counts.join(', ')}`} · Runscope verdict: ${suite.runscopeVerdict} · source: ${suite.source.format}${suite.source.path !== undefined && html` <code>${suite.source.path}</code>`}</p>
<ol class="steps">
${suite.steps.map((step) => stepItem(suite, step, ids, lazyBodies))}</ol>
${provisioning.length > 0 && html`<details class="provisioning"><summary>SCIM requests the Okta emulator sent to the target (${provisioning.length})</summary>
${provisioning.map((x) => exchangeBlock(x, false, 'Okta → target'))}
</details>`}
${cleanupBlock(suite.cleanup)}
</section>
`;
}

/**
 * OAuth runs: every request the runner made to the token endpoint and why (issue 13), closed;
 * the exchanges were redacted at the source (client secret, refresh and access tokens).
 */
function authSection(auth: RunAuth | undefined): SafeHtml {
  if (auth === undefined) return html``;
  const refused = auth.tokenExchanges.filter((e) => e.problem !== undefined).length;
  return html`<section class="auth" id="token-exchanges" data-testid="token-exchanges" aria-labelledby="token-exchanges-title">
<h2 id="token-exchanges-title">OAuth token requests <span class="note">(${auth.grant} · <code>${auth.tokenUrl}</code> · ${auth.tokenExchanges.length} request${auth.tokenExchanges.length === 1 ? '' : 's'}${refused > 0 && `, ${refused} refused`})</span></h2>
<ol class="token-exchanges">
${auth.tokenExchanges.map((e) => html`<li data-cause="${e.cause}">${dateTime(e.at)} · <strong>${e.reason}</strong>${e.problem !== undefined && html` — <span class="bad">${e.problem}</span>`}
${exchangeBlock(e.exchange, false, 'Token endpoint')}</li>
`)}</ol>
</section>`;
}

/** Renders the report as one self-contained HTML page. */
export function renderHtml(report: RunReport): string {
  const ids = new DomIds();
  const lazyBodies = report.suites.reduce((n, suite) => n + suite.steps.length, 0) > LAZY_BODIES_ABOVE_STEPS ? { bodies: [], chars: 0 } as LazyBodies : undefined;
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${report.meta.tool.name} ${report.meta.tool.version}">
<title>${outcomeLabel(report.summary.verdict)} · ${report.meta.suites.join(', ')} · ${report.meta.tool.name} report</title>
<link rel="icon" href="data:,">
<style>${SafeHtml.trusted(REPORT_CSS)}</style>
</head>
<body>
${header(report)}
${filters(report)}
${loadSection(report.load)}
${authSection(report.meta.auth)}
<main>
${report.suites.length === 0 && html`<p>No suites ran.</p>`}
${report.suites.map((suite) => suiteSection(suite, ids, lazyBodies))}
</main>
${lazyBodiesBlock(lazyBodies)}
<footer><p>report.json is the canonical record of this run; this page is a rendering of it. Run <code>${report.meta.runId}</code>, finished ${dateTime(report.meta.finishedAt)}.</p></footer>
<script>${SafeHtml.trusted(REPORT_SCRIPT)}</script>
</body>
</html>
`;
  return page.value;
}
