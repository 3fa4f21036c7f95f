import { cpuMicrosBetween, schedstatRunNanos, statTicks, type CpuReading } from './cpu-clock.js';

const reading = (entries: [number, number][]): CpuReading => ({ clock: 'schedstat', nanos: new Map(entries) });

describe('a thread’s run time read from its schedstat line', () => {
  it('is the first of the three fields, in ns', () => {
    expect(schedstatRunNanos('1534218760 20374010 812\n')).toBe(1_534_218_760);
  });

  it('is zero on a kernel that keeps no scheduler statistics (it writes "0 0 0")', () => {
    expect(schedstatRunNanos('0 0 0\n')).toBe(0);
  });

  it('is unknown when the text is not a schedstat line', () => {
    expect(schedstatRunNanos('')).toBeUndefined();
    expect(schedstatRunNanos('1534218760 20374010\n')).toBeUndefined();
    expect(schedstatRunNanos('12 ab 3\n')).toBeUndefined();
  });
});

describe('a process’s CPU ticks read from its stat line', () => {
  it('adds user and system time, whatever spaces and parentheses the command name holds', () => {
    const line = '4242 (node (worker) x) S 1 4242 4242 0 -1 4194560 2076 0 0 0 731 95 0 0 20 0 11 0 5010 0 0';
    expect(statTicks(line)).toBe(731 + 95);
  });
});

describe('CPU time between two readings of a process tree', () => {
  it('adds what each thread ran in between, in µs', () => {
    const before = reading([
      [10, 5_000_000],
      [11, 1_000_000],
    ]);
    const after = reading([
      [10, 7_500_000],
      [11, 1_250_000],
    ]);
    expect(cpuMicrosBetween(before, after)).toBe(2_750);
  });

  it('counts a thread started in between from zero', () => {
    expect(
      cpuMicrosBetween(
        reading([[10, 5_000_000]]),
        reading([
          [10, 6_000_000],
          [12, 400_000],
        ]),
      ),
    ).toBe(1_400);
  });

  it('leaves out a thread that ended in between rather than subtracting its whole life', () => {
    const before = reading([
      [10, 5_000_000],
      [13, 90_000_000],
    ]);
    expect(cpuMicrosBetween(before, reading([[10, 6_000_000]]))).toBe(1_000);
  });
});
