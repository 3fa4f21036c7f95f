import { GatewayError } from '#src/core/gateway-error.js';

/**
 * Typed reads of untrusted JSON, written once for every dialect. Each failure is a
 * `GatewayError.invalid` whose `param` is the full path of the field; only the wording differs per
 * dialect (clients and SDKs recognise their vendor's phrasing). `null` counts as absent for
 * optional fields: several SDKs serialise unset options as `null`.
 */
export type JsonObject = Record<string, unknown>;

export interface NumberBounds {
  min?: number;
  max?: number;
  integer?: boolean;
}

/** How a dialect words each kind of refusal; `path` is the field at fault. */
export interface FieldWording {
  /** For a field that must be present; without it, an absent field gets the type message. */
  required?: (path: string) => string;
  notA: (kind: 'object' | 'array' | 'string' | 'boolean' | 'number' | 'integer', path: string) => string;
  outOfBounds: (bounds: NumberBounds, path: string, tooLow: boolean) => string;
  notOneOf: (allowed: readonly string[], path: string) => string;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function fieldReaders(w: FieldWording) {
  const fail = (path: string, message: string): never => {
    throw GatewayError.invalid(path, message);
  };
  const absent = (value: unknown, path: string) => {
    if (value === undefined && w.required) fail(path, w.required(path));
  };
  const object = (value: unknown, path: string): JsonObject =>
    isObject(value) ? value : fail(path, w.notA('object', path));
  const array = (value: unknown, path: string): unknown[] =>
    Array.isArray(value) ? value : fail(path, w.notA('array', path));
  const string = (value: unknown, path: string): string => {
    absent(value, path);
    return typeof value === 'string' ? value : fail(path, w.notA('string', path));
  };
  const optionalString = (value: unknown, path: string): string | undefined =>
    value === undefined || value === null ? undefined : string(value, path);
  const optionalBoolean = (value: unknown, path: string): boolean | undefined => {
    if (value === undefined || value === null) return undefined;
    return typeof value === 'boolean' ? value : fail(path, w.notA('boolean', path));
  };
  const optionalNumber = (value: unknown, path: string, bounds: NumberBounds = {}): number | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value))
      fail(path, w.notA(bounds.integer ? 'integer' : 'number', path));
    const num = value as number;
    if (bounds.integer && !Number.isInteger(num)) fail(path, w.notA('integer', path));
    if (bounds.min !== undefined && num < bounds.min) fail(path, w.outOfBounds(bounds, path, true));
    if (bounds.max !== undefined && num > bounds.max) fail(path, w.outOfBounds(bounds, path, false));
    return num;
  };
  const oneOf = <const T extends string>(value: unknown, path: string, allowed: readonly T[]): T => {
    absent(value, path);
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
      fail(path, w.notOneOf(allowed, path));
    return value as T;
  };
  return { fail, object, array, string, optionalString, optionalBoolean, optionalNumber, oneOf };
}
