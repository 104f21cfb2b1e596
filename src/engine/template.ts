/**
 * `{{name}}` templates (Runscope syntax). A name that is not defined is left as written and
 * reported, so the engine can skip the step and name the step that should have produced it.
 * `{{fn(arg, …)}}` calls a built-in function (template-functions.ts); an argument that names a
 * defined variable is replaced by its value, a quoted argument is taken literally.
 */
import type { TemplateFunctionContext } from './template-functions.js';
import { TEMPLATE_FUNCTIONS } from './template-functions.js';

const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;
const CALL = /^([A-Za-z_][\w]*)\s*(?:\((.*)\))?$/s;

export interface Rendered {
  readonly text: string;
  /** Variables referenced but not defined. */
  readonly missing: readonly string[];
}

export type Lookup = (name: string) => string | undefined;

const defaultFunctionContext: TemplateFunctionContext = { random: Math.random, now: Date.now };

/** Renders a template against a variable lookup. */
export function renderTemplate(template: string, lookup: Lookup, fnCtx = defaultFunctionContext): Rendered {
  const missing: string[] = [];
  const text = template.replace(PLACEHOLDER, (whole, inner: string) => {
    const value = lookup(inner);
    if (value !== undefined) return value;
    const call = CALL.exec(inner);
    const fn = call?.[1] && Object.hasOwn(TEMPLATE_FUNCTIONS, call[1]) ? TEMPLATE_FUNCTIONS[call[1]] : undefined;
    if (call && fn) {
      const args = call[2] === undefined ? [] : splitArgs(call[2]).map((a) => resolveArg(a, lookup));
      return fn(args, fnCtx);
    }
    missing.push(inner);
    return whole;
  });
  return { text, missing };
}

/** The variable names a template uses (function calls excluded). */
export function templateVariables(template: string): string[] {
  const names: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) {
    const inner = m[1] ?? '';
    if (!isFunctionCall(inner)) names.push(inner);
  }
  return names;
}

/** A defined variable wins over a function of the same name at render time. */
function isFunctionCall(inner: string): boolean {
  const name = CALL.exec(inner)?.[1];
  return name !== undefined && Object.hasOwn(TEMPLATE_FUNCTIONS, name);
}

function splitArgs(text: string): string[] {
  const args: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      current += ch;
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === ',') {
      args.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '' || args.length) args.push(current.trim());
  return args;
}

function resolveArg(arg: string, lookup: Lookup): string {
  if (/^(["']).*\1$/s.test(arg)) return arg.slice(1, -1);
  return lookup(arg) ?? arg;
}
