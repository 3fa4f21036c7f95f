interface Slice {
  index: number;
  total: number;
  failed: number;
}

/**
 * Outcomes of the last `windowMs`, counted in `slices` equal time slices so that memory stays
 * constant under any load. An outcome leaves the window once its whole slice is older than
 * `windowMs`, i.e. between (1 - 1/slices)·windowMs and windowMs after it happened.
 */
export class OutcomeWindow {
  private readonly sliceMs: number;
  private slices: Slice[] = [];

  constructor(
    windowMs: number,
    private readonly count = 10,
  ) {
    this.sliceMs = Math.max(1, windowMs / count);
  }

  record(at: number, failed: boolean): void {
    const index = Math.floor(at / this.sliceMs);
    this.prune(index);
    let last = this.slices[this.slices.length - 1];
    if (last?.index !== index) {
      last = { index, total: 0, failed: 0 };
      this.slices.push(last);
    }
    last.total += 1;
    if (failed) last.failed += 1;
  }

  totals(at: number): { total: number; failed: number } {
    this.prune(Math.floor(at / this.sliceMs));
    let total = 0;
    let failed = 0;
    for (const slice of this.slices) {
      total += slice.total;
      failed += slice.failed;
    }
    return { total, failed };
  }

  clear(): void {
    this.slices = [];
  }

  private prune(currentIndex: number): void {
    const oldest = currentIndex - this.count + 1;
    if (this.slices.length > 0 && this.slices[0].index < oldest) {
      this.slices = this.slices.filter((s) => s.index >= oldest);
    }
  }
}
