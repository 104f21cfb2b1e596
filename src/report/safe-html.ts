/**
 * Escaping by construction for report.html: the `html` tag escapes every interpolated value
 * unless it is already {@link SafeHtml} (the output of another `html` template), so a target's
 * body, header or message can never become markup. Interpolate only into element content or
 * double-quoted attribute values, never into `<script>`, `<style>` or unquoted attributes.
 */
import { printable } from './printable.js';

/** A fragment of HTML that is safe to insert as is. */
export class SafeHtml {
  private constructor(readonly value: string) {}

  /** Marks a constant written by us (never data) as HTML. */
  static trusted(value: string): SafeHtml {
    return new SafeHtml(value);
  }

  toString(): string {
    return this.value;
  }
}

/** What an `html` template accepts; `false`, `null` and `undefined` render nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
};

/** Escapes text for element content and quoted attribute values (after making it printable). */
export function escapeHtml(text: string): string {
  return printable(text).replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number') return escapeHtml(String(value));
  return ''; // booleans, null, undefined: for `${condition && html`…`}`
}

/** Tagged template that escapes every interpolation (see module doc). */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return SafeHtml.trusted(out);
}
