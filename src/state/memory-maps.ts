import type { Clock } from '#src/core/clock.js';
import type { MapChange, SharedMaps, VersionedMap } from './shared-state.types.js';

interface StoredMap extends VersionedMap {
  expiresAt: number;
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
