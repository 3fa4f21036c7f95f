import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
  type Provider,
} from '@nestjs/common';
import { APP_ENV, GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { AppEnv, GatewayConfig } from '#src/config/gateway-config.types.js';
import { CLOCK, type Clock } from '#src/core/clock.js';
import { PriceBook } from '#src/observability/cost.js';
import { SHARED_STATE, type SharedState } from '#src/state/shared-state.types.js';
import { isLoopbackBind } from '#src/config/loopback.js';
import { AllowlistCheck } from './allowlist-check.js';
import { AuthModeState } from './auth-mode.js';
import { ClientKeyAuth } from './client-key-auth.js';
import { KeyAdmission } from './key-admission.js';
import { KeyBudgets } from './key-budgets.js';
import { KEYS_CHANGED, KeyDirectory } from './key-directory.js';
import { KeyHolders } from './key-holders.js';
import { KeyLimiter } from './key-limiter.js';
import { KeyService } from './key.service.js';
import { KeyStore } from './key.store.js';
import { openKeysDatabase } from './keys-database.js';
import { SpendLedger } from './spend-ledger.js';

/** Closes the key store's connections when the process stops. */
@Injectable()
class KeysLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly store: KeyStore,
    private readonly ledger: SpendLedger,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.ledger.close();
    await this.store.close();
  }
}

const logger = new Logger('ClientKeys');

/** How long the start-up waits for the key store's first answer. */
const STORE_WAIT_MS = 3_000;
const CHECK_EVERY_MS = 1_000;

const withinWait = <T>(answer: Promise<T>): Promise<T> =>
  Promise.race([
    answer,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer')), STORE_WAIT_MS).unref()),
  ]);

/**
 * With the mode left unset, keys are asked for once one exists in the key store. The store is asked
 * as the gateway starts (waiting a few seconds for it), then every second until a key is known to
 * exist: a store that did not answer at start decides when it does, and a key created through
 * another process sharing the store (a worker of `WORKERS=N`, or an instance whose change message
 * was lost) turns keys on here within that second, not at the next restart. Once keys are on and
 * the store has answered, they stay on and the asking stops.
 */
@Injectable()
class KeyPresenceWatch implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private asking = false;
  private answered = false;
  private toldHeld = false;
  /** While the start waits for the first answer: a gateway held on then is refused its start instead. */
  private starting = true;

  constructor(
    private readonly store: KeyStore,
    private readonly mode: AuthModeState,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.mode.isConfigured) return;
    try {
      this.heard(await withinWait(this.store.count()));
    } catch {
      logger.warn(`The key store does not answer yet; client keys are ${this.mode.mode} until it does.`);
    }
    this.starting = false;
    if (!this.settled) this.timer = setInterval(() => this.check(), CHECK_EVERY_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private get settled(): boolean {
    return this.answered && this.mode.learnedMode === 'keys';
  }

  private check(): void {
    if (this.settled) return clearInterval(this.timer);
    if (this.asking) return;
    this.asking = true;
    // Each ask waits as long as the first: a store that never answers does not stop the asking.
    withinWait(this.store.count())
      .then(
        (n) => this.heard(n),
        () => undefined,
      )
      .finally(() => (this.asking = false));
  }

  /**
   * The store's first answer decides either way (a gateway bound beyond loopback assumed keys
   * until then); later ones only ever turn keys on: a count read before a key made here was
   * written must not turn them off again.
   */
  private heard(keys: number): void {
    if (!this.answered) this.mode.learned(keys > 0);
    else if (keys > 0) this.mode.keyCreated();
    this.answered = true;
    if (this.mode.heldOn && !this.starting && !this.toldHeld) {
      this.toldHeld = true;
      logger.warn(
        'The key store holds no client key, but this gateway is bound beyond loopback: client keys stay required ' +
          '(every proxy call is refused 401) until one is created, or ALLOW_UNAUTHENTICATED=true is set.',
      );
    }
  }
}

/**
 * Once the gateway has started, one line for each live key whose allowlist names a model that is
 * not configured. The start does not wait for it: a key store that does not answer is already
 * reported by the key presence watch.
 */
@Injectable()
class AllowlistStartupCheck implements OnApplicationBootstrap {
  constructor(
    private readonly store: KeyStore,
    private readonly check: AllowlistCheck,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    withinWait(this.store.list()).then(
      (keys) => {
        const now = this.clock.now();
        for (const key of keys) {
          const line = this.check.warning(key, now);
          if (line !== undefined) logger.warn(line);
        }
      },
      () => undefined,
    );
  }
}

const warn = (message: string) => logger.warn(message);

const providers: Provider[] = [
  {
    provide: KeyStore,
    useFactory: async (env: AppEnv) => {
      const target = { databaseUrl: env.databaseUrl, databaseSchema: env.databaseSchema, dataDir: env.dataDir };
      const opened = await openKeysDatabase(target);
      if (opened.problem !== undefined) logger.error(opened.problem);
      return new KeyStore(opened.sql, opened.ready);
    },
    inject: [APP_ENV],
  },
  {
    provide: AuthModeState,
    useFactory: (env: AppEnv, config: GatewayConfig, state: SharedState) => {
      // Until the key store answers, a loopback gateway stays open and any other asks for keys.
      const mode = AuthModeState.from(env, config, !isLoopbackBind(env.host));
      // A key made on another instance turns keys on here too (when the mode is left unset).
      state.bus.subscribe(KEYS_CHANGED, () => mode.keyCreated());
      return mode;
    },
    inject: [APP_ENV, GATEWAY_CONFIG, SHARED_STATE],
  },
  {
    provide: KeyDirectory,
    useFactory: (store: KeyStore, clock: Clock, state: SharedState) => new KeyDirectory(store, clock, state.bus),
    inject: [KeyStore, CLOCK, SHARED_STATE],
  },
  {
    provide: ClientKeyAuth,
    useFactory: (mode: AuthModeState, directory: KeyDirectory, clock: Clock) =>
      new ClientKeyAuth(mode, directory, clock),
    inject: [AuthModeState, KeyDirectory, CLOCK],
  },
  {
    provide: SpendLedger,
    useFactory: (store: KeyStore, config: GatewayConfig) => new SpendLedger(store, new PriceBook(config), warn),
    inject: [KeyStore, GATEWAY_CONFIG],
  },
  {
    provide: KeyAdmission,
    useFactory: (state: SharedState, config: GatewayConfig, clock: Clock, ledger: SpendLedger) =>
      new KeyAdmission({
        limiter: new KeyLimiter(state.counters, clock),
        // Seeded from the ledger: the recorded spend and what it has not written yet.
        budgets: new KeyBudgets(state, ledger, clock, warn),
        ledger,
        prices: new PriceBook(config),
        clock,
        warn,
      }),
    inject: [SHARED_STATE, GATEWAY_CONFIG, CLOCK, SpendLedger],
  },
  {
    provide: KeyService,
    useFactory: (store: KeyStore, state: SharedState, clock: Clock, mode: AuthModeState) =>
      new KeyService(store, state.bus, clock, mode),
    inject: [KeyStore, SHARED_STATE, CLOCK, AuthModeState],
  },
  { provide: KeyHolders, useFactory: () => new KeyHolders() },
  {
    provide: AllowlistCheck,
    useFactory: (config: GatewayConfig) => new AllowlistCheck(config.models.map((m) => m.name)),
    inject: [GATEWAY_CONFIG],
  },
];

/** Client keys: the store (SQLite or PostgreSQL), their checks on the request path, and their admin. */
@Module({
  providers: [...providers, KeysLifecycle, KeyPresenceWatch, AllowlistStartupCheck],
  exports: [AllowlistCheck, AuthModeState, ClientKeyAuth, KeyAdmission, KeyService, KeyHolders],
})
export class KeysModule {}
