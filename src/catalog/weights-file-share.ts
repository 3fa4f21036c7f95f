import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_ENV } from '#src/config/config.tokens.js';
import type { AppEnv } from '#src/config/gateway-config.types.js';
import { SHARED_STATE, type SharedState } from '#src/state/shared-state.types.js';
import { FileWeightsStore, WEIGHTS_STORE, type WeightsStore } from './weights.store.js';
import { WeightsService } from './weights.service.js';

/** How often a worker looks for a change another worker saved. */
const FILE_CHECK_EVERY_MS = 1_000;

/**
 * `WORKERS=N` without Redis: the workers share their weights through the file in `DATA_DIR`. A
 * change is made under the file's lock, on the overrides the file holds then (so it keeps the
 * other workers' changes, and a pool check sees them), and saved; every worker takes up what the
 * file holds within a second. With Redis, WeightsSync carries changes instead.
 */
@Injectable()
export class WeightsFileShare implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  /** The file's overrides as last taken up, to take them up again only when they change. */
  private seen = '';

  constructor(
    private readonly weights: WeightsService,
    @Inject(WEIGHTS_STORE) private readonly store: WeightsStore,
    @Inject(SHARED_STATE) private readonly state: SharedState,
    @Inject(APP_ENV) private readonly env: AppEnv,
  ) {}

  onModuleInit(): void {
    const { store } = this;
    if (this.env.workers <= 1 || this.state.kind !== 'local' || !(store instanceof FileWeightsStore)) return;
    this.seen = JSON.stringify(store.load());
    this.weights.coordinateWith((change) =>
      store.exclusively(async () => {
        this.takeUp(store, true);
        await change();
      }),
    );
    this.timer = setInterval(() => this.takeUp(store), FILE_CHECK_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Read and applied in one go: nothing of this worker's can change the weights in between. */
  private takeUp(store: FileWeightsStore, always = false): void {
    const overrides = store.load();
    const text = JSON.stringify(overrides);
    if (text === this.seen && !always) return;
    this.seen = text;
    this.weights.adopt(overrides);
  }
}
