/**
 * Runscope's built-in template functions (runscope.com/docs/api-testing/variables,
 * "Built-in Variables and Functions"): used as `{{random_string}}`, `{{timestamp}}`,
 * `{{encode_base64(text)}}` … Arguments may themselves be variable names.
 */
import { createHash, randomUUID } from 'node:crypto';

export interface TemplateFunctionContext {
  readonly random: () => number;
  readonly now: () => number;
}

export type TemplateFunction = (args: readonly string[], ctx: TemplateFunctionContext) => string;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomString(length: number, ctx: TemplateFunctionContext): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += ALNUM[Math.floor(ctx.random() * ALNUM.length)];
  return out;
}

const hash = (algorithm: string): TemplateFunction => ([text = '']) => createHash(algorithm).update(text).digest('hex');

export const TEMPLATE_FUNCTIONS: Readonly<Record<string, TemplateFunction>> = {
  random_int: (args, ctx) => {
    const [lo, hi] = args.length >= 2 ? [Number(args[0]), Number(args[1])] : [0, 10_000_000];
    return String(Math.floor(lo + ctx.random() * (hi - lo + 1)));
  },
  random_string: (args, ctx) => randomString(args[0] ? Number(args[0]) : 32, ctx),
  random_uuid: () => randomUUID(),
  timestamp: (_args, ctx) => String(Math.floor(ctx.now() / 1000)),
  timestamp_ms: (_args, ctx) => String(ctx.now()),
  utc_datetime: (_args, ctx) => new Date(ctx.now()).toISOString(),
  encode_base64: ([text = '']) => Buffer.from(text).toString('base64'),
  decode_base64: ([text = '']) => Buffer.from(text, 'base64').toString('utf8'),
  url_encode: ([text = '']) => encodeURIComponent(text),
  md5: hash('md5'),
  sha1: hash('sha1'),
  sha256: hash('sha256'),
};
