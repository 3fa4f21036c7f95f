import { Inject, Injectable, Optional } from '@nestjs/common';
import { GatewayError } from '#src/core/gateway-error.js';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import { MAX_WEIGHT } from '#src/config/config-defaults.js';
import type { GatewayConfig, ModelConfig } from '#src/config/gateway-config.types.js';
import { modelPools, resolveWeightKey, type PoolEntry, type WeightKey } from './weight-keys.js';
import { WEIGHTS_STORE, type WeightOverrides, type WeightsStore } from './weights.store.js';
import { deploymentKey } from './deployment-key.js';
import { CLOCK, type Clock, systemClock } from '#src/core/clock.js';
import type { WeightChangeRecord } from '#src/storage/weight-changes.types.js';
import type { WeightsDelta } from './weights-messages.js';

export interface WeightsView {
  /** Every model and deployment with its effective weight (`model`, `model/<index>`). */
  weights: Record<string, number>;
  /** The run-time changes that currently win over the file. */
  overrides: WeightOverrides;
}

/**
 * Runs a change made here while no other instance changes weights, on the overrides they agreed
 * on, then tells them what it did; resolves once they have it (or gave up waiting).
 */
export type WeightsCoordinator = (change: () => Promise<WeightsDelta>) => Promise<void>;

/**
 * Effective weights: the file's, overridden by run-time changes (API or UI) that are persisted
 * and survive restarts until reset. A change is applied whole or not at all. With several
 * instances, a change is checked and made while no other instance makes one (so two changes that
 * each leave a pool something cannot together drain it), announced before the answer, and changes
 * made elsewhere arrive through `adopt`.
 */
@Injectable()
export class WeightsService {
  private overrides: WeightOverrides;
  private readonly byName: Map<string, ModelConfig>;
  /** The file's weights by key, what a key returns to when its override goes. */
  private readonly configured: Record<string, number>;
  /** Changes are saved one after another, so none is built on a state another is replacing. */
  private saving: Promise<unknown> = Promise.resolve();
  private coordinate: WeightsCoordinator = async (change) => void (await change());

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(WEIGHTS_STORE) private readonly store: WeightsStore,
    @Optional() @Inject(CLOCK) private readonly clock: Clock = systemClock,
  ) {
    this.byName = new Map(config.models.map((m) => [m.name, m]));
    this.configured = Object.fromEntries(
      config.models.flatMap((m) => [
        [m.name, m.weight],
        ...m.deployments.map((d, i) => [deploymentKey(m, i), d.weight] as const),
      ]),
    );
    this.overrides = this.known(store.load());
  }

  /**
   * A value that changes whenever any weight does (the overrides are replaced, never edited in
   * place), so what is derived from weights can be kept until it does.
   */
  get version(): object {
    return this.overrides;
  }

  /** Overrides for models or deployments the file does not have, or out of today's range, are dropped. */
  private known(overrides: WeightOverrides): WeightOverrides {
    return Object.fromEntries(
      Object.entries(overrides).filter(
        ([key, value]) => isWeight(value) && resolveWeightKey(key, this.byName) !== undefined,
      ),
    );
  }

  modelWeight(model: ModelConfig): number {
    return this.overrides[model.name] ?? model.weight;
  }

  deploymentWeight(model: ModelConfig, index: number): number {
    return this.overrides[deploymentKey(model, index)] ?? model.deployments[index]?.weight ?? 0;
  }

  view(): WeightsView {
    const weights: Record<string, number> = {};
    for (const model of this.config.models) {
      weights[model.name] = this.modelWeight(model);
      model.deployments.forEach((_, i) => (weights[deploymentKey(model, i)] = this.deploymentWeight(model, i)));
    }
    return { weights, overrides: { ...this.overrides } };
  }

  /**
   * Validates `{weights: {...}}` whole, then persists it (with an audit row per key, naming
   * `actor`), applies and announces it; on any problem nothing changes.
   */
  apply(payload: unknown, actor: string): Promise<WeightsView> {
    return this.serially(async () => {
      const changes = this.parse(payload);
      await this.coordinate(async () => {
        await this.catchUp();
        const next = { ...this.overrides };
        for (const { key, value } of changes) next[key.canonical] = value;
        this.checkPools(changes, next);
        await this.replace(next, [...new Set(changes.map((c) => c.key.canonical))], actor);
        return { all: false, clear: [], set: Object.fromEntries(changes.map((c) => [c.key.canonical, c.value])) };
      });
      return this.view();
    });
  }

  reset(actor: string): Promise<WeightsView> {
    return this.serially(async () => {
      await this.coordinate(async () => {
        await this.catchUp();
        await this.replace({}, Object.keys(this.overrides), actor);
        return { all: true, clear: [], set: {} };
      });
      return this.view();
    });
  }

  /** Who orders this instance's changes with the others' and hears of them (the cluster link, when state is shared). */
  coordinateWith(coordinator: WeightsCoordinator): void {
    this.coordinate = coordinator;
  }

  /**
   * The whole set of overrides as the instances agreed on them (changes made elsewhere merged with
   * those made here), applied at once. It is not saved again: each change was saved and audited
   * where it was made; an instance that restarts takes the set from the shared map.
   */
  adopt(overrides: WeightOverrides): void {
    this.overrides = this.known(overrides);
  }

  /** The audit trail, newest first. */
  history(limit: number): Promise<WeightChangeRecord[]> {
    return this.store.history(limit);
  }

  /** Takes the stored overrides the store could not give at start, before a change is built on them. */
  private async catchUp(): Promise<void> {
    const stored = await this.store.catchUp?.();
    if (stored !== undefined) this.overrides = this.known(stored);
  }

  /** Saves `next` with an audit row per key (its effective weight before and after), then applies it. */
  private async replace(next: WeightOverrides, keys: string[], actor: string): Promise<void> {
    const before = this.view().weights;
    const at = this.clock.now();
    const audit = keys.map((key) => ({ key, from: before[key], to: next[key] ?? this.configured[key], at, actor }));
    await this.store.save(next, audit);
    this.overrides = next;
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.saving.then(work, work);
    this.saving = run.catch(() => undefined);
    return run;
  }

  private parse(payload: unknown): Array<{ key: WeightKey; value: number }> {
    const weights = (payload as { weights?: unknown } | null)?.weights;
    if (typeof weights !== 'object' || weights === null || Array.isArray(weights)) {
      throw GatewayError.invalid('weights', 'Send {"weights": {"<model>": n, "<model>/<deployment>": n}}');
    }
    const entries = Object.entries(weights);
    if (entries.length === 0) throw GatewayError.invalid('weights', 'No weight to change');
    return entries.map(([name, value]) => {
      const param = `weights.${name}`;
      if (!isWeight(value)) {
        throw GatewayError.invalid(
          param,
          `The weight must be a number from 0 to ${MAX_WEIGHT} (got ${typeof value === 'number' ? value : JSON.stringify(value)})`,
        );
      }
      const key = resolveWeightKey(name, this.byName);
      if (!key) throw GatewayError.invalid(param, `Unknown model or deployment '${name}'`);
      return { key, value };
    });
  }

  /**
   * A change may drain entries, but never a whole pool: something must be left to answer. A model
   * counts in its pool only while one of its deployments takes traffic.
   */
  private checkPools(changes: Array<{ key: WeightKey }>, next: WeightOverrides): void {
    const weightOf = (e: PoolEntry): number =>
      e.through !== undefined && !e.through.some((d) => weightOf(d) > 0) ? 0 : (next[e.key] ?? e.weight);
    for (const pool of modelPools(this.config)) {
      const touched = changes.find((c) => pool.keys.includes(c.key.canonical));
      if (!touched) continue;
      const total = pool.entries.reduce((sum, e) => sum + weightOf(e), 0);
      if (total <= 0) {
        throw GatewayError.invalid(
          `weights.${touched.key.given}`,
          `This change would leave ${pool.name} with a total weight of 0; keep at least one entry above 0`,
        );
      }
    }
  }
}

function isWeight(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_WEIGHT;
}
