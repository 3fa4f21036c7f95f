import type { Redis } from 'ioredis';
import type { Admission, CounterReading, SharedCounters } from './shared-state.types.js';

/**
 * One round trip that reads, checks and adds: atomic on the server, so two instances admitting at
 * the same moment can never both take the last unit. A counter without expiry counts as absent.
 * KEYS[1] the counter; ARGV: by, limit ('' for none), window ms. Answers {admitted, value, ttl ms}.
 */
const COUNT_SCRIPT = `
local ttl = redis.call('PTTL', KEYS[1])
local value = 0
if ttl > 0 then value = tonumber(redis.call('GET', KEYS[1])) or 0 else ttl = tonumber(ARGV[3]) end
local by = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
if limit ~= nil and value + by > limit then return {0, string.format('%.17g', value), ttl} end
value = value + by
redis.call('SET', KEYS[1], string.format('%.17g', value), 'PX', ttl)
return {1, string.format('%.17g', value), ttl}
`;

/** The value and remaining window in one look, so they belong together. */
const READ_SCRIPT = `
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then return {'0', 0} end
return {redis.call('GET', KEYS[1]) or '0', ttl}
`;

interface CounterCommands {
  switchyardCount(key: string, by: string, limit: string, ttlMs: string): Promise<[number, string, number]>;
  switchyardRead(key: string): Promise<[string, number]>;
}

/** Registers the scripts on a client (sent once, then called by their hash). */
export function defineCounterCommands(client: Redis): void {
  client.defineCommand('switchyardCount', { numberOfKeys: 1, lua: COUNT_SCRIPT });
  client.defineCommand('switchyardRead', { numberOfKeys: 1, lua: READ_SCRIPT });
}

/** Windowed counters in Redis; keys are prefixed by the client. */
export class RedisCounters implements SharedCounters {
  private readonly commands: CounterCommands;

  constructor(client: Redis) {
    this.commands = client as unknown as CounterCommands;
  }

  async add(key: string, by: number, ttlMs: number): Promise<CounterReading> {
    const { value, ttlMs: left } = await this.count(key, by, '', ttlMs);
    return { value, ttlMs: left };
  }

  addWithin(key: string, by: number, limit: number, ttlMs: number): Promise<Admission> {
    return this.count(key, by, String(limit), ttlMs);
  }

  async read(key: string): Promise<CounterReading> {
    const [value, ttlMs] = await this.commands.switchyardRead(`counter:${key}`);
    return { value: Number(value), ttlMs };
  }

  private async count(key: string, by: number, limit: string, ttlMs: number): Promise<Admission> {
    const window = String(Math.max(1, Math.ceil(ttlMs)));
    const [admitted, value, ttl] = await this.commands.switchyardCount(`counter:${key}`, String(by), limit, window);
    return { admitted: admitted === 1, value: Number(value), ttlMs: ttl };
  }
}
