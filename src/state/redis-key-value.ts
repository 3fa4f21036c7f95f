import type { Redis } from 'ioredis';
import type { SharedKeyValue } from './shared-state.types.js';

const ttl = (ms: number) => Math.max(1, Math.ceil(ms));

/** Expiring strings in Redis; keys are prefixed by the client. Redis's own memory policy bounds the size. */
export class RedisKeyValue implements SharedKeyValue {
  constructor(private readonly client: Redis) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.client.get(`kv:${key}`)) ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.client.set(`kv:${key}`, value, 'PX', ttl(ttlMs));
  }

  /** SET NX: the server decides which of several instances took the lease. */
  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.client.set(`kv:${key}`, value, 'PX', ttl(ttlMs), 'NX')) === 'OK';
  }

  async delete(key: string): Promise<void> {
    await this.client.del(`kv:${key}`);
  }
}
