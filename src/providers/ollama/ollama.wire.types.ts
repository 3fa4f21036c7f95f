/** The parts of Ollama's native chat API (`POST /api/chat`) this provider writes and reads. */

export interface OllamaToolCall {
  /** Newer servers send and accept an id; older ones ignore it. */
  id?: string;
  function: { index?: number; name: string; arguments: Record<string, unknown> };
}

export interface OllamaMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** Raw base64, no data-URI prefix. */
  images?: string[];
  thinking?: string;
  tool_calls?: OllamaToolCall[];
  tool_name?: string;
  tool_call_id?: string;
}

export interface OllamaTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

export interface OllamaOptions {
  temperature?: number;
  top_p?: number;
  top_k?: number;
  num_predict?: number;
  stop?: string[];
  seed?: number;
}

export type OllamaThink = boolean | 'low' | 'medium' | 'high';

export interface OllamaChatRequest {
  model: string;
  messages: OllamaMessage[];
  tools?: OllamaTool[];
  format?: 'json' | Record<string, unknown>;
  options?: OllamaOptions;
  stream: boolean;
  think?: OllamaThink;
}

/** One NDJSON line of a streamed answer, or the whole answer when `stream` is false. */
export interface OllamaChatChunk {
  model?: string;
  created_at?: string;
  message?: {
    role?: string;
    content?: string;
    thinking?: string;
    tool_calls?: Array<{ id?: string; function?: { name?: string; arguments?: unknown } }> | null;
  };
  done?: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  error?: string;
}

export interface OllamaTagList {
  models?: Array<{ name?: string; model?: string }>;
}

/** `POST /api/embed`'s answer, reduced to what the gateway reads. */
export interface OllamaEmbedReply {
  embeddings?: number[][];
  prompt_eval_count?: number;
}
