import type { ChatRequest, ReasoningOptions, ResponseFormat } from '#src/core/chat.types.js';
import { clampTokens } from '#src/providers/openai/openai-request.mapper.js';
import { toOllamaMessages } from './ollama-messages.mapper.js';
import type { OllamaChatRequest, OllamaOptions, OllamaThink } from './ollama.wire.types.js';

export interface OllamaRequestOptions {
  /** The largest `num_predict` this upstream should be asked for. */
  maxOutputTokens?: number;
  /** The model takes images (its `vision` capability): only then do tool results keep theirs. */
  vision?: boolean;
}

/** A canonical request as an `/api/chat` body. Undefined fields are left out. */
export function toOllamaRequest(
  request: ChatRequest,
  upstreamModel: string,
  options: OllamaRequestOptions = {},
): OllamaChatRequest {
  const body: OllamaChatRequest = {
    model: upstreamModel,
    messages: toOllamaMessages(request, options.vision === true),
    stream: request.stream,
  };
  // Ollama cannot be forced to call a tool; `none` is honoured by not offering any.
  if (request.tools && request.tools.length > 0 && request.toolChoice?.type !== 'none') {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters:
          Object.keys(tool.parameters ?? {}).length > 0 ? tool.parameters : { type: 'object', properties: {} },
      },
    }));
  }
  const format = toOllamaFormat(request.responseFormat);
  if (format !== undefined) body.format = format;
  const sampling = toOllamaOptions(request, options);
  if (Object.keys(sampling).length > 0) body.options = sampling;
  const think = toOllamaThink(request.reasoning);
  if (think !== undefined) body.think = think;
  return body;
}

function toOllamaOptions(request: ChatRequest, options: OllamaRequestOptions): OllamaOptions {
  const out: OllamaOptions = {};
  if (request.temperature !== undefined) out.temperature = request.temperature;
  if (request.topP !== undefined) out.top_p = request.topP;
  if (request.topK !== undefined) out.top_k = request.topK;
  const maxTokens = clampTokens(request.maxTokens, options.maxOutputTokens);
  if (maxTokens !== undefined) out.num_predict = maxTokens;
  if (request.stop && request.stop.length > 0) out.stop = request.stop;
  if (request.seed !== undefined) out.seed = request.seed;
  return out;
}

function toOllamaFormat(format: ResponseFormat | undefined): OllamaChatRequest['format'] {
  if (format?.type === 'json_object') return 'json';
  if (format?.type === 'json_schema') return format.schema;
  return undefined;
}

/** Only says something when the client did: models without thinking reject `think`. */
function toOllamaThink(reasoning: ReasoningOptions | undefined): OllamaThink | undefined {
  if (!reasoning) return undefined;
  if (reasoning.enabled === false) return false;
  if (reasoning.effort) return reasoning.effort === 'minimal' ? 'low' : reasoning.effort;
  if (reasoning.enabled || reasoning.budgetTokens !== undefined) return true;
  return undefined;
}
