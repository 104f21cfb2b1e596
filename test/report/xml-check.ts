/**
 * A small strict XML 1.0 well-formedness checker and parser for tests (no dependency). It
 * accepts a subset large enough for junit.xml — declaration, elements, attributes, text,
 * character and predefined entity references, comments, CDATA — and throws
 * {@link XmlSyntaxError} on anything not well-formed: characters outside the XML Char
 * production (controls, lone surrogates, U+FFFE/U+FFFF), `<` or a raw `&` where not allowed,
 * `]]>` in text, unknown entities, references to invalid characters, duplicate or unquoted
 * attributes, mismatched or unclosed tags, and content outside the single root element.
 */

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Concatenated character data directly inside this element. */
  readonly text: string;
}

export class XmlSyntaxError extends Error {
  override readonly name = 'XmlSyntaxError';
}

const NAME = /[A-Za-z_:][A-Za-z0-9._:-]*/y;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd)
    || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Throws on the first character that XML 1.0 does not allow (lone surrogates included). */
export function checkXmlChars(text: string): void {
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i += 1;
        continue;
      }
      throw new XmlSyntaxError(`lone high surrogate at ${i}`);
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) throw new XmlSyntaxError(`lone low surrogate at ${i}`);
    if (!isXmlChar(unit)) throw new XmlSyntaxError(`character U+${unit.toString(16).padStart(4, '0')} not allowed at ${i}`);
  }
}

class Parser {
  private pos = 0;

  constructor(private readonly src: string) {}

  fail(message: string): never {
    throw new XmlSyntaxError(`${message} at offset ${this.pos}: ${JSON.stringify(this.src.slice(this.pos, this.pos + 30))}`);
  }

  private startsWith(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }

  private skipSpace(): boolean {
    const start = this.pos;
    while (/[ \t\r\n]/.test(this.src.charAt(this.pos))) this.pos += 1;
    return this.pos > start;
  }

  private name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.src);
    if (!m) this.fail('expected a name');
    this.pos += m[0].length;
    return m[0];
  }

  private reference(): string {
    // at '&'
    const end = this.src.indexOf(';', this.pos);
    if (end < 0) this.fail('unterminated reference');
    const body = this.src.slice(this.pos + 1, end);
    let value: string;
    if (/^#[0-9]+$/.test(body) || /^#x[0-9A-Fa-f]+$/.test(body)) {
      const cp = body.startsWith('#x') ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (!isXmlChar(cp)) this.fail(`reference to invalid character &${body};`);
      value = String.fromCodePoint(cp);
    } else {
      const named = PREDEFINED[body];
      if (named === undefined) this.fail(`unknown entity &${body};`);
      value = named;
    }
    this.pos = end + 1;
    return value;
  }

  private attrValue(): string {
    const quote = this.src.charAt(this.pos);
    if (quote !== '"' && quote !== "'") this.fail('attribute value must be quoted');
    this.pos += 1;
    let value = '';
    for (;;) {
      const ch = this.src.charAt(this.pos);
      if (ch === '') this.fail('unterminated attribute value');
      if (ch === quote) break;
      if (ch === '<') this.fail("'<' in attribute value");
      if (ch === '&') {
        value += this.reference();
        continue;
      }
      // Attribute-value normalisation: literal whitespace becomes a space.
      value += ch === '\t' || ch === '\n' || ch === '\r' ? ' ' : ch;
      this.pos += 1;
    }
    this.pos += 1;
    return value;
  }

  private skipMisc(): void {
    for (;;) {
      this.skipSpace();
      if (this.startsWith('<!--')) this.comment();
      else return;
    }
  }

  private comment(): void {
    const end = this.src.indexOf('-->', this.pos + 4);
    if (end < 0) this.fail('unterminated comment');
    if (this.src.slice(this.pos + 4, end).includes('--')) this.fail("'--' inside a comment");
    this.pos = end + 3;
  }

  element(): XmlElement {
    if (!this.startsWith('<')) this.fail("expected '<'");
    this.pos += 1;
    const name = this.name();
    const attrs: Record<string, string> = {};
    for (;;) {
      const spaced = this.skipSpace();
      if (this.startsWith('/>')) {
        this.pos += 2;
        return { name, attrs, children: [], text: '' };
      }
      if (this.startsWith('>')) {
        this.pos += 1;
        break;
      }
      if (!spaced) this.fail('expected whitespace before attribute');
      const attr = this.name();
      if (Object.hasOwn(attrs, attr)) this.fail(`duplicate attribute ${attr}`);
      this.skipSpace();
      if (!this.startsWith('=')) this.fail("expected '='");
      this.pos += 1;
      this.skipSpace();
      attrs[attr] = this.attrValue();
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      if (this.pos >= this.src.length) this.fail(`unclosed element <${name}>`);
      if (this.startsWith('</')) {
        this.pos += 2;
        const closing = this.name();
        if (closing !== name) this.fail(`</${closing}> closes <${name}>`);
        this.skipSpace();
        if (!this.startsWith('>')) this.fail("expected '>'");
        this.pos += 1;
        return { name, attrs, children, text };
      }
      if (this.startsWith('<!--')) {
        this.comment();
      } else if (this.startsWith('<![CDATA[')) {
        const end = this.src.indexOf(']]>', this.pos);
        if (end < 0) this.fail('unterminated CDATA section');
        text += this.src.slice(this.pos + 9, end);
        this.pos = end + 3;
      } else if (this.startsWith('<')) {
        children.push(this.element());
      } else if (this.startsWith('&')) {
        text += this.reference();
      } else {
        if (this.startsWith(']]>')) this.fail("']]>' in character data");
        text += this.src.charAt(this.pos);
        this.pos += 1;
      }
    }
  }

  document(): XmlElement {
    if (this.startsWith('<?xml')) {
      const end = this.src.indexOf('?>', this.pos);
      if (end < 0) this.fail('unterminated XML declaration');
      const decl = this.src.slice(this.pos, end + 2);
      if (!/^<\?xml version="1\.[0-9]+"( encoding="[A-Za-z][A-Za-z0-9._-]*")?( standalone="(yes|no)")? ?\?>$/.test(decl)) {
        this.fail('malformed XML declaration');
      }
      this.pos = end + 2;
    }
    this.skipMisc();
    const root = this.element();
    this.skipMisc();
    if (this.pos !== this.src.length) this.fail('content after the root element');
    return root;
  }
}

/** Parses a complete document; throws {@link XmlSyntaxError} unless it is well-formed. */
export function parseXml(document: string): XmlElement {
  checkXmlChars(document);
  return new Parser(document).document();
}

/** Every descendant element (depth first) with the given name. */
export function descendants(node: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const child of node.children) {
    if (child.name === name) found.push(child);
    found.push(...descendants(child, name));
  }
  return found;
}
