import { type Embedding, centroid } from './embedding.js';
import { type RouteScoring, topKMean } from './route-scoring.js';
import { VectorIndex } from './vector-index.js';

/** Per utterance of a route, scored with itself left out: the ranking score and the plain similarity. */
export interface HeldOutScores {
  ranking: Float64Array;
  similarity: Float64Array;
}

export interface RouteScores {
  ranking: Float64Array;
  similarity: Float64Array;
  nearest: Float64Array;
  dots: Float64Array;
}

interface RouteRows {
  /** Rows [from, to) of the index are the route's utterances; `centroidRow` is its centroid. */
  from: number;
  to: number;
  centroidRow: number;
}

/**
 * Scores every route against a query vector: the mean similarity of the route's nearest
 * utterances blended with its centroid's. Each reference vector's similarity is lowered by how
 * close it already sits to other routes' utterances (a "hub" close to everything would otherwise
 * attract queries of every kind); that correction is computed once, here.
 */
export class RouteScorer {
  private readonly routes: RouteRows[] = [];
  private readonly index: VectorIndex;
  private readonly hubOffsets: Float64Array;
  /** With `byRoute`: per route, an index of its utterances then its centroid, for `scoresOf`. */
  private readonly routeIndexes: VectorIndex[] = [];

  constructor(
    utterances: readonly Embedding[],
    routeSizes: readonly number[],
    private readonly scoring: RouteScoring,
    { byRoute = false }: { byRoute?: boolean } = {},
  ) {
    const rows: Embedding[] = [...utterances];
    let from = 0;
    for (const size of routeSizes) {
      rows.push(centroid(utterances.slice(from, from + size)));
      this.routes.push({ from, to: from + size, centroidRow: rows.length - 1 });
      from += size;
    }
    this.index = new VectorIndex(rows);
    this.hubOffsets = this.computeHubOffsets(rows);
    if (byRoute) {
      for (const route of this.routes) {
        this.routeIndexes.push(new VectorIndex([...rows.slice(route.from, route.to), rows[route.centroidRow]]));
      }
    }
  }

  /**
   * Per route, the ranking score each of its utterances gets with itself left out of the route
   * (its own row skipped, the centroid recomputed without it): what calibrates thresholds.
   */
  heldOutScores(utterances: readonly Embedding[]): HeldOutScores[] {
    const { k, centroidWeight } = this.scoring;
    const blend = (neighbours: number, centroidPart: number) =>
      (1 - centroidWeight) * neighbours + centroidWeight * centroidPart;
    return this.routes.map((route) => {
      const raws = [...range(route.from, route.to)].map((u) => this.index.dotAll(utterances[u]));
      // u · (sum of the route's vectors) and |sum|², from the same dot products.
      const withSum = raws.map((raw) => sum(raw.subarray(route.from, route.to)));
      const sumSquared = withSum.reduce((a, b) => a + b, 0);
      const ranking = new Float64Array(raws.length);
      const similarity = new Float64Array(raws.length);
      raws.forEach((raw, i) => {
        const u = route.from + i;
        const others = new Float64Array(route.to - route.from - 1);
        const corrected = new Float64Array(others.length);
        for (let row = route.from, j = 0; row < route.to; row++) {
          if (row === u) continue;
          others[j] = raw[row];
          corrected[j++] = raw[row] - this.hubOffsets[row];
        }
        const self = raw[u];
        const rest = Math.sqrt(Math.max(sumSquared - 2 * withSum[i] + self, 0));
        const centroidSimilarity = rest > 0 ? (withSum[i] - self) / rest : 0;
        const centroidScore = centroidSimilarity - this.hubOffsets[route.centroidRow];
        ranking[i] = blend(topKMean(corrected, 0, corrected.length, k), centroidScore);
        similarity[i] = blend(topKMean(others, 0, others.length, k), centroidSimilarity);
      });
      return { ranking, similarity };
    });
  }

  /**
   * Per route, in the order the routes were given: `ranking` (hub-corrected, to compare routes),
   * `similarity` (uncorrected, a cosine in [-1, 1] that thresholds are compared with) and `nearest`
   * (the mean similarity of the route's `k` nearest utterances alone, what a background is compared with);
   * and `dots`, the query's dot product with every utterance, in order (what a route classifier reads).
   */
  scores(query: Embedding): RouteScores {
    const raw = this.index.dotAll(query);
    const corrected = new Float64Array(raw.length);
    for (let row = 0; row < raw.length; row++) corrected[row] = raw[row] - this.hubOffsets[row];
    const nearest = Float64Array.from(this.routes, (route) => topKMean(raw, route.from, route.to, this.scoring.k));
    const dots = raw.subarray(0, this.utteranceCount);
    return { ranking: this.combine(corrected), similarity: this.combine(raw), nearest, dots };
  }

  private get utteranceCount(): number {
    return this.routes.length === 0 ? 0 : this.routes[this.routes.length - 1].to;
  }

  /**
   * `scores` of route `r` alone, visiting only that route's vectors (the scorer must have been built
   * `byRoute`); the same values as `scores`, up to the order floating-point terms are added in.
   */
  scoresOf(query: Embedding, r: number): { ranking: number; similarity: number } {
    const route = this.routes[r];
    const index = this.routeIndexes[r];
    if (!index) throw new Error('this route scorer was not built to score one route at a time');
    const raw = index.dotAll(query);
    const size = route.to - route.from;
    const corrected = new Float64Array(raw.length);
    for (let i = 0; i < size; i++) corrected[i] = raw[i] - this.hubOffsets[route.from + i];
    corrected[size] = raw[size] - this.hubOffsets[route.centroidRow];
    const blend = (values: Float64Array) => {
      const { k, centroidWeight } = this.scoring;
      return (1 - centroidWeight) * topKMean(values, 0, size, k) + centroidWeight * values[size];
    };
    return { ranking: blend(corrected), similarity: blend(raw) };
  }

  private combine(similarities: Float64Array): Float64Array {
    const { k, centroidWeight } = this.scoring;
    return Float64Array.from(this.routes, (route) => {
      const neighbours = topKMean(similarities, route.from, route.to, k);
      return (1 - centroidWeight) * neighbours + centroidWeight * similarities[route.centroidRow];
    });
  }

  private computeHubOffsets(rows: readonly Embedding[]): Float64Array {
    const offsets = new Float64Array(rows.length);
    const { hubPenalty, hubK } = this.scoring;
    if (hubPenalty === 0 || this.routes.length < 2) return offsets;
    this.routes.forEach((own, r) => {
      const members = [...range(own.from, own.to), own.centroidRow];
      for (const row of members) {
        const similarities = this.index.dotAll(rows[row]);
        const others = this.routes.filter((_, o) => o !== r);
        const nearest = others.flatMap((o) => [...similarities.subarray(o.from, o.to)]);
        offsets[row] = hubPenalty * topKMean(Float64Array.from(nearest), 0, nearest.length, hubK);
      }
    });
    return offsets;
  }
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function* range(from: number, to: number): Generator<number> {
  for (let i = from; i < to; i++) yield i;
}
