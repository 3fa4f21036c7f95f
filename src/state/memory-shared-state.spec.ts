import { ManualClock } from '../../test/factories/manual-clock.js';
import { MemorySharedState } from './memory-shared-state.js';

describe('MemorySharedState', () => {
  const setup = () => {
    const clock = new ManualClock();
    return { clock, state: new MemorySharedState(clock, { maxCounters: 3, maxValueBytes: 40 }) };
  };

  it('counts within a window that starts at the first addition and restarts after it ends', async () => {
    const { clock, state } = setup();
    await state.counters.add('rpm', 1, 60_000);
    clock.advance(59_000);
    expect(await state.counters.add('rpm', 2, 60_000)).toEqual({ value: 3, ttlMs: 1_000 });
    clock.advance(1_000);
    expect(await state.counters.read('rpm')).toEqual({ value: 0, ttlMs: 0 });
    expect(await state.counters.add('rpm', 1, 60_000)).toEqual({ value: 1, ttlMs: 60_000 });
  });

  it('admits an addition only while it stays within the limit', async () => {
    const { state } = setup();
    const admitted = [];
    for (let i = 0; i < 4; i++) admitted.push((await state.counters.addWithin('c', 1, 3, 1_000)).admitted);
    expect(admitted).toEqual([true, true, true, false]);
    expect((await state.counters.read('c')).value).toBe(3);
    await state.counters.add('c', -1, 1_000);
    expect((await state.counters.addWithin('c', 1, 3, 1_000)).admitted).toBe(true);
  });

  it('keeps values until their expiry and takes a lease only once', async () => {
    const { clock, state } = setup();
    expect(await state.kv.setIfAbsent('probe', 'a', 500)).toBe(true);
    expect(await state.kv.setIfAbsent('probe', 'b', 500)).toBe(false);
    expect(await state.kv.get('probe')).toBe('a');
    clock.advance(500);
    expect(await state.kv.get('probe')).toBeUndefined();
    expect(await state.kv.setIfAbsent('probe', 'b', 500)).toBe(true);
  });

  it('deletes a value only while it is the one given, so a holder gives back no lease but its own', async () => {
    const { clock, state } = setup();
    await state.kv.set('probe', 'a:1', 500);
    expect(await state.kv.deleteIfEquals('probe', 'a:2')).toBe(false);
    expect(await state.kv.get('probe')).toBe('a:1');
    expect(await state.kv.deleteIfEquals('probe', 'a:1')).toBe(true);
    expect(await state.kv.get('probe')).toBeUndefined();
    await state.kv.set('probe', 'a:1', 500);
    clock.advance(500);
    expect(await state.kv.deleteIfEquals('probe', 'a:1')).toBe(false);
  });

  it('evicts the least recently used values beyond its byte bound', async () => {
    const { state } = setup();
    await state.kv.set('k1', 'x'.repeat(15), 10_000);
    await state.kv.set('k2', 'y'.repeat(15), 10_000);
    await state.kv.get('k1');
    await state.kv.set('k3', 'z'.repeat(15), 10_000);
    expect(await state.kv.get('k1')).toBe('x'.repeat(15));
    expect(await state.kv.get('k2')).toBeUndefined();
  });

  it('delivers published messages to every subscriber after the publisher returns', async () => {
    const { state } = setup();
    const seen: string[] = [];
    const stop = state.bus.subscribe('weights', (m) => seen.push(m));
    await state.bus.publish('weights', 'v1');
    expect(seen).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    stop();
    await state.bus.publish('weights', 'v2');
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['v1']);
  });

  it('numbers each change to a map, clears before it sets, and forgets the map when it expires', async () => {
    const { clock, state } = setup();
    expect(await state.maps.change('m', { set: { a: '1', b: '2' } }, 1_000)).toEqual({
      version: 1,
      entries: { a: '1', b: '2' },
    });
    expect(await state.maps.change('m', { clear: ['a'], set: { c: '3' } }, 1_000)).toEqual({
      version: 2,
      entries: { b: '2', c: '3' },
    });
    expect(await state.maps.change('m', { clearAll: true, set: { d: '4' } }, 1_000)).toEqual({
      version: 3,
      entries: { d: '4' },
    });
    clock.advance(1_000);
    expect(await state.maps.read('m')).toEqual({ version: 0, entries: {} });
  });

  it('raises a map entry only to a larger number', async () => {
    const { state } = setup();
    await state.maps.change('marks', { raise: { x: 200 } }, 1_000);
    expect((await state.maps.change('marks', { raise: { x: 100, y: 7 } }, 1_000)).entries).toEqual({
      x: '200',
      y: '7',
    });
  });
});
