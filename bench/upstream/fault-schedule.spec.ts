import { EvenSchedule, FaultSchedule } from './fault-schedule.js';

const take = <T>(n: number, next: () => T): T[] => Array.from({ length: n }, next);

describe('fault schedules', () => {
  it('picks exactly one call in ten at a 10% rate, spread evenly', () => {
    const schedule = new EvenSchedule(0.1);
    const picked = take(100, () => schedule.next())
      .map((hit, i) => (hit ? i : -1))
      .filter((i) => i >= 0);
    expect(picked).toEqual([9, 19, 29, 39, 49, 59, 69, 79, 89, 99]);
  });

  it('never faults at rate 0', () => {
    const schedule = new FaultSchedule(0, 0);
    expect(take(1000, () => schedule.next()).every((f) => f === 'none')).toBe(true);
  });

  it('splits a 5% + 5% plan into as many errors as resets, never on the same call', () => {
    const schedule = new FaultSchedule(0.05, 0.05);
    const faults = take(1000, () => schedule.next());
    expect(faults.filter((f) => f === 'error')).toHaveLength(50);
    expect(faults.filter((f) => f === 'reset')).toHaveLength(50);
  });
});
