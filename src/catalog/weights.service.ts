import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
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
import { MATCH_RANK, storedDeploymentKey, storedKeyTarget, type Match } from './stored-weight-keys.js';

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
  private readonly logger = new Logger('Weights');
  /**
   * The overrides as stored and shared: a deployment's under its identity (storedDeploymentKey),
   * and those for models this config lacks kept as they are, so a change does not erase them.
   */
  private held: WeightOverrides;
  /** What applies of `held` under this config, by `model` and `model/<index>`. */
  private overrides: WeightOverrides;
  /** What was said of stored overrides not applied, said once each. */
  private readonly warned = new Set<string>();
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
    this.held = store.load();
    this.overrides = this.effective(this.held);
  }

  /**
   * A value that changes whenever any weight does (the overrides are replaced, never edited in
   * place), so what is derived from weights can be kept until it does.
   */
  get version(): object {
    return this.overrides;
  }

  /** The overrides as stored and shared (see `held`), for what carries them between instances. */
  stored(): WeightOverrides {
    return { ...this.held };
  }

  /**
   * What applies of stored overrides: those for models this config lacks, or out of today's range,
   * are left aside; one for a deployment that moved follows it, one for a deployment no longer in
   * the config is left aside (logged).
   */
  private applicable(held: WeightOverrides): WeightOverrides {
    const found = new Map<string, { value: number; match: Match }>();
    for (const [key, value] of Object.entries(held)) {
      if (!isWeight(value)) continue;
      const target = storedKeyTarget(key, this.byName);
      if (target === undefined) continue;
      if ('gone' in target) {
        this.warnOnce(`The weight override ${key} is not applied: deployment ${target.gone} is no longer configured`);
        continue;
      }
      const other = found.get(target.canonical);
      if (other === undefined || MATCH_RANK[target.match] > MATCH_RANK[other.match]) {
        found.set(target.canonical, { value, match: target.match });
      }
    }
    return Object.fromEntries([...found].map(([key, { value }]) => [key, value]));
  }

  /**
   * What applies of stored overrides, less any that leave a pool with nothing to answer (the
   * config changed since they were made, or they were made before such checks were): that pool's
   * overrides are left aside (logged), so it answers with the file's weights.
   */
  private effective(held: WeightOverrides): WeightOverrides {
    const overrides = this.applicable(held);
    for (const pool of modelPools(this.config)) {
      const dropped = pool.keys.filter((key) => key in overrides);
      if (dropped.length === 0 || totalWeight(pool.entries, overrides) > 0) continue;
      for (const key of dropped) delete overrides[key];
      this.warnOnce(
        `The weight overrides of ${dropped.join(', ')} are not applied: they leave ${pool.name} with a total weight of 0`,
      );
    }
    return overrides;
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.logger.warn(message);
  }

  modelWeight(model: ModelConfig): number {
    return this.overrides[model.name] ?? model.weight;
  }

  deploymentWeight(model: ModelConfig, index: number): number {
    return this.overrides[deploymentKey(model, index)] ?? model.deployments[index]?.weight ?? 0;
  }

  view(): WeightsView {
    return { weights: this.weightsWith(this.overrides), overrides: { ...this.overrides } };
  }

  private weightsWith(overrides: WeightOverrides): Record<string, number> {
    return { ...this.configured, ...overrides };
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
        const next = { ...this.held };
        const set: WeightOverrides = {};
        const clear: string[] = [];
        for (const { key, value } of changes) {
          const stored = this.storedKey(key.canonical);
          // Whatever else is stored for this deployment (an older key, or one from before it moved) goes.
          for (const old of Object.keys(next)) {
            if (old === stored || targetOf(storedKeyTarget(old, this.byName)) !== key.canonical) continue;
            delete next[old];
            clear.push(old);
          }
          next[stored] = value;
          set[stored] = value;
        }
        this.checkPools(changes, this.applicable(next));
        await this.replace(next, [...Object.keys(set), ...clear], actor);
        return { all: false, clear, set };
      });
      return this.view();
    });
  }

  reset(actor: string): Promise<WeightsView> {
    return this.serially(async () => {
      await this.coordinate(async () => {
        await this.catchUp();
        const known = Object.keys(this.held).filter((key) => targetOf(storedKeyTarget(key, this.byName)));
        await this.replace({}, known, actor);
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
    this.held = { ...overrides };
    this.overrides = this.effective(this.held);
  }

  /** The audit trail, newest first. */
  history(limit: number): Promise<WeightChangeRecord[]> {
    return this.store.history(limit);
  }

  /** Takes the stored overrides the store could not give at start, before a change is built on them. */
  private async catchUp(): Promise<void> {
    const stored = await this.store.catchUp?.();
    if (stored !== undefined) this.adopt(stored);
  }

  /**
   * Saves `next` with an audit row per stored key (the effective weight of what it names, before
   * and after), then applies it.
   */
  private async replace(next: WeightOverrides, keys: string[], actor: string): Promise<void> {
    const before = this.view().weights;
    const overrides = this.effective(next);
    const after = this.weightsWith(overrides);
    const at = this.clock.now();
    const audit = keys.flatMap((key) => {
      const target = targetOf(storedKeyTarget(key, this.byName));
      return target === undefined ? [] : [{ key, from: before[target], to: after[target], at, actor }];
    });
    await this.store.save(next, audit);
    this.held = next;
    this.overrides = overrides;
  }

  /** The key an override of `canonical` (`model` or `model/<index>`) is stored under. */
  private storedKey(canonical: string): string {
    if (this.byName.has(canonical)) return canonical;
    const slash = canonical.lastIndexOf('/');
    return storedDeploymentKey(this.byName.get(canonical.slice(0, slash))!, Number(canonical.slice(slash + 1)));
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
    for (const pool of modelPools(this.config)) {
      const touched = changes.find((c) => pool.keys.includes(c.key.canonical));
      if (!touched) continue;
      if (totalWeight(pool.entries, next) <= 0) {
        throw GatewayError.invalid(
          `weights.${touched.key.given}`,
          `This change would leave ${pool.name} with a total weight of 0; keep at least one entry above 0`,
        );
      }
    }
  }
}

/** A pool's total weight under `overrides`; a model counts only while one of its deployments takes traffic. */
function totalWeight(entries: PoolEntry[], overrides: WeightOverrides): number {
  const weightOf = (e: PoolEntry): number =>
    e.through !== undefined && !e.through.some((d) => weightOf(d) > 0) ? 0 : (overrides[e.key] ?? e.weight);
  return entries.reduce((sum, e) => sum + weightOf(e), 0);
}

function targetOf(target: ReturnType<typeof storedKeyTarget>): string | undefined {
  return target !== undefined && 'canonical' in target ? target.canonical : undefined;
}

function isWeight(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_WEIGHT;
}
