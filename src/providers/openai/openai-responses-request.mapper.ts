import type {
  ChatMessage,
  ChatRequest,
  ContentPart,
  MediaSource,
  ResponseFormat,
  StoredFileSource,
  ToolChoice,
  ToolResultPart,
} from '#src/core/chat.types.js';
import { effortOf } from '#src/core/reasoning.js';
import { foreignFileError } from '#src/core/stored-files.js';
import { toolResultText } from '#src/providers/shared/tool-result-text.mapper.js';
import { clampTokens, type OpenAIRequestOptions } from './openai-request.mapper.js';
import { toOpenAIToolName } from './openai-tool-name.mapper.js';
import type {
  ResponsesInputContent,
  ResponsesInputItem,
  ResponsesRequestBody,
  ResponsesTextFormat,
  ResponsesToolChoice,
  ResponsesToolOutputContent,
} from './openai-responses.wire.types.js';

/**
 * A canonical request as a Responses API body, for a client that did not speak it. `store` is
 * false: each request carries its whole conversation, so nothing need be kept upstream.
 * Thinking is dropped (a Responses upstream takes back only its own encrypted reasoning).
 */
export function toResponsesRequest(
  request: ChatRequest,
  upstreamModel: string,
  options: OpenAIRequestOptions = {},
): ResponsesRequestBody {
  const body: ResponsesRequestBody = { model: upstreamModel, input: toResponsesInput(request.messages), store: false };
  const system = (request.system ?? []).map((p) => p.text).join('\n\n');
  if (system !== '') body.instructions = system;
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map((t) => ({
      type: 'function',
      name: toOpenAIToolName(t.name),
      ...(t.description === undefined ? {} : { description: t.description }),
      parameters: t.parameters,
      // The Responses API would otherwise make schemas strict on its own; the canonical default is not.
      strict: t.strict ?? false,
    }));
    if (request.toolChoice) body.tool_choice = toResponsesToolChoice(request.toolChoice);
    if (request.parallelToolCalls === false || disablesParallel(request.toolChoice)) body.parallel_tool_calls = false;
  }
  const maxTokens = clampTokens(request.maxTokens, options.maxOutputTokens);
  if (maxTokens !== undefined) body.max_output_tokens = maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.user !== undefined) body.user = request.user;
  if (request.responseFormat) body.text = { format: toTextFormat(request.responseFormat) };
  // No `summary`: OpenAI refuses reasoning summaries to organizations it has not verified.
  const effort = effortOf(request.reasoning);
  if (effort !== undefined) body.reasoning = { effort };
  if (request.stream) body.stream = true;
  return body;
}

function toResponsesInput(messages: ChatMessage[]): ResponsesInputItem[] {
  return messages.flatMap((message) => {
    const items: ResponsesInputItem[] = [];
    const content: ResponsesInputContent[] = [];
    const flush = () => {
      if (content.length > 0) items.push({ type: 'message', role: message.role, content: content.splice(0) });
    };
    for (const part of message.content) {
      if (part.type === 'tool_call') {
        flush();
        items.push({
          type: 'function_call',
          call_id: part.id,
          name: toOpenAIToolName(part.name),
          arguments: part.arguments || '{}',
        });
      } else if (part.type === 'tool_result') {
        flush();
        items.push({ type: 'function_call_output', call_id: part.toolCallId, output: toolOutput(part) });
      } else {
        const mapped = toInputContent(part, message.role);
        if (mapped) content.push(mapped);
      }
    }
    flush();
    return items;
  });
}

/**
 * A tool result as a function call's output: text when it is text only, else the list of input
 * content Responses takes there, so the model sees the images and files a tool returned.
 */
function toolOutput(part: ToolResultPart): string | ResponsesToolOutputContent[] {
  if (typeof part.content === 'string' || part.content.every((p) => p.type === 'text')) return toolResultText(part);
  const content = part.content.flatMap((p) => {
    const mapped = toInputContent(p, 'user');
    return mapped === undefined || mapped.type === 'output_text' ? [] : [mapped];
  });
  return part.isError ? [{ type: 'input_text', text: 'Error:' }, ...content] : content;
}

function toInputContent(part: ContentPart, role: ChatMessage['role']): ResponsesInputContent | undefined {
  switch (part.type) {
    case 'text':
      return role === 'assistant' ? { type: 'output_text', text: part.text } : { type: 'input_text', text: part.text };
    case 'image':
      return { type: 'input_image', ...imageRef(part.source), detail: part.detail ?? 'auto' };
    case 'document': {
      return {
        type: 'input_file',
        ...fileRef(part.source),
        ...(part.title === undefined ? {} : { filename: part.title }),
      };
    }
    default:
      return undefined;
  }
}

/** A file another vendor stores never reaches OpenAI: routing passes such requests to that vendor's models. */
function storedId(source: StoredFileSource): { file_id: string } {
  if (source.vendor !== 'openai') throw foreignFileError(source);
  return { file_id: source.fileId };
}

function imageRef(source: MediaSource): { image_url: string } | { file_id: string } {
  if (source.kind === 'file') return storedId(source);
  return { image_url: source.kind === 'base64' ? `data:${source.mediaType};base64,${source.data}` : source.url };
}

function fileRef(source: MediaSource): { file_data: string } | { file_url: string } | { file_id: string } {
  if (source.kind === 'file') return storedId(source);
  return source.kind === 'base64'
    ? { file_data: `data:${source.mediaType};base64,${source.data}` }
    : { file_url: source.url };
}

function disablesParallel(choice: ToolChoice | undefined): boolean {
  return choice !== undefined && choice.type !== 'none' && choice.disableParallel === true;
}

function toResponsesToolChoice(choice: ToolChoice): ResponsesToolChoice {
  if (choice.type === 'auto') return 'auto';
  if (choice.type === 'any') return 'required';
  if (choice.type === 'none') return 'none';
  return { type: 'function', name: toOpenAIToolName(choice.name) };
}

function toTextFormat(format: ResponseFormat): ResponsesTextFormat {
  if (format.type !== 'json_schema') return { type: format.type };
  const out: ResponsesTextFormat = { type: 'json_schema', name: format.name, schema: format.schema };
  if (format.strict !== undefined) out.strict = format.strict;
  return out;
}
