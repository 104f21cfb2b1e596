/**
 * Runscope's built-in template functions, exactly the documented table ("Use Built-in Variables
 * and Functions", runscope.com/docs/api-testing/variables, now help.blazemeter.com "Dynamic Data
 * and Request Chaining"): `{{timestamp}}`, `{{utc_datetime}}`, `{{format_timestamp(value,
 * format)}}`, `{{timestamp_offset(value)}}`, `{{random_int}}`, `{{random_int(a,b)}}`,
 * `{{random_string(length)}}`, `{{uuid}}`, `{{encode_base64(value)}}`, `{{md5(value)}}`,
 * `{{sha1(value)}}`, `{{sha256(value)}}`, `{{hmac_sha1(value,key)}}`, `{{hmac_sha256(value,key)}}`,
 * `{{url_encode(value)}}`.
 *
 * Arguments are literal text, as documented ("values should be passed without surrounding
 * quotes"); variables go in as nested templates (`{{md5({{timestamp}})}}`), which template.ts
 * renders before the call. Each function receives its raw argument text (undefined without
 * parentheses) and parses it itself, because the grammar differs: a single-value function takes
 * the whole text, commas included; `hmac_*` split at the last comma (the key is short, the value
 * may be JSON); `random_int` and `format_timestamp` split at the first.
 *
 * Not provided: the run-metadata variables (`runscope_environment`, `runscope_bucket`,
 * `runscope_test_name`, `runscope_region`, `runscope_agent`, …). A local run has no bucket,
 * environment or region to report, so an export that uses them lists them as inputs and the user
 * supplies them (`--var runscope_bucket=…`).
 */
import { createHash, createHmac } from 'node:crypto';

export interface TemplateFunctionContext {
  /** Uniform in [0, 1); seedable for reproducible runs. */
  readonly random: () => number;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
}

/** A call with arguments the function cannot use; the step becomes `error` with this message. */
export class TemplateFunctionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateFunctionError';
  }
}

/** `argText` is the text between the parentheses (nested templates already rendered), or undefined. */
export type TemplateFunction = (argText: string | undefined, ctx: TemplateFunctionContext) => string;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Documented maximum of random_string. */
const MAX_RANDOM_STRING = 1000;
/** `{{random_int}}` without bounds: "between 0 and 18446744073709551615" (2^64 − 1). */
const RANDOM_INT_MAX = (1n << 64n) - 1n;

function value(name: string, argText: string | undefined): string {
  if (argText === undefined) throw new TemplateFunctionError(`{{${name}(value)}} needs a value`);
  return argText.trim();
}

function splitFirst(name: string, argText: string | undefined, usage: string): [string, string] {
  const i = argText?.indexOf(',') ?? -1;
  if (argText === undefined || i < 0) throw new TemplateFunctionError(`{{${name}}} needs two arguments: {{${usage}}}`);
  return [argText.slice(0, i).trim(), argText.slice(i + 1).trim()];
}

function splitLast(name: string, argText: string | undefined, usage: string): [string, string] {
  const i = argText?.lastIndexOf(',') ?? -1;
  if (argText === undefined || i < 0) throw new TemplateFunctionError(`{{${name}}} needs two arguments: {{${usage}}}`);
  return [argText.slice(0, i).trim(), argText.slice(i + 1).trim()];
}

function integer(name: string, text: string, what: string): bigint {
  if (!/^[+-]?\d+$/.test(text)) throw new TemplateFunctionError(`{{${name}}}: ${what} ${JSON.stringify(text)} is not an integer`);
  return BigInt(text);
}

/** A uniform bigint in [0, span) from 32-bit draws (rejection sampling keeps it uniform). */
function randomBelow(span: bigint, ctx: TemplateFunctionContext): bigint {
  if (span <= 0n) return 0n;
  let bits = 0n;
  for (let s = span - 1n; s > 0n; s >>= 1n) bits += 1n;
  const words = Number((bits + 31n) / 32n) || 1;
  const mask = (1n << BigInt(words * 32)) - 1n;
  let n = 0n;
  // A few rejections at most with a real random source; a constant test stub falls through.
  for (let attempt = 0; attempt < 64; attempt += 1) {
    n = 0n;
    for (let w = 0; w < words; w += 1) n = (n << 32n) | BigInt(Math.floor(ctx.random() * 0x1_0000_0000));
    n &= mask;
    if (n < (mask + 1n) - ((mask + 1n) % span)) break;
  }
  return n % span;
}

const seconds = (ctx: TemplateFunctionContext): number => Math.floor(ctx.now() / 1000);

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * `format_timestamp`'s tokens (UTC): YYYY, YY, MM (month), DD, HH (24 h), hh (12 h), mm
 * (minutes), ss. Any other character, delimiters included, is copied.
 */
export function formatTimestamp(unixSeconds: number, format: string): string {
  const d = new Date(unixSeconds * 1000);
  const hour12 = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
  const tokens: Readonly<Record<string, string>> = {
    YYYY: pad(d.getUTCFullYear(), 4),
    YY: pad(d.getUTCFullYear() % 100),
    MM: pad(d.getUTCMonth() + 1),
    DD: pad(d.getUTCDate()),
    HH: pad(d.getUTCHours()),
    hh: pad(hour12),
    mm: pad(d.getUTCMinutes()),
    ss: pad(d.getUTCSeconds()),
  };
  return format.replace(/YYYY|YY|MM|DD|HH|hh|mm|ss/g, (t) => tokens[t] ?? t);
}

const hash = (name: string, algorithm: string): TemplateFunction => (argText) =>
  createHash(algorithm).update(value(name, argText), 'utf8').digest('hex');

const hmac = (name: string, algorithm: string): TemplateFunction => (argText) => {
  const [text, key] = splitLast(name, argText, `${name}(value,key)`);
  return createHmac(algorithm, key).update(text, 'utf8').digest('hex');
};

/** Every documented Runscope template function, by name. */
export const TEMPLATE_FUNCTIONS: Readonly<Record<string, TemplateFunction>> = {
  /** Integer Unix timestamp (seconds). */
  timestamp: (_a, ctx) => String(seconds(ctx)),
  /** "UTC datetime string in ISO 8601 format", as Runscope prints it: microseconds, no zone (2013-11-07T19:24:41.418968). */
  utc_datetime: (_a, ctx) => {
    const ms = ctx.now();
    const iso = new Date(ms).toISOString();
    return `${iso.slice(0, 19)}.${pad(Math.floor(((ms % 1000) + 1000) % 1000) * 1000, 6)}`;
  },
  /** `{{format_timestamp(value, format)}}`, value in Unix seconds. */
  format_timestamp: (argText) => {
    const [v, format] = splitFirst('format_timestamp', argText, 'format_timestamp(value, format)');
    return formatTimestamp(Number(integer('format_timestamp', v, 'value')), format);
  },
  /** Unix timestamp offset by the given seconds (negative goes back). */
  timestamp_offset: (argText, ctx) => String(seconds(ctx) + Number(integer('timestamp_offset', value('timestamp_offset', argText), 'offset'))),
  /** Without arguments 0 … 2^64 − 1; `random_int(a,b)` between a and b inclusive. */
  random_int: (argText, ctx) => {
    if (argText === undefined || argText.trim() === '') return String(randomBelow(RANDOM_INT_MAX + 1n, ctx));
    const [a, b] = splitFirst('random_int', argText, 'random_int(a,b)');
    let lo = integer('random_int', a, 'a');
    let hi = integer('random_int', b, 'b');
    if (lo > hi) [lo, hi] = [hi, lo];
    return String(lo + randomBelow(hi - lo + 1n, ctx));
  },
  /** Random alphanumeric string of the given length (max 1000). */
  random_string: (argText, ctx) => {
    const length = Number(integer('random_string', value('random_string', argText), 'length'));
    if (length < 0 || length > MAX_RANDOM_STRING) throw new TemplateFunctionError(`{{random_string}}: length must be 0…${MAX_RANDOM_STRING}, not ${length}`);
    let out = '';
    for (let i = 0; i < length; i += 1) out += ALNUM[Math.floor(ctx.random() * ALNUM.length)];
    return out;
  },
  /** A random (version 4) UUID, drawn from the run's random source so seeded runs repeat. */
  uuid: (_a, ctx) => {
    const bytes = Array.from({ length: 16 }, () => Math.floor(ctx.random() * 256));
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  },
  encode_base64: (argText) => Buffer.from(value('encode_base64', argText), 'utf8').toString('base64'),
  md5: hash('md5', 'md5'),
  sha1: hash('sha1', 'sha1'),
  sha256: hash('sha256', 'sha256'),
  hmac_sha1: hmac('hmac_sha1', 'sha1'),
  hmac_sha256: hmac('hmac_sha256', 'sha256'),
  /** Percent-encoding for query strings (`This%20is%20100%25%20URL%20encoded.`). */
  url_encode: (argText) => encodeURIComponent(value('url_encode', argText)),
};

/** True when `name` is a built-in function (a defined variable of the same name still wins). */
export function isTemplateFunction(name: string): boolean {
  return Object.hasOwn(TEMPLATE_FUNCTIONS, name);
}
