/**
 * Plain-text renderings of report values shared by the console, JUnit and HTML renderers, so
 * the three say the same thing in the same words. Results are not yet escaped or made
 * printable: each renderer does that for its format.
 */
import type { AssertionResult, StepResult } from '../model/result.js';
import type { Verdict } from '../model/verdict.js';
import { specUrl } from '../model/spec-ref.js';
import { isTruncatedActual } from '../assert/keep.js';

/** Human word for a verdict, upper case (`N/A` for n/a). */
export function verdictLabel(verdict: Verdict): string {
  return verdict.toUpperCase();
}

/** True for the engine's `{ missing: true }` actual value. */
export function isMissing(actual: unknown): boolean {
  return typeof actual === 'object' && actual !== null && (actual as { missing?: unknown }).missing === true
    && Object.keys(actual).length === 1;
}

/**
 * The actual value as JSON text, so that `"true"` and `true`, `"201"` and `201` stay
 * distinguishable (a classic SCIM defect); `(missing)` when the source had no value.
 */
export function formatActual(actual: unknown): string {
  if (actual === undefined) return '(none)';
  if (isMissing(actual)) return '(missing)';
  // A value too large to keep (assert/keep.ts): the start of its JSON.
  if (isTruncatedActual(actual)) return `${actual.jsonPrefix}… (cut at ${actual.jsonPrefix.length} characters)`;
  try {
    return JSON.stringify(actual) ?? String(actual);
  } catch {
    return String(actual);
  }
}

/** The expected value as declared (a rendered template); `(none)` for value-less comparisons. */
export function formatExpected(expected: string | null): string {
  return expected === null ? '(none)' : expected;
}

/** Milliseconds as seconds with two decimals: `0.41 s`. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** A byte count for people: `912 B`, `200.0 KiB`, `3.4 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Assertions that did not pass, in order. */
export function failedAssertions(step: StepResult): readonly AssertionResult[] {
  return step.assertions.filter((a) => a.verdict !== 'pass');
}

/** Steps that count as tests (pauses are timing, not checks). */
export function isCheck(step: StepResult): boolean {
  return step.kind !== 'pause';
}

/**
 * Indents a JSON text for reading without re-serialising it: only whitespace between tokens
 * changes, so numbers, escapes and duplicate keys are shown exactly as the target sent them.
 * Undefined when the text is not a complete JSON object or array.
 */
export function indentJson(text: string): string | undefined {
  const source = text.trim();
  if (!source.startsWith('{') && !source.startsWith('[')) return undefined;
  try {
    JSON.parse(source);
  } catch {
    return undefined;
  }
  let out = '';
  let depth = 0;
  let inString = false;
  let escaped = false;
  const newline = (): string => `\n${'  '.repeat(depth)}`;
  for (let i = 0; i < source.length; i += 1) {
    const ch = source.charAt(i);
    if (inString) {
      out += ch;
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      const next = source.slice(i + 1).search(/\S/);
      if (next >= 0 && source.charAt(i + 1 + next) === close) {
        out += ch + close; // keep {} and [] compact
        i += 1 + next;
      } else {
        depth += 1;
        out += ch + newline();
      }
    } else if (ch === '}' || ch === ']') {
      depth -= 1;
      out += newline() + ch;
    } else if (ch === ',') {
      out += `,${newline()}`;
    } else if (ch === ':') {
      out += ': ';
    } else if (ch !== ' ' && ch !== '\t' && ch !== '\n' && ch !== '\r') {
      out += ch;
    }
  }
  return out;
}

/** Shortens one value for a console line; full values are in report.json and report.html. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

export interface DiagnosisOptions {
  /** Failed assertions listed (the rest are counted). Default: all. */
  readonly maxAssertions?: number;
  /** Longest expected/actual value shown. Default: no limit. */
  readonly maxValueLength?: number;
}

/**
 * Why a step did not pass, as `Label: text` lines — Requirement, Expected, Actual, Fix first
 * (DESIGN.md core decision 6) — shared by the console summary and junit.xml.
 */
export function diagnosisLines(step: StepResult, options: DiagnosisOptions = {}): string[] {
  const maxValue = options.maxValueLength ?? Number.POSITIVE_INFINITY;
  const value = (text: string): string => (Number.isFinite(maxValue) ? clip(text, maxValue) : text);
  const lines: string[] = [];
  if (step.reason !== undefined) lines.push(`Reason: ${step.reason}`);
  if (step.requirement !== undefined) lines.push(`Requirement: ${step.requirement}`);
  const failed = failedAssertions(step);
  const shown = failed.slice(0, options.maxAssertions ?? failed.length);
  for (const a of shown) {
    lines.push(`Check (${a.verdict}, ${a.level}): ${a.title}`);
    lines.push(`  Expected: ${value(formatExpected(a.expected))}`);
    lines.push(`  Actual: ${value(formatActual(a.actual))}`);
    if (a.message !== undefined) lines.push(`  Message: ${a.message}`);
  }
  if (failed.length > shown.length) lines.push(`… ${failed.length - shown.length} more failed check(s)`);
  for (const s of step.scripts) if (!s.ok) lines.push(`Script error (${s.origin}): ${s.error ?? 'failed'}`);
  for (const e of step.extractions) if (!e.ok) lines.push(`Variable not extracted: ${e.name}${e.message !== undefined ? ` (${e.message})` : ''}`);
  const x = step.exchange;
  if (x !== undefined) {
    const outcome = x.response !== undefined ? String(x.response.status)
      : x.transportError !== undefined ? `${x.transportError.code}: ${x.transportError.message}` : 'no response';
    lines.push(`Request: ${x.request.method} ${x.request.url} → ${outcome}`);
  }
  if (step.fix !== undefined) lines.push(`Fix: ${step.fix}`);
  if (step.refs.length > 0) lines.push(`See: ${step.refs.map((r) => { const u = specUrl(r); return u === '' ? r : `${r} <${u}>`; }).join(', ')}`);
  return lines;
}
