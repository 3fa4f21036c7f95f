import type { SemanticRouter } from '../../src/routing/strategies/semantic/semantic-router.js';
import { quantile } from './accuracy.js';

export interface DecisionTiming {
  decisions: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

/**
 * Times whole decisions (encode the text, score every route, apply the threshold) one by one,
 * `rounds` times over `texts` after one untimed warm-up round.
 */
export function timeDecisions(router: SemanticRouter, texts: readonly string[], rounds: number): DecisionTiming {
  for (const text of texts) router.matchSync(text);
  const micros: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const text of texts) {
      const start = process.hrtime.bigint();
      router.matchSync(text);
      micros.push(Number(process.hrtime.bigint() - start) / 1000);
    }
  }
  return {
    decisions: micros.length,
    p50Us: quantile(micros, 0.5),
    p99Us: quantile(micros, 0.99),
    maxUs: quantile(micros, 1),
  };
}
