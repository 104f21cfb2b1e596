/**
 * `{{name}}` templates (Runscope syntax). A name that is not defined is left as written and
 * reported, so the engine can skip the step and name the step that should have produced it.
 * `{{fn}}` / `{{fn(args)}}` calls a built-in function (template-functions.ts) when no variable of
 * that name is defined (Runscope: a defined variable overrides a built-in). Arguments are literal
 * text; variables go in as nested templates, rendered first: `{{md5({{timestamp}})}}`,
 * `{{encode_base64({{user}}:{{password}})}}` (both from Runscope's documentation). A value that
 * is substituted is never scanned again, so a variable holding `{{x}}` stays literal.
 */
import type { TemplateFunctionContext } from './template-functions.js';
import { isTemplateFunction, TEMPLATE_FUNCTIONS, TemplateFunctionError } from './template-functions.js';

const CALL = /^([A-Za-z_]\w*)\s*(?:\((.*)\))?$/s;

export interface Rendered {
  readonly text: string;
  /** Variables referenced but not defined. */
  readonly missing: readonly string[];
  /** Function calls that could not be made (bad arguments), as messages. */
  readonly errors: readonly string[];
}

export type Lookup = (name: string) => string | undefined;

/** The empty list of a text that needs nothing (shared: Rendered's lists are read-only). */
const NONE: readonly string[] = Object.freeze([]);

const defaultFunctionContext: TemplateFunctionContext = { random: Math.random, now: Date.now };

interface Placeholder {
  /** Index of the first `{` of `{{`. */
  readonly start: number;
  /** Index just after the closing `}}`. */
  readonly end: number;
  /** The text between the braces (may hold nested placeholders). */
  readonly inner: string;
}

/**
 * The next placeholder at or after `from`, with nesting. In a run of three or more `{`, the last
 * two open the placeholder, so `{{{v}}}` renders as `{value}` (JSON around a template keeps its
 * own braces).
 */
function nextPlaceholder(text: string, from: number): Placeholder | undefined {
  let open = text.indexOf('{{', from);
  while (open >= 0) {
    while (text.startsWith('{{{', open)) open += 1;
    // From one `{{` or `}}` to the next (native indexOf), not character by character.
    let depth = 1;
    let j = open + 2;
    for (let close = text.indexOf('}}', j); close >= 0; close = text.indexOf('}}', j)) {
      const nested = text.indexOf('{{', j);
      if (nested >= 0 && nested < close) {
        depth += 1;
        j = nested + 2;
        continue;
      }
      depth -= 1;
      if (depth === 0) return { start: open, end: close + 2, inner: text.slice(open + 2, close) };
      j = close + 2;
    }
    // Unclosed: no placeholder starts here; look for a later one.
    open = text.indexOf('{{', open + 2);
  }
  return undefined;
}

/**
 * How a substituted value enters the text (never literal text, never an unresolved placeholder):
 * URL templates percent-encode it by position (engine/url.ts). `at` is the placeholder's offset
 * in the top-level template, `inner` its text between the braces.
 */
export type Substitute = (value: string, at: number, inner: string) => string;

function renderInto(template: string, lookup: Lookup, fnCtx: TemplateFunctionContext, missing: string[], errors: string[], substitute?: Substitute): string {
  let out = '';
  let i = 0;
  for (let p = nextPlaceholder(template, 0); p; p = nextPlaceholder(template, i)) {
    out += template.slice(i, p.start);
    const before = missing.length + errors.length;
    const value = renderPlaceholder(p, template, lookup, fnCtx, missing, errors);
    const resolved = missing.length + errors.length === before;
    out += substitute && resolved ? substitute(value, p.start, p.inner) : value;
    i = p.end;
  }
  return out + template.slice(i);
}

/** The top-level placeholders of a template: offset, end and inner text. */
export function templatePlaceholders(template: string): { readonly start: number; readonly end: number; readonly inner: string }[] {
  const found: Placeholder[] = [];
  for (let p = nextPlaceholder(template, 0); p; p = nextPlaceholder(template, p.end)) found.push(p);
  return found;
}

function renderPlaceholder(p: Placeholder, template: string, lookup: Lookup, fnCtx: TemplateFunctionContext, missing: string[], errors: string[]): string {
  const inner = (p.inner.includes('{{') ? renderInto(p.inner, lookup, fnCtx, missing, errors) : p.inner).trim();
  const value = lookup(inner);
  if (value !== undefined) return value;
  const call = CALL.exec(inner);
  const name = call?.[1];
  if (name !== undefined && isTemplateFunction(name)) {
    const fn = TEMPLATE_FUNCTIONS[name];
    try {
      if (fn) return fn(call?.[2], fnCtx);
    } catch (e) {
      if (!(e instanceof TemplateFunctionError)) throw e;
      errors.push(e.message);
      return template.slice(p.start, p.end);
    }
  }
  missing.push(inner);
  return template.slice(p.start, p.end);
}

/** Renders a template against a variable lookup. Never throws for bad input. */
export function renderTemplate(template: string, lookup: Lookup, fnCtx = defaultFunctionContext, substitute?: Substitute): Rendered {
  // Most texts hold no placeholder at all: they render as themselves.
  if (!template.includes('{{')) return { text: template, missing: NONE, errors: NONE };
  const missing: string[] = [];
  const errors: string[] = [];
  const text = renderInto(template, lookup, fnCtx, missing, errors, substitute);
  return { text, missing: missing.length < 2 ? missing : [...new Set(missing)], errors };
}

/**
 * The variables `template` needs that `lookup` does not define: what {@link renderTemplate}
 * would report as missing, without rendering (no text built, no function called) unless a
 * placeholder nests another, whose name is known only once rendered.
 */
export function missingVariables(template: string, lookup: Lookup, fnCtx = defaultFunctionContext): readonly string[] {
  if (!template.includes('{{')) return NONE;
  let missing: string[] | undefined;
  for (let p = nextPlaceholder(template, 0); p; p = nextPlaceholder(template, p.end)) {
    if (p.inner.includes('{{')) return renderTemplate(template, lookup, fnCtx).missing;
    const inner = p.inner.trim();
    if (lookup(inner) !== undefined || isFunctionCall(inner)) continue;
    (missing ??= []).push(inner);
  }
  return missing === undefined ? NONE : missing.length < 2 ? missing : [...new Set(missing)];
}

/** The variable names a template uses, nested ones included (function calls excluded). */
export function templateVariables(template: string): string[] {
  const names: string[] = [];
  let i = 0;
  for (let p = nextPlaceholder(template, 0); p; p = nextPlaceholder(template, i)) {
    if (p.inner.includes('{{')) names.push(...templateVariables(p.inner));
    else if (!isFunctionCall(p.inner.trim())) names.push(p.inner.trim());
    i = p.end;
  }
  return [...new Set(names)];
}

/** A defined variable wins over a function of the same name at render time. */
function isFunctionCall(inner: string): boolean {
  const name = CALL.exec(inner)?.[1];
  return name !== undefined && isTemplateFunction(name);
}
