import type { Redis } from 'ioredis';
import type { MapChange, SharedMaps, VersionedMap } from './shared-state.types.js';

/*
 * A map is one hash: field `v` holds the version, `e:<name>` each entry. A change is one script,
 * so the version it takes and the entries it leaves can never interleave with another change.
 */

/**
 * KEYS[1] the hash; ARGV: clear all ('1' or '0'), ttl ms, number of sets n, number of raises m,
 * entries to keep (0: no bound), number of entries always kept a, the floor's name ('' for none),
 * n name/value pairs, m name/number pairs, a names always kept, names to clear.
 */
const CHANGE_SCRIPT = `
if ARGV[1] == '1' then
  local version = redis.call('HGET', KEYS[1], 'v')
  redis.call('DEL', KEYS[1])
  if version then redis.call('HSET', KEYS[1], 'v', version) end
end
local sets = 8
local floor = ARGV[7]
local raises = sets + 2 * tonumber(ARGV[3])
local always = raises + 2 * tonumber(ARGV[4])
local clears = always + tonumber(ARGV[6])
for i = clears, #ARGV do redis.call('HDEL', KEYS[1], 'e:' .. ARGV[i]) end
for i = sets, raises - 1, 2 do redis.call('HSET', KEYS[1], 'e:' .. ARGV[i], ARGV[i + 1]) end
for i = raises, always - 1, 2 do
  local held = tonumber(redis.call('HGET', KEYS[1], 'e:' .. ARGV[i]))
  if not held or held < tonumber(ARGV[i + 1]) then redis.call('HSET', KEYS[1], 'e:' .. ARGV[i], ARGV[i + 1]) end
end
redis.call('HINCRBY', KEYS[1], 'v', 1)
local keep = tonumber(ARGV[5])
if keep > 0 and redis.call('HLEN', KEYS[1]) > keep + 1 then
  local spared = {}
  for i = always, clears - 1 do spared['e:' .. ARGV[i]] = true end
  if floor ~= '' then
    spared['e:' .. floor] = true
    -- A floor about to be made takes a place of its own.
    if redis.call('HEXISTS', KEYS[1], 'e:' .. floor) == 0 then keep = keep - 1 end
  end
  local flat = redis.call('HGETALL', KEYS[1])
  local others = {}
  for i = 1, #flat, 2 do
    if flat[i] ~= 'v' then
      if spared[flat[i]] then keep = keep - 1
      else others[#others + 1] = { flat[i], tonumber(flat[i + 1]) or -math.huge } end
    end
  end
  table.sort(others, function(a, b) return a[2] > b[2] end)
  local highest = nil
  for i = math.max(keep, 0) + 1, #others do
    redis.call('HDEL', KEYS[1], others[i][1])
    if highest == nil or others[i][2] > highest then highest = others[i][2] end
  end
  if floor ~= '' and highest ~= nil and highest > -math.huge then
    local held = tonumber(redis.call('HGET', KEYS[1], 'e:' .. floor))
    if not held or held < highest then redis.call('HSET', KEYS[1], 'e:' .. floor, string.format('%.17g', highest)) end
  end
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return redis.call('HGETALL', KEYS[1])
`;

interface MapCommands {
  switchyardMapChange(key: string, ...args: string[]): Promise<string[]>;
}

/** Registers the script on a client (sent once, then called by its hash). */
export function defineMapCommands(client: Redis): void {
  client.defineCommand('switchyardMapChange', { numberOfKeys: 1, lua: CHANGE_SCRIPT });
}

function toMap(flat: readonly string[]): VersionedMap {
  const map: VersionedMap = { version: 0, entries: {} };
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const [field, value] = [flat[i], flat[i + 1]];
    if (field === 'v') map.version = Number(value);
    else if (field.startsWith('e:')) map.entries[field.slice(2)] = value;
  }
  return map;
}

/** Versioned maps in Redis; keys are prefixed by the client. */
export class RedisMaps implements SharedMaps {
  private readonly commands: MapCommands;

  constructor(private readonly client: Redis) {
    this.commands = client as unknown as MapCommands;
  }

  async change(key: string, change: MapChange, ttlMs: number): Promise<VersionedMap> {
    const sets = Object.entries(change.set ?? {});
    const raises = Object.entries(change.raise ?? {}).map(([field, at]) => [field, String(at)]);
    const always = change.keepNewest?.always ?? [];
    const args = [
      change.clearAll ? '1' : '0',
      String(Math.max(1, Math.ceil(ttlMs))),
      String(sets.length),
      String(raises.length),
      String(change.keepNewest?.count ?? 0),
      String(always.length),
      change.keepNewest?.floor ?? '',
      ...sets.flat(),
      ...raises.flat(),
      ...always,
      ...(change.clear ?? []),
    ];
    return toMap(await this.commands.switchyardMapChange(`map:${key}`, ...args));
  }

  async read(key: string): Promise<VersionedMap> {
    const hash = await this.client.hgetall(`map:${key}`);
    return toMap(Object.entries(hash).flat());
  }
}
