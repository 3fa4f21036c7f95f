/** One port of the fake upstream. It answers both dialects: the path picks OpenAI or Anthropic. */
export interface ListenerPlan {
  name: string;
  /** Delay before the status line, ms (0 answers in the same tick). */
  latencyMs: number;
  /** Text chunks in a streamed answer. */
  chunks: number;
  /** Gap between two streamed text chunks, ms. */
  chunkDelayMs: number;
  /** Share of requests answered 500 before any body. */
  errorRate: number;
  /** Share of requests whose socket is reset (RST). */
  resetRate: number;
  /** Where a reset happens: before the status line, or in a stream after `resetAfterChunks` chunks. */
  resetPoint: 'before-headers' | 'mid-stream';
  resetAfterChunks: number;
}

export interface FakeUpstreamSettings {
  listeners: ListenerPlan[];
}

export interface FakeUpstreamReady {
  /** Port of the stats endpoint (`GET /stats`), apart from the measured ports. */
  control: number;
  ports: Record<string, number>;
}

export interface FakeUpstreamStats {
  /** TCP connections open now on the measured ports. */
  openSockets: number;
  /** Requests whose response has not finished or closed yet. */
  inFlight: number;
  served: number;
  injectedErrors: number;
  injectedResets: number;
  streamsCompleted: number;
  /** Streams the peer closed before the fake had written the last event. */
  streamsCancelled: number;
}

export const DEFAULT_LISTENER: Omit<ListenerPlan, 'name'> = {
  latencyMs: 0,
  chunks: 20,
  chunkDelayMs: 5,
  errorRate: 0,
  resetRate: 0,
  resetPoint: 'before-headers',
  resetAfterChunks: 5,
};
