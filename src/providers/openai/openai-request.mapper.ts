import type { ChatRequest, ResponseFormat, ToolChoice, ToolDefinition } from '#src/core/chat.types.js';
import { effortOf } from '#src/core/reasoning.js';
import { toOpenAIMessages } from './openai-messages.mapper.js';
import { toOpenAIToolName } from './openai-tool-name.mapper.js';
import type { OpenAIChatRequest, OpenAIResponseFormat, OpenAITool, OpenAIToolChoice } from './openai.wire.types.js';

export interface OpenAIRequestOptions {
  /** The upstream's `max_tokens` ceiling; larger requests are clamped to it. */
  maxOutputTokens?: number;
  /** The field the ceiling goes in (`max_tokens` when absent); see `tokenLimitFieldFor`. */
  tokenLimitField?: TokenLimitField;
}

/** Where a Chat Completions body carries its token ceiling. */
export type TokenLimitField = 'max_tokens' | 'max_completion_tokens';

/**
 * OpenAI's own API and Azure OpenAI (its classic `*.openai.azure.com` resources and the newer AI
 * Services / Foundry hosts): their reasoning models refuse `max_tokens`.
 */
const OPENAI_HOSTS = [
  /^api\.openai\.com$/i,
  /\.openai\.azure\.com$/i,
  /\.cognitiveservices\.azure\.com$/i,
  /\.services\.ai\.azure\.com$/i,
];

/**
 * The provider's `token_limit_field` when set; otherwise `max_completion_tokens` only for a
 * reasoning model on OpenAI's own API or Azure OpenAI. Compatible servers (DeepSeek, LM Studio,
 * Ollama, Mistral) read `max_tokens` and may ignore or refuse the other field.
 */
export function tokenLimitFieldFor(
  provider: { baseUrl: string; tokenLimitField?: TokenLimitField },
  reasoningModel: boolean | undefined,
): TokenLimitField {
  if (provider.tokenLimitField) return provider.tokenLimitField;
  return reasoningModel && isOpenAIHost(provider.baseUrl) ? 'max_completion_tokens' : 'max_tokens';
}

function isOpenAIHost(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname;
    return OPENAI_HOSTS.some((pattern) => pattern.test(host));
  } catch {
    return false;
  }
}

/** A canonical request as a Chat Completions body. Undefined fields are left out, not sent as null. */
export function toOpenAIRequest(
  request: ChatRequest,
  upstreamModel: string,
  options: OpenAIRequestOptions = {},
): OpenAIChatRequest {
  const body: OpenAIChatRequest = { model: upstreamModel, messages: toOpenAIMessages(request) };
  Object.assign(body, toolFields(request));
  const maxTokens = clampTokens(request.maxTokens, options.maxOutputTokens);
  if (maxTokens !== undefined) body[options.tokenLimitField ?? 'max_tokens'] = maxTokens;
  if (request.stop && request.stop.length > 0) body.stop = request.stop;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.user !== undefined) body.user = request.user;
  // The session as the upstream's prompt-cache key (a client's own key is not canonical, so never here).
  if (request.sessionId !== undefined) body.prompt_cache_key = request.sessionId;
  if (request.responseFormat) body.response_format = toOpenAIResponseFormat(request.responseFormat);
  const effort = effortOf(request.reasoning);
  if (effort !== undefined) body.reasoning_effort = effort;
  if (request.stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return body;
}

/** A `max_tokens` no larger than the upstream accepts (clients such as Claude Code ask for a lot). */
export function clampTokens(requested: number | undefined, limit: number | undefined): number | undefined {
  if (requested === undefined || limit === undefined) return requested;
  return Math.min(requested, limit);
}

/** OpenAI rejects `tool_choice` and `parallel_tool_calls` when no tools are sent. */
function toolFields(request: ChatRequest): Partial<OpenAIChatRequest> {
  if (!request.tools || request.tools.length === 0) return {};
  const fields: Partial<OpenAIChatRequest> = { tools: request.tools.map(toOpenAITool) };
  if (request.toolChoice) fields.tool_choice = toOpenAIToolChoice(request.toolChoice);
  const choice = request.toolChoice;
  const disable = choice !== undefined && choice.type !== 'none' && choice.disableParallel === true;
  if (request.parallelToolCalls === false || disable) fields.parallel_tool_calls = false;
  return fields;
}

function toOpenAITool(tool: ToolDefinition): OpenAITool {
  const hasSchema = tool.parameters !== undefined && Object.keys(tool.parameters).length > 0;
  const fn: OpenAITool['function'] = {
    name: toOpenAIToolName(tool.name),
    parameters: hasSchema ? tool.parameters : { type: 'object', properties: {} },
  };
  if (tool.description !== undefined) fn.description = tool.description;
  if (tool.strict !== undefined) fn.strict = tool.strict;
  return { type: 'function', function: fn };
}

export function toOpenAIToolChoice(choice: ToolChoice): OpenAIToolChoice {
  switch (choice.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      return { type: 'function', function: { name: toOpenAIToolName(choice.name) } };
  }
}

function toOpenAIResponseFormat(format: ResponseFormat): OpenAIResponseFormat {
  if (format.type !== 'json_schema') return { type: format.type };
  const schema: { name: string; schema: Record<string, unknown>; strict?: boolean } = {
    name: format.name,
    schema: format.schema,
  };
  if (format.strict !== undefined) schema.strict = format.strict;
  return { type: 'json_schema', json_schema: schema };
}
