import { Inject, Injectable, Logger, Optional, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { fsReason } from '#src/config/data-dir.js';
import { SHARED_STATE, type SharedState } from '#src/state/shared-state.types.js';
import { boundedWait, SCHEDULE, systemSchedule, type Schedule } from '#src/core/bounded-wait.js';
import { SHARE_WAIT_MS } from './weights-messages.js';
import { WEIGHTS_MESSAGE, WORKER_LINK, type WeightsMessage, type WorkerLink } from './worker-link.js';
import { FileWeightsStore, WEIGHTS_STORE, type WeightOverrides, type WeightsStore } from './weights.store.js';
import { WeightsService } from './weights.service.js';

/** How long a change waits for the supervisor's word: past its own bound, it is not coming. */
const SHARED_WAIT_MS = 2 * SHARE_WAIT_MS;

/**
 * `WORKERS=N` without Redis: the workers share their weights through the file in `DATA_DIR`. A
 * change is made under the file's lock, on the overrides the file holds then (so it keeps the
 * other workers' changes, and a pool check sees them), and saved; the supervisor then has every
 * other worker take up the file, and the change answers once they have, so that a deployment
 * the answer shows drained gets no new request on any worker. With Redis, WeightsSync carries
 * changes instead.
 */
@Injectable()
export class WeightsFileShare implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Weights');
  private stopListening?: () => void;
  /** Changes saved here whose sharing the supervisor has not confirmed, by id. */
  private readonly unconfirmed = new Map<number, () => void>();
  private lastId = 0;

  constructor(
    private readonly weights: WeightsService,
    @Inject(WEIGHTS_STORE) private readonly store: WeightsStore,
    @Inject(SHARED_STATE) private readonly state: SharedState,
    @Inject(WORKER_LINK) private readonly link: WorkerLink | null,
    @Optional() @Inject(SCHEDULE) private readonly schedule: Schedule = systemSchedule,
  ) {}

  onModuleInit(): void {
    const { store, link } = this;
    if (link === null || this.state.kind !== 'local') return;
    if (!(store instanceof FileWeightsStore)) {
      this.logger.warn(
        'Weight changes reach the other workers only when they restart: with DATABASE_URL and WORKERS=N, ' +
          'set REDIS_URL too before changing weights',
      );
      return;
    }
    // Listening before reading: a change saved after this read is announced to this worker.
    this.stopListening = link.listen((message) => this.received(store, link, message));
    this.weights.adopt(store.load());
    link.send({ type: WEIGHTS_MESSAGE, event: 'listening' });
    this.weights.coordinateWith(async (change) => {
      await store.exclusively(async () => {
        this.weights.adopt(this.readForChange(store));
        await change();
      });
      await this.shared(link);
    });
  }

  onApplicationShutdown(): void {
    this.stopListening?.();
    for (const done of this.unconfirmed.values()) done();
  }

  private received(store: FileWeightsStore, link: WorkerLink, message: WeightsMessage): void {
    if (message.event === 'take-up') {
      // The file is only ever replaced whole, under the lock, by the latest change: taking it is never going back.
      const overrides = this.readToTakeUp(store);
      if (overrides === undefined) return;
      this.weights.adopt(overrides);
      link.send({ type: WEIGHTS_MESSAGE, event: 'taken-up', round: message.round });
    } else if (message.event === 'shared') {
      this.unconfirmed.get(message.id)?.();
    }
  }

  /** A change is built on the file as it is, never on nothing because it could not be read (then it is refused). */
  private readForChange(store: FileWeightsStore): WeightOverrides {
    try {
      return store.read();
    } catch (err) {
      throw store.unreadable(err);
    }
  }

  /**
   * What the file holds, or undefined when it cannot be read: this worker then keeps serving what
   * it has, and does not say it took the change up (the one that made it answers after the bound).
   */
  private readToTakeUp(store: FileWeightsStore): WeightOverrides | undefined {
    try {
      return store.read();
    } catch (err) {
      this.logger.warn(
        `A weight change made on another worker is not served here: the file is unreadable (${fsReason(err)})`,
      );
      return undefined;
    }
  }

  /** Resolves once the supervisor says the other workers took up the change just saved (or gave up waiting). */
  private shared(link: WorkerLink): Promise<void> {
    const id = ++this.lastId;
    const { ended, end } = boundedWait(SHARED_WAIT_MS, this.schedule);
    this.unconfirmed.set(id, end);
    link.send({ type: WEIGHTS_MESSAGE, event: 'saved', id });
    return ended.finally(() => this.unconfirmed.delete(id));
  }
}
