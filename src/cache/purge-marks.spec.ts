import { MemorySharedState } from '#src/state/memory-shared-state.js';
import { anAnswer } from '../../test/factories/cached-answer.factory.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import { PurgeMarks, SHARED_CLOCK_SKEW_MS } from './purge-marks.js';

describe('PurgeMarks', () => {
  it('keeps a purge of everything however many later purges of single keys follow it', async () => {
    const clock = new ManualClock();
    const marks = new PurgeMarks(new MemorySharedState(clock), clock);
    const older = anAnswer(clock.now());
    clock.advance(1);
    await marks.purge({ all: true });
    for (let n = 0; n < 1_000; n++) {
      clock.advance(1);
      await marks.purge({ scope: `key:other-${n}` });
    }
    expect(marks.covers(older)).toBe(true);
  });

  it('still hides what an old purge hid once a thousand later purges have pushed it out, here and on a new instance', async () => {
    const clock = new ManualClock();
    const state = new MemorySharedState(clock);
    const marks = new PurgeMarks(state, clock);
    const older = anAnswer(clock.now());
    clock.advance(1);
    await marks.purge({ scope: 'key:k1' });
    for (let n = 0; n < 1_005; n++) {
      clock.advance(1);
      await marks.purge({ scope: `key:other-${n}` });
    }
    const started = new PurgeMarks(state, clock);
    await started.load();
    expect([marks.covers(older), started.covers(older)]).toEqual([true, true]);
    expect(started.covers({ ...older, storedAt: clock.now() })).toBe(false);
  });

  it('hides an answer stored by an instance whose clock runs ahead, up to the allowed skew', async () => {
    const clock = new ManualClock();
    const marks = new PurgeMarks(new MemorySharedState(clock), clock, { skewMs: SHARED_CLOCK_SKEW_MS });
    // Asked just before the purge, on an instance whose clock is a second and a half ahead.
    const ahead = anAnswer(clock.now() + 1_500);
    await marks.purge({ model: 'gpt' });
    expect(marks.covers(ahead)).toBe(true);
    clock.advance(SHARED_CLOCK_SKEW_MS + 1);
    expect(marks.covers(anAnswer(clock.now()))).toBe(false);
  });

  it('keeps the shared marks to the newest thousand and the purge of everything', async () => {
    const clock = new ManualClock();
    const state = new MemorySharedState(clock);
    const marks = new PurgeMarks(state, clock);
    await marks.purge({ all: true });
    for (let n = 0; n < 1_005; n++) {
      clock.advance(1);
      await marks.purge({ scope: `key:other-${n}` });
    }
    const shared = Object.keys((await state.maps.read('cache-purges')).entries);
    expect(shared).toHaveLength(1_000);
    expect(shared).toEqual(expect.arrayContaining(['all', 'floor', 'scope:key:other-1004']));
    expect(shared).not.toContain('scope:key:other-5');
  });
});
