import { GatewayError } from '#src/core/gateway-error.js';

/** A parsed query string: fastify gives a string per name, or an array when a name repeats. */
export type QueryBag = Record<string, unknown>;

/** The single text value of a query parameter; a repeated one is refused. */
export function textParam(query: QueryBag, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw GatewayError.invalid(name, `Give '${name}' once, as text`);
  return value;
}

export interface IntRange {
  min: number;
  max: number;
  fallback: number;
}

/** A whole number within bounds, or the fallback when absent. */
export function intParam(query: QueryBag, name: string, range: IntRange): number {
  const text = textParam(query, name);
  if (text === undefined) return range.fallback;
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max) {
    throw GatewayError.invalid(name, `'${name}' must be a whole number from ${range.min} to ${range.max}`);
  }
  return n;
}

/** One of a fixed set of words, or undefined when absent. */
export function oneOfParam<T extends string>(query: QueryBag, name: string, values: readonly T[]): T | undefined {
  const text = textParam(query, name);
  if (text === undefined) return undefined;
  const hit = values.find((v) => v === text.toLowerCase());
  if (hit === undefined) throw GatewayError.invalid(name, `'${name}' must be one of ${values.join(', ')}`);
  return hit;
}
