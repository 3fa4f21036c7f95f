/**
 * Builders for the fields of `gateway.yaml`. Each carries its own messages ("expected X, got Y",
 * "required (what)"), so the schema reads as the rules and the errors read as today's. Values come
 * after `${VAR}` expansion: a number may arrive as text, and an unset variable as an empty string.
 */
import { z } from 'zod';
import { describeValue } from './findings.js';

export const got = (input: unknown): string => `got ${describeValue(input)}`;

const NUMERIC = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?\s*$/i;

/** `key: ~` and `key:` alone count as absent, like a key not written. */
const absent = (v: unknown): unknown => (v === null ? undefined : v);

export interface Presence {
  /** Said as `required (<what>)` when the key is missing. */
  required?: string;
}

type Prepared<T extends z.ZodType> = z.ZodPreprocess<T, unknown>;

/** Optional unless the rule says what is required, in types as in checks. */
type Field<T extends z.ZodType, P extends Presence> = P extends { required: string }
  ? Prepared<T>
  : Prepared<z.ZodOptional<T>>;

function optionalUnless<T extends z.ZodType, P extends Presence>(
  schema: T,
  p: P,
  prepare: (v: unknown) => unknown = absent,
): Field<T, P> {
  const field = p.required === undefined ? z.preprocess(prepare, schema.optional()) : z.preprocess(prepare, schema);
  return field as Field<T, P>;
}

/** An optional section or mapping; `key: ~` counts as absent, like a key not written. */
export function optional<T extends z.ZodType>(schema: T): Prepared<z.ZodOptional<T>> {
  return z.preprocess(absent, schema.optional());
}

export const missing = (p: Presence, input: unknown, otherwise: string): string =>
  input === undefined && p.required !== undefined ? `required (${p.required})` : otherwise;

export interface NumberRule extends Presence {
  integer?: boolean;
  min?: number;
  /** Exclusive lower bound. */
  above?: number;
  max?: number;
}

export function number<P extends NumberRule>(rule: P = {} as P) {
  let n = z.number({
    error: (iss) => {
      const finite = typeof iss.input !== 'number' || Number.isFinite(iss.input);
      return missing(rule, iss.input, `expected a ${finite ? '' : 'finite '}number, ${got(iss.input)}`);
    },
  });
  if (rule.integer) n = n.int({ error: (iss) => `expected a whole number, ${got(iss.input)}` });
  if (rule.min !== undefined)
    n = n.min(rule.min, { error: (iss) => `expected a number >= ${rule.min}, ${got(iss.input)}` });
  if (rule.above !== undefined)
    n = n.gt(rule.above, { error: (iss) => `expected a number > ${rule.above}, ${got(iss.input)}` });
  if (rule.max !== undefined)
    n = n.max(rule.max, { error: (iss) => `expected a number <= ${rule.max}, ${got(iss.input)}` });
  // An expanded `${VAR}` that was unset reads as absent, so the default applies.
  return optionalUnless(n, rule, (v) =>
    v === null || v === '' ? undefined : typeof v === 'string' && NUMERIC.test(v) ? Number(v) : v,
  );
}

export interface TextRule extends Presence {
  /** `key:` alone reads as an empty value (an unset key) rather than as absent. */
  nullIsEmpty?: boolean;
  trim?: boolean;
  /** A rule of the field's own, said as the returned problem; empty text is left to the caller. */
  check?: (value: string) => string | undefined;
}

/** Text; a plain number is read as its text (`upstream_model: 4`). */
export function text<P extends TextRule>(rule: P = {} as P) {
  const s = z
    .string({ error: (iss) => missing(rule, iss.input, `expected a string, ${got(iss.input)}`) })
    .superRefine((value, ctx) => {
      const problem = value === '' ? undefined : rule.check?.(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
    });
  return optionalUnless(s, rule, (v) => {
    const t = typeof v === 'number' ? String(v) : v === null ? (rule.nullIsEmpty ? '' : undefined) : v;
    return rule.trim && typeof t === 'string' ? t.trim() : t;
  });
}

/** A non-empty name, trimmed. */
export function name(required = 'a non-empty name') {
  const s = z
    .string({ error: (iss) => missing({ required }, iss.input, `expected a string, ${got(iss.input)}`) })
    .min(1, { error: () => 'expected a non-empty name' });
  return z.preprocess((v) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : absent(v)), s);
}

export function oneOf<const T extends readonly [string, ...string[]], P extends Presence = Presence>(
  values: T,
  p: P = {} as P,
) {
  const e = z.enum(values, {
    error: (iss) => missing(p, iss.input, `expected one of ${values.join(', ')}, ${got(iss.input)}`),
  });
  return optionalUnless(e, p);
}

/** A non-empty string, trimmed; the item of a list of names. */
export const listItem = () =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z.string({ error: (iss) => `expected a non-empty string, ${got(iss.input)}` }).min(1, {
      error: (iss) => `expected a non-empty string, ${got(iss.input)}`,
    }),
  );

export interface ListRule extends Presence {
  /** What the list holds, for "expected <what>, got Y"; default "a list". */
  what?: string;
  /** Said when the list is empty; an empty list is fine without it. */
  nonEmpty?: string;
}

export function list<T extends z.ZodType, P extends ListRule>(item: T, rule: P = {} as P) {
  let a = z.array(item, {
    error: (iss) => missing(rule, iss.input, `expected ${rule.what ?? 'a list'}, ${got(iss.input)}`),
  });
  if (rule.nonEmpty !== undefined) a = a.min(1, { error: () => rule.nonEmpty });
  return optionalUnless(a, rule);
}

/** A mapping with exactly these keys; any other key is reported with the closest allowed one. */
export function mapping<T extends z.ZodRawShape>(shape: T, what = 'a mapping') {
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'invalid_type' ? `expected ${what}, ${got(iss.input)}` : undefined),
  });
}

/** A yes/no switch; `${VAR}` expands to text, so `true`/`false` are read as text too. */
export function flag() {
  const b = z.boolean({ error: (iss) => `expected true or false, ${got(iss.input)}` });
  return z.preprocess(
    (v) => (v === 'true' ? true : v === 'false' ? false : v === null || v === '' ? undefined : v),
    b.optional(),
  );
}
