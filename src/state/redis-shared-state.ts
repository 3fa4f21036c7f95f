import { Redis } from 'ioredis';
import type { Clock } from '#src/core/clock.js';
import { guardedBus, guardedCounters, guardedDirectory, guardedKeyValue, guardedMaps } from './guarded-parts.js';
import { type InstanceDirectory, MemoryInstanceDirectory } from './instance-directory.js';
import { MemorySharedState } from './memory-shared-state.js';
import { RedisInstanceDirectory } from './redis-instance-directory.js';
import { RedisBus } from './redis-bus.js';
import { defineCounterCommands, RedisCounters } from './redis-counters.js';
import { defineKeyValueCommands, RedisKeyValue } from './redis-key-value.js';
import { defineMapCommands, RedisMaps } from './redis-maps.js';
import { PLACE_RENEW_EVERY_MS, RedisPlaces } from './redis-places.js';
import type {
  ChangeBus,
  SharedCounters,
  SharedKeyValue,
  SharedMaps,
  SharedState,
  SharedStateHealth,
} from './shared-state.types.js';
import { StoreGuard } from './store-guard.js';

export interface RedisStateOptions {
  url: string;
  /** Before every key and channel of this deployment. */
  prefix: string;
  /** Longest wait for one call before local state answers it. */
  deadlineMs: number;
  clock: Clock;
  warn: (message: string) => void;
  info: (message: string) => void;
  /** At most one "Redis unreachable" warning per this many milliseconds. */
  warnIntervalMs?: number;
}

const READY_WAIT_MS = 2_000;
const QUIT_WAIT_MS = 1_000;

/** Reconnects forever, backing off to one try a second: an outage ends on its own. */
const retryStrategy = (times: number) => Math.min(50 * times, 1_000);

/**
 * Shared state in Redis, with an in-process copy that answers whenever Redis cannot (down, slow,
 * failing): each call falls back on its own, so a Redis problem never fails a request. The
 * command connection queues nothing while disconnected (a call goes local at once); the
 * subscriber connection queues its subscriptions until it is back.
 */
export class RedisSharedState implements SharedState {
  readonly kind = 'redis';
  readonly counters: SharedCounters;
  readonly kv: SharedKeyValue;
  readonly bus: ChangeBus;
  readonly maps: SharedMaps;
  private readonly client: Redis;
  private readonly subscriber: Redis;
  private readonly guard: StoreGuard;
  private readonly clock: Clock;
  private readonly places: RedisPlaces;
  private renewing: NodeJS.Timeout | undefined;
  private readonly resubscribed: (() => void)[] = [];

  constructor(options: RedisStateOptions) {
    const { prefix, deadlineMs } = options;
    this.clock = options.clock;
    this.client = new Redis(options.url, {
      keyPrefix: prefix,
      lazyConnect: true,
      enableOfflineQueue: false,
      commandTimeout: deadlineMs * 4,
      maxRetriesPerRequest: 0,
      retryStrategy,
      connectionName: 'switchyard',
    });
    // Its queue is kept through any number of failed reconnects (maxRetriesPerRequest: null): with the
    // command connection's 0, a SUBSCRIBE made while Redis is away would be dropped at the next failed
    // try, and ioredis would never send it, so the channel stayed deaf after Redis came back.
    this.subscriber = this.client.duplicate({
      enableOfflineQueue: true,
      commandTimeout: undefined,
      maxRetriesPerRequest: null,
    });
    defineCounterCommands(this.client);
    defineMapCommands(this.client);
    defineKeyValueCommands(this.client);
    this.guard = new StoreGuard({
      deadlineMs,
      warnIntervalMs: options.warnIntervalMs ?? 30_000,
      clock: options.clock,
      connected: () => this.bothReady(),
      warn: options.warn,
      info: options.info,
    });
    for (const client of [this.client, this.subscriber]) {
      // Without a listener an 'error' event would end the process; ioredis reconnects by itself.
      client.on('error', (err: Error) => this.guard.failed('connection', err.message));
      client.on('ready', () => {
        if (this.bothReady()) this.guard.succeeded();
      });
    }
    // A listening connection that dropped and came back missed what was published meanwhile, even
    // when no call in between found the store away.
    let listenedBefore = false;
    this.subscriber.on('ready', () => {
      if (listenedBefore) this.resubscribed.forEach((listener) => listener());
      listenedBefore = true;
    });
    const local = new MemorySharedState(options.clock);
    this.places = new RedisPlaces(this.client, options.clock);
    this.counters = guardedCounters(
      this.guard,
      new RedisCounters(this.client, this.places),
      local.counters,
      this.places,
    );
    this.kv = guardedKeyValue(this.guard, new RedisKeyValue(this.client), local.kv);
    this.maps = guardedMaps(this.guard, new RedisMaps(this.client));
    this.bus = guardedBus(this.guard, new RedisBus(this.client, this.subscriber, prefix, options.warn), local.bus);
  }

  private bothReady(): boolean {
    return this.client.status === 'ready' && this.subscriber.status === 'ready';
  }

  health(): SharedStateHealth {
    return this.guard.degraded() ? 'degraded' : 'up';
  }

  onRecovery(listener: () => void): void {
    this.guard.onRecovery(listener);
    this.resubscribed.push(listener);
  }

  /** The instance registry's store, under the same deadline and fallback (then only this instance is listed). */
  instanceDirectory(): InstanceDirectory {
    const now = () => this.clock.now();
    const remote = new RedisInstanceDirectory(this.client, now);
    const local = new MemoryInstanceDirectory(now);
    return guardedDirectory(this.guard, remote, local);
  }

  /**
   * Renews the leases of the places this instance holds in Redis (see RedisPlaces), as it does
   * every few seconds once connected. One that fails (Redis away) is made good by the next.
   */
  renewPlaces(): Promise<void> {
    return this.places.renew().catch(() => undefined);
  }

  /**
   * Connects both connections, waiting a bounded time: an unreachable Redis delays start-up by at
   * most that. Renewing places begins here, whether or not Redis answers yet.
   */
  async connect(): Promise<void> {
    this.renewing ??= setInterval(() => void this.renewPlaces(), PLACE_RENEW_EVERY_MS).unref();
    const ready = Promise.all([this.client.connect(), this.subscriber.connect()]);
    ready.catch(() => undefined);
    await Promise.race([ready, new Promise((resolve) => setTimeout(resolve, READY_WAIT_MS).unref())]).catch(
      () => undefined,
    );
    if (this.health() === 'degraded') this.guard.failed('start-up', 'not connected yet');
  }

  /** QUIT when connected (pending replies arrive first); a connection that is away is just dropped. */
  async close(): Promise<void> {
    clearInterval(this.renewing);
    this.renewing = undefined;
    const connected = [this.client, this.subscriber].filter((c) => c.status === 'ready');
    const quit = Promise.all(connected.map((c) => c.quit()));
    await Promise.race([quit, new Promise((resolve) => setTimeout(resolve, QUIT_WAIT_MS).unref())]).catch(
      () => undefined,
    );
    this.client.disconnect();
    this.subscriber.disconnect();
  }
}
