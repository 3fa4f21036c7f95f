import { quantile } from './accuracy.js';
import type { DecisionPath } from './decision-paths.js';

export interface DecisionTiming {
  name: string;
  decisions: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
  totalUs: number;
}

/** One path's p50, p99 and total time over an earlier path's, measured in the same rounds. */
export interface TimingRatio {
  path: string;
  over: string;
  p50: number;
  p99: number;
  total: number;
}

export interface PathComparison {
  paths: DecisionTiming[];
  /** Every path over every path given before it. */
  ratios: TimingRatio[];
}

/**
 * Times whole decisions (encode the text, score every route, apply the threshold) one by one,
 * `rounds` times over `texts` after one untimed warm-up round. The paths take turns on every text,
 * first one then the other on even rounds and the other way round on odd ones, so load on a
 * shared machine falls on both alike.
 */
export function comparePaths(paths: readonly DecisionPath[], texts: readonly string[], rounds: number): PathComparison {
  for (const path of paths) for (const text of texts) path.decide(text);
  const micros = paths.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    for (const text of texts) {
      for (let i = 0; i < paths.length; i++) {
        const p = round % 2 === 0 ? i : paths.length - 1 - i;
        const start = process.hrtime.bigint();
        paths[p].decide(text);
        micros[p].push(Number(process.hrtime.bigint() - start) / 1000);
      }
    }
  }
  const timings = paths.map((path, p) => summarise(path.name, micros[p]));
  const ratios = timings.flatMap((after, a) =>
    timings.slice(0, a).map((before) => ({
      path: after.name,
      over: before.name,
      p50: after.p50Us / before.p50Us,
      p99: after.p99Us / before.p99Us,
      total: after.totalUs / before.totalUs,
    })),
  );
  return { paths: timings, ratios };
}

function summarise(name: string, micros: readonly number[]): DecisionTiming {
  return {
    name,
    decisions: micros.length,
    p50Us: quantile(micros, 0.5),
    p99Us: quantile(micros, 0.99),
    maxUs: quantile(micros, 1),
    totalUs: micros.reduce((a, b) => a + b, 0),
  };
}
