/** The Ollama API shapes this dialect writes (`/api/chat`, `/api/generate`); requests are read field by field. */

export interface OllamaToolCallOut {
  id: string;
  function: { index: number; name: string; arguments: Record<string, unknown> };
}

export interface OllamaMessageOut {
  role: 'assistant';
  content: string;
  thinking?: string;
  tool_calls?: OllamaToolCallOut[];
}

/** `stop` also ends a turn with tool calls, as Ollama itself reports it. */
export type OllamaDoneReason = 'stop' | 'length';

/** The done reason of a request that only loads a model, or unloads it (`keep_alive: 0`). */
export type OllamaModelAction = 'load' | 'unload';

/** The durations (nanoseconds) and counts on the last line of an answer. */
export interface OllamaMetrics {
  total_duration: number;
  load_duration: number;
  prompt_eval_count: number;
  prompt_eval_duration: number;
  eval_count: number;
  eval_duration: number;
}

/** One `/api/chat` line, or the whole answer when `stream` is false. */
export interface OllamaChatLine {
  model: string;
  created_at: string;
  message: OllamaMessageOut;
  done: boolean;
  done_reason?: OllamaDoneReason | OllamaModelAction;
}

/** One `/api/generate` line, or the whole answer when `stream` is false. */
export interface OllamaGenerateLine {
  model: string;
  created_at: string;
  response: string;
  thinking?: string;
  done: boolean;
  done_reason?: OllamaDoneReason | OllamaModelAction;
}

export interface OllamaErrorBody {
  error: string;
}
