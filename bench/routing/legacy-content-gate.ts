import { LocalEncoder } from '#src/routing/matchers/semantic/local-encoder.js';
import { DEFAULT_LOCAL_ENCODER_OPTIONS } from '#src/routing/matchers/semantic/local-encoder.options.js';
import { DEFAULT_ROUTE_SCORING } from '#src/routing/matchers/semantic/route-scoring.js';
import { RouteScorer } from '#src/routing/matchers/semantic/route-scorer.js';
import { CHINESE_STOP_CHARACTERS, ENGLISH_STOP_WORDS } from '#src/routing/matchers/semantic/stop-words.js';
import { buildRouter, vectorOf } from './classify.js';
import type { DecisionPath } from './decision-paths.js';
import { type LabelledPrompt, routesFrom } from './eval-data.js';
import { GATE_OFF } from './variants.js';

/** Function words as the content gate first found them: one regular expression over the text. */
const FUNCTION_WORDS = new RegExp(
  `(?<![\\p{L}\\p{N}_])(?:${ENGLISH_STOP_WORDS.join('|')})(?![\\p{L}\\p{N}_])|[${CHINESE_STOP_CHARACTERS}]`,
  'gu',
);

/**
 * A frozen copy of the content gate's text path before the router shared it, every text normalised on
 * its own, up to the final cut: the encoder makes that cut (normalising again changes nothing else).
 */
function contentText(text: string): string {
  let s = headAndTail(text, DEFAULT_LOCAL_ENCODER_OPTIONS.maxChars * 4);
  s = s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  s = s.replace(/[0-9]/g, '0');
  return s.replace(FUNCTION_WORDS, ' ').replace(/ {2,}/g, ' ').trim();
}

function headAndTail(s: string, limit: number): string {
  if (s.length <= limit) return s;
  const head = Math.ceil((limit * 2) / 3);
  return `${s.slice(0, head)} ${s.slice(s.length - (limit - head))}`;
}

/**
 * The content gate as first shipped, at the defaults: routes ranked by similarity by the shipped code
 * with the gate off, the nearest one scored on content words from texts the frozen path above prepared, encoded
 * without function words left out again.
 * The reference for the check that the shipped gate's scores stay bit-for-bit the same.
 */
export function frozenGatePath(train: readonly LabelledPrompt[]): DecisionPath {
  const ranking = buildRouter({ ...GATE_OFF, classifier: false }, train, 'calibrated');
  const routes = routesFrom(train);
  const utterances = routes.flatMap((route) => route.utterances).map(contentText);
  const encoder = LocalEncoder.fit(utterances, { dropStopWords: false });
  const sizes = routes.map((route) => route.utterances.length);
  const scorer = new RouteScorer(encoder.encodeSync(utterances), sizes, DEFAULT_ROUTE_SCORING, { byRoute: true });
  return {
    name: 'content gate as first shipped (frozen text path)',
    nearest: (text) => {
      const best = ranking.nearest(vectorOf(ranking, text), text);
      if (!best) return undefined;
      const r = routes.findIndex((route) => route.name === best.route);
      const [query] = encoder.encodeSync([contentText(text)]);
      return { ...best, score: scorer.scoresOf(query, r).ranking };
    },
    decide: (text) => {
      throw new Error(`the frozen content gate is a reference for scores, not timed (${text.length})`);
    },
  };
}
