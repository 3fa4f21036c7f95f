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

export function optionalCacheControl(value: unknown, path: string): CacheControl | undefined {
  if (value === undefined || value === null) return undefined;
  const obj = readObject(value, path);
  readEnum(obj.type, `${path}.type`, ['ephemeral']);
  if (obj.ttl === undefined || obj.ttl === null) return { type: 'ephemeral' };
  return { type: 'ephemeral', ttl: readEnum(obj.ttl, `${path}.ttl`, ['5m', '1h']) };
}
