import type { LocalEncoderOptions } from './local-encoder.options.js';
import { LocalEncoder } from './local-encoder.js';
import type { RouteScoring } from './route-scoring.js';
import { RouteScorer } from './route-scorer.js';
import type { TextCleaner } from './text-cleaner.js';
import {
  type CalibratedThreshold,
  type Calibration,
  DEFAULT_CALIBRATION,
  calibratedThreshold,
} from './threshold-calibration.js';

/** A text's score against one route on the gate's measure: hub-corrected ranking and plain similarity. */
export interface GateReading {
  ranking: number;
  similarity: number;
}

/**
 * Whether the route a prompt came nearest to shares enough with it to be taken, judged on content:
 * the prompt and the route utterances encoded again with function words left out. Routes are
 * still ranked on every word (function words tell kinds of request apart: "translate this into"),
 * but a prompt close to a route only through them ("is it going to be …") shares no subject with
 * it. Each route calibrates its threshold on this measure from held-out scores of its utterances,
 * as thresholds are calibrated on the ranking score without the gate.
 */
export class ContentGate {
  private constructor(
    private readonly encoder: LocalEncoder,
    private readonly scorer: RouteScorer,
    /** Per route, in route order; undefined for a route with too few utterances to calibrate. */
    readonly thresholds: ReadonlyArray<CalibratedThreshold | undefined>,
  ) {}

  /**
   * `utterances` per route, in route order; the encoder options and scoring are the router's own, and
   * `cleaner` its encoder's, so a prompt the router has just encoded is not normalised again here.
   */
  static fit(
    utterances: ReadonlyArray<readonly string[]>,
    encoder: Partial<LocalEncoderOptions>,
    scoring: RouteScoring,
    cleaner?: TextCleaner,
    calibration: Calibration = DEFAULT_CALIBRATION,
  ): ContentGate {
    const all = utterances.flat();
    const content = LocalEncoder.fit(all, { ...encoder, dropStopWords: true }, { cleaner });
    const vectors = content.encodeSync(all);
    const scorer = new RouteScorer(
      vectors,
      utterances.map((u) => u.length),
      scoring,
      { byRoute: true },
    );
    const thresholds = scorer.heldOutScores(vectors).map((heldOut) => calibratedThreshold(heldOut, calibration));
    return new ContentGate(content, scorer, thresholds);
  }

  /** The text's content scores against each of `routes` (indices in route order), in that order. */
  read(text: string, routes: readonly number[]): GateReading[] {
    const [vector] = this.encoder.encodeSync([text]);
    return routes.map((r) => this.scorer.scoresOf(vector, r));
  }
}
