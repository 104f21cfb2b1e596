#!/usr/bin/env node
/**
 * A minimal interpreter of a Runscope export: the baseline `run okta-spec` is compared with
 * (issue 10 item 2: within 2× of this, as whole processes, on the same target). Only what the
 * requests need: the initial script's `variables.set`, `{{var}}` substitution, the requests in
 * order (pauses skipped), `response_status` checks and `response_json` extractions. No reports,
 * no other assertions, no cleanup — plain Node, no dependencies.
 *
 *   node bench/minimal-runscope.mjs EXPORT.json INITIAL_SCRIPT.txt name=value…
 *
 * Prints `N passed, M failed`; exit 1 when a status check failed.
 */
import { readFileSync } from 'node:fs';

const [exportPath, scriptPath, ...assignments] = process.argv.slice(2);
if (!exportPath) {
  process.stderr.write('usage: minimal-runscope.mjs EXPORT.json [INITIAL_SCRIPT.txt] name=value…\n');
  process.exit(2);
}
const vars = Object.fromEntries(assignments.map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
if (scriptPath) new Function('variables', readFileSync(scriptPath, 'utf8'))({ set: (n, v) => { vars[n] = String(v); }, get: (n) => vars[n] });

const render = (text) => text.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_m, name) => vars[name] ?? '');
const pick = (value, path) => path.replace(/\[(\d+)\]/g, '.$1').split('.').reduce((v, k) => (v == null ? undefined : v[k]), value);

let passed = 0;
let failed = 0;
for (const step of JSON.parse(readFileSync(exportPath, 'utf8')).steps) {
  if (step.step_type !== 'request') continue;
  const headers = Object.entries(step.headers ?? {}).flatMap(([n, v]) => [v].flat().map((x) => [n, render(String(x))]));
  const response = await fetch(encodeURI(render(step.url)), { method: step.method, headers, body: step.body ? render(step.body) : undefined });
  const text = await response.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  for (const v of step.variables ?? []) if (v.source === 'response_json' && v.name) vars[v.name] = String(pick(json, v.property) ?? '');
  const statusOk = (step.assertions ?? []).filter((a) => a.source === 'response_status').every((a) => String(response.status) === String(a.value));
  if (statusOk) passed++; else failed++;
}
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exitCode = failed > 0 ? 1 : 0;
