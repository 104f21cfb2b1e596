/**
 * Secrets (SCIMAuth, oktaToken, test passwords) never leave the process: every text that
 * reaches an exchange record, a log or a report passes through a redactor first.
 *
 * A server may echo a secret back in any form (issue 14), so a redactor does not look for a
 * list of spellings; it matches the secret in a normalised view of the text:
 * - letters compared case-insensitively (one-to-one case mappings, so `É` matches `é`);
 * - whitespace and `+` ignored, so a secret folded across lines (a header continuation, base64
 *   wrapped at 76 columns, `\n` escapes) or written with `+` for space still matches;
 * - one layer of encoding decoded, mixed freely within the secret: JSON string escapes
 *   (`\/`, `\n`, `\uXXXX` for any character, surrogate pairs included), percent-encoding in
 *   either letter case (UTF-8 sequences decoded), HTML character references (named, decimal,
 *   hexadecimal, with or without the `;` of numeric ones);
 * - base64 and base64url of the secret, with or without padding, also where the secret sits
 *   inside a longer encoded value (each of the three byte alignments; a Basic credential's
 *   user:password is decoded and its parts are secrets too).
 * The text is scanned twice — as written, and decoded — with one Aho–Corasick automaton over
 * every form of every secret, so the work is linear in the text (8 MiB bodies) whatever the
 * number of secrets and forms. Whatever matched is replaced, from the first character of the
 * match as written to its last, by {@link REDACTED}: redacting a little more than the secret
 * (a neighbouring space) is accepted; letting any of it through is not.
 */
import { namedEntity } from './html-entities.js';

export const REDACTED = '‹redacted›';

/** Shortest value we redact (in normalised characters): shorter "secrets" would shred ordinary text. */
const MIN_SECRET_LENGTH = 4;

export type Redactor = (text: string) => string;

const SCHEME = /^(?:Bearer|Basic|SSWS|Token|Digest|ApiKey)\s+(.+)$/is;

/**
 * The literal forms searched for a secret: the whole value, the credential after an
 * Authorization scheme (`Bearer abc` → `abc`), a Basic credential's `user:password` and
 * password, and the base64 and base64url cores of each (see {@link base64Cores}). Encodings
 * that the matcher decodes itself (JSON, percent, HTML, case, folding) are not listed.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret, secret.trim()]);
  const credential = SCHEME.exec(secret.trim())?.[1]?.trim();
  if (credential) {
    forms.add(credential);
    if (/^basic\s/i.test(secret.trim())) {
      const decoded = Buffer.from(credential, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon >= 0 && !decoded.includes('\uFFFD')) {
        forms.add(decoded);
        forms.add(decoded.slice(colon + 1));
      }
    }
  }
  for (const form of [...forms]) for (const core of base64Cores(form)) forms.add(core);
  return [...forms].filter((f) => normalisedLength(f) >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

/**
 * The base64 characters that depend only on `text`'s bytes, wherever those bytes sit in a
 * longer encoded value: for each alignment k (0–2 bytes before them), the characters whose six
 * bits all come from `text`; and the whole standalone encoding without its padding. Both
 * alphabets (base64 and base64url).
 */
export function base64Cores(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8');
  // Standalone (the last character's spare bits are zero): the whole encoding, without padding.
  const whole = bytes.toString('base64').replace(/=+$/, '');
  const cores: string[] = [whole, whole.replace(/\+/g, '-').replace(/\//g, '_')];
  for (let k = 0; k < 3; k += 1) {
    const encoded = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    const core = encoded.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + bytes.length)) / 6));
    if (core.length >= MIN_SECRET_LENGTH) cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return cores;
}

// ---------------------------------------------------------------------------------------------
// Normalisation: one code unit → its folded form, or 0 when it is ignored (whitespace and '+').

let foldTable: Uint16Array | undefined;

/**
 * The folded code unit of every UTF-16 code unit (built once, on first use): the lower case of
 * its upper case when both are one unit, else its own lower case when that is, else itself.
 * Cased 64 units at a time (one toUpperCase and one toLowerCase per block, not per unit: the
 * per-unit build was ~20 ms of every CLI run); a block where a unit's case is not one unit, or
 * that holds a capital sigma (whose lower case depends on the letters around it), is cased unit
 * by unit, as the whole table once was (test/http/redact.spec.ts compares all 65 536).
 */
export function folds(): Uint16Array {
  if (foldTable) return foldTable;
  const table = new Uint16Array(0x10000);
  const BLOCK = 64;
  const units = new Array<number>(BLOCK);
  for (let start = 0; start < 0x10000; start += BLOCK) {
    if (start >= 0xd800 && start <= 0xdfff) {
      for (let c = start; c < start + BLOCK; c += 1) table[c] = c;
      continue;
    }
    for (let k = 0; k < BLOCK; k += 1) units[k] = start + k;
    const text = String.fromCharCode(...units);
    const upper = text.toUpperCase();
    const lower = upper.length === BLOCK ? upper.toLowerCase() : '';
    if (lower.length === BLOCK && !upper.includes('\u03a3')) {
      for (let k = 0; k < BLOCK; k += 1) table[start + k] = lower.charCodeAt(k);
    } else {
      for (let c = start; c < start + BLOCK; c += 1) table[c] = foldOne(c);
    }
  }
  // Ignored: whitespace (folding), '+' (space in forms and queries), NUL.
  for (const c of [0x00, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x2b, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]) table[c] = 0;
  for (let c = 0x2000; c <= 0x200a; c += 1) table[c] = 0;
  foldTable = table;
  return table;
}

/** One unit's fold, cased on its own. */
function foldOne(c: number): number {
  const ch = String.fromCharCode(c);
  const upper = ch.toUpperCase();
  const base = upper.length === 1 ? upper : ch;
  const lower = base.toLowerCase();
  return lower.length === 1 ? lower.charCodeAt(0) : ch.toLowerCase().length === 1 ? ch.toLowerCase().charCodeAt(0) : c;
}

function normalisedLength(text: string): number {
  const fold = folds();
  let n = 0;
  for (let i = 0; i < text.length; i += 1) if (fold[text.charCodeAt(i)] !== 0) n += 1;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Aho–Corasick over folded code units.

interface Automaton {
  /** Symbol of a folded ASCII code unit (0: in no pattern). */
  readonly asciiSymbol: Int32Array;
  /** Symbol of other folded code units. */
  readonly otherSymbol: ReadonlyMap<number, number>;
  readonly width: number;
  /** Next state: delta[state * width + symbol]. */
  readonly delta: Int32Array;
  /** Longest pattern (in normalised units) ending in each state, 0 for none. */
  readonly output: Int32Array;
  /** Ring buffer size − 1 (a power of two ≥ the longest pattern) for match starts. */
  readonly ringMask: number;
}

function buildAutomaton(patterns: readonly number[][]): Automaton {
  const symbols = new Map<number, number>();
  for (const p of patterns) for (const u of p) if (!symbols.has(u)) symbols.set(u, symbols.size + 1);
  const width = symbols.size + 1;
  const trie: Map<number, number>[] = [new Map()];
  const own: number[] = [0];
  for (const p of patterns) {
    let state = 0;
    for (const u of p) {
      const s = symbols.get(u)!;
      let next = trie[state]!.get(s);
      if (next === undefined) {
        next = trie.length;
        trie.push(new Map());
        own.push(0);
        trie[state]!.set(s, next);
      }
      state = next;
    }
    own[state] = Math.max(own[state]!, p.length);
  }
  const count = trie.length;
  const delta = new Int32Array(count * width);
  const fail = new Int32Array(count);
  const output = new Int32Array(count);
  const queue: number[] = [];
  for (const [s, next] of trie[0]!) {
    delta[s] = next;
    queue.push(next);
  }
  output[0] = 0;
  for (let head = 0; head < queue.length; head += 1) {
    const state = queue[head]!;
    output[state] = Math.max(own[state]!, output[fail[state]!]!);
    for (let s = 1; s < width; s += 1) {
      const next = trie[state]!.get(s);
      if (next === undefined) {
        delta[state * width + s] = delta[fail[state]! * width + s]!;
      } else {
        fail[next] = delta[fail[state]! * width + s]!;
        delta[state * width + s] = next;
        queue.push(next);
      }
    }
  }
  const asciiSymbol = new Int32Array(128);
  const otherSymbol = new Map<number, number>();
  for (const [u, s] of symbols) {
    if (u < 128) asciiSymbol[u] = s;
    else otherSymbol.set(u, s);
  }
  const longest = Math.max(...patterns.map((p) => p.length));
  return { asciiSymbol, otherSymbol, width, delta, output, ringMask: 2 ** Math.ceil(Math.log2(longest + 1)) - 1 };
}

/** Encoding layers a scan decodes (bit flags). */
const JSON_LAYER = 1;
const PERCENT_LAYER = 2;
const HTML_LAYER = 4;

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

/** The value of `count` hex digits at `at`, or -1. */
function hexAt(text: string, at: number, count: number): number {
  if (at + count > text.length) return -1;
  let v = 0;
  for (let i = 0; i < count; i += 1) {
    const h = hexValue(text.charCodeAt(at + i));
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

/** JSON string escapes (RFC 8259 §7) and the JavaScript `\'`, as code units. */
const JSON_ESCAPES = new Int32Array(128).fill(-1);
for (const [ch, cu] of [['"', 0x22], ['\\', 0x5c], ['/', 0x2f], ['b', 0x08], ['f', 0x0c], ['n', 0x0a], ['r', 0x0d], ['t', 0x09], ["'", 0x27]] as const) JSON_ESCAPES[ch.charCodeAt(0)] = cu;

/** Where decoded code units go (a {@link Scanner}): a method, not a closure made per scan. */
interface Sink {
  emit(codeUnit: number, start: number, end: number): void;
}

function emitCodePoint(sink: Sink, cp: number, start: number, end: number): void {
  if (cp < 0x10000) sink.emit(cp, start, end);
  else {
    sink.emit(0xd800 + ((cp - 0x10000) >> 10), start, end);
    sink.emit(0xdc00 + ((cp - 0x10000) & 0x3ff), start, end);
  }
}

/** Decodes a JSON escape at `i` (a backslash); returns the end, or -1. */
function jsonEscapeAt(text: string, i: number, sink: Sink): number {
  const next = text.charCodeAt(i + 1);
  if (next === 0x75) { // \uXXXX (a surrogate pair is two escapes, emitted as its two code units)
    const v = hexAt(text, i + 2, 4);
    if (v < 0) return -1;
    sink.emit(v, i, i + 6);
    return i + 6;
  }
  const cu = next < 128 ? JSON_ESCAPES[next]! : -1;
  if (cu < 0) return -1;
  sink.emit(cu, i, i + 2);
  return i + 2;
}

/** Decodes `%XX` at `i` (a whole UTF-8 sequence when it is one); returns the end, or -1. */
function percentAt(text: string, i: number, sink: Sink): number {
  const b = hexAt(text, i + 1, 2);
  if (b < 0) return -1;
  const length = b >= 0xf0 && b < 0xf8 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  if (length > 1) {
    let cp = b & (0xff >> (length + 1));
    let ok = true;
    for (let k = 1; k < length; k += 1) {
      const at = i + 3 * k;
      const next = text.charCodeAt(at) === 0x25 ? hexAt(text, at + 1, 2) : -1;
      if (next < 0x80 || next > 0xbf) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (next & 0x3f);
    }
    if (ok && cp <= 0x10ffff) {
      emitCodePoint(sink, cp, i, i + 3 * length);
      return i + 3 * length;
    }
  }
  sink.emit(b, i, i + 3);
  return i + 3;
}

/** Decodes an HTML character reference at `i` (`&`); returns the end, or -1. */
function entityAt(text: string, i: number, sink: Sink): number {
  if (text.charCodeAt(i + 1) === 0x23) { // &#
    const hex = (text.charCodeAt(i + 2) | 0x20) === 0x78;
    let at = i + (hex ? 3 : 2);
    let cp = 0;
    let digits = 0;
    for (; digits < 8 && at < text.length; at += 1, digits += 1) {
      const c = text.charCodeAt(at);
      const d = hex ? hexValue(c) : c >= 0x30 && c <= 0x39 ? c - 0x30 : -1;
      if (d < 0) break;
      cp = cp * (hex ? 16 : 10) + d;
    }
    if (digits === 0 || cp > 0x10ffff) return -1;
    if (text.charCodeAt(at) === 0x3b) at += 1; // the ';' is optional for numeric references
    emitCodePoint(sink, cp, i, at);
    return at;
  }
  let at = i + 1;
  while (at < text.length && at - i <= 32) {
    const c = text.charCodeAt(at) | 0x20;
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39 && at > i + 1))) break;
    at += 1;
  }
  if (at === i + 1 || text.charCodeAt(at) !== 0x3b) return -1;
  const cp = namedEntity(text.slice(i + 1, at));
  if (cp === undefined) return -1;
  emitCodePoint(sink, cp, i, at + 1);
  return at + 1;
}

/**
 * The automaton's walk over one text: one per redactor, reused by every scan (a scan is
 * synchronous, so they never overlap). No closure or buffer is made per text: a step redacts a
 * few hundred short texts, and that per-text cost was most of redaction's (issue 10 item 3).
 */
class Scanner implements Sink {
  readonly #a: Automaton;
  readonly #fold: Uint16Array;
  /** Ring buffer of the original start of the last units fed (for match starts). */
  readonly #starts: Int32Array;
  #state = 0;
  #count = 0;
  #spans: number[] = [];

  /** 1 for an ASCII character that moves the automaton out of its root (most move nowhere). */
  readonly #rootAscii = new Uint8Array(128);
  /**
   * 1 for X in `\"`, `\\` and `\/` when the backslash and X are both in no pattern and not
   * ignored: each sends the automaton back to its root, so the JSON escape `\X` is a barrier
   * that no match crosses, decoded or not.
   */
  readonly #inertEscape = new Uint8Array(128);

  constructor(a: Automaton, fold: Uint16Array) {
    this.#a = a;
    this.#fold = fold;
    this.#starts = new Int32Array(a.ringMask + 1);
    for (let c = 0; c < 128; c += 1) {
      const u = fold[c]!;
      if (u !== 0 && a.delta[u < 128 ? a.asciiSymbol[u]! : a.otherSymbol.get(u) ?? 0] !== 0) this.#rootAscii[c] = 1;
    }
    const barrier = (c: number): boolean => fold[c] !== 0 && a.asciiSymbol[fold[c]!] === 0;
    if (barrier(0x5c)) for (const c of [0x22, 0x5c, 0x2f]) if (barrier(c)) this.#inertEscape[c] = 1;
  }

  /**
   * True when every backslash of `text` starts an inert escape (`\"` around a `W/"…"` version is
   * the usual one): then the JSON-decoded pass sees the same characters as the pass as written
   * between the same barriers, and finds exactly what it found. Read as the decoded pass reads
   * escapes: `\\` is one escape, and the character after it starts afresh.
   */
  inertEscapesOnly(text: string): boolean {
    for (let i = text.indexOf('\\'); i >= 0; i = text.indexOf('\\', i + 2)) {
      const next = text.charCodeAt(i + 1);
      if (!(next < 128 && this.#inertEscape[next] === 1)) return false;
    }
    return true;
  }

  /**
   * One pass over `text` with the given encoding layers decoded, feeding folded code units to
   * the automaton; appends the original [start, end) of every match to `spans`.
   */
  scan(text: string, layers: number, spans: number[]): void {
    this.#state = 0;
    this.#count = 0;
    const n = text.length;
    if (layers === 0) {
      // As written: the same steps as `emit`, inlined (this pass sees every text we keep).
      const { asciiSymbol, otherSymbol, width, delta, output, ringMask } = this.#a;
      const fold = this.#fold;
      const starts = this.#starts;
      const rootAscii = this.#rootAscii;
      let state = 0;
      let count = 0;
      for (let i = 0; i < n; i += 1) {
        const c = text.charCodeAt(i);
        // At the root, an ASCII character that starts no pattern is passed over at once.
        if (state === 0 && c < 128 && rootAscii[c] === 0) continue;
        const u = fold[c]!;
        if (u === 0) continue;
        const next = delta[state * width + (u < 128 ? asciiSymbol[u]! : otherSymbol.get(u) ?? 0)]!;
        if (next === 0 && state === 0) continue;
        state = next;
        starts[count & ringMask] = i;
        count += 1;
        const length = output[next]!;
        if (length > 0) spans.push(starts[(count - length) & ringMask]!, i + 1);
      }
      return;
    }
    this.#spans = spans;
    const rootAscii = this.#rootAscii;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      let end = -1;
      if (c === 0x5c) end = layers & JSON_LAYER ? jsonEscapeAt(text, i, this) : -1;
      else if (c === 0x25) end = layers & PERCENT_LAYER ? percentAt(text, i, this) : -1;
      else if (c === 0x26) end = layers & HTML_LAYER ? entityAt(text, i, this) : -1;
      if (end >= 0) {
        i = end;
        continue;
      }
      // As in the pass as written: at the root, an ASCII character that starts no pattern would
      // leave `emit` at once; most of a decoded pass's characters are plain ones like that.
      if (!(this.#state === 0 && c < 128 && rootAscii[c] === 0)) this.emit(c, i, i + 1);
      i += 1;
    }
  }

  emit(codeUnit: number, start: number, end: number): void {
    const u = this.#fold[codeUnit]!;
    if (u === 0) return;
    const a = this.#a;
    const symbol = u < 128 ? a.asciiSymbol[u]! : a.otherSymbol.get(u) ?? 0;
    const state = this.#state;
    const next = a.delta[state * a.width + symbol]!;
    // A unit that leaves the automaton at the root can be part of no later match: skip the bookkeeping.
    if (next === 0 && state === 0) return;
    this.#state = next;
    this.#starts[this.#count & a.ringMask] = start;
    this.#count += 1;
    const length = a.output[next]!;
    if (length > 0) this.#spans.push(this.#starts[(this.#count - length) & a.ringMask]!, end);
  }
}

/**
 * The passes a text needs: as written, then each encoding it may contain on its own (so that a
 * secret whose own characters look like another encoding's escapes is still found), then all
 * of them together (a secret HTML-escaped inside a JSON string).
 */
function scanAll(text: string, scanner: Scanner, spans: number[]): void {
  scanner.scan(text, 0, spans);
  // A JSON layer of inert escapes only would find nothing the pass as written did not.
  const present = (text.includes('\\') && !scanner.inertEscapesOnly(text) ? JSON_LAYER : 0) | (text.includes('%') ? PERCENT_LAYER : 0) | (text.includes('&') ? HTML_LAYER : 0);
  if (present === 0) return;
  let single = 0;
  for (let layer = JSON_LAYER; layer <= HTML_LAYER; layer <<= 1) {
    if ((present & layer) === 0) continue;
    scanner.scan(text, layer, spans);
    single += 1;
  }
  if (single > 1) scanner.scan(text, present, spans);
}

/** Replaces the (possibly overlapping) spans [start, end) of `text` by REDACTED. */
function replaceSpans(text: string, spans: number[]): string {
  const pairs: [number, number][] = [];
  for (let k = 0; k < spans.length; k += 2) pairs.push([spans[k]!, spans[k + 1]!]);
  pairs.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  let out = '';
  let at = 0;
  for (const [start, end] of pairs) {
    if (end <= at) continue;
    if (start >= at) {
      out += text.slice(at, start) + REDACTED;
    }
    at = end;
  }
  return out + text.slice(at);
}

/** Redactors built recently, by their secrets (a run alternates between a few sets). */
const cache = new Map<string, Redactor>();
const CACHE_SIZE = 8;

/** Builds a redactor for the given secret values (empty or short ones are ignored). */
export function createRedactor(secrets: Iterable<string | undefined>): Redactor {
  const values = [...new Set([...secrets].filter((s): s is string => typeof s === 'string' && s !== ''))].sort();
  const key = JSON.stringify(values);
  const known = cache.get(key);
  if (known) return known;
  const fold = folds();
  const patterns = new Map<string, number[]>();
  for (const secret of values) {
    for (const form of secretForms(secret)) {
      const units: number[] = [];
      for (let i = 0; i < form.length; i += 1) {
        const u = fold[form.charCodeAt(i)]!;
        if (u !== 0) units.push(u);
      }
      if (units.length >= MIN_SECRET_LENGTH) patterns.set(String.fromCharCode(...units), units);
    }
  }
  let redactor: Redactor;
  if (patterns.size === 0) {
    redactor = (text) => text;
  } else {
    const automaton = buildAutomaton([...patterns.values()]);
    const scanner = new Scanner(automaton, fold);
    // Decoding never makes a text longer (every decoded unit comes from at least one character),
    // so a text shorter than the shortest pattern holds none, in any layer.
    const shortest = Math.min(...[...patterns.values()].map((p) => p.length));
    redactor = function redact(text) {
      if (text.length < shortest) return text;
      const spans: number[] = [];
      scanAll(text, scanner, spans);
      return spans.length === 0 ? text : replaceSpans(text, spans);
    };
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, redactor);
  return redactor;
}

/** Applies a redactor to every string inside a JSON-like value (keys included). */
export function redactDeep(value: unknown, redact: Redactor): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact));
  if (value && typeof value === 'object') {
    // Object.fromEntries defines own members, so a "__proto__" key stays a key.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactDeep(v, redact)]));
  }
  return value;
}

const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);

/**
 * Credential headers are redacted wholesale, whatever their value (an export may write a
 * credential literally, or build one with Runscope's basic-auth helper); the scheme is kept
 * so a reader still sees "Bearer" vs "SSWS" vs "Basic".
 */
export function redactHeader(name: string, value: string, redact: Redactor): string {
  if (!CREDENTIAL_HEADERS.has(name.toLowerCase())) return redact(value);
  const scheme = /^(Bearer|Basic|SSWS|Token|Digest|Negotiate)\s+\S/i.exec(value.trim());
  return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
}
