import type { Redis } from 'ioredis';
import type { InstanceDirectory, InstanceEntry } from './instance-directory.js';

const INDEX = 'instances';
const entryKey = (id: string) => `instance:${id}`;

function parseEntry(raw: string | null): InstanceEntry | undefined {
  if (raw === null) return undefined;
  try {
    const entry = JSON.parse(raw) as InstanceEntry;
    return typeof entry.id === 'string' ? entry : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Each instance's entry is a key that expires on its own, and a sorted set indexes the ids by
 * expiry so listing needs no key scan; expired ids are trimmed from the index as instances announce.
 */
export class RedisInstanceDirectory implements InstanceDirectory {
  constructor(
    private readonly client: Redis,
    private readonly now: () => number,
  ) {}

  async announce(entry: InstanceEntry, ttlMs: number): Promise<void> {
    const now = this.now();
    await this.client
      .multi()
      .set(entryKey(entry.id), JSON.stringify(entry), 'PX', ttlMs)
      .zadd(INDEX, now + ttlMs, entry.id)
      .zremrangebyscore(INDEX, '-inf', now)
      .exec();
  }

  async list(): Promise<InstanceEntry[]> {
    const ids = await this.client.zrangebyscore(INDEX, this.now(), '+inf');
    if (ids.length === 0) return [];
    const raw = await this.client.mget(...ids.map(entryKey));
    return raw
      .map(parseEntry)
      .filter((e): e is InstanceEntry => e !== undefined)
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  async withdraw(id: string): Promise<void> {
    await this.client.multi().del(entryKey(id)).zrem(INDEX, id).exec();
  }
}
