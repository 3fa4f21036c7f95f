import type { AttemptRecord, RouteExplanation } from '#src/core/route.types.js';
import type { OpenAIFinishReason } from '#src/dialects/openai/openai-wire.types.js';

/** The `/api/chat` answer shapes: flat content, plus how the gateway chose the model. */

export interface UnifiedUsage {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  cache_read_tokens?: number;
}

export interface UnifiedToolCall {
  id: string;
  name: string;
  /** The parsed arguments object, or the raw text when it is not valid JSON. */
  arguments: unknown;
}

export interface UnifiedResponse {
  id: string;
  object: 'chat.completion.unified';
  content: string;
  tool_calls?: UnifiedToolCall[];
  _actual_model_used: string;
  model: string;
  provider: string;
  finish_reason: OpenAIFinishReason;
  usage: UnifiedUsage;
  thinking?: string;
  _route: RouteExplanation;
  _attempts: AttemptRecord[];
}

export interface UnifiedStreamStart {
  id: string;
  model: string;
  provider: string;
  _actual_model_used: string;
  _route: RouteExplanation;
}

export interface UnifiedStreamDone {
  finish_reason: OpenAIFinishReason;
  usage: UnifiedUsage;
  _attempts: AttemptRecord[];
}
