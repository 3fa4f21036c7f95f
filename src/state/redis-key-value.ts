import type { Redis } from 'ioredis';
import type { SharedKeyValue } from './shared-state.types.js';

const ttl = (ms: number) => Math.max(1, Math.ceil(ms));

/** Reads and deletes in one step on the server. KEYS[1] the key; ARGV[1] the value it must hold. Answers 1 when deleted. */
const DELETE_IF_EQUALS_SCRIPT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`;

interface KeyValueCommands {
  switchyardDeleteIfEquals(key: string, value: string): Promise<number>;
}

/** Registers the script on a client (sent once, then called by its hash). */
export function defineKeyValueCommands(client: Redis): void {
  client.defineCommand('switchyardDeleteIfEquals', { numberOfKeys: 1, lua: DELETE_IF_EQUALS_SCRIPT });
}

/** Expiring strings in Redis; keys are prefixed by the client. Redis's own memory policy bounds the size. */
export class RedisKeyValue implements SharedKeyValue {
  private readonly commands: KeyValueCommands;

  constructor(private readonly client: Redis) {
    this.commands = client as unknown as KeyValueCommands;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.client.get(`kv:${key}`)) ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.client.set(`kv:${key}`, value, 'PX', ttl(ttlMs));
  }

  setShared(key: string, value: string, ttlMs: number): Promise<void> {
    return this.set(key, value, ttlMs);
  }

  /** SET NX: the server decides which of several instances took the lease. */
  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.client.set(`kv:${key}`, value, 'PX', ttl(ttlMs), 'NX')) === 'OK';
  }

  async delete(key: string): Promise<void> {
    await this.client.del(`kv:${key}`);
  }

  async deleteIfEquals(key: string, value: string): Promise<boolean> {
    return (await this.commands.switchyardDeleteIfEquals(`kv:${key}`, value)) === 1;
  }
}
