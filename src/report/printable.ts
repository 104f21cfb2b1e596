/**
 * Text from the target (bodies, headers, messages) can hold anything. Before it reaches an
 * XML, HTML or terminal rendering, characters those formats cannot carry — or that would
 * act rather than show — are replaced by visible stand-ins, so the reader sees that
 * something was there:
 * - C0 controls other than tab, LF and CR → Control Pictures (U+0000 → ␀, ESC → ␛), DEL → ␡;
 * - C1 controls (U+0080–U+009F; some terminals obey U+009B as CSI) → U+FFFD;
 * - lone surrogates (invalid UTF-16) and the non-characters U+FFFE, U+FFFF → U+FFFD.
 * The result contains only characters allowed by XML 1.0 and is well-formed UTF-16.
 */

// Without the `u` flag so that surrogates are matched as code units.
const UNPRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const REPLACEMENT = '\uFFFD';

function standIn(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return REPLACEMENT;
}

/** Replaces characters that XML 1.0, HTML and terminals cannot show safely (see module doc). */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, standIn);
}

/**
 * Text for a terminal (issue 15): {@link printable}, and carriage return shown as ␍ too, so
 * nothing a server sent can move the cursor, rewrite a line, ring the bell, set the window
 * title or clear the screen. Only line feed and tab are left as they are.
 */
export function terminalText(text: string): string {
  return printable(text).replace(/\r/g, '\u240D');
}

/** One line of server text for a terminal: {@link terminalText} with line breaks and tabs as spaces. */
export function terminalLine(text: string): string {
  return terminalText(text).replace(/[\n\t\u240D]+/g, ' ');
}

const JSON_UNPRINTABLE = /[\u007F-\u009F\uFFFE\uFFFF]/g;

/**
 * JSON text for a terminal with the same value: the characters `JSON.stringify` leaves raw
 * but a terminal may obey (DEL, C1 controls) or cannot show (U+FFFE, U+FFFF) are written as
 * `\u` escapes, which only occur inside strings; every other control is already escaped.
 */
export function terminalJson(json: string): string {
  return json.replace(JSON_UNPRINTABLE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
