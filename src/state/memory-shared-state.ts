import { EventEmitter } from 'node:events';
import { LRUCache } from 'lru-cache';
import type { Clock } from '#src/core/clock.js';
import { MemoryCounters } from './memory-counters.js';
import { MemoryMaps } from './memory-maps.js';
import type {
  ChangeBus,
  SharedCounters,
  SharedKeyValue,
  SharedMaps,
  SharedState,
  SharedStateHealth,
} from './shared-state.types.js';

export interface MemoryStateLimits {
  /** Most counters kept; past it the oldest made go first (their windows restart). */
  maxCounters: number;
  /** Most bytes of keys and values kept in the key-value store, least recently used evicted first. */
  maxValueBytes: number;
}

export const DEFAULT_MEMORY_STATE_LIMITS: MemoryStateLimits = {
  maxCounters: 100_000,
  maxValueBytes: 64 * 1024 * 1024,
};

interface Stored {
  value: string;
  expiresAt: number;
}

/**
 * Expiry is checked here against the injected clock's monotonic reading (so specs can move time by
 * hand); the LRU bound only limits how much is kept.
 */
function fresh(cache: LRUCache<string, Stored>, key: string, clock: Clock): Stored | undefined {
  const entry = cache.get(key);
  if (entry === undefined || entry.expiresAt > clock.monotonic()) return entry;
  cache.delete(key);
  return undefined;
}

class MemoryKeyValue implements SharedKeyValue {
  private readonly values: LRUCache<string, Stored>;

  constructor(
    private readonly clock: Clock,
    maxBytes: number,
  ) {
    this.values = new LRUCache({
      maxSize: maxBytes,
      sizeCalculation: (stored, key) => Buffer.byteLength(stored.value) + Buffer.byteLength(key),
    });
  }

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(fresh(this.values, key, this.clock)?.value);
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.values.set(key, { value, expiresAt: this.clock.monotonic() + ttlMs });
    return Promise.resolve();
  }

  /** This is the configured store (one instance, no Redis). */
  setShared(key: string, value: string, ttlMs: number): Promise<void> {
    return this.set(key, value, ttlMs);
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (fresh(this.values, key, this.clock) !== undefined) return Promise.resolve(false);
    this.values.set(key, { value, expiresAt: this.clock.monotonic() + ttlMs });
    return Promise.resolve(this.values.has(key));
  }

  delete(key: string): Promise<void> {
    this.values.delete(key);
    return Promise.resolve();
  }

  deleteIfEquals(key: string, value: string): Promise<boolean> {
    if (fresh(this.values, key, this.clock)?.value !== value) return Promise.resolve(false);
    return Promise.resolve(this.values.delete(key));
  }
}

/** Delivers after the publisher's current task, as a pub/sub server would. */
class MemoryBus implements ChangeBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(channel: string, message: string): Promise<void> {
    setImmediate(() => this.emitter.emit(channel, message));
    return Promise.resolve();
  }

  subscribe(channel: string, listener: (message: string) => void): () => void {
    this.emitter.on(channel, listener);
    return () => this.emitter.off(channel, listener);
  }
}

/** Shared state for a single instance: everything in this process, nothing to fail. */
export class MemorySharedState implements SharedState {
  readonly kind = 'local';
  readonly counters: SharedCounters;
  readonly kv: SharedKeyValue;
  readonly bus: ChangeBus = new MemoryBus();
  readonly maps: SharedMaps;

  constructor(clock: Clock, limits: MemoryStateLimits = DEFAULT_MEMORY_STATE_LIMITS) {
    this.maps = new MemoryMaps(clock);
    this.counters = new MemoryCounters(clock, limits.maxCounters);
    this.kv = new MemoryKeyValue(clock, limits.maxValueBytes);
  }

  health(): SharedStateHealth {
    return 'up';
  }
}
