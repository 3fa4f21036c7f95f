/**
 * The parts of OpenAI's Chat Completions wire format this provider writes and reads. Fields are
 * optional where OpenAI-compatible servers are known to leave them out.
 */

export interface OpenAITextContent {
  type: 'text';
  text: string;
}

export interface OpenAIImageContent {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}

export interface OpenAIFileContent {
  type: 'file';
  file: { file_data: string; filename?: string } | { file_id: string; filename?: string };
}

export type OpenAIUserContent = OpenAITextContent | OpenAIImageContent | OpenAIFileContent;

export interface OpenAIToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type OpenAIMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | OpenAIUserContent[]; name?: string }
  | { role: 'assistant'; content: string | null; tool_calls?: OpenAIToolCall[]; name?: string }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface OpenAITool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown>; strict?: boolean };
}

export type OpenAIToolChoice = 'auto' | 'required' | 'none' | { type: 'function'; function: { name: string } };

export type OpenAIResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; schema: Record<string, unknown>; strict?: boolean } };

export interface OpenAIChatRequest {
  model: string;
  messages: OpenAIMessage[];
  tools?: OpenAITool[];
  tool_choice?: OpenAIToolChoice;
  parallel_tool_calls?: boolean;
  max_tokens?: number;
  /** What reasoning models take instead of `max_tokens` (it counts their reasoning tokens too). */
  max_completion_tokens?: number;
  stop?: string[];
  temperature?: number;
  top_p?: number;
  seed?: number;
  user?: string;
  /** Groups requests that share a prompt prefix onto the same cache (a session id fits). */
  prompt_cache_key?: string;
  response_format?: OpenAIResponseFormat;
  reasoning_effort?: 'minimal' | 'low' | 'medium' | 'high';
  stream?: boolean;
  stream_options?: { include_usage: boolean };
}

export interface OpenAIUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

/** The error envelope; compatible servers also send `{"error":"text"}` or a bare `{"message"}`. */
export interface OpenAIErrorBody {
  error?: { message?: string; type?: string; code?: string | number | null; param?: string | null } | string;
  message?: string;
}

export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

export interface OpenAIResponseMessage {
  role?: 'assistant';
  content?: string | null;
  refusal?: string | null;
  /** As in a stream's delta: `reasoning_content` (DeepSeek, vLLM) or `reasoning` (OpenRouter, Ollama-compat). */
  reasoning_content?: string | null;
  reasoning?: string | null;
  tool_calls?: Array<{ id?: string; type?: 'function'; function?: { name?: string; arguments?: string } }> | null;
}

export interface OpenAIChatResponse extends OpenAIErrorBody {
  id?: string;
  model?: string;
  choices?: Array<{ index?: number; message?: OpenAIResponseMessage; finish_reason?: string | null }> | null;
  usage?: OpenAIUsage | null;
}

export interface OpenAIToolCallDelta {
  index?: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface OpenAIChunkDelta {
  role?: 'assistant';
  content?: string | null;
  refusal?: string | null;
  /** DeepSeek, Ollama-compat and vLLM send reasoning text here (some servers name it `reasoning`). */
  reasoning_content?: string | null;
  reasoning?: string | null;
  tool_calls?: OpenAIToolCallDelta[] | null;
}

export interface OpenAIChatChunk extends OpenAIErrorBody {
  id?: string;
  model?: string;
  choices?: Array<{ index?: number; delta?: OpenAIChunkDelta; finish_reason?: string | null }> | null;
  usage?: OpenAIUsage | null;
}

export interface OpenAIModelList {
  data?: Array<{ id?: string }>;
}
