import type { Embedding } from './embedding.js';
import { VectorIndex } from './vector-index.js';

export interface RouteClassifierOptions {
  /** How strongly the weights are pulled towards zero (the ridge penalty). */
  ridge: number;
  /** A constant feature every text has, so each route learns a bias of its own (how common it is). */
  bias: number;
  /**
   * Above this many utterances in all, routes are ranked by similarity alone: training solves one
   * linear system as large as the utterance count, whose cost grows with its cube (about 30 ms for
   * 400 utterances, 1 s for 1,500).
   */
  maxUtterances: number;
  /**
   * With a background of everyday requests (background.ts) learnt as a class of its own: by how much
   * its score must exceed that of the route ranked first for the prompt to go to the default route.
   */
  backgroundMargin: number;
  /**
   * The background is learnt as a class only when every route has at least this many utterances:
   * against some 200 background texts, a route of a few examples is outweighed and the background
   * class takes most of its prompts (on the development split with 3, 5, 10 or 15 utterances a route,
   * fewer prompts reached the right route than ranked by similarity; from 20, more).
   */
  backgroundMinUtterances: number;
  /**
   * With the background on, the margin of the calibrated thresholds (see threshold-calibration.ts) in
   * place of the calibration's own: the background class turns away much of what the thresholds did, so
   * they can leave more room for prompts a little less typical than any example.
   */
  calibrationMargin: number;
}

/** Chosen by cross-validation on the development split of the routing set (see bench/routing). */
export const DEFAULT_ROUTE_CLASSIFIER: RouteClassifierOptions = {
  ridge: 0.1,
  bias: 1,
  maxUtterances: 1500,
  backgroundMargin: 0.3,
  backgroundMinUtterances: 20,
  calibrationMargin: 0.01,
};

/**
 * Ranks routes by a linear model trained on the route utterances, one-vs-rest least squares (a
 * ridge classifier): per route, a weight vector whose dot product with an utterance of that route
 * comes near +1 and with any other near -1. Nearest-neighbour and centroid scores weigh every
 * shared feature alike; the model learns which features tell the routes apart.
 *
 * The weights are a combination of the utterance vectors (they are the ridge solution), so the
 * model is fitted from the utterances' dot products with one another and scores a text from its
 * dot products with the utterances: what the route scorer computes for every text anyway. Training
 * is one Cholesky solve, deterministic for the same utterances.
 */
export class RouteClassifier {
  private constructor(
    /** Utterance-major: `coefficients[u * routes + r]` is utterance u's weight in route r's model. */
    private readonly coefficients: Float64Array,
    /** Per route: what the constant feature adds to every text's score. */
    private readonly offsets: Float64Array,
    readonly routeCount: number,
  ) {}

  /**
   * `gram[i * n + j]` is the dot product of utterances i and j (n utterances, routes in order, each
   * route's utterances together, `routeSizes` of them); undefined above `maxUtterances`. `gram` is
   * overwritten: the system is solved in its place. Texts no route is meant for (a background) are
   * learnt as one more route, after the others.
   */
  static fit(
    gram: Float64Array,
    routeSizes: readonly number[],
    options: RouteClassifierOptions = DEFAULT_ROUTE_CLASSIFIER,
  ): RouteClassifier | undefined {
    const n = routeSizes.reduce((a, b) => a + b, 0);
    if (gram.length !== n * n) throw new Error(`expected a ${n}×${n} matrix of utterance dot products`);
    if (n === 0 || n > options.maxUtterances) return undefined;
    const routes = routeSizes.length;
    const system = gram;
    for (let i = 0; i < n * n; i++) system[i] += options.bias;
    for (let i = 0; i < n; i++) system[i * n + i] += options.ridge;
    const targets = new Float64Array(n * routes).fill(-1);
    let u = 0;
    routeSizes.forEach((size, r) => {
      for (let end = u + size; u < end; u++) targets[u * routes + r] = 1;
    });
    const coefficients = solveSymmetric(system, n, targets, routes);
    const offsets = new Float64Array(routes);
    for (let i = 0; i < n; i++)
      for (let r = 0; r < routes; r++) offsets[r] += options.bias * coefficients[i * routes + r];
    return new RouteClassifier(coefficients, offsets, routes);
  }

  /**
   * Per route, in route order: the model's score for a text given its dot product with every text it was
   * trained on, in order: `dots` for the first ones (the utterances), `more` for those after them.
   */
  scores(dots: Float64Array, more?: Float64Array): Float64Array {
    const out = Float64Array.from(this.offsets);
    this.addTerms(out, dots, 0);
    if (more) this.addTerms(out, more, dots.length);
    return out;
  }

  private addTerms(out: Float64Array, dots: Float64Array, first: number): void {
    const routes = this.routeCount;
    const coefficients = this.coefficients;
    for (let i = 0; i < dots.length; i++) {
      const d = dots[i];
      if (d === 0) continue;
      for (let r = 0, at = (first + i) * routes; r < routes; r++) out[r] += d * coefficients[at + r];
    }
  }
}

/** The dot products of `vectors` with one another, row-major: what `RouteClassifier.fit` reads. */
export function gramOf(vectors: readonly Embedding[]): Float64Array {
  const index = new VectorIndex(vectors);
  const n = vectors.length;
  const gram = new Float64Array(n * n);
  vectors.forEach((vector, i) => gram.set(index.dotAll(vector), i * n));
  return gram;
}

/**
 * Solves A X = B for a symmetric positive definite `a` (n×n, row-major) and `b` (n×columns,
 * row-major) by Cholesky factorisation; `a` is overwritten with its factor.
 */
export function solveSymmetric(a: Float64Array, n: number, b: Float64Array, columns: number): Float64Array {
  choleskyInPlace(a, n);
  const x = Float64Array.from(b);
  // Forward: L y = b, then back: Lᵀ x = y, every column at once.
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) {
      const l = a[i * n + k];
      if (l !== 0) for (let c = 0; c < columns; c++) x[i * columns + c] -= l * x[k * columns + c];
    }
    for (let c = 0; c < columns; c++) x[i * columns + c] /= a[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let c = 0; c < columns; c++) x[i * columns + c] /= a[i * n + i];
    for (let k = 0; k < i; k++) {
      const l = a[i * n + k];
      if (l !== 0) for (let c = 0; c < columns; c++) x[k * columns + c] -= l * x[i * columns + c];
    }
  }
  return x;
}

/** Replaces the lower triangle of `a` with L, where A = L Lᵀ (the upper triangle is left as it was). */
function choleskyInPlace(a: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    const row = j * n;
    let diagonal = a[row + j];
    for (let k = 0; k < j; k++) diagonal -= a[row + k] * a[row + k];
    if (!(diagonal > 0)) throw new Error('the utterance system is not positive definite');
    const pivot = Math.sqrt(diagonal);
    a[row + j] = pivot;
    for (let i = j + 1; i < n; i++) {
      const other = i * n;
      let s = a[other + j];
      for (let k = 0; k < j; k++) s -= a[other + k] * a[row + k];
      a[other + j] = s / pivot;
    }
  }
}
