/**
 * The canonical chat model every dialect decodes into and every provider encodes from.
 *
 * Conventions:
 * - Conversation turns are `user` or `assistant`; system text that opens the conversation lives
 *   in `ChatRequest.system`. A system (or developer) message later in the conversation is a
 *   `system` message at its position: providers that can say so keep it there, others fold it
 *   into their system prompt.
 * - Tool results are parts of a `user` message (as in Anthropic's format); the OpenAI side
 *   splits them into `role: "tool"` messages and merges them back.
 * - Consecutive messages of the same role are kept apart: encoders that need merging merge.
 * - Tool-call arguments are JSON text (as OpenAI sends them); mappers that need an object parse
 *   it with a guard (`""` means `{}`).
 * - `Usage.inputTokens` counts every prompt token, cache reads and writes included; the cache
 *   fields say how many of them were read from or written to a prompt cache.
 */

export type DialectKind = 'openai' | 'anthropic' | 'unified' | 'ollama' | 'responses';

export interface CacheControl {
  type: 'ephemeral';
  ttl?: '5m' | '1h';
}

export interface TextPart {
  type: 'text';
  text: string;
  cacheControl?: CacheControl;
}

/** The vendors whose stored files (uploaded once, then named by id) a client may name. */
export type FileVendor = 'anthropic' | 'openai';

/**
 * A file the vendor stores for the account, by its id: only that vendor's models can read it.
 * `field` is the client's field that named it (`messages[2].content[0].source`), for a refusal.
 */
export interface StoredFileSource {
  kind: 'file';
  vendor: FileVendor;
  fileId: string;
  field: string;
}

export type MediaSource =
  { kind: 'base64'; mediaType: string; data: string } | { kind: 'url'; url: string } | StoredFileSource;

export interface ImagePart {
  type: 'image';
  source: MediaSource;
  /** OpenAI's `image_url.detail`. */
  detail?: 'auto' | 'low' | 'high';
  cacheControl?: CacheControl;
}

/** A PDF or other document (Anthropic `document`, OpenAI `file`). */
export interface DocumentPart {
  type: 'document';
  source: MediaSource;
  title?: string;
  cacheControl?: CacheControl;
}

export interface ToolCallPart {
  type: 'tool_call';
  id: string;
  name: string;
  /** JSON text of the arguments object. */
  arguments: string;
}

export interface ToolResultPart {
  type: 'tool_result';
  toolCallId: string;
  content: string | Array<TextPart | ImagePart | DocumentPart>;
  isError?: boolean;
  cacheControl?: CacheControl;
}

export interface ThinkingPart {
  type: 'thinking';
  text: string;
  /** Anthropic's signature; must be replayed unmodified. */
  signature?: string;
  /** Anthropic `redacted_thinking.data`; when set, `text` is empty. */
  redactedData?: string;
}

export type ContentPart = TextPart | ImagePart | DocumentPart | ToolCallPart | ToolResultPart | ThinkingPart;

export interface ChatMessage {
  role: 'user' | 'assistant' | 'system';
  content: ContentPart[];
  /** OpenAI's optional participant name. */
  name?: string;
}

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
  strict?: boolean;
  cacheControl?: CacheControl;
}

export type ToolChoice =
  | { type: 'auto'; disableParallel?: boolean }
  | { type: 'any'; disableParallel?: boolean }
  | { type: 'none' }
  | { type: 'tool'; name: string; disableParallel?: boolean };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean };

export interface ReasoningOptions {
  effort?: 'minimal' | 'low' | 'medium' | 'high';
  /** Anthropic `thinking.budget_tokens`. */
  budgetTokens?: number;
  /** false = thinking explicitly disabled. */
  enabled?: boolean;
}

/** A request rule sent by a unified-dialect client: route to `model` (or a pool) when `pattern` matches. */
export interface RequestRoutingRule {
  pattern: string;
  model?: string;
  models?: string[];
}

export interface ChatRequest {
  /** The model name the client asked for; absent means "let the gateway choose". */
  model?: string;
  system?: TextPart[];
  messages: ChatMessage[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  /** OpenAI `parallel_tool_calls`; false maps to Anthropic `disable_parallel_tool_use`. */
  parallelToolCalls?: boolean;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  stream: boolean;
  /** A streaming client asked for usage in its stream (OpenAI `stream_options.include_usage`). */
  streamUsage?: boolean;
  responseFormat?: ResponseFormat;
  reasoning?: ReasoningOptions;
  /** End-user id (OpenAI `user`, Anthropic `metadata.user_id`). */
  user?: string;
  seed?: number;
  routingRules?: RequestRoutingRule[];
  /**
   * What the decoder left out because the canonical form cannot carry it (an unknown block type,
   * a built-in tool), one short ASCII note each. A relayed request loses nothing, so these are
   * reported (`x-switchyard-warnings`) only when the answer was translated.
   */
  warnings?: string[];
  /**
   * Set when the request leans on state only an upstream of the client's own format can hold (a
   * Responses `previous_response_id`): only a deployment that relays may take it, and when none
   * can, the request is refused with this field named, in the words given.
   */
  relayOnly?: { param: string; message: string };
  /** The client's cache directives from the body (unified dialect `cache`); headers are read beside them. */
  cache?: CacheDirectives;
  /**
   * The agent session the request belongs to (a recognised session header or body field), set by
   * session affinity; OpenAI upstreams get it as `prompt_cache_key` (a relayed body keeps its own).
   */
  sessionId?: string;
  /** Who is calling, set once a client key is checked; absent while client keys are off. */
  caller?: Caller;
}

/** What a client asks of the response cache (HTTP `Cache-Control` request directives, or a body field). */
export interface CacheDirectives {
  /** Do not answer from the cache; ask upstream and store the fresh answer. */
  noCache?: boolean;
  /** Do not store this answer. */
  noStore?: boolean;
  /** Accept a cached answer at most this many seconds old. */
  maxAgeS?: number;
  /** Opt this request in to (true) or out of (false) matching by meaning. */
  semantic?: boolean;
}

/**
 * An authenticated client key as the rest of the gateway sees it: enough to partition caches,
 * count spend and label the request log, never the secret.
 */
export interface Caller {
  keyId: string;
  keyName: string;
  /** The owner or team label the key was issued to, when it has one. */
  team?: string;
}

export type StopReason =
  'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal' | 'pause_turn' | 'context_window';

export interface Usage {
  /** Every prompt token, cache reads and writes included. */
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
}

/**
 * The stream every provider yields and every dialect encodes. A non-streaming call is the same
 * stream, collected (see `collectResponse`). Upstream failures are thrown as `GatewayError`,
 * never yielded.
 *
 * Order: exactly one `start` first; then content events; `usage` may come any number of times
 * (each carries cumulative totals); exactly one `stop` last.
 * A content kind change closes the previous block: text after a tool call is a new text block.
 * `tool_call_start.index` counts tool calls only (0, 1, 2…) in start order; deltas name that index.
 */
export type ChatEvent =
  | StartEvent
  | { type: 'text_delta'; text: string }
  | { type: 'thinking_delta'; text: string }
  | { type: 'thinking_signature'; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_call_start'; index: number; id: string; name: string }
  | { type: 'tool_call_delta'; index: number; argumentsDelta: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'stop'; reason: StopReason; stopSequence?: string };

export interface StartEvent {
  type: 'start';
  /** Upstream's response id, if any; dialects generate their own when absent. */
  id?: string;
  /** The model the upstream says answered. */
  model?: string;
  /** Best-known usage at start (input tokens), so Anthropic clients never see 0. */
  usage?: Usage;
}

/** A whole answer, as collected from a `ChatEvent` stream. */
export interface ChatResponse {
  id?: string;
  model?: string;
  content: Array<TextPart | ToolCallPart | ThinkingPart>;
  stopReason: StopReason;
  stopSequence?: string;
  usage: Usage;
}
