/**
 * Stylesheet and script of the site's own pages (run index, histories), and their
 * Content-Security-Policy. Like report.html (html-assets.ts): constants only, no report data
 * is ever interpolated into them, and the CSP allows exactly these by hash — no network, no
 * other script. The stylesheet extends the report's, so badges and colours are the same.
 */
import { createHash } from 'node:crypto';
import { REPORT_CSS } from '../html-assets.js';

export const SITE_CSS = `${REPORT_CSS}
.site-nav { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; margin: 0 0 0.75rem; }
.site-head { margin-bottom: 1rem; }
.site-head h1 { margin-bottom: 0.25rem; }
#run-filters { position: sticky; top: 0; z-index: 1; background: var(--bg); border-bottom: 1px solid var(--line);
  padding: 0.6rem 0; margin-bottom: 1rem; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; }
#run-filters select, #run-filters input { font: inherit; font-size: 0.875rem; color: var(--fg); background: var(--bg);
  border: 1px solid var(--line); border-radius: 6px; padding: 0.2rem 0.5rem; }
#run-filters input { min-width: 12rem; }
#run-filter-status { margin: 0; color: var(--muted); font-size: 0.875rem; }
table.runs td, table.histories td { vertical-align: middle; }
table.runs th, table.histories th { white-space: nowrap; }
.run-counts { display: flex; flex-wrap: wrap; gap: 0.15rem 0.6rem; list-style: none; margin: 0; padding: 0; white-space: nowrap; }
.run-counts .n { font-weight: 700; font-variant-numeric: tabular-nums; }
.run-counts .zero { color: var(--muted); font-weight: 400; }
.suite-list { list-style: none; margin: 0; padding: 0; }
.integrity-verified { color: var(--ok-text); }
.integrity-failed { color: var(--bad-text); font-weight: 700; }
.integrity-absent { color: var(--warn-text); }
.history { list-style: none; margin: 0; padding: 0; border: 1px solid var(--line); border-radius: 8px; }
.history-run { border-top: 1px solid var(--line); padding: 0.5rem 0.75rem; }
.history-run:first-child { border-top: none; }
.history-line { margin: 0.1rem 0; display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: baseline; }
.transition { margin: 0.25rem 0 0 1.5rem; }
.transition > p { margin: 0.25rem 0; }
.flips { margin: 0.25rem 0; padding-left: 1.25rem; }
.flip .change { font-weight: 700; }
.flip[data-change="started-failing"] .change { color: var(--bad-text); }
.flip[data-change="stopped-failing"] .change { color: var(--ok-text); }
.flip[data-change="changed"] .change { color: var(--muted); }
`;

/** Client-side filter of the run index by verdict, suite text and target text. */
export const INDEX_SCRIPT = `
(function () {
  'use strict';
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.run'));
  var verdict = document.getElementById('verdict-filter');
  var suite = document.getElementById('suite-filter');
  var target = document.getElementById('target-filter');
  var status = document.getElementById('run-filter-status');
  function text(el) { return el ? el.value.trim().toLowerCase() : ''; }
  function apply() {
    var v = verdict ? verdict.value : '';
    var s = text(suite);
    var t = text(target);
    var shown = 0;
    rows.forEach(function (row) {
      var visible = (v === '' || row.getAttribute('data-verdict') === v)
        && (s === '' || (row.getAttribute('data-suites') || '').toLowerCase().indexOf(s) !== -1)
        && (t === '' || (row.getAttribute('data-target') || '').toLowerCase().indexOf(t) !== -1);
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    if (status) {
      status.textContent = (v === '' && s === '' && t === '')
        ? 'Showing all ' + rows.length + ' runs' : 'Showing ' + shown + ' of ' + rows.length + ' runs';
    }
  }
  [verdict, suite, target].forEach(function (el) {
    if (!el) return;
    el.addEventListener('input', apply);
    el.addEventListener('change', apply);
  });
  apply();
})();
`;

function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The CSP of a site page (in its `<meta>`, and as a header on the server). `frame-ancestors`
 * is header-only (browsers ignore it, noisily, in `<meta>`): see {@link headerCsp}.
 */
export function siteCsp(withScript: boolean): string {
  return [
    "default-src 'none'",
    `style-src ${cspHash(SITE_CSS)}`,
    `script-src ${withScript ? cspHash(INDEX_SCRIPT) : "'none'"}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** A page CSP as sent in the response header: adds `frame-ancestors 'none'` (no framing). */
export function headerCsp(pageCsp: string): string {
  return `${pageCsp}; frame-ancestors 'none'`;
}

/** The CSP header of everything that is not one of our pages (JSON, XML, errors). */
export const DATA_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox";
