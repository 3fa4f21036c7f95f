import type { Clock } from '#src/core/clock.js';
import type { MapChange, SharedMaps, VersionedMap } from './shared-state.types.js';

interface StoredMap extends VersionedMap {
  expiresAt: number;
}

/**
 * Drops all but the `count` entries holding the largest numbers, those named in `always` kept, and
 * raises `floor` to the largest number dropped (see MapChange).
 */
function keepNewest(
  entries: Record<string, string>,
  { count, always = [], floor }: NonNullable<MapChange['keepNewest']>,
): void {
  const names = Object.keys(entries);
  if (names.length <= count) return;
  const kept = floor === undefined ? always : [...always, floor];
  const spared = names.filter((name) => kept.includes(name));
  const others = names.filter((name) => !kept.includes(name));
  // An entry that holds no number goes first.
  const number = (name: string) => (Number.isFinite(Number(entries[name])) ? Number(entries[name]) : -Number.MAX_VALUE);
  others.sort((a, b) => number(b) - number(a));
  // A floor about to be made takes a place of its own.
  const room = count - spared.length - (floor !== undefined && !(floor in entries) ? 1 : 0);
  const dropped = others.slice(Math.max(0, room));
  const highest = Math.max(...dropped.map(number));
  for (const name of dropped) delete entries[name];
  if (floor !== undefined && dropped.length > 0 && !(Number(entries[floor]) >= highest))
    entries[floor] = String(highest);
}

/** Versioned maps in process memory: one instance numbers every change itself. */
export class MemoryMaps implements SharedMaps {
  private readonly maps = new Map<string, StoredMap>();

  constructor(private readonly clock: Clock) {}

  change(key: string, change: MapChange, ttlMs: number): Promise<VersionedMap> {
    const current = this.live(key);
    const entries = change.clearAll ? {} : { ...current?.entries };
    for (const field of change.clear ?? []) delete entries[field];
    Object.assign(entries, change.set);
    for (const [field, at] of Object.entries(change.raise ?? {})) {
      if (!(Number(entries[field]) >= at)) entries[field] = String(at);
    }
    if (change.keepNewest) keepNewest(entries, change.keepNewest);
    const next = { version: (current?.version ?? 0) + 1, entries, expiresAt: this.clock.monotonic() + ttlMs };
    this.maps.set(key, next);
    return Promise.resolve({ version: next.version, entries: { ...entries } });
  }

  read(key: string): Promise<VersionedMap> {
    const current = this.live(key);
    return Promise.resolve({ version: current?.version ?? 0, entries: { ...current?.entries } });
  }

  private live(key: string): StoredMap | undefined {
    const stored = this.maps.get(key);
    if (stored === undefined || stored.expiresAt > this.clock.monotonic()) return stored;
    this.maps.delete(key);
    return undefined;
  }
}
