import { median } from '../stats/summary.js';

/** Resident sets right after start, before any load, MB: the gateway's, the other builds', the yardsticks'. */
export interface IdleRssMb {
  gateway: number;
  /** The `--baseline` build's, if it runs: idle memory before/after from one run. */
  baseline?: number;
  /** The second process of the baseline build (`--control`), if it runs. */
  control?: number;
  /** The JSON-aware proxy's. */
  bare: number;
  pipe: number;
}

/** Each process's median over the blocks, every block having started its own. */
export function medianIdleRss(blocks: readonly IdleRssMb[]): IdleRssMb {
  const of = (key: keyof IdleRssMb) => median(blocks.map((b) => b[key]));
  return {
    gateway: of('gateway') ?? Number.NaN,
    baseline: of('baseline'),
    control: of('control'),
    bare: of('bare') ?? Number.NaN,
    pipe: of('pipe') ?? Number.NaN,
  };
}
