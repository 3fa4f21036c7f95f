import type { ChatRequest, ReasoningOptions, TextPart, ToolChoice, ToolDefinition } from '#src/core/chat.types.js';
import { toAnthropicMessages, toTextBlock } from './anthropic.content.mapper.js';
import { toolTurnLacksThinking } from './thinking-turns.js';
import type {
  AnthropicCacheControl,
  AnthropicRequest,
  AnthropicTool,
  AnthropicToolChoice,
} from './anthropic.wire.types.js';

export interface AnthropicEncodeOptions {
  /** The model name the upstream knows. */
  model: string;
  /** The upstream's largest accepted `max_tokens`, when configured. */
  maxOutputTokens?: number;
}

/** Anthropic requires `max_tokens`; this is what a request that names none gets. */
export const DEFAULT_MAX_TOKENS = 4096;

/** The smallest thinking budget the API accepts. */
export const MIN_THINKING_BUDGET = 1024;

const EFFORT_BUDGET: Record<NonNullable<ReasoningOptions['effort']>, number> = {
  minimal: 1024,
  low: 1024,
  medium: 4096,
  high: 16384,
};

export function clampMaxTokens(value: number, maxOutputTokens: number | undefined): number {
  return maxOutputTokens === undefined ? value : Math.min(value, maxOutputTokens);
}

/**
 * The Messages API takes system text only up front, so system messages from later in the
 * conversation join it there, in order (a documented degradation: their position is lost).
 */
function systemText(request: ChatRequest): TextPart[] {
  const later = request.messages.filter((m) => m.role === 'system').flatMap((m) => m.content);
  const text = later.filter((p): p is TextPart => p.type === 'text');
  return text.length === 0 ? (request.system ?? []) : [...(request.system ?? []), ...text];
}

/** Encodes a canonical request as an Anthropic Messages body. */
export function toAnthropicRequest(request: ChatRequest, options: AnthropicEncodeOptions): AnthropicRequest {
  const body: AnthropicRequest = {
    model: options.model,
    max_tokens: clampMaxTokens(request.maxTokens ?? DEFAULT_MAX_TOKENS, options.maxOutputTokens),
    messages: toAnthropicMessages(request.messages),
    stream: request.stream,
  };
  const system = systemText(request)
    .filter((p) => p.text !== '')
    .map(toTextBlock);
  if (system.length > 0) body.system = system;
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map(toAnthropicTool);
    const choice = toAnthropicToolChoice(request.toolChoice, request.parallelToolCalls);
    if (choice) body.tool_choice = choice;
  }
  const stops = (request.stop ?? []).filter((s) => s.trim() !== '');
  if (stops.length > 0) body.stop_sequences = stops;
  if (request.temperature !== undefined) body.temperature = Math.min(1, Math.max(0, request.temperature));
  // Current Claude models refuse a request naming both; the temperature is the one clients mean.
  if (request.topP !== undefined && request.temperature === undefined) body.top_p = request.topP;
  if (request.topK !== undefined) body.top_k = request.topK;
  if (request.user !== undefined && request.user !== '' && !looksLikeEmail(request.user)) {
    body.metadata = { user_id: request.user };
  }
  if (request.responseFormat?.type === 'json_schema') {
    body.output_config = { format: { type: 'json_schema', schema: request.responseFormat.schema } };
  }
  applyThinking(body, request, options.maxOutputTokens);
  return body;
}

/** Anthropic asks for an opaque id; an e-mail address is personal data it must not receive. */
function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

function toAnthropicTool(tool: ToolDefinition): AnthropicTool {
  const out: AnthropicTool = {
    name: tool.name,
    // The API requires `type: "object"`; OpenAI clients may send `{}` for a tool without arguments.
    input_schema: { type: 'object', properties: {}, ...tool.parameters },
  };
  if (tool.description !== undefined) out.description = tool.description;
  if (tool.cacheControl) out.cache_control = { ...tool.cacheControl } as AnthropicCacheControl;
  return out;
}

export function toAnthropicToolChoice(
  choice: ToolChoice | undefined,
  parallelToolCalls: boolean | undefined,
): AnthropicToolChoice | undefined {
  if (choice?.type === 'none') return { type: 'none' };
  const disable = (choice?.disableParallel ?? false) || parallelToolCalls === false;
  if (!choice && !disable) return undefined;
  const out: AnthropicToolChoice = { type: choice?.type ?? 'auto' };
  if (choice?.type === 'tool') out.name = choice.name;
  if (disable) out.disable_parallel_tool_use = true;
  return out;
}

function thinkingBudget(reasoning: ReasoningOptions | undefined): number | undefined {
  if (!reasoning || reasoning.enabled === false) return undefined;
  if (reasoning.budgetTokens !== undefined) return Math.max(MIN_THINKING_BUDGET, reasoning.budgetTokens);
  if (reasoning.effort !== undefined) return EFFORT_BUDGET[reasoning.effort];
  return reasoning.enabled ? EFFORT_BUDGET.medium : undefined;
}

/**
 * Adds extended thinking. The budget must stay below `max_tokens`, so `max_tokens` grows to make
 * room for the answer; when the upstream's ceiling leaves no room, thinking is left off. The API
 * rejects thinking with a forced tool, a non-default temperature or `top_k`, so those give way; and
 * a request answering a tool call whose turn had no thinking goes without (`toolTurnLacksThinking`).
 */
function applyThinking(body: AnthropicRequest, request: ChatRequest, maxOutputTokens: number | undefined): void {
  let budget = thinkingBudget(request.reasoning);
  const forced = body.tool_choice?.type === 'any' || body.tool_choice?.type === 'tool';
  if (budget === undefined || forced || toolTurnLacksThinking(body.messages)) return;
  if (body.max_tokens <= budget) {
    body.max_tokens = clampMaxTokens(budget + (request.maxTokens ?? DEFAULT_MAX_TOKENS), maxOutputTokens);
  }
  budget = Math.min(budget, body.max_tokens - 1);
  if (budget < MIN_THINKING_BUDGET) return;
  body.thinking = { type: 'enabled', budget_tokens: budget };
  delete body.temperature;
  delete body.top_k;
  if (body.top_p !== undefined && body.top_p < 0.95) delete body.top_p;
}
