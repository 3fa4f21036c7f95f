import { type Embedding, centroid, forEachEntry } from '#src/routing/matchers/semantic/embedding.js';
import { type RouteScoring, topKMean } from '#src/routing/matchers/semantic/route-scoring.js';

/**
 * A frozen copy of the route scoring as it was before the inverted index moved to typed arrays
 * (postings in a Map keyed by dimension). The benchmark times it beside the shipped scorer in the
 * same run and checks that both choose the same routes with the same scores; the gateway never
 * uses it.
 */
class LegacyVectorIndex {
  readonly size: number;
  private readonly postings = new Map<number, { rows: Int32Array; values: Float32Array }>();

  constructor(vectors: readonly Embedding[]) {
    this.size = vectors.length;
    const lists = new Map<number, { rows: number[]; values: number[] }>();
    vectors.forEach((vector, row) =>
      forEachEntry(vector, (index, value) => {
        let list = lists.get(index);
        if (!list) lists.set(index, (list = { rows: [], values: [] }));
        list.rows.push(row);
        list.values.push(value);
      }),
    );
    for (const [index, list] of lists) {
      this.postings.set(index, { rows: Int32Array.from(list.rows), values: Float32Array.from(list.values) });
    }
  }

  dotAll(query: Embedding): Float64Array {
    const scores = new Float64Array(this.size);
    forEachEntry(query, (index, q) => {
      const list = this.postings.get(index);
      if (!list) return;
      for (let p = 0; p < list.rows.length; p++) scores[list.rows[p]] += q * list.values[p];
    });
    return scores;
  }
}

interface RouteRows {
  from: number;
  to: number;
  centroidRow: number;
}

export class LegacyRouteScorer {
  private readonly routes: RouteRows[] = [];
  private readonly index: LegacyVectorIndex;
  private readonly hubOffsets: Float64Array;

  constructor(
    utterances: readonly Embedding[],
    routeSizes: readonly number[],
    private readonly scoring: RouteScoring,
  ) {
    const rows: Embedding[] = [...utterances];
    let from = 0;
    for (const size of routeSizes) {
      rows.push(centroid(utterances.slice(from, from + size)));
      this.routes.push({ from, to: from + size, centroidRow: rows.length - 1 });
      from += size;
    }
    this.index = new LegacyVectorIndex(rows);
    this.hubOffsets = this.computeHubOffsets(rows);
  }

  scores(query: Embedding): { ranking: Float64Array; similarity: Float64Array } {
    const raw = this.index.dotAll(query);
    const corrected = raw.map((s, row) => s - this.hubOffsets[row]);
    return { ranking: this.combine(corrected), similarity: this.combine(raw) };
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

function* range(from: number, to: number): Generator<number> {
  for (let i = from; i < to; i++) yield i;
}
