import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { definePlaceCommands, type RedisPlaces } from './redis-places.js';
import type { Admission, CounterReading, PlaceTaken, SeededAdmission, SharedCounters } from './shared-state.types.js';

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

/**
 * Takes back from a counter, never below 0, in one atomic step: a count that Redis lost and that
 * other instances have counted on since is not taken below what they counted. A counter without
 * expiry counts as absent and is left so. KEYS[1] the counter; ARGV[1] the amount.
 */
const GIVE_BACK_SCRIPT = `
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then return 0 end
local value = math.max(0, (tonumber(redis.call('GET', KEYS[1])) or 0) - tonumber(ARGV[1]))
redis.call('SET', KEYS[1], string.format('%.17g', value), 'PX', ttl)
return 1
`;

/** The value and remaining window in one look, so they belong together. */
const READ_SCRIPT = `
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then return {'0', 0} end
return {redis.call('GET', KEYS[1]) or '0', ttl}
`;

/**
 * A seeded counter is a hash of its value and its seeding, so the store loses (or expires) both
 * together: a counter that is gone is unseeded. Seeding it (when `seed` is given and it is
 * unseeded), checking and adding are one atomic step. Each seeding call brings a name of its own,
 * used when it is the one that seeds: a counter lost and seeded again gets another name. (Made by
 * the caller, as a script that reads the server's clock may not write on Redis before 5.)
 * KEYS[1] the counter; ARGV: by, limit, seed, window ms and seeding name ('' for no seeding).
 * Answers {admitted, value, ttl ms, seeding}; seeding '' when unseeded (nothing added).
 */
const SEEDED_COUNT_SCRIPT = `
local seeding = redis.call('HGET', KEYS[1], 'seeding')
if not seeding then
  if ARGV[3] == '' then return {0, '0', 0, ''} end
  seeding = ARGV[5]
  redis.call('HSET', KEYS[1], 'value', ARGV[3], 'seeding', seeding)
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
local value = tonumber(redis.call('HGET', KEYS[1], 'value'))
local by = tonumber(ARGV[1])
local admitted = 0
if value + by <= tonumber(ARGV[2]) then
  value = value + by
  redis.call('HSET', KEYS[1], 'value', string.format('%.17g', value))
  admitted = 1
end
return {admitted, string.format('%.17g', value), redis.call('PTTL', KEYS[1]), seeding}
`;

/** Adds to a seeded counter only while it is in the seeding named. KEYS[1]; ARGV: by, seeding. */
const SEEDING_ADD_SCRIPT = `
if redis.call('HGET', KEYS[1], 'seeding') ~= ARGV[2] then return 0 end
redis.call('HINCRBYFLOAT', KEYS[1], 'value', ARGV[1])
return 1
`;

interface CounterCommands {
  switchyardCount(key: string, by: string, limit: string, ttlMs: string): Promise<[number, string, number]>;
  switchyardGiveBack(key: string, by: string): Promise<number>;
  switchyardRead(key: string): Promise<[string, number]>;
  switchyardSeededCount(
    key: string,
    by: string,
    limit: string,
    seed: string,
    ttlMs: string,
    seeding: string,
  ): Promise<[number, string, number, string]>;
  switchyardSeedingAdd(key: string, by: string, seeding: string): Promise<number>;
}

/** Registers the scripts on a client (sent once, then called by their hash). */
export function defineCounterCommands(client: Redis): void {
  client.defineCommand('switchyardCount', { numberOfKeys: 1, lua: COUNT_SCRIPT });
  client.defineCommand('switchyardGiveBack', { numberOfKeys: 1, lua: GIVE_BACK_SCRIPT });
  client.defineCommand('switchyardRead', { numberOfKeys: 1, lua: READ_SCRIPT });
  client.defineCommand('switchyardSeededCount', { numberOfKeys: 1, lua: SEEDED_COUNT_SCRIPT });
  client.defineCommand('switchyardSeedingAdd', { numberOfKeys: 1, lua: SEEDING_ADD_SCRIPT });
  definePlaceCommands(client);
}

const window = (ttlMs: number) => String(Math.max(1, Math.ceil(ttlMs)));

/** Windowed counters in Redis; keys are prefixed by the client. */
export class RedisCounters implements SharedCounters {
  private readonly commands: CounterCommands;

  constructor(
    private readonly client: Redis,
    private readonly places: RedisPlaces,
  ) {
    this.commands = client as unknown as CounterCommands;
  }

  async add(key: string, by: number, ttlMs: number): Promise<CounterReading> {
    const { value, ttlMs: left } = await this.count(key, by, '', ttlMs);
    return { value, ttlMs: left };
  }

  addWithin(key: string, by: number, limit: number, ttlMs: number): Promise<Admission> {
    return this.count(key, by, String(limit), ttlMs);
  }

  async giveBack(key: string, by: number): Promise<void> {
    await this.commands.switchyardGiveBack(`counter:${key}`, String(by));
  }

  takePlace(key: string, max: number): Promise<PlaceTaken> {
    return this.places.take(key, max);
  }

  leavePlace(key: string, taken: PlaceTaken): Promise<void> {
    return this.places.leave(key, taken);
  }

  async read(key: string): Promise<CounterReading> {
    const [value, ttlMs] = await this.commands.switchyardRead(`counter:${key}`);
    return { value: Number(value), ttlMs };
  }

  addWithinSeeded(key: string, by: number, limit: number): Promise<SeededAdmission | undefined> {
    return this.seededCount(key, by, limit, '', '', '');
  }

  async seedThenAddWithin(
    key: string,
    seed: number,
    by: number,
    limit: number,
    ttlMs: number,
  ): Promise<SeededAdmission> {
    const taken = await this.seededCount(key, by, limit, String(seed), window(ttlMs), randomUUID());
    if (taken === undefined) throw new Error(`counter ${key} was not seeded`);
    return taken;
  }

  async addToSeeding(key: string, seeding: string, by: number): Promise<boolean> {
    return (await this.commands.switchyardSeedingAdd(`seeded:${key}`, String(by), seeding)) === 1;
  }

  async unseed(key: string): Promise<void> {
    await this.client.del(`seeded:${key}`);
  }

  private async count(key: string, by: number, limit: string, ttlMs: number): Promise<Admission> {
    const [admitted, value, ttl] = await this.commands.switchyardCount(
      `counter:${key}`,
      String(by),
      limit,
      window(ttlMs),
    );
    return { admitted: admitted === 1, value: Number(value), ttlMs: ttl };
  }

  /** Separate keys from plain counters (`seeded:`), as they are of another Redis type. */
  private async seededCount(
    key: string,
    by: number,
    limit: number,
    seed: string,
    ttlMs: string,
    name: string,
  ): Promise<SeededAdmission | undefined> {
    const [admitted, value, ttl, seeding] = await this.commands.switchyardSeededCount(
      `seeded:${key}`,
      String(by),
      String(limit),
      seed,
      ttlMs,
      name,
    );
    if (seeding === '') return undefined;
    return { admitted: admitted === 1, value: Number(value), ttlMs: ttl, seeding };
  }
}
