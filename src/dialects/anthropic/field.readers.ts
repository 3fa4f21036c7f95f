import type { CacheControl } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';

/**
 * Typed reads of untrusted JSON. Every failure is a `GatewayError.invalid` whose `param` is the
 * full path of the offending field, so the client learns exactly what to fix.
 */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function fail(path: string, message: string): never {
  throw GatewayError.invalid(path, message);
}

export function readObject(value: unknown, path: string): JsonObject {
  if (!isObject(value)) fail(path, 'Input should be an object');
  return value;
}

export function readArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'Input should be a valid list');
  return value;
}

export function readString(value: unknown, path: string): string {
  if (value === undefined) fail(path, 'Field required');
  if (typeof value !== 'string') fail(path, 'Input should be a valid string');
  return value;
}

export function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : readString(value, path);
}

export function optionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') fail(path, 'Input should be a valid boolean');
  return value;
}

export interface NumberBounds {
  min?: number;
  max?: number;
  integer?: boolean;
}

export function optionalNumber(value: unknown, path: string, bounds: NumberBounds = {}): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'Input should be a valid number');
  if (bounds.integer && !Number.isInteger(value)) fail(path, 'Input should be a valid integer');
  if (bounds.min !== undefined && value < bounds.min)
    fail(path, `Input should be greater than or equal to ${bounds.min}`);
  if (bounds.max !== undefined && value > bounds.max) fail(path, `Input should be less than or equal to ${bounds.max}`);
  return value;
}

export function readEnum<const T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (value === undefined) fail(path, 'Field required');
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(path, `Input should be ${allowed.map((a) => `'${a}'`).join(', ')}`);
  }
  return value as T;
}

export function optionalCacheControl(value: unknown, path: string): CacheControl | undefined {
  if (value === undefined || value === null) return undefined;
  const obj = readObject(value, path);
  readEnum(obj.type, `${path}.type`, ['ephemeral']);
  if (obj.ttl === undefined || obj.ttl === null) return { type: 'ephemeral' };
  return { type: 'ephemeral', ttl: readEnum(obj.ttl, `${path}.ttl`, ['5m', '1h']) };
}
