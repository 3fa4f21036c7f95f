import type { AttemptRecord, ChatUsage, RouteExplanation } from '../../api/chat.types.ts';

export type RunPhase = 'idle' | 'waiting' | 'streaming' | 'done' | 'error';

/** Everything one playground send has shown so far; filled in as the stream's events arrive. */
export interface RunState {
  phase: RunPhase;
  text: string;
  model: string | null;
  provider: string | null;
  route: RouteExplanation | null;
  attempts: AttemptRecord[];
  usage: ChatUsage | null;
  finishReason: string | null;
  /** Measured here, from the click to the last byte, so it includes the network and the UI. */
  latencyMs: number | null;
  ttfbMs: number | null;
  error: string | null;
}

export const IDLE: RunState = {
  phase: 'idle',
  text: '',
  model: null,
  provider: null,
  route: null,
  attempts: [],
  usage: null,
  finishReason: null,
  latencyMs: null,
  ttfbMs: null,
  error: null,
};
