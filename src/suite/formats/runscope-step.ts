/**
 * One Runscope request step → one RequestStep, in Runscope's words: the note is the title, the
 * level comes from the note (`Optional Test:` → optional, anything else required), requirement
 * and fix are derived from the assertions. Problems a schema cannot see (a method we cannot
 * send, a source we cannot evaluate, file uploads) are collected, never thrown one by one.
 */
import { COMPARISONS } from '../../assert/comparisons/registry.js';
import type { SpecRef } from '../../model/spec-ref.js';
import type {
  Assertion, ComparisonName, Extraction, HttpMethod, RequestStep, Script, SourceName,
} from '../../model/suite.js';
import type { Level } from '../../model/verdict.js';
import { slugify } from '../slug.js';
import type { RunscopeAssertion, RunscopeRequestStep, RunscopeValues, RunscopeVariable } from './runscope-schema.js';
import { COMPARISON_ALIASES, SOURCE_ALIASES, stepLabel, UNSUPPORTED_SOURCES } from './runscope-schema.js';

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** Okta's notes say `Required Test: …` / `Optional Test: …`; nothing else marks a level. */
const OPTIONAL_NOTE = /^\s*optional(\s+test)?\s*:/i;
const LEVEL_PREFIX = /^\s*(required|optional)(\s+test)?\s*:\s*/i;

export interface StepPlace {
  readonly suiteId: string;
  /** 0-based position in the export. */
  readonly index: number;
  /** Digits of the step number in ids (`01`, `011` in exports of 100+ steps). */
  readonly width: number;
  readonly refs: readonly SpecRef[];
}

export function stepNumber(place: StepPlace): string {
  return String(place.index + 1).padStart(place.width, '0');
}

/** The note as written, or `GET {{SCIMBaseURL}}/Users` when there is none. */
export function requestTitle(raw: RunscopeRequestStep): string {
  const note = raw.note?.trim() ?? '';
  return note || `${raw.method.toUpperCase()} ${raw.url}`;
}

/** `11-create-okta-user-with-realistic-values` (the level prefix and templates are left out). */
export function requestSlug(raw: RunscopeRequestStep): string {
  const note = raw.note?.trim() ?? '';
  const text = note
    ? note.replace(LEVEL_PREFIX, '')
    : `${raw.method} ${raw.url.replace(/\?.*$/s, '').replace(/\{\{[^{}]*\}\}/g, ' ').replace(/^\s*[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '')}`;
  return slugify(text) || 'request';
}

export function levelOf(raw: RunscopeRequestStep): Level {
  return OPTIONAL_NOTE.test(raw.note ?? '') ? 'optional' : 'required';
}

function sourceOf(name: string): SourceName {
  return (SOURCE_ALIASES[name] ?? name) as SourceName;
}

function comparisonOf(name: string): ComparisonName {
  return (COMPARISON_ALIASES[name] ?? name) as ComparisonName;
}

/** Header-like maps → ordered pairs: an array gives one pair per element, a string one pair. */
export function valuePairs(values: RunscopeValues | null | undefined): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, v] of Object.entries(values ?? {})) {
    for (const one of Array.isArray(v) ? v : [v]) out.push([name, one]);
  }
  return out;
}

/**
 * A form value as a body template: literal text percent-encoded now, a value with templates
 * encoded after rendering (`{{url_encode(…{{x}}…)}}`, nested templates render first).
 */
function formValue(text: string): string {
  return text.includes('{{') ? `{{url_encode(${text})}}` : encodeURIComponent(text);
}

function describeAssertion(a: Assertion): string {
  const subject = {
    response_status: 'status',
    response_json: a.property ? a.property : 'JSON body',
    response_headers: `header ${a.property ?? ''}`,
    response_text: 'body text',
    response_time: 'response time (ms)',
    response_size: 'body size (bytes)',
  }[a.source];
  return [subject, a.comparison, a.value === null ? undefined : JSON.stringify(a.value)].filter((x) => x !== undefined).join(' ');
}

function checkSource(source: string, property: string | null | undefined, field: string, where: string, problems: string[]): void {
  if (UNSUPPORTED_SOURCES.includes(source)) {
    problems.push(`${where}: ${field}.source ${JSON.stringify(source)} (an XPath into an XML body) is not supported by this runner`);
  } else if (sourceOf(source) === 'response_headers' && !property) {
    problems.push(`${where}: ${field}.property must name the header for source ${JSON.stringify(source)}`);
  }
}

function convertAssertion(a: RunscopeAssertion, i: number, where: string, problems: string[]): Assertion | undefined {
  checkSource(a.source, a.property, `assertions[${i}]`, where, problems);
  const comparison = comparisonOf(a.comparison);
  const takesValue = COMPARISONS[comparison].takesValue;
  const value = !takesValue || a.value === null || a.value === undefined ? null : String(a.value);
  return {
    source: sourceOf(a.source),
    ...(a.property ? { property: a.property } : {}),
    comparison,
    value,
  };
}

function convertVariable(v: RunscopeVariable, i: number, where: string, problems: string[]): Extraction | undefined {
  // Okta's CRUD step 15 carries an empty editor row: {"property": "", "name": null}.
  if (v.name === null || v.name === undefined || v.name.trim() === '') return undefined;
  checkSource(v.source, v.property, `variables[${i}]`, where, problems);
  return { name: v.name.trim(), source: sourceOf(v.source), property: v.property ?? '' };
}

function scripts(list: readonly string[] | null | undefined, n: number, kind: string): Script[] {
  return (list ?? []).flatMap((code, k) => (code.trim() === '' ? [] : [{ code, origin: `step ${n} ${kind} script ${k + 1}` }]));
}

const isEmptyMap = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'object' && Object.keys(v).length === 0);

/** Converts one request step; appends what cannot run to `problems`. */
export function convertRequestStep(raw: RunscopeRequestStep, place: StepPlace, problems: string[]): RequestStep {
  const where = stepLabel(place.index, raw);
  const n = place.index + 1;
  const method = raw.method.trim().toUpperCase() as HttpMethod;
  if (!METHODS.includes(method)) {
    problems.push(`${where}: method ${JSON.stringify(raw.method)} is not supported (${METHODS.join(', ')})`);
  }
  if (!isEmptyMap(raw.args)) problems.push(`${where}: args is not supported; put the query parameters in url`);
  if (raw.multipart_form && raw.multipart_form.length > 0) {
    problems.push(`${where}: multipart_form is not supported (it uploads files from Runscope's file store, which a local run does not have)`);
  }
  if (raw.binary_body && raw.binary_body.length > 0) {
    problems.push(`${where}: binary_body is not supported (it sends a file from Runscope's file store, which a local run does not have)`);
  }
  if (!isEmptyMap(raw.graphql_body)) problems.push(`${where}: graphql_body is not supported; send the query as a JSON body instead`);

  const headers = valuePairs(raw.headers);
  const auth = raw.auth ?? {};
  if (auth.auth_type !== undefined && auth.auth_type !== '' && auth.auth_type !== 'basic') {
    problems.push(`${where}: auth type ${JSON.stringify(auth.auth_type)} is not supported (only "basic"); send an Authorization header instead`);
  }
  // Runscope's basic-auth helper; an explicit Authorization header of the step wins.
  if (auth.auth_type === 'basic' && !headers.some(([h]) => h.toLowerCase() === 'authorization')) {
    const credentials = `${auth.username ?? ''}:${auth.password ?? ''}`;
    headers.push(['Authorization', credentials.includes('{{')
      ? `Basic {{encode_base64(${credentials})}}`
      : `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`]);
  }

  let body: string | undefined = raw.body ?? undefined;
  if (raw.data !== undefined && raw.data !== null && raw.data !== '') {
    if (body !== undefined && body !== '' && body !== raw.data) problems.push(`${where}: both body and data are set and differ; keep one`);
    else body = raw.data;
  }
  const form = valuePairs(raw.form);
  if (form.length > 0) {
    if (body !== undefined && body !== '') problems.push(`${where}: both body and form are set; keep one`);
    else {
      body = form.map(([k, v]) => `${encodeURIComponent(k)}=${formValue(v)}`).join('&');
      if (!headers.some(([h]) => h.toLowerCase() === 'content-type')) headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
    }
  }

  const assertions = (raw.assertions ?? []).flatMap((a, i) => convertAssertion(a, i, where, problems) ?? []);
  const extractions = (raw.variables ?? []).flatMap((v, i) => convertVariable(v, i, where, problems) ?? []);
  const post = scripts(raw.scripts, n, 'post-response');
  const pre = scripts(raw.before_scripts, n, 'pre-request');
  const url = raw.url.trim();

  const checks = assertions.map(describeAssertion);
  if (post.length) checks.push(post.length === 1 ? 'its post-response script passes' : `its ${post.length} post-response scripts pass`);
  const produces = extractions.map((x) => `{{${x.name}}}`);

  return {
    kind: 'request',
    id: `${place.suiteId}/${stepNumber(place)}-${requestSlug(raw)}`,
    title: requestTitle(raw),
    requirement: `Runscope assertions: ${checks.length ? checks.join('; ') : 'none (the request only has to complete)'}`
      + (produces.length ? `. Later steps use ${produces.join(', ')} from this response.` : ''),
    fix: `Make ${method} ${url} answer as the export's assertions require (each failed one is shown with Expected and Actual)`
      + (produces.length ? `, and return ${extractions.map((x) => x.property || x.source).join(', ')} for ${produces.join(', ')}` : '')
      + '.',
    level: levelOf(raw),
    refs: place.refs,
    request: { method, url, headers, ...(body !== undefined ? { body } : {}) },
    extractions,
    beforeScripts: pre,
    scripts: post,
    assertions,
    ...(raw.skipped ? { skip: 'skipped in the export' } : {}),
    sourceIndex: n,
  };
}
