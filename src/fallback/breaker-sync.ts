import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_ENV } from '#src/config/config.tokens.js';
import type { AppEnv } from '#src/config/gateway-config.types.js';
import { SHARED_STATE, type SharedState } from '#src/state/shared-state.types.js';
import { BreakerBoard } from './breaker-board.js';
import { DEFAULT_BREAKER_OPTIONS, type BreakerChange, type BreakerPass } from './breaker.types.js';

const CHANNEL = 'breakers';

interface BreakerMessage {
  from: string;
  key: string;
  change: BreakerChange;
}

function parse(raw: string): BreakerMessage | undefined {
  try {
    const m = JSON.parse(raw) as Partial<BreakerMessage>;
    const change = m.change;
    if (typeof m.from !== 'string' || typeof m.key !== 'string' || typeof change !== 'object' || change === null) {
      return undefined;
    }
    if (change.state === 'closed') return { from: m.from, key: m.key, change: { state: 'closed' } };
    if (change.state !== 'open' || typeof change.retryAt !== 'number') return undefined;
    const reason = typeof change.reason === 'string' ? change.reason : undefined;
    const open: BreakerChange = { state: 'open', retryAt: change.retryAt, reason };
    if (change.untilOperatorActs === true) open.untilOperatorActs = true;
    return { from: m.from, key: m.key, change: open };
  } catch {
    return undefined;
  }
}

/**
 * Shares breakers between instances when state is shared: every transition a local breaker makes
 * is published, and those of other instances are applied here, so a deployment one instance found
 * dead is skipped by all of them. Requests still decide on the local breakers without waiting; only
 * a half-open probe asks the shared store for a lease, so one probe goes out per open period across
 * the cluster (with Redis unreachable, the lease is taken locally and each instance probes alone).
 */
@Injectable()
export class BreakerSync implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Breakers');
  private readonly stops: Array<() => void> = [];

  constructor(
    private readonly board: BreakerBoard,
    @Inject(SHARED_STATE) private readonly state: SharedState,
    @Inject(APP_ENV) private readonly env: AppEnv,
  ) {}

  onModuleInit(): void {
    if (this.state.kind === 'local') return;
    const me = this.env.instanceId;
    this.stops.push(
      this.state.bus.subscribe(CHANNEL, (raw) => {
        const message = parse(raw);
        if (message !== undefined && message.from !== me) this.board.adopt(message.key, message.change);
      }),
      this.board.watch((key, change) => {
        const message: BreakerMessage = { from: me, key, change };
        this.state.bus.publish(CHANNEL, JSON.stringify(message)).catch(() => undefined);
      }),
    );
    // The lease lasts as long as a probe may: a lost probe frees the deployment for another instance.
    const leaseMs = DEFAULT_BREAKER_OPTIONS.probeTimeoutMs;
    const lease = (key: string, period: number) => `breaker-probe:${key}:${period}`;
    // The holder names the probe, not only the instance: a probe of this instance that outlived its
    // lease must not give back the one of the probe sent after it.
    const holder = (probe: BreakerPass) => `${me}:${probe}`;
    this.board.gateProbes({
      take: (key, period, probe) => this.state.kv.setIfAbsent(lease(key, period), holder(probe), leaseMs),
      // Only this probe's own lease, in one step: one that ran out may have been taken by another since.
      release: (key, period, probe) =>
        void this.state.kv.deleteIfEquals(lease(key, period), holder(probe)).catch(() => undefined),
    });
    this.logger.log('Circuit breakers are shared with the other instances');
  }

  onApplicationShutdown(): void {
    this.board.gateProbes(undefined);
    this.stops.splice(0).forEach((stop) => stop());
  }
}
