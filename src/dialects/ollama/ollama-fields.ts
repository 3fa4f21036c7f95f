import { fieldReaders, type NumberBounds } from '#src/dialects/shared/json-fields.js';

export { isObject, type JsonObject } from '#src/dialects/shared/json-fields.js';

const KIND = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  boolean: 'a boolean',
  number: 'a number',
  integer: 'an integer',
};

function describeBounds({ min, max }: NumberBounds): string {
  if (min !== undefined && max !== undefined) return `between ${min} and ${max}`;
  return min !== undefined ? `at least ${min}` : `at most ${max}`;
}

/** The shared readers in Ollama's terse wording, the field named first: `messages[0].role: expected a string`. */
export const ollamaFields = fieldReaders({
  required: (path) => `${path} is required`,
  notA: (kind, path) => `${path}: expected ${KIND[kind]}`,
  outOfBounds: (bounds, path) => `${path}: expected a value ${describeBounds(bounds)}`,
  notOneOf: (allowed, path) => `${path}: expected one of ${allowed.join(', ')}`,
});

export function fieldPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}
