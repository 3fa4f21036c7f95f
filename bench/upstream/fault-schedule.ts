export type Fault = 'none' | 'error' | 'reset';

/**
 * Picks exactly ⌊n·rate⌋ of the first n calls, spread evenly, so even a one-second run sees the
 * planned share and two runs see the same faults.
 */
export class EvenSchedule {
  private calls = 0;

  constructor(private readonly rate: number) {}

  next(): boolean {
    const before = Math.floor(this.calls * this.rate);
    this.calls += 1;
    return Math.floor(this.calls * this.rate) > before;
  }
}

/** Decides each request's fault; errors and resets never fall on the same call. */
export class FaultSchedule {
  private readonly faulty: EvenSchedule;
  private readonly resetShare: EvenSchedule;

  constructor(errorRate: number, resetRate: number) {
    const total = errorRate + resetRate;
    this.faulty = new EvenSchedule(total);
    this.resetShare = new EvenSchedule(total === 0 ? 0 : resetRate / total);
  }

  next(): Fault {
    if (!this.faulty.next()) return 'none';
    return this.resetShare.next() ? 'reset' : 'error';
  }
}
