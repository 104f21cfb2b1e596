/**
 * The load probe's figures in report.html (issue 10 item 5): a table of throughput, latency
 * percentiles, error and 429 rates, per operation, and an inline SVG latency chart (p50, p90
 * and max per second of traffic, with bars for the requests sent). No script, no network: SVG
 * presentation attributes only, so the page's CSP is unchanged.
 *
 * Hooks for browser tests: `section#load`, `table.load-figures`, `svg.latency-chart`.
 */
import type { LoadFigures } from '../model/report.js';
import { html, SafeHtml } from './safe-html.js';

const WIDTH = 720;
const HEIGHT = 240;
const PAD = { left: 56, right: 56, top: 16, bottom: 32 } as const;

/** A readable upper bound for an axis: 1, 2 or 5 × a power of ten at or above `value`. */
function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

const fixed = (n: number): string => (Math.round(n * 10) / 10).toString();

/** The latency chart: one x step per second of traffic. */
export function latencyChart(figures: LoadFigures): SafeHtml {
  const points = figures.timeline;
  if (points.length === 0) return html`<p class="note">No request was sent, so there is no chart.</p>`;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  // Second s spans [s, s + 1): bars fill it, the lines pass through its middle.
  const seconds = Math.max(...points.map((p) => p.second)) + 1;
  const maxLatency = niceCeiling(Math.max(...points.map((p) => p.latencyMs.max)));
  const maxRequests = niceCeiling(Math.max(...points.map((p) => p.requests)));
  const x = (second: number): number => PAD.left + (second / seconds) * plotW;
  const y = (ms: number): number => PAD.top + plotH - (ms / maxLatency) * plotH;
  const barW = Math.max(1, plotW / seconds - 1);
  const line = (pick: (p: LoadFigures['timeline'][number]) => number): string =>
    points.map((p) => `${fixed(x(p.second + 0.5))},${fixed(y(pick(p)))}`).join(' ');
  const bars = points.map((p) => {
    const h = (p.requests / maxRequests) * plotH;
    return `<rect x="${fixed(x(p.second) + 0.5)}" y="${fixed(PAD.top + plotH - h)}" width="${fixed(barW)}" height="${fixed(h)}" fill="#cbd5e1"><title>second ${p.second}: ${p.requests} requests, ${p.rateLimited} × 429, ${p.errors} errors; p50 ${p.latencyMs.p50} ms, max ${p.latencyMs.max} ms</title></rect>`;
  }).join('');
  const series = [
    { name: 'max', colour: '#dc2626', pick: (p: LoadFigures['timeline'][number]) => p.latencyMs.max },
    { name: 'p90', colour: '#d97706', pick: (p: LoadFigures['timeline'][number]) => p.latencyMs.p90 },
    { name: 'p50', colour: '#2563eb', pick: (p: LoadFigures['timeline'][number]) => p.latencyMs.p50 },
  ];
  // Every value is a number we computed: the markup is built as trusted text.
  const svg = `<svg class="latency-chart" data-testid="latency-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="Latency per second of traffic: p50, p90 and max in milliseconds; bars are requests sent">`
    + `<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#94a3b8"/>`
    + bars
    + series.map((s) => `<polyline points="${line(s.pick)}" fill="none" stroke="${s.colour}" stroke-width="2"><title>${s.name} latency</title></polyline>`).join('')
    + `<text x="${PAD.left - 6}" y="${PAD.top + 10}" text-anchor="end" font-size="11">${maxLatency} ms</text>`
    + `<text x="${PAD.left - 6}" y="${PAD.top + plotH}" text-anchor="end" font-size="11">0</text>`
    + `<text x="${WIDTH - PAD.right + 6}" y="${PAD.top + 10}" font-size="11" fill="#64748b">${maxRequests} req</text>`
    + `<text x="${PAD.left}" y="${HEIGHT - 8}" font-size="11">0 s</text>`
    + `<text x="${WIDTH - PAD.right}" y="${HEIGHT - 8}" text-anchor="end" font-size="11">${seconds} s</text>`
    + series.map((s, i) => `<text x="${PAD.left + 8 + i * 56}" y="${PAD.top + 14}" font-size="11" fill="${s.colour}">— ${s.name}</text>`).join('')
    + '</svg>';
  return SafeHtml.trusted(svg);
}

const percent = (rate: number): string => `${(rate * 100).toFixed(2)} %`;

/** The `load` section of report.html, or nothing for other runs. */
export function loadSection(figures: LoadFigures | undefined): SafeHtml {
  if (figures === undefined) return html``;
  const row = (label: string, value: string): SafeHtml => html`<tr><th scope="row">${label}</th><td>${value}</td></tr>`;
  const l = figures.latencyMs;
  return html`<section id="load" class="load" data-testid="load" aria-labelledby="load-title">
<h2 id="load-title">Load probe figures</h2>
<table class="load-figures" data-testid="load-figures">
<tbody>
${row('Traffic', `${figures.clients.join(' + ')} request shapes, ${(figures.durationMs / 1000).toFixed(1)} s at up to ${figures.concurrency} concurrent${figures.ratePerSecond !== undefined ? `, at most ${figures.ratePerSecond}/s` : ''}`)}
${row('Requests', String(figures.requests))}
${row('Throughput', `${figures.throughputPerSecond} 2xx answers per second`)}
${row('Latency', `p50 ${l.p50} ms · p90 ${l.p90} ms · p99 ${l.p99} ms · max ${l.max} ms`)}
${row('Errors', `${figures.errors} (${percent(figures.errorRate)})`)}
${row('429 Too Many Requests', `${figures.rateLimited} (${percent(figures.rateLimitedRate)}), ${figures.retryAfterWaitedMs} ms waited as Retry-After asked`)}
${row('Users', `${figures.usersCreated} created, ${figures.usersVerified} read back as acknowledged`)}
</tbody>
</table>
${latencyChart(figures)}
<table class="load-operations" data-testid="load-operations">
<caption>Per operation</caption>
<thead><tr><th scope="col">Client</th><th scope="col">Operation</th><th scope="col">Requests</th><th scope="col">Errors</th><th scope="col">429</th><th scope="col">p50 ms</th><th scope="col">p90 ms</th><th scope="col">p99 ms</th><th scope="col">max ms</th></tr></thead>
<tbody>
${figures.operations.map((o) => html`<tr><td>${o.client}</td><td>${o.operation}</td><td>${o.requests}</td><td>${o.errors}</td><td>${o.rateLimited}</td><td>${o.latencyMs.p50}</td><td>${o.latencyMs.p90}</td><td>${o.latencyMs.p99}</td><td>${o.latencyMs.max}</td></tr>
`)}</tbody>
</table>
</section>`;
}
