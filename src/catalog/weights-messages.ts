import type { WeightOverrides } from './weights.store.js';

/** A whole set of overrides as decided on one instance, with the version that orders it among others. */
export interface VersionedWeights {
  from: string;
  version: number;
  overrides: WeightOverrides;
}

/** An instance holds this version of the weights, or a later one. */
export interface WeightsAck {
  from: string;
  version: number;
}

function json(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Anything malformed is ignored: messages come from other processes, possibly of another version. */
export function parseVersioned(raw: string): VersionedWeights | undefined {
  const m = json(raw);
  const overrides = m?.overrides;
  if (typeof m?.from !== 'string' || typeof m.version !== 'number') return undefined;
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) return undefined;
  const numbers = Object.entries(overrides).filter((e): e is [string, number] => typeof e[1] === 'number');
  return { from: m.from, version: m.version, overrides: Object.fromEntries(numbers) };
}

export function parseAck(raw: string): WeightsAck | undefined {
  const m = json(raw);
  if (typeof m?.from !== 'string' || typeof m.version !== 'number') return undefined;
  return { from: m.from, version: m.version };
}
