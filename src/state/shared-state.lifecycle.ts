import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { RedisSharedState } from './redis-shared-state.js';
import { SHARED_STATE, type SharedState } from './shared-state.types.js';

/**
 * Closes the Redis connections at shutdown. They are opened by the provider's factory (see
 * `openSharedState`), so that every service finds them connected when it starts.
 */
@Injectable()
export class SharedStateLifecycle implements OnApplicationShutdown {
  constructor(@Inject(SHARED_STATE) private readonly state: SharedState) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.state.kind === 'redis') await (this.state as RedisSharedState).close();
  }
}
