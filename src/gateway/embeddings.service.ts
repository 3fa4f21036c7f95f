import { Inject, Injectable } from '@nestjs/common';
import { BalancingStage } from '#src/balancing/balancing.stage.js';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { FallbackConfig, GatewayConfig, ModelConfig } from '#src/config/gateway-config.types.js';
import { CLOCK, type Clock } from '#src/core/clock.js';
import { GatewayError, isGatewayError } from '#src/core/gateway-error.js';
import type { AttemptRecord } from '#src/core/route.types.js';
import { BreakerBoard } from '#src/fallback/breaker-board.js';
import type { BreakerPass } from '#src/fallback/breaker.types.js';
import { AttemptOutcomes } from '#src/fallback/attempt-outcomes.js';
import { FailureReports } from '#src/fallback/failure-reports.js';
import { decide } from '#src/fallback/retry-policy.js';
import type { DeploymentRef } from '#src/catalog/model-catalog.js';
import { ModelCatalog } from '#src/catalog/model-catalog.js';
import { ProviderRegistry } from '#src/providers/provider.registry.js';
import { canEmbed, type EmbeddingCapable, type EmbeddingResult } from '#src/providers/provider.types.js';
import type { BodyLimits } from '#src/providers/shared/body-cap.js';
import type { Deadlines } from '#src/providers/shared/upstream-http.js';

/** What every embeddings dialect asks for, already validated. */
export interface EmbeddingsQuery {
  model: string;
  input: readonly string[] | readonly number[][];
  dimensions?: number;
}

export interface EmbeddingsAnswer extends EmbeddingResult {
  /** The gateway's name of the model that answered, and the provider (config key) that served it. */
  model: string;
  provider: string;
}

interface EmbeddingTarget {
  deployment: DeploymentRef;
  adapter: EmbeddingCapable;
}

/**
 * Embeddings for `/v1/embeddings` and Ollama's `/api/embed`, routed like chat: the model's name
 * gives its deployments, balanced by weight, with failover between them behind the same breakers.
 * Never across models: another model's vectors live in another space, so `fallbacks` are not used.
 */
@Injectable()
export class EmbeddingsService {
  private readonly settings: FallbackConfig;
  /** A client's embeddings call is a whole answer, bounded as a chat attempt is (see `AttemptExecutor`). */
  private readonly deadlines: Deadlines;
  private readonly limits: BodyLimits;

  constructor(
    private readonly catalog: ModelCatalog,
    private readonly providers: ProviderRegistry,
    private readonly breakers: BreakerBoard,
    private readonly outcomes: AttemptOutcomes,
    private readonly reports: FailureReports,
    private readonly balancing: BalancingStage,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    const s = (this.settings = config.fallback);
    this.deadlines = { firstByteMs: s.firstByteTimeoutMs, idleMs: s.idleTimeoutMs, totalMs: s.timeoutMs };
    this.limits = { responseBytes: s.maxResponseBytes, streamLineBytes: s.maxStreamLineBytes };
  }

  /** Tries the model's deployments in order; each try is pushed to `attempts` as it ends. */
  async embed(query: EmbeddingsQuery, signal: AbortSignal, attempts: AttemptRecord[] = []): Promise<EmbeddingsAnswer> {
    const model = this.catalog.find(query.model);
    if (!model) {
      throw new GatewayError('model_not_found', `The model '${query.model}' does not exist on this gateway`, {
        param: 'model',
      });
    }
    const targets = this.targets(model);
    let lastError: GatewayError | undefined;
    let failures: Map<string, GatewayError> | undefined;
    for (const target of targets) {
      // A request cut or left before (or between) its attempts sends no upstream anything more.
      if (signal.aborted || attempts.length >= this.settings.maxAttempts) break;
      const pass = await this.breakers.admit(target.deployment.key);
      if (pass === undefined) continue;
      if (signal.aborted) {
        this.breakers.probeUnanswered(target.deployment.key, pass);
        break;
      }
      try {
        const result = await this.attempt(target, pass, query, signal, attempts);
        return { ...result, model: model.name, provider: target.deployment.provider };
      } catch (err) {
        lastError = asGatewayError(err);
        (failures ??= new Map()).set(target.deployment.key, lastError);
        // One model's deployments share its context window: an input too long for one is for all.
        const decision = decide(lastError);
        if (decision === 'stop' || decision === 'larger_window' || signal.aborted) throw lastError;
      }
    }
    if (signal.aborted) throw stoppedBy(signal);
    // Told as chat's are: a billing refusal stands only when every deployment is benched for it.
    const takers = targets.map((target) => target.deployment);
    throw (lastError && this.reports.reported(lastError, failures, takers)) ?? this.reports.nothingAvailable(takers);
  }

  private async attempt(
    { deployment, adapter }: EmbeddingTarget,
    pass: BreakerPass,
    query: EmbeddingsQuery,
    signal: AbortSignal,
    attempts: AttemptRecord[],
  ): Promise<EmbeddingResult> {
    const started = this.clock.monotonic();
    const record: AttemptRecord = { model: deployment.model.name, provider: deployment.provider, outcome: 'ok', ms: 0 };
    attempts.push(record);
    try {
      const result = await adapter.embeddings({
        model: deployment.upstreamModel,
        input: query.input,
        dimensions: query.dimensions,
        // A deadline that passes is the upstream's timeout (failover, breaker), never the client leaving.
        signal,
        deadlines: this.deadlines,
        limits: this.limits,
      });
      this.outcomes.succeeded(deployment);
      return result;
    } catch (err) {
      const error = asGatewayError(err);
      Object.assign(record, { outcome: 'error', errorKind: error.kind, status: error.upstreamStatus });
      // Cut while the upstream worked on it (a shutdown's drain ended): told by the error itself, as
      // an upstream may fail with the cut's kind too. The upstream bills what it read (see `outcomeOf`).
      if (signal.aborted && error === signal.reason) record.cut = true;
      this.outcomes.failed(deployment, error, pass);
      throw error;
    } finally {
      record.ms = Math.round(this.clock.monotonic() - started);
    }
  }

  /** The model's own deployments, in balanced order, on providers that embed. */
  private targets(model: ModelConfig): EmbeddingTarget[] {
    const deployments = this.balancing.deploymentsOf(model);
    const targets = deployments.flatMap((deployment) => {
      const adapter = this.providers.get(deployment.provider);
      return adapter && canEmbed(adapter) ? [{ deployment, adapter }] : [];
    });
    if (targets.length === 0 && deployments.length > 0) {
      const kinds = [...new Set(deployments.map((d) => this.providers.get(d.provider)?.kind ?? d.provider))];
      throw GatewayError.invalid(
        'model',
        `The model '${model.name}' cannot produce embeddings: its provider (${kinds.join(', ')}) does not serve them`,
      );
    }
    return targets;
  }
}

/** What a request stopped before an attempt ends with: the gateway's cut, else its client leaving. */
function stoppedBy(signal: AbortSignal): GatewayError {
  return isGatewayError(signal.reason) ? signal.reason : new GatewayError('client_gone', 'The client went away');
}

function asGatewayError(err: unknown): GatewayError {
  return isGatewayError(err) ? err : new GatewayError('internal', 'The embeddings call failed', { cause: err });
}
