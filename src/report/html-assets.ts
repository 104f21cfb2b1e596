/**
 * The inline stylesheet and script of report.html, and the Content-Security-Policy that
 * allows exactly these two (by hash) and nothing else: no network, no other script. The
 * report works offline from file://, and markup that slipped past escaping could not run.
 * Both are constants: no report data is ever interpolated into them.
 */
import { createHash } from 'node:crypto';

export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa; --code: #eff2f5;
  --link: #0550ae; --focus: #0969da;
  /* Badge backgrounds (white text, contrast >= 4.5:1 in both schemes). */
  --pass: #1a7f37; --warn: #8a5a00; --fail: #cf222e; --error: #8250df; --skip: #59636e; --na: #3d5a80;
  /* Coloured text on the page background. */
  --ok-text: #1a7f37; --bad-text: #cf222e; --warn-text: #8a5a00;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23; --code: #1f2630;
    --link: #6cb6ff; --focus: #4493f8;
    --ok-text: #3fb950; --bad-text: #ff7b72; --warn-text: #d29922;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { background: var(--bg); color: var(--fg); }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem 1rem 4rem;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.875em; }
code { background: var(--code); padding: 0.05em 0.3em; border-radius: 4px; overflow-wrap: anywhere; }
pre { background: var(--code); padding: 0.6rem 0.75rem; border-radius: 6px; margin: 0.25rem 0 0.75rem;
  max-height: 28rem; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
pre code { background: none; padding: 0; font-size: 1em; }
a { color: var(--link); }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
h1 { font-size: 1.5rem; margin: 0.25rem 0 0.75rem; display: flex; gap: 0.6rem; align-items: center; flex-wrap: wrap; }
h2 { font-size: 1.2rem; margin: 0; display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
h3, h4 { font-size: 0.95rem; margin: 0.9rem 0 0.3rem; }
.tool { color: var(--muted); margin: 0; }
.badge { display: inline-block; min-width: 4.2em; text-align: center; padding: 0.1em 0.5em; border-radius: 999px;
  font-size: 0.78rem; font-weight: 700; letter-spacing: 0.03em; color: #fff; background: var(--skip); white-space: nowrap; }
.badge.v-pass { background: var(--pass); }
.badge.v-warn { background: var(--warn); }
.badge.v-fail { background: var(--fail); }
.badge.v-error { background: var(--error); }
.badge.v-skip { background: var(--skip); }
.badge.v-na { background: var(--na); }
.run { border: 1px solid var(--line); border-left-width: 6px; border-radius: 8px; padding: 1rem 1.25rem; margin-bottom: 1rem; }
.run.v-pass { border-left-color: var(--pass); } .run.v-warn { border-left-color: var(--warn); }
.run.v-fail { border-left-color: var(--fail); } .run.v-error { border-left-color: var(--error); }
.line { font-weight: 600; }
.counts { list-style: none; padding: 0; margin: 0 0 0.75rem; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; }
.counts .n { font-weight: 700; font-variant-numeric: tabular-nums; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; overflow-wrap: anywhere; }
.banner { border: 1px solid var(--bad-text); color: var(--fg); background: var(--panel); border-radius: 6px; padding: 0.5rem 0.75rem; font-weight: 600; }
#filters { position: sticky; top: 0; z-index: 1; background: var(--bg); border-bottom: 1px solid var(--line);
  padding: 0.6rem 0; margin-bottom: 1rem; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; }
#filters .group { display: flex; flex-wrap: wrap; gap: 0.35rem; }
#filters button { font: inherit; font-size: 0.875rem; color: var(--fg); background: var(--panel); border: 1px solid var(--line);
  border-radius: 6px; padding: 0.2rem 0.6rem; cursor: pointer; }
#filters button[aria-pressed="true"] { border-color: var(--focus); box-shadow: inset 0 0 0 1px var(--focus); font-weight: 700; }
#filters input { font: inherit; font-size: 0.875rem; color: var(--fg); background: var(--bg); border: 1px solid var(--line);
  border-radius: 6px; padding: 0.2rem 0.5rem; min-width: 16rem; }
#filter-status { margin: 0; color: var(--muted); font-size: 0.875rem; }
.suite { margin: 1.5rem 0; }
.suite-meta { color: var(--muted); margin: 0.25rem 0 0.5rem; font-size: 0.9rem; }
.steps { list-style: none; margin: 0; padding: 0; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
.step { border-top: 1px solid var(--line); }
.step:first-child { border-top: none; }
.step > details > summary, .step.pause > .pause-line { display: flex; gap: 0.6rem; align-items: baseline; padding: 0.45rem 0.75rem; }
.step > details > summary { cursor: pointer; list-style: none; }
.step > details > summary::-webkit-details-marker { display: none; }
.step > details > summary::before { content: "▸"; color: var(--muted); width: 0.8em; flex: none; }
.step > details[open] > summary::before { content: "▾"; }
.step > details > summary:hover { background: var(--panel); }
.step-title { flex: 1; }
.step-id { flex: none; max-width: 45%; }
.level, .duration { color: var(--muted); font-size: 0.8rem; white-space: nowrap; }
.client { font-size: 0.75rem; white-space: nowrap; border: 1px solid var(--muted); border-radius: 3px; padding: 0 0.3em; color: var(--muted); }
.step.pause { color: var(--muted); font-size: 0.9rem; }
.pause-badge { background: var(--panel); color: var(--muted); border: 1px solid var(--line); }
.step.pause .step-title { flex: none; }
.step.pause .reason { flex: 1; margin: 0; }
.step-body { padding: 0.25rem 1rem 0.75rem 2.2rem; border-top: 1px dashed var(--line); background: var(--bg); }
.reason { margin: 0.5rem 0; }
.diagnosis { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0.5rem 0; }
.diagnosis dt { color: var(--muted); }
.diagnosis dd { margin: 0; overflow-wrap: anywhere; white-space: pre-wrap; }
.refs a { margin-right: 0.5rem; }
table { border-collapse: collapse; width: 100%; margin: 0.25rem 0 0.75rem; font-size: 0.875rem; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border: 1px solid var(--line); padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: var(--panel); font-weight: 600; }
td.expected, td.actual, td.value { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; }
.exchange { border: 1px solid var(--line); border-radius: 6px; margin: 0.5rem 0; }
.exchange > summary { cursor: pointer; padding: 0.35rem 0.6rem; background: var(--panel); border-radius: 6px; overflow-wrap: anywhere; }
.exchange > .exchange-body { padding: 0.25rem 0.75rem; }
.truncated { color: var(--warn-text); font-weight: 600; margin: 0.25rem 0; }
.note { color: var(--muted); font-size: 0.8rem; }
.ok { color: var(--ok-text); } .bad { color: var(--bad-text); }
.cleanup ul { margin: 0.25rem 0; padding-left: 1.25rem; }
footer { margin-top: 2rem; color: var(--muted); font-size: 0.8rem; }
@media print { #filters { display: none; } pre { max-height: none; } }
`;

/** Client-side filtering by verdict and by text in step id/title; expand/collapse; deep links. */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var steps = Array.prototype.slice.call(document.querySelectorAll('.step'));
  var suites = Array.prototype.slice.call(document.querySelectorAll('.suite'));
  var buttons = Array.prototype.slice.call(document.querySelectorAll('#filters button[data-filter]'));
  var search = document.getElementById('search');
  var status = document.getElementById('filter-status');
  var selected = new Set();
  // Pauses are listed (and filtered) with the steps but are not checks, so they are not counted.
  function isPause(step) { return step.classList.contains('pause'); }
  var checks = steps.filter(function (step) { return !isPause(step); }).length;
  function apply() {
    var query = search ? search.value.trim().toLowerCase() : '';
    var shown = 0;
    steps.forEach(function (step) {
      var title = step.querySelector('.step-title');
      var text = ((step.getAttribute('data-step-id') || '') + ' ' + (title ? title.textContent : '')).toLowerCase();
      var visible = (selected.size === 0 || selected.has(step.getAttribute('data-verdict')))
        && (query === '' || text.indexOf(query) !== -1);
      step.hidden = !visible;
      if (visible && !isPause(step)) shown += 1;
    });
    var filtering = selected.size > 0 || query !== '';
    suites.forEach(function (suite) {
      suite.hidden = filtering && !suite.querySelector('.step:not([hidden])');
    });
    buttons.forEach(function (button) {
      var filter = button.getAttribute('data-filter');
      var pressed = filter === 'all' ? selected.size === 0 : selected.has(filter);
      button.setAttribute('aria-pressed', pressed ? 'true' : 'false');
    });
    if (status) {
      status.textContent = filtering ? 'Showing ' + shown + ' of ' + checks + ' steps'
        : 'Showing all ' + checks + ' steps';
    }
  }
  buttons.forEach(function (button) {
    button.addEventListener('click', function () {
      var filter = button.getAttribute('data-filter');
      if (filter === 'all') selected.clear();
      else if (selected.has(filter)) selected.delete(filter);
      else selected.add(filter);
      apply();
    });
  });
  if (search) search.addEventListener('input', apply);
  Array.prototype.forEach.call(document.querySelectorAll('#filters button[data-action]'), function (button) {
    button.addEventListener('click', function () {
      var open = button.getAttribute('data-action') === 'expand';
      Array.prototype.forEach.call(document.querySelectorAll('.step details.step-details'), function (d) { d.open = open; });
    });
  });
  function openTarget() {
    var id = '';
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { id = ''; }
    var target = id ? document.getElementById(id) : null;
    if (!target) return;
    var details = target.querySelector('details');
    if (details) details.open = true;
    target.scrollIntoView();
  }
  // Large reports keep the bodies of closed steps as HTML strings in one JSON data block
  // (html.ts, LAZY_BODIES_ABOVE_STEPS), written by our escaping templates: a step's body is
  // put in place the first time it opens.
  var lazyBodies = null;
  document.addEventListener('toggle', function (event) {
    var details = event.target;
    if (!details || !details.open || !details.querySelector) return;
    var body = details.querySelector('.step-body[data-lazy-body]');
    if (!body) return;
    if (lazyBodies === null) {
      var block = document.getElementById('lazy-step-bodies');
      lazyBodies = block ? JSON.parse(block.textContent || '[]') : [];
    }
    body.innerHTML = lazyBodies[Number(body.getAttribute('data-lazy-body'))] || '';
    body.removeAttribute('data-lazy-body');
  }, true);
  window.addEventListener('hashchange', openTarget);
  apply();
  openTarget();
})();
`;

function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * No network at all (`default-src 'none'`); only our stylesheet and script, by hash; `data:`
 * images so the empty favicon does not trigger a request (and a console error) when served.
 */
export const REPORT_CSP = [
  "default-src 'none'",
  `style-src ${cspHash(REPORT_CSS)}`,
  `script-src ${cspHash(REPORT_SCRIPT)}`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
