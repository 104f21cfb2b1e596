/**
 * Minimal XML 1.0 writing for junit.xml. Text goes through {@link printable} (no character
 * XML 1.0 forbids can be written) and then every markup character is escaped — including `>`,
 * so `]]>` never appears in content, and no CDATA sections are used.
 */
import { printable } from './printable.js';

const TEXT_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;',
};

/** Escapes element content. */
export function xmlText(text: string): string {
  return printable(text).replace(/[&<>"']/g, (ch) => TEXT_ENTITIES[ch] ?? ch);
}

/**
 * Escapes a double-quoted attribute value. Tab, LF and CR become character references, which
 * survive attribute-value normalisation (a parser would turn literal ones into spaces).
 */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/[\t\n\r]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export type XmlAttrs = Readonly<Record<string, string | number | undefined>>;

function attrs(values: XmlAttrs): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${xmlAttr(String(value))}"`)
    .join('');
}

/**
 * One element: `children` are already-serialised elements (one per line; not re-indented, as
 * that would change the text inside them) and `text` is escaped content; neither given → a
 * self-closing tag.
 */
export function xmlElement(name: string, attributes: XmlAttrs, content?: { readonly children?: readonly string[]; readonly text?: string }): string {
  const open = `<${name}${attrs(attributes)}`;
  if (content?.text !== undefined) return `${open}>${xmlText(content.text)}</${name}>`;
  const children = content?.children ?? [];
  if (children.length === 0) return `${open}/>`;
  return `${open}>\n${children.join('\n')}\n</${name}>`;
}
