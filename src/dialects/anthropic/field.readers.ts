import type { CacheControl } from '#src/core/chat.types.js';
import { fieldReaders } from '#src/dialects/shared/json-fields.js';

export { isObject, type JsonObject, type NumberBounds } from '#src/dialects/shared/json-fields.js';

const KIND = {
  object: 'an object',
  array: 'a valid list',
  string: 'a valid string',
  boolean: 'a valid boolean',
  number: 'a valid number',
  integer: 'a valid integer',
};

/** The shared readers in Anthropic's wording: `Field required`, `Input should be a valid string`. */
const read = fieldReaders({
  required: () => 'Field required',
  notA: (kind) => `Input should be ${KIND[kind]}`,
  outOfBounds: (bounds, _path, tooLow) =>
    tooLow
      ? `Input should be greater than or equal to ${bounds.min}`
      : `Input should be less than or equal to ${bounds.max}`,
  notOneOf: (allowed) => `Input should be ${allowed.map((a) => `'${a}'`).join(', ')}`,
});

/** Declared as a function so that TypeScript narrows after a call (`never` needs an explicit signature). */
export function fail(path: string, message: string): never {
  return read.fail(path, message);
}

export const readObject = read.object;
export const readArray = read.array;
export const readString = read.string;
export const optionalString = read.optionalString;
export const optionalBoolean = read.optionalBoolean;
export const optionalNumber = read.optionalNumber;
export const readEnum = read.oneOf;

/**
 * A cache breakpoint. A type or ttl newer than this gateway is not an error: the canonical form
 * keeps what it knows, and a same-format upstream gets the client's own block anyway.
 */
export function optionalCacheControl(value: unknown, path: string): CacheControl | undefined {
  if (value === undefined || value === null) return undefined;
  const obj = readObject(value, path);
  if (obj.type !== 'ephemeral') return undefined;
  return obj.ttl === '5m' || obj.ttl === '1h' ? { type: 'ephemeral', ttl: obj.ttl } : { type: 'ephemeral' };
}
