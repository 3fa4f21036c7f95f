import type { LocalEncoderOptions } from '#src/routing/matchers/semantic/local-encoder.options.js';
import type { RouteScoring } from '#src/routing/matchers/semantic/route-scoring.js';
import type { BackgroundOptions } from '#src/routing/matchers/semantic/background.js';

export interface Variant {
  name: string;
  encoder: Partial<LocalEncoderOptions>;
  scoring: Partial<RouteScoring>;
  /**
   * Calibrated routes checked on content words (`contentGate` of the local semantic router; absent:
   * on, as shipped). No effect at a fixed threshold.
   */
  contentGate?: boolean;
  /** The built-in background (`background` of the local semantic router; absent: on, as shipped). */
  background?: boolean | Partial<BackgroundOptions>;
  /** Routes ranked by the route classifier (`classifier` of the local semantic router; absent: on, as shipped). */
  classifier?: boolean;
}

/** The shipped defaults of the built-in encoder and route scoring, the content gate and the background on. */
export const SHIPPED: Variant = { name: 'local encoder (shipped defaults)', encoder: {}, scoring: {} };

/** The shipped defaults with the content gate off (`routing.semantic.content_gate: false`). */
export const GATE_OFF: Variant = {
  name: 'local encoder, content gate off',
  encoder: {},
  scoring: {},
  contentGate: false,
};

/** The shipped defaults without the built-in background (`routing.semantic.background: false`). */
export const BACKGROUND_OFF: Variant = {
  name: 'local encoder, background off',
  encoder: {},
  scoring: {},
  background: false,
};

/**
 * The shipped defaults with routes ranked by similarity, without the route classifier
 * (`routing.semantic.classifier: false`): the ranking the frozen copies reproduce.
 */
export const SIMILARITY: Variant = {
  name: 'local encoder, classifier off',
  encoder: {},
  scoring: {},
  classifier: false,
};

/** The similarity ranking less the hub correction, to show what that correction adds. */
export const NO_HUB: Variant = {
  name: 'local encoder, classifier off, no hub correction',
  encoder: {},
  scoring: { hubPenalty: 0 },
  classifier: false,
};

/**
 * The comparison point: nearest centroid over plain word TF-IDF (words and single CJK characters,
 * raw term counts, no n-grams, no character features, no keywords).
 */
export const BASELINE: Variant = {
  name: 'baseline: word TF-IDF, nearest centroid',
  encoder: {
    wordNgrams: 1,
    charNgrams: [1, 0],
    familyWeights: [1, 0],
    sublinearTf: false,
    foldDigits: false,
    maxChars: Number.MAX_SAFE_INTEGER,
  },
  scoring: { centroidWeight: 1, hubPenalty: 0 },
  classifier: false,
};
