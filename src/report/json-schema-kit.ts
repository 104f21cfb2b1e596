/**
 * What our JSON Schemas share (the run report, the readiness report, the submission manifest,
 * the SSO Tester export): compile-time checks that a schema matches its TypeScript type where
 * ajv's `JSONSchemaType` cannot tell, the published form of a schema, and validators
 * precompiled at build time (ajv standalone code, issue 10: no schema is compiled on the run
 * path; compiling them took ~130 ms of every start).
 *
 * One source of truth: each call site declares a {@link ValidatorSpec} (its schemas, ajv
 * options and formats); `scripts/generate-validators.ts` (run by `npm run build`) writes the
 * standalone module `src/generated/<file>.ts` from it, stamped with a hash of the spec. When the
 * stamp does not match — a schema edited without a rebuild — the validator is compiled with
 * ajv at first use instead, so validation never disagrees with the schema; a test
 * (test/build/standalone-validators.spec.ts) fails until the module is regenerated.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { ErrorObject, Options } from 'ajv';

/** Keys of T whose value may not be undefined: what JSON Schema must list in `required`. */
export type RequiredKey<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];

/**
 * The `required` list of an object schema, checked at compile time to name every required
 * property of T and nothing else (ajv's typing only checks that the names exist).
 */
export function requiredKeys<T>() {
  return <const A extends readonly RequiredKey<T>[]>(
    ...keys: A & ([Exclude<RequiredKey<T>, A[number]>] extends [never] ? unknown : { missing: Exclude<RequiredKey<T>, A[number]> })
  ): readonly RequiredKey<T>[] => keys;
}

/** Every member of a string union, checked at compile time (missing members are an error). */
export function everyMember<T extends string>() {
  return <const A extends readonly T[]>(
    ...values: A & ([Exclude<T, A[number]>] extends [never] ? unknown : { missing: Exclude<T, A[number]> })
  ): readonly T[] => values;
}

/** A deep copy of a JSON schema without ajv's non-standard `nullable` keyword. */
function withoutNullable(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutNullable);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) if (key !== 'nullable') out[key] = withoutNullable(value);
  return out;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * The form we compile and publish: standard draft-07 keywords only (`JSONSchemaType` makes
 * optional properties `nullable`, which would let `null` through), frozen plain data.
 */
export function publishableSchema(typed: object): Readonly<Record<string, unknown>> {
  return deepFreeze(withoutNullable(typed) as Record<string, unknown>);
}

/** An ajv validation function as standalone code exports it. */
export interface StandaloneValidate {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** What a generated validator module is built from: one ajv configuration and its named schemas. */
export interface ValidatorSpec {
  /** The generated module: `src/generated/<file>.ts`. */
  readonly file: string;
  /** ajv options (plain JSON; `code` is set by the generator). */
  readonly options: Readonly<Options>;
  /** ajv-formats formats the schemas use. */
  readonly formats: readonly string[];
  /** Annotation keywords the schemas carry (ajv's `addVocabulary`), if any. */
  readonly keywords?: readonly string[];
  /** Export name → schema. */
  readonly schemas: Readonly<Record<string, object>>;
}

/** The stamp a generated module carries: sha256 of the spec's options, formats and schemas. */
export function validatorSpecHash(spec: ValidatorSpec): string {
  const parts = spec.keywords === undefined ? [spec.options, spec.formats, spec.schemas] : [spec.options, spec.formats, spec.keywords, spec.schemas];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** A generated module: its stamp and one function per schema. */
export type GeneratedValidators = { readonly SPEC_HASH: string } & Readonly<Record<string, unknown>>;

const fallbacks = new WeakMap<ValidatorSpec, Record<string, StandaloneValidate>>();

/** Compiles a spec with ajv: only when its generated module is stale (loaded synchronously, on demand). */
function compileSpec(spec: ValidatorSpec): Record<string, StandaloneValidate> {
  let compiled = fallbacks.get(spec);
  if (!compiled) {
    const require = createRequire(import.meta.url);
    const { Ajv } = require('ajv') as typeof import('ajv');
    // ajv-formats is CommonJS; its `default` property is the plugin.
    const addFormats = (require('ajv-formats') as typeof import('ajv-formats')).default;
    const ajv = new Ajv({ ...spec.options });
    if (spec.formats.length > 0) addFormats(ajv, [...spec.formats] as Parameters<typeof addFormats>[1] & unknown[]);
    if (spec.keywords?.length) ajv.addVocabulary([...spec.keywords]);
    compiled = Object.fromEntries(Object.entries(spec.schemas).map(([name, schema]) => [name, ajv.compile(schema) as StandaloneValidate]));
    fallbacks.set(spec, compiled);
  }
  return compiled;
}

/** Whether a generated module matches its spec (its SPEC_HASH), hashed once per spec. */
const freshModules = new WeakMap<ValidatorSpec, boolean>();

/**
 * The validator `name` itself, resolved now: the generated module's function when the module
 * matches its spec, else one compiled from the spec. For callers that are lazy already and
 * validate often (the SCIM schema checks): no wrapper between them and ajv's code.
 */
export function resolveStandalone(spec: ValidatorSpec, generated: GeneratedValidators, name: string): StandaloneValidate {
  let fresh = freshModules.get(spec);
  if (fresh === undefined) {
    fresh = generated.SPEC_HASH === validatorSpecHash(spec);
    freshModules.set(spec, fresh);
  }
  const fn = generated[name];
  const chosen = fresh && typeof fn === 'function' ? (fn as StandaloneValidate) : compileSpec(spec)[name];
  if (!chosen) throw new Error(`no validator ${name} in ${spec.file}`);
  return chosen;
}

/**
 * The precompiled function `name` of a generated module, checked once against its spec; a
 * stale module (schema changed since the last build) falls back to compiling the spec.
 */
export function standaloneValidator(spec: ValidatorSpec, generated: GeneratedValidators, name: string): StandaloneValidate {
  let chosen: StandaloneValidate | undefined;
  const resolve = (): StandaloneValidate => (chosen ??= resolveStandalone(spec, generated, name));
  const validate = ((data: unknown) => {
    const fn = resolve();
    const ok = fn(data);
    validate.errors = fn.errors ?? null;
    return ok;
  }) as StandaloneValidate;
  return validate;
}

export type Validation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: string[] };

/**
 * A validator over a precompiled standalone function (see {@link standaloneValidator}); errors
 * are `<instancePath or root> <message>` lines, with the offending property or allowed values.
 */
export function lazyValidator<T>(validate: StandaloneValidate, root: string): (value: unknown) => Validation<T> {
  return (value) => {
    const compiled = validate;
    if (compiled(value)) return { ok: true, value: value as T };
    const errors = (compiled.errors ?? []).map((e) => {
      const extra = e.keyword === 'additionalProperties' ? ` '${String(e.params['additionalProperty'])}'`
        : e.keyword === 'enum' ? ` ${JSON.stringify(e.params['allowedValues'])}` : '';
      return `${e.instancePath === '' ? root : e.instancePath} ${e.message ?? e.keyword}${extra}`;
    });
    return { ok: false, errors: errors.length > 0 ? errors : [`${root} is invalid`] };
  };
}
