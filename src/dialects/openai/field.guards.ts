import { fieldReaders, type NumberBounds } from '#src/dialects/shared/json-fields.js';

export { isObject, type JsonObject } from '#src/dialects/shared/json-fields.js';
export type NumberRange = NumberBounds;

export function fieldPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

const ARTICLE = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  boolean: 'a boolean',
  number: 'a number',
  integer: 'an integer',
};

function describeRange({ min, max }: NumberBounds): string {
  if (min !== undefined && max !== undefined) return `between ${min} and ${max}`;
  return min !== undefined ? `at least ${min}` : `at most ${max}`;
}

/** The shared readers in OpenAI's wording: `'messages[0].role' must be a string`. */
const read = fieldReaders({
  notA: (kind, path) => `'${path}' must be ${ARTICLE[kind]}`,
  outOfBounds: (bounds, path) => `'${path}' must be ${describeRange(bounds)}`,
  notOneOf: (allowed, path) => `'${path}' must be one of: ${allowed.join(', ')}`,
});

export const requireObject = read.object;
export const requireArray = read.array;
export const requireString = read.string;
export const optionalString = read.optionalString;
export const optionalBoolean = read.optionalBoolean;
export const optionalNumber = read.optionalNumber;

export function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  return read.oneOf(value, path, allowed);
}
