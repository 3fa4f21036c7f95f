import { Logger } from '@nestjs/common';
import type { Clock } from '#src/core/clock.js';
import type { AppEnv } from '#src/config/gateway-config.types.js';
import { MemorySharedState } from './memory-shared-state.js';
import type { SharedState } from './shared-state.types.js';

/**
 * Redis when `REDIS_URL` is set, process memory otherwise. Waits a bounded time for Redis, so the
 * services that read shared state at start find it connected; an unreachable Redis delays the
 * start by that bound and the instance starts degraded. The Redis client is loaded only then, so a
 * single instance never pays its memory.
 */
export async function openSharedState(env: AppEnv, clock: Clock): Promise<SharedState> {
  if (env.redisUrl === undefined) return new MemorySharedState(clock);
  const { RedisSharedState } = await import('./redis-shared-state.js');
  const logger = new Logger('SharedState');
  const state = new RedisSharedState({
    url: env.redisUrl,
    prefix: env.redisPrefix,
    deadlineMs: env.redisDeadlineMs,
    clock,
    warn: (message) => logger.warn(message),
    info: (message) => logger.log(message),
  });
  await state.connect();
  if (state.health() === 'up') logger.log(`Shared state in Redis (key prefix ${env.redisPrefix})`);
  return state;
}
