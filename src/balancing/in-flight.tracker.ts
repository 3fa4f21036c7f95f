/** What `least_busy` reads: calls currently running per target key. */
export interface InFlightCounts {
  count(key: string): number;
}

/** Calls currently running per target key, counted by the pipeline around each upstream call. */
export class InFlightTracker implements InFlightCounts {
  private readonly counts = new Map<string, number>();

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** Counts one call in; the returned function counts it out and does nothing when called again. */
  acquire(key: string): () => void {
    this.counts.set(key, this.count(key) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(key);
    };
  }

  /** Counts one call out; never below zero, so a stray release cannot make a target look idler than idle. */
  release(key: string): void {
    const left = this.count(key) - 1;
    if (left > 0) this.counts.set(key, left);
    else this.counts.delete(key);
  }
}
