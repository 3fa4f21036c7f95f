/**
 * What semantic routing needs from the providers, and nothing more: a named upstream model that
 * turns texts into vectors. The composition supplies an implementation backed by the providers
 * (ProviderEmbedders), so routing never sees an adapter.
 */
export interface Embedder {
  embed(texts: readonly string[], signal: AbortSignal): Promise<number[][]>;
}

export interface Embedders {
  /** `model` at `provider` as an embedder; undefined when that provider is unknown or cannot embed. */
  find(provider: string, model: string): Embedder | undefined;
}

export const EMBEDDERS = Symbol('Embedders');
