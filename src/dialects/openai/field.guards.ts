import { GatewayError } from '#src/core/gateway-error.js';

/**
 * Small validators for decoded JSON. Each names the exact field path in its error, because the
 * `param` of a 400 is what lets a client find its mistake. `null` counts as absent for optional
 * fields: several SDKs serialise unset options as `null`.
 */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function fieldPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

export function requireObject(value: unknown, path: string): JsonObject {
  if (!isObject(value)) throw GatewayError.invalid(path, `'${path}' must be an object`);
  return value;
}

export function requireArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw GatewayError.invalid(path, `'${path}' must be an array`);
  return value;
}

export function requireString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw GatewayError.invalid(path, `'${path}' must be a string`);
  return value;
}

export function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : requireString(value, path);
}

export function optionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw GatewayError.invalid(path, `'${path}' must be a boolean`);
  return value;
}

export interface NumberRange {
  min?: number;
  max?: number;
  integer?: boolean;
}

export function optionalNumber(value: unknown, path: string, range: NumberRange = {}): number | undefined {
  if (value === undefined || value === null) return undefined;
  const kind = range.integer ? 'an integer' : 'a number';
  const ok = typeof value === 'number' && Number.isFinite(value) && (!range.integer || Number.isInteger(value));
  if (!ok) throw GatewayError.invalid(path, `'${path}' must be ${kind}`);
  const num = value as number;
  if ((range.min !== undefined && num < range.min) || (range.max !== undefined && num > range.max)) {
    throw GatewayError.invalid(path, `'${path}' must be ${describeRange(range)}`);
  }
  return num;
}

function describeRange({ min, max }: NumberRange): string {
  if (min !== undefined && max !== undefined) return `between ${min} and ${max}`;
  return min !== undefined ? `at least ${min}` : `at most ${max}`;
}

export function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw GatewayError.invalid(path, `'${path}' must be one of: ${allowed.join(', ')}`);
  }
  return value as T;
}
