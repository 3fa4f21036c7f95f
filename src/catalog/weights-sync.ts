import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_ENV } from '#src/config/config.tokens.js';
import type { AppEnv } from '#src/config/gateway-config.types.js';
import { boundedWait, SCHEDULE, systemSchedule, type Schedule } from '#src/core/bounded-wait.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { INSTANCE_DIRECTORY, type InstanceDirectory } from '#src/state/instance-directory.js';
import { LeaseBusy, SharedLease } from '#src/state/shared-lease.js';
import { SHARED_STATE, type SharedState, type VersionedMap } from '#src/state/shared-state.types.js';
import { applyDelta, WeightsLedger } from './weights-ledger.js';
import {
  numbersOf,
  parseAck,
  parseDelta,
  type VersionedDelta,
  type WeightsAck,
  type WeightsDelta,
  SHARE_WAIT_MS,
} from './weights-messages.js';
import { WeightsService } from './weights.service.js';

const CHANGES = 'weights-changes';
const ACKS = 'weights-ack';
/** The shared map of overrides, one entry per model or deployment, numbered by Redis. */
const MAP = 'weights';
const MAP_TTL_MS = 30 * 86_400_000;
/** How often the map is compared: an instance that missed messages (Redis was away) catches up. */
const RESYNC_EVERY_MS = 2_000;
/**
 * One change at a time across instances. The TTL outlasts a change's slowest path (a database
 * save and a map change, each under its own deadline); a change waits for others up to about 10 s.
 */
const CHANGE_LEASE = { key: 'weights-change', ttlMs: 15_000, retryMs: 20, tries: 500 };
/**
 * A map entry set by a change together with what it changes, naming it: a change whose answer
 * did not come back (past the deadline) may still have been made, and is sent again only when its
 * mark is not in the map. Never a number, so never taken for an override.
 */
const MARK_PREFIX = '#change:';
const MARK_VALUE = 'made';

interface Unshared {
  delta: WeightsDelta;
  mark: string;
  /** Sent once already, with no answer: it may have been made. */
  sent: boolean;
}

interface AckWaiter {
  version: number;
  pending: Set<string>;
  done: () => void;
}

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Carries weight changes between instances when state is shared. A change is merged into one map
 * in Redis, entry by entry, and Redis numbers it; it is then published as what it changed, and
 * every instance applies the changes in that order, so two changes made at once on different
 * instances both stay. An instance that sees a number skipped reads the whole map again; every
 * instance acknowledges, and the one that made the change answers once every live instance did
 * (or after a short bound). A change is checked and made under a lease, on the map as it then
 * is, so checks such as "a pool keeps a weight above 0" hold for the instances together, not each
 * alone. Every few seconds the map is compared, so a starting or reconnecting instance catches up;
 * a change made while Redis is away is kept here (checked against this instance alone) and merged
 * once it is back, and a map lost with Redis's data is written again from what an instance holds.
 */
@Injectable()
export class WeightsSync implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Weights');
  private readonly stops: Array<() => void> = [];
  private readonly waiters = new Set<AckWaiter>();
  private ledger = new WeightsLedger({});
  /** Changes made here that Redis has not numbered yet, oldest first. */
  private readonly unshared: Unshared[] = [];
  /** Names this process's changes (an instance id may be reused by the next process). */
  private readonly markBase = `${MARK_PREFIX}${randomUUID()}:`;
  private marks = 0;
  /** The mark of this process's last change Redis made, cleared by the next one. */
  private lastMark?: string;
  /** The marks in the map as last read, kept through a change that clears every override. */
  private marksInMap: Record<string, string> = {};
  private sharing: Promise<unknown> = Promise.resolve();
  private failing = false;
  private timer?: NodeJS.Timeout;
  private readonly lease: SharedLease;

  constructor(
    private readonly weights: WeightsService,
    @Inject(SHARED_STATE) private readonly state: SharedState,
    @Inject(INSTANCE_DIRECTORY) private readonly directory: InstanceDirectory,
    @Inject(APP_ENV) private readonly env: AppEnv,
    @Optional() @Inject(SCHEDULE) private readonly schedule: Schedule = systemSchedule,
  ) {
    this.lease = new SharedLease(state.kv, CHANGE_LEASE);
  }

  async onModuleInit(): Promise<void> {
    if (this.state.kind === 'local') return;
    const { bus } = this.state;
    this.ledger = new WeightsLedger(this.weights.stored());
    this.stops.push(
      bus.subscribe(CHANGES, (raw) => void this.received(parseDelta(raw))),
      bus.subscribe(ACKS, (raw) => this.acknowledged(parseAck(raw))),
    );
    this.weights.coordinateWith((change) => this.coordinate(change));
    await this.resync();
    this.timer = setInterval(() => void this.resync(), RESYNC_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.stops.splice(0).forEach((stop) => stop());
    for (const waiter of this.waiters) waiter.done();
  }

  private get me(): string {
    return this.env.instanceId;
  }

  /**
   * Under the lease: takes what the others changed, lets `change` check and save itself on top of
   * it, and has Redis number it. The acknowledgements are awaited once the lease is released (the
   * wait starts inside, so none that arrives meanwhile is missed).
   */
  private async coordinate(change: () => Promise<WeightsDelta>): Promise<void> {
    const others = (await this.directory.list()).map((e) => e.id).filter((id) => id !== this.me);
    const { acknowledged } = await this.lease
      .hold(async () => {
        await this.resync();
        this.unshared.push({ delta: await change(), mark: `${this.markBase}${++this.marks}`, sent: false });
        const version = await this.shareOrKeep();
        return { acknowledged: version === undefined ? undefined : this.acknowledgements(version, others) };
      })
      .catch((err: unknown) => {
        if (!(err instanceof LeaseBusy)) throw err;
        throw new GatewayError('unavailable', 'Weights are being changed on another instance for too long; try again');
      });
    await acknowledged;
  }

  /** Shares what is waiting and shows the result; while Redis is away the change stays here, to be merged later. */
  private async shareOrKeep(): Promise<number | undefined> {
    try {
      return await this.share();
    } catch (err) {
      this.logger.warn(`A weight change is applied here only until Redis answers again (${reason(err)})`);
      return undefined;
    } finally {
      this.show();
    }
  }

  /** Merges the changes Redis has not numbered yet, in order, one caller at a time; answers the last version given. */
  private share(): Promise<number | undefined> {
    const run = this.sharing.then(
      () => this.shareWaiting(),
      () => this.shareWaiting(),
    );
    this.sharing = run.catch(() => undefined);
    return run;
  }

  private async shareWaiting(): Promise<number | undefined> {
    let version: number | undefined;
    while (this.unshared.length > 0) {
      const waiting = this.unshared[0];
      const { delta, mark } = waiting;
      if (waiting.sent) {
        const map = await this.state.maps.read(MAP);
        if (map.entries[mark] !== undefined) {
          // Made after all: sending it again would undo what others changed since.
          this.unshared.shift();
          this.lastMark = mark;
          this.take(map, false);
          this.show();
          continue;
        }
      }
      waiting.sent = true;
      const { [this.lastMark ?? '']: _cleared, ...others } = this.marksInMap;
      const keep = delta.all ? others : {};
      const clear = this.lastMark === undefined ? delta.clear : [...delta.clear, this.lastMark];
      const map = await this.state.maps.change(
        MAP,
        { clearAll: delta.all, clear, set: { ...keep, ...texts(delta), [mark]: MARK_VALUE } },
        MAP_TTL_MS,
      );
      this.unshared.shift();
      this.lastMark = mark;
      version = map.version;
      this.take(map, false);
      this.publish({ from: this.me, version, delta });
    }
    return version;
  }

  private publish(change: VersionedDelta): void {
    // A message lost here is made up for by the next comparison of the map.
    this.state.bus.publish(CHANGES, JSON.stringify(change)).catch(() => undefined);
  }

  /** Resolves when every one of `ids` acknowledged `version` or later, or after SHARE_WAIT_MS. */
  private acknowledgements(version: number, ids: string[]): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    const { ended, end } = boundedWait(SHARE_WAIT_MS, this.schedule);
    const waiter: AckWaiter = { version, pending: new Set(ids), done: end };
    this.waiters.add(waiter);
    return ended.finally(() => this.waiters.delete(waiter));
  }

  private async received(change: VersionedDelta | undefined): Promise<void> {
    if (change === undefined) return;
    const outcome = this.ledger.receive(change.version, change.delta);
    if (outcome === 'applied') this.show();
    if (outcome === 'gap') await this.reread().catch((err) => this.resyncFailed(err));
    if (change.from === this.me) return;
    if (outcome !== 'stale') this.logger.log(`Weights changed on instance ${change.from} applied here`);
    const ack: WeightsAck = { from: this.me, version: this.ledger.version };
    this.state.bus.publish(ACKS, JSON.stringify(ack)).catch(() => undefined);
  }

  private acknowledged(ack: WeightsAck | undefined): void {
    if (ack === undefined) return;
    for (const waiter of this.waiters) {
      if (ack.version < waiter.version) continue;
      waiter.pending.delete(ack.from);
      if (waiter.pending.size === 0) waiter.done();
    }
  }

  /** Takes the whole map when it is newer than what is held, or older because Redis lost its data meanwhile. */
  private async reread(): Promise<VersionedMap> {
    const before = this.ledger.version;
    const map = await this.state.maps.read(MAP);
    const restarted = map.version > 0 && map.version < before && this.ledger.version === before;
    this.take(map, restarted);
    return map;
  }

  private take(map: VersionedMap, restarted: boolean): void {
    this.marksInMap = Object.fromEntries(Object.entries(map.entries).filter(([key]) => key.startsWith(MARK_PREFIX)));
    if (this.ledger.replace(map.version, overridesOf(map), restarted)) this.show();
  }

  /** What Redis holds, with the changes made here that it does not have yet on top. */
  private show(): void {
    this.weights.adopt(this.unshared.map((u) => u.delta).reduce(applyDelta, this.ledger.overrides));
  }

  /**
   * Merges what is waiting, then compares with the map: takes a different one, or writes this
   * instance's overrides into a map that is gone (never made, expired, or lost with Redis's data).
   */
  private async resync(): Promise<void> {
    try {
      await this.share();
      const held = this.ledger.version;
      const map = await this.reread();
      this.failing = false;
      const overrides = this.ledger.overrides;
      if (map.version > 0 || (held === 0 && Object.keys(overrides).length === 0)) return;
      const delta: WeightsDelta = { all: held > 0, clear: [], set: overrides };
      const seeded = await this.state.maps.change(MAP, { clearAll: delta.all, set: texts(delta) }, MAP_TTL_MS);
      this.take(seeded, true);
      this.publish({ from: this.me, version: seeded.version, delta });
    } catch (err) {
      this.resyncFailed(err);
    }
  }

  /** Said once per outage: the shared state's own warning already tells of Redis being away. */
  private resyncFailed(err: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.logger.warn(`Weights cannot be compared with the other instances for now (${reason(err)})`);
  }
}

function texts(delta: WeightsDelta): Record<string, string> {
  return Object.fromEntries(Object.entries(delta.set).map(([key, value]) => [key, String(value)]));
}

function overridesOf(map: VersionedMap): Record<string, number> {
  return numbersOf(Object.fromEntries(Object.entries(map.entries).map(([key, value]) => [key, Number(value)])));
}
