import type { ChatEvent, StopReason, Usage } from '#src/core/chat.types.js';
import type { GatewayError } from '#src/core/gateway-error.js';
import { encodeSse } from '#src/core/sse.js';
import type { StreamEncoder } from '#src/dialects/dialect.types.js';
import { customToolInput } from './custom-tool.mapper.js';
import { toOpenAIErrorBody } from './openai-error.encoder.js';
import { toOpenAIFinishReason, toOpenAIUsage } from './openai-finish.mapper.js';
import { completionId } from './openai-response.encoder.js';
import type { OpenAIChatCompletionChunk, OpenAIChunkDelta } from './openai-wire.types.js';

export interface OpenAIStreamOptions {
  /** The gateway's model name, reported on every chunk. */
  model: string;
  /** `stream_options.include_usage`: every chunk carries `usage: null` and a usage chunk ends the stream. */
  includeUsage: boolean;
  nowMs: number;
  /** The client's custom tools: calls of these stream in the custom shape. */
  customTools?: ReadonlySet<string>;
}

/**
 * Chat Completions chunks, in the order openai-node's stream accumulator requires: a first delta
 * with `role`, a tool call's first delta with `id`, `type` and `name`, a `finish_reason` before
 * the end, and nothing after `[DONE]` or an error. One id, `created` and model per stream.
 */
export class OpenAIStreamEncoder implements StreamEncoder {
  private id: string | undefined;
  private readonly created: number;
  private usage: Usage = { inputTokens: 0, outputTokens: 0 };
  private finished = false;
  private closed = false;
  private fixedHead: string | undefined;
  /**
   * Open custom-tool calls by index, with their arguments so far: those arrive as `{"input": …}`
   * JSON, whose raw input is only known whole, so it is sent once, before the finish.
   */
  private readonly customArgs = new Map<number, string>();

  constructor(private readonly options: OpenAIStreamOptions) {
    this.created = Math.floor(options.nowMs / 1000);
  }

  event(event: ChatEvent): string {
    if (this.closed) return '';
    if (event.type === 'start') {
      if (event.usage) this.usage = { ...event.usage };
      return this.opening(event.id);
    }
    const head = this.opening(undefined);
    return head + this.body(event);
  }

  end(): string {
    if (this.closed) return '';
    // A stream must never end without a finish_reason: the accumulator throws on it.
    let out = this.opening(undefined) + (this.finished ? '' : this.finish('end_turn'));
    if (this.options.includeUsage) out += this.frame({ ...this.base(), choices: [], usage: toOpenAIUsage(this.usage) });
    this.closed = true;
    return out + 'data: [DONE]\n\n';
  }

  /** A failure after the finish chunk comes too late to matter: the answer is whole, and ends as one. */
  error(err: GatewayError): string {
    if (this.closed) return '';
    if (this.finished) return this.end();
    this.closed = true;
    return encodeSse(JSON.stringify(toOpenAIErrorBody(err)));
  }

  private body(event: Exclude<ChatEvent, { type: 'start' }>): string {
    switch (event.type) {
      case 'text_delta':
        return event.text === '' ? '' : this.delta({ content: event.text });
      case 'thinking_delta':
        return event.text === '' ? '' : this.delta({ reasoning_content: event.text });
      case 'tool_call_start':
        return this.toolCallStart(event.index, event.id, event.name);
      case 'tool_call_delta': {
        const custom = this.customArgs.get(event.index);
        if (custom !== undefined) this.customArgs.set(event.index, custom + event.argumentsDelta);
        return event.argumentsDelta === '' || custom !== undefined
          ? ''
          : this.delta({ tool_calls: [{ index: event.index, function: { arguments: event.argumentsDelta } }] });
      }
      case 'usage':
        this.usage = { ...this.usage, ...event.usage };
        return '';
      case 'stop':
        return this.finished ? '' : this.finish(event.reason);
      case 'thinking_signature':
      case 'redacted_thinking':
        return '';
    }
  }

  /** The role chunk, once, before anything else; the upstream id is only known at `start`. */
  private opening(upstreamId: string | undefined): string {
    if (this.id !== undefined) return '';
    this.id = completionId(upstreamId);
    return this.delta({ role: 'assistant', content: '' });
  }

  private toolCallStart(index: number, id: string, name: string): string {
    if (this.options.customTools?.has(name) !== true) {
      return this.delta({ tool_calls: [{ index, id, type: 'function', function: { name, arguments: '' } }] });
    }
    this.customArgs.set(index, '');
    return this.delta({ tool_calls: [{ index, id, type: 'custom', custom: { name, input: '' } }] });
  }

  private finish(reason: StopReason): string {
    this.finished = true;
    let inputs = '';
    for (const [index, args] of this.customArgs) {
      inputs += this.delta({ tool_calls: [{ index, custom: { input: customToolInput(args) } }] });
    }
    this.customArgs.clear();
    return inputs + this.chunk({}, toOpenAIFinishReason(reason));
  }

  private delta(delta: OpenAIChunkDelta): string {
    return this.chunk(delta, null);
  }

  private chunk(
    delta: OpenAIChunkDelta,
    finishReason: OpenAIChatCompletionChunk['choices'][0]['finish_reason'],
  ): string {
    const choices: OpenAIChatCompletionChunk['choices'] = [
      { index: 0, delta, logprobs: null, finish_reason: finishReason },
    ];
    // The same text `frame({ ...base(), choices, usage? })` gives, without re-serialising the fixed fields.
    const tail = this.options.includeUsage ? ',"usage":null}' : '}';
    return `data: ${this.head()},"choices":${JSON.stringify(choices)}${tail}\n\n`;
  }

  /** `{"id":…,"object":…,"created":…,"model":…` serialised once, after the id is known (fixed from then on). */
  private head(): string {
    if (this.id === undefined) return JSON.stringify(this.base()).slice(0, -1);
    return (this.fixedHead ??= JSON.stringify(this.base()).slice(0, -1));
  }

  private base(): Pick<OpenAIChatCompletionChunk, 'id' | 'object' | 'created' | 'model'> {
    return {
      id: this.id ?? completionId(undefined),
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.options.model,
    };
  }

  private frame(chunk: OpenAIChatCompletionChunk): string {
    return encodeSse(JSON.stringify(chunk));
  }
}
