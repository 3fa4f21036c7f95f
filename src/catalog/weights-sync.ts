import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CLOCK, type Clock } from '#src/core/clock.js';
import { APP_ENV } from '#src/config/config.tokens.js';
import type { AppEnv } from '#src/config/gateway-config.types.js';
import { INSTANCE_DIRECTORY, type InstanceDirectory } from '#src/state/instance-directory.js';
import { SHARED_STATE, type SharedState } from '#src/state/shared-state.types.js';
import { parseAck, parseVersioned, type VersionedWeights, type WeightsAck } from './weights-messages.js';
import { WeightsService } from './weights.service.js';
import type { WeightOverrides } from './weights.store.js';

const CHANGES = 'weights';
const ACKS = 'weights-ack';
const SNAPSHOT = 'weights:snapshot';
const SNAPSHOT_TTL_MS = 30 * 86_400_000;
/** How long a change waits for the other instances before it answers anyway. */
const ACK_WAIT_MS = 1_000;
/** How often the snapshot is compared: an instance that missed messages (Redis was away) catches up. */
const RESYNC_EVERY_MS = 2_000;

interface AckWaiter {
  version: number;
  pending: Set<string>;
  done: () => void;
}

/**
 * Carries weight changes between instances when state is shared. Each change gets a version
 * (wall-clock milliseconds, always above the last one seen) and is kept as a snapshot and
 * published; every instance applies a newer version and acknowledges it, and the instance that
 * made the change answers once every live instance acknowledged (or after a short bound). Every
 * few seconds the snapshot is compared, so a starting or reconnecting instance catches up, and a
 * snapshot lost with Redis's data is written again by the instance that holds the newest version.
 */
@Injectable()
export class WeightsSync implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Weights');
  private readonly stops: Array<() => void> = [];
  private readonly waiters = new Set<AckWaiter>();
  private version = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly weights: WeightsService,
    @Inject(SHARED_STATE) private readonly state: SharedState,
    @Inject(INSTANCE_DIRECTORY) private readonly directory: InstanceDirectory,
    @Inject(APP_ENV) private readonly env: AppEnv,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.state.kind === 'local') return;
    const { bus } = this.state;
    this.stops.push(
      bus.subscribe(CHANGES, (raw) => this.received(parseVersioned(raw))),
      bus.subscribe(ACKS, (raw) => this.acknowledged(parseAck(raw))),
    );
    this.weights.announceWith((overrides) => this.announce(overrides));
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

  private async announce(overrides: WeightOverrides): Promise<void> {
    const change: VersionedWeights = {
      from: this.me,
      version: Math.max(this.clock.now(), this.version + 1),
      overrides,
    };
    this.version = change.version;
    const others = (await this.directory.list()).map((e) => e.id).filter((id) => id !== this.me);
    const acknowledged = this.acknowledgements(change.version, others);
    await this.state.kv.set(SNAPSHOT, JSON.stringify(change), SNAPSHOT_TTL_MS);
    await this.state.bus.publish(CHANGES, JSON.stringify(change));
    await acknowledged;
  }

  /** Resolves when every one of `ids` acknowledged `version` or later, or after ACK_WAIT_MS. */
  private acknowledgements(version: number, ids: string[]): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => waiter.done(), ACK_WAIT_MS);
      const waiter: AckWaiter = {
        version,
        pending: new Set(ids),
        done: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      this.waiters.add(waiter);
    });
  }

  private received(change: VersionedWeights | undefined): void {
    if (change === undefined || change.from === this.me) return;
    this.adoptIfNewer(change);
    const ack: WeightsAck = { from: this.me, version: this.version };
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

  private adoptIfNewer(change: VersionedWeights): boolean {
    if (change.version <= this.version) return false;
    this.weights.adopt(change.overrides);
    this.version = change.version;
    this.logger.log(`Weights changed on instance ${change.from} applied here`);
    return true;
  }

  /** Takes a newer snapshot, or puts this instance's newer weights back when the snapshot is older or gone. */
  private async resync(): Promise<void> {
    try {
      const snapshot = parseVersioned((await this.state.kv.get(SNAPSHOT)) ?? '');
      if (snapshot !== undefined && this.adoptIfNewer(snapshot)) return;
      if (this.version > 0 && (snapshot === undefined || snapshot.version < this.version)) {
        const mine: VersionedWeights = {
          from: this.me,
          version: this.version,
          overrides: this.weights.view().overrides,
        };
        await this.state.kv.set(SNAPSHOT, JSON.stringify(mine), SNAPSHOT_TTL_MS);
      }
    } catch (err) {
      this.logger.warn(`Weights resync failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
