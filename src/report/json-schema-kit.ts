/**
 * What our JSON Schemas share (the run report, the readiness report, the submission manifest,
 * the SSO Tester export): compile-time checks that a schema matches its TypeScript type where
 * ajv's `JSONSchemaType` cannot tell, the published form of a schema, and an ajv validator
 * compiled once on first use.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

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

// ajv-formats is CommonJS: under NodeNext the default import is `module.exports`, whose
// `default` property is the plugin (the same function).
const addFormats = addFormatsModule.default;

export type Validation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: string[] };

/**
 * A validator compiled on first use (strict ajv, all errors, `date-time` format); errors are
 * `<instancePath or root> <message>` lines, with the offending property or allowed values.
 */
export function lazyValidator<T>(schema: object, root: string): (value: unknown) => Validation<T> {
  let compiled: ValidateFunction<T> | undefined;
  return (value) => {
    if (!compiled) {
      const ajv = new Ajv({ allErrors: true, strict: true, strictTuples: true });
      addFormats(ajv, ['date-time']);
      compiled = ajv.compile<T>(schema);
    }
    if (compiled(value)) return { ok: true, value };
    const errors = (compiled.errors ?? []).map((e) => {
      const extra = e.keyword === 'additionalProperties' ? ` '${String(e.params['additionalProperty'])}'`
        : e.keyword === 'enum' ? ` ${JSON.stringify(e.params['allowedValues'])}` : '';
      return `${e.instancePath === '' ? root : e.instancePath} ${e.message ?? e.keyword}${extra}`;
    });
    return { ok: false, errors: errors.length > 0 ? errors : [`${root} is invalid`] };
  };
}
