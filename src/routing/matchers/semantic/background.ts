import { CHINESE_BACKGROUND } from './background-prompts.zh.js';
import { ENGLISH_BACKGROUND } from './background-prompts.en.js';
import type { Embedding } from './embedding.js';
import { topKMean } from './route-scoring.js';
import { VectorIndex } from './vector-index.js';

/** The everyday requests the gateway ships as its background, English then Chinese. */
export const BUILT_IN_BACKGROUND: readonly string[] = [...ENGLISH_BACKGROUND, ...CHINESE_BACKGROUND];

export interface BackgroundOptions {
  /** A text's closeness to the background, and to a route, is the mean similarity of its `k` nearest. */
  k: number;
  /** The background must be closer than the route by more than this to turn the prompt away. */
  margin: number;
}

/** Chosen on the development split of the routing set and its out-of-scope prompts (see bench/routing). */
export const DEFAULT_BACKGROUND: BackgroundOptions = { k: 3, margin: 0.08 };

/**
 * Everyday requests no route is meant for ("none of these"). A prompt whose nearest background
 * texts are closer than the nearest utterances of the route it ranks first goes to the default
 * route: calibrated thresholds only ask whether the prompt is close enough to a route, which a
 * question about the weather can be when it shares words with a route's example; the background
 * asks whether something else is closer. Background texts the routes themselves accept are left
 * out when the router is built, so a route made of everyday talk keeps its prompts.
 */
export class Background {
  private constructor(
    private readonly index: VectorIndex,
    readonly options: BackgroundOptions,
  ) {}

  /** From the background texts' vectors, on the router's encoder, those the routes accept already left out. */
  static of(vectors: readonly Embedding[], options: BackgroundOptions = DEFAULT_BACKGROUND): Background {
    return new Background(new VectorIndex(vectors), options);
  }

  get size(): number {
    return this.index.size;
  }

  /** The similarity of `vector` to every background text, in order. */
  dots(vector: Embedding): Float64Array {
    return this.index.dotAll(vector);
  }

  /** The mean similarity of the `k` background texts nearest to a text, from the similarities `dots` gave. */
  closenessOf(similarities: Float64Array): number {
    return topKMean(similarities, 0, similarities.length, this.options.k);
  }
}
