import type { Clock } from '#src/core/clock.js';
import type { ProviderHealth } from '#src/providers/provider.types.js';

/** How long a health result is reused before the upstream is asked again. */
export const HEALTH_TTL_MS = 30_000;

/**
 * Health from a cheap probe (never an LLM call), cached for `ttlMs`. Concurrent callers share one
 * probe in flight, so a burst of health checks costs the upstream a single request.
 */
export class CachedHealth {
  private last: ProviderHealth | undefined;
  private inflight: Promise<ProviderHealth> | undefined;

  constructor(
    private readonly probe: () => Promise<void>,
    private readonly clock: Clock,
    private readonly ttlMs = HEALTH_TTL_MS,
  ) {}

  get(): Promise<ProviderHealth> {
    if (this.last && this.clock.now() - this.last.checkedAt < this.ttlMs) return Promise.resolve(this.last);
    this.inflight ??= this.measure().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async measure(): Promise<ProviderHealth> {
    try {
      await this.probe();
      this.last = { status: 'up', checkedAt: this.clock.now() };
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      this.last = { status: 'down', detail, checkedAt: this.clock.now() };
    }
    return this.last;
  }
}
