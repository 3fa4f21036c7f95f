import type { WeightOverrides } from './weights.store.js';

/**
 * How long a change waits for the other instances (with Redis) or workers (without) to take it up
 * before it answers anyway.
 */
export const SHARE_WAIT_MS = 1_000;

/** What one change does to the overrides: `all` clears every one first, then `clear` goes and `set` is set. */
export interface WeightsDelta {
  all: boolean;
  clear: string[];
  set: WeightOverrides;
}

/** A change made on one instance, with the version the shared store gave it. */
export interface VersionedDelta {
  from: string;
  version: number;
  delta: WeightsDelta;
}

/** An instance holds this version of the weights, or a later one. */
export interface WeightsAck {
  from: string;
  version: number;
}

function json(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Only finite numbers: anything else in a set of overrides is dropped. */
export function numbersOf(values: Record<string, unknown>): WeightOverrides {
  return Object.fromEntries(
    Object.entries(values).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])),
  );
}

/** Anything malformed is ignored: messages come from other processes, possibly of another version. */
export function parseDelta(raw: string): VersionedDelta | undefined {
  const m = json(raw);
  const delta = m?.delta;
  if (typeof m?.from !== 'string' || typeof m.version !== 'number' || !isRecord(delta)) return undefined;
  if (typeof delta.all !== 'boolean' || !Array.isArray(delta.clear) || !isRecord(delta.set)) return undefined;
  const clear = delta.clear.filter((k): k is string => typeof k === 'string');
  return { from: m.from, version: m.version, delta: { all: delta.all, clear, set: numbersOf(delta.set) } };
}

export function parseAck(raw: string): WeightsAck | undefined {
  const m = json(raw);
  if (typeof m?.from !== 'string' || typeof m.version !== 'number') return undefined;
  return { from: m.from, version: m.version };
}
