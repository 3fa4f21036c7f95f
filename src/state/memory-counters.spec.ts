import { ManualClock } from '../../test/factories/manual-clock.js';
import { MemoryCounters } from './memory-counters.js';

/** A manual clock that counts its readings, of either kind. */
class CountingClock extends ManualClock {
  readings = 0;

  override now(): number {
    this.readings += 1;
    return super.now();
  }

  override monotonic(): number {
    this.readings += 1;
    return super.monotonic();
  }
}

describe('MemoryCounters', () => {
  it('seeds a counter again after it was unseeded, and leaves unseeded counters alone', () => {
    const counters = new MemoryCounters(new ManualClock(), 10);
    counters.add('plain', 2, 60_000);
    const first = counters.seedThenAddWithin('budget', 5, 1, 10, 60_000);
    counters.unseed('budget');
    counters.unseed('plain');
    expect(counters.addWithinSeeded('budget', 1, 10)).toBeUndefined();
    expect(counters.addToSeeding('budget', first.seeding, 3)).toBe(false);
    expect(counters.seedThenAddWithin('budget', 8, 1, 10, 60_000)).toMatchObject({ value: 9 });
    expect(counters.read('plain').value).toBe(2);
  });

  it('beyond its bound forgets the oldest counter made, whose window then starts again', () => {
    const counters = new MemoryCounters(new ManualClock(), 3);
    for (const key of ['a', 'b', 'c']) counters.add(key, 1, 60_000);
    counters.add('a', 1, 60_000);
    counters.add('d', 1, 60_000);
    expect(counters.read('a')).toEqual({ value: 0, ttlMs: 0 });
    expect(counters.read('b').value).toBe(1);
    expect(counters.read('d').value).toBe(1);
  });

  it('makes room from expired counters before it forgets a live one', () => {
    const clock = new ManualClock();
    const counters = new MemoryCounters(clock, 3);
    counters.add('hour', 1, 3_600_000);
    counters.add('second-1', 1, 1_000);
    counters.add('second-2', 1, 1_000);
    clock.advance(60_000);
    counters.add('d', 1, 60_000);
    counters.add('e', 1, 60_000);
    expect(counters.read('hour')).toEqual({ value: 1, ttlMs: 3_540_000 });
  });

  it('starts an expired counter afresh with its new window', () => {
    const clock = new ManualClock();
    const counters = new MemoryCounters(clock, 3);
    expect(counters.addWithin('rpm', 2, 2, 1_000).admitted).toBe(true);
    expect(counters.addWithin('rpm', 1, 2, 1_000).admitted).toBe(false);
    clock.advance(1_000);
    expect(counters.addWithin('rpm', 1, 2, 5_000)).toEqual({ admitted: true, value: 1, ttlMs: 5_000 });
  });

  it('adds nothing to a counter to be seeded until it is, then counts from the first seed only', () => {
    const counters = new MemoryCounters(new ManualClock(), 3);
    expect(counters.addWithinSeeded('budget', 1, 10)).toBeUndefined();
    expect(counters.read('budget')).toEqual({ value: 0, ttlMs: 0 });
    const seeded = counters.seedThenAddWithin('budget', 5, 1, 10, 1_000);
    expect(seeded).toEqual({
      admitted: true,
      value: 6,
      ttlMs: 1_000,
      seeding: expect.stringMatching(/^local:\d+:1$/) as string,
    });
    expect(counters.seedThenAddWithin('budget', 5, 1, 10, 1_000)).toEqual({ ...seeded, value: 7 });
    expect(counters.addWithinSeeded('budget', 4, 10)).toMatchObject({ admitted: false, value: 7 });
  });

  it('has a counter unseeded again once it expired or was dropped, out of reach of its old settlements', () => {
    const clock = new ManualClock();
    const counters = new MemoryCounters(clock, 2);
    const first = counters.seedThenAddWithin('budget', 5, 1, 10, 1_000);
    expect(counters.addToSeeding('budget', first.seeding, -1)).toBe(true);
    clock.advance(1_000);
    expect(counters.addWithinSeeded('budget', 1, 10)).toBeUndefined();
    expect(counters.addToSeeding('budget', first.seeding, 3)).toBe(false);
    const again = counters.seedThenAddWithin('budget', 2, 1, 10, 1_000);
    expect(again.seeding).not.toBe(first.seeding);
    counters.add('a', 1, 60_000);
    counters.add('b', 1, 60_000);
    expect(counters.addWithinSeeded('budget', 1, 10)).toBeUndefined();
    expect(counters.addToSeeding('budget', again.seeding, 3)).toBe(false);
  });

  it('gives back no further than zero, and leaves an absent counter absent', () => {
    const clock = new ManualClock();
    const counters = new MemoryCounters(clock, 10);
    counters.addWithin('places', 1, 2, 60_000);
    counters.giveBack('places', 1);
    counters.giveBack('places', 1);
    expect(counters.read('places').value).toBe(0);
    expect(counters.addWithin('places', 1, 1, 60_000).admitted).toBe(true);
    expect(counters.addWithin('places', 1, 1, 60_000).admitted).toBe(false);
    counters.giveBack('never-taken', 1);
    expect(counters.read('never-taken')).toEqual({ value: 0, ttlMs: 0 });
  });

  it('reads an expired counter as zero', () => {
    const clock = new ManualClock();
    const counters = new MemoryCounters(clock, 3);
    counters.add('rpm', 2, 1_000);
    clock.advance(1_000);
    expect(counters.read('rpm')).toEqual({ value: 0, ttlMs: 0 });
  });

  it("goes by the caller's reading of the clock when given one, and reads none itself", () => {
    const clock = new CountingClock();
    const counters = new MemoryCounters(clock, 3);
    const at = clock.now();
    const readingsBefore = clock.readings;
    expect(counters.addWithin('rpm', 1, 5, 1_000, at)).toEqual({ admitted: true, value: 1, ttlMs: 1_000 });
    expect(counters.add('rpm', 1, 1_000, at + 400)).toEqual({ value: 2, ttlMs: 600 });
    expect(counters.read('rpm', at + 1_000)).toEqual({ value: 0, ttlMs: 0 });
    expect(clock.readings).toBe(readingsBefore);
  });

  it('reads a missing counter as zero without reading the clock', () => {
    const clock = new CountingClock();
    const counters = new MemoryCounters(clock, 3);
    const readingsBefore = clock.readings;
    expect(counters.read('concurrency:previous-hour')).toEqual({ value: 0, ttlMs: 0 });
    expect(clock.readings).toBe(readingsBefore);
  });

  it('keeps places held across the sweep that drops keys holding none, and gives each back once', () => {
    const clock = new ManualClock();
    const counters = new MemoryCounters(clock, 10);
    const first = counters.takePlace('held', 2);
    counters.takePlace('held', 2);
    const idle = counters.takePlace('idle', 1);
    counters.leavePlace('idle', idle);
    clock.advance(60_000);
    // A key's first place since the last sweep is when the next one runs: 'idle' goes, 'held' stays.
    expect(counters.takePlace('other', 1).admitted).toBe(true);
    expect(counters.takePlace('held', 2).admitted).toBe(false);
    counters.leavePlace('held', first);
    expect(counters.takePlace('held', 2).admitted).toBe(true);
    expect(counters.takePlace('idle', 1).admitted).toBe(true);
    expect(counters.takePlace('idle', 1).admitted).toBe(false);
    // Given back once more than taken, or by a refusal, a key at zero stays at zero: no spare place.
    counters.leavePlace('idle', idle);
    counters.leavePlace('idle', idle);
    counters.leavePlace('idle', { admitted: false, id: '' });
    expect(counters.takePlace('idle', 1).admitted).toBe(true);
    expect(counters.takePlace('idle', 1).admitted).toBe(false);
  });
});
