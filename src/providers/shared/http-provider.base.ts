import { systemClock, type Clock } from '#src/core/clock.js';
import type { ProviderConfig } from '#src/config/gateway-config.types.js';
import type { EmbeddingRequest, EmbeddingResult, ProviderHealth } from '#src/providers/provider.types.js';
import { CachedHealth } from './cached-health.js';
import {
  BEARER_DIALECT,
  HEALTH_DEADLINES,
  LIST_DEADLINES,
  UpstreamClient,
  type ProviderDeps,
  type UpstreamDialect,
} from './upstream-client.js';
import { UpstreamHttp } from './upstream-http.js';
import { readJson, release } from './upstream-response.js';

/** Where a provider's cheap probe and its embedding endpoint (if it serves embeddings) are. */
export interface HttpProviderPaths {
  /** A GET that answers quickly without calling a model (health). */
  probe: string;
  embed?: string;
}

/**
 * What HTTP providers share: the client (keep-alive pool, the vendor's headers and error reading),
 * the clock, a cached health probe that never calls a model, embeddings and shutdown. Every chat
 * is "build the body → `client.post` → decode"; subclasses add `chat` (and `relay`, `embeddings`).
 */
export abstract class HttpProvider {
  protected readonly client: UpstreamClient;
  protected readonly clock: Clock;
  private readonly healthCache: CachedHealth;

  protected constructor(
    readonly config: ProviderConfig,
    deps: ProviderDeps,
    private readonly paths: HttpProviderPaths,
    dialect: UpstreamDialect = BEARER_DIALECT,
  ) {
    this.client = new UpstreamClient(config, deps.http ?? new UpstreamHttp(), dialect);
    this.clock = deps.clock ?? systemClock;
    this.healthCache = new CachedHealth(
      async () => release(await this.client.get(paths.probe, HEALTH_DEADLINES)),
      this.clock,
    );
  }

  health(): Promise<ProviderHealth> {
    if (!this.config.configured) return Promise.resolve({ status: 'unconfigured', checkedAt: this.clock.now() });
    return this.healthCache.get();
  }

  /**
   * One vector per input, in order; `pick` reads the vectors and the token count out of the vendor's
   * reply, `options` are the vendor's own body fields. Bounded by the request's deadlines and limits,
   * else by a model list's (semantic routing embeds a prompt, which is small).
   */
  protected async embedWith(
    request: EmbeddingRequest,
    pick: (reply: unknown) => EmbeddingResult,
    options: Record<string, unknown> = {},
  ): Promise<EmbeddingResult> {
    const { model, input, dimensions, signal, deadlines = LIST_DEADLINES, limits } = request;
    if (this.paths.embed === undefined) throw new Error(`${this.config.name} serves no embeddings`);
    const call = { upstreamModel: model, signal, deadlines, limits };
    const body = { model, input, ...(dimensions === undefined ? {} : { dimensions }), ...options };
    const res = await this.client.post(this.paths.embed, body, call, 'application/json');
    return pick(await readJson(res, this.config.name));
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
