import type { ChatEvent, Usage } from '#src/core/chat.types.js';
import type { Clock } from '#src/core/clock.js';
import type { GatewayError } from '#src/core/gateway-error.js';
import type { StreamEncoder } from '#src/dialects/dialect.types.js';
import { ollamaLine, toolCallOut, type LineContent, type OllamaEndpoint } from './ollama-line.encoder.js';
import { ollamaDoneReason, ollamaMetrics } from './ollama-metrics.js';
import { ollamaErrorMessage } from './ollama-error.encoder.js';
import type { OllamaToolCallOut } from './ollama.wire.js';

export interface OllamaStreamOptions {
  endpoint: OllamaEndpoint;
  /** The gateway's name of the model that answers. */
  model: string;
  clock: Clock;
  /** When the request arrived (monotonic ms); durations count from here. */
  startedAt: number;
}

interface PendingCall {
  id: string;
  index: number;
  name: string;
  args: string;
}

/**
 * Ollama's NDJSON stream: one JSON object a line, `done: true` with `done_reason`, counts and
 * durations on the last. A tool call goes out whole, its arguments an object, as Ollama sends it:
 * streamed argument pieces are held until the call is complete.
 */
export class OllamaStreamEncoder implements StreamEncoder {
  readonly contentType = 'application/x-ndjson';
  private readonly calls: PendingCall[] = [];
  private usage?: Usage;
  private firstContentAt?: number;
  private finished = false;

  constructor(private readonly options: OllamaStreamOptions) {}

  event(event: ChatEvent): string {
    if (this.finished) return '';
    if (event.type === 'tool_call_delta') {
      const call = this.calls.find((c) => c.index === event.index);
      if (call) call.args += event.argumentsDelta;
      return '';
    }
    const held = event.type === 'tool_call_start' ? '' : this.flushCalls();
    switch (event.type) {
      case 'start':
        if (event.usage) this.usage = event.usage;
        return held;
      case 'usage':
        this.usage = event.usage;
        return held;
      case 'text_delta':
        return held + this.content({ content: event.text });
      case 'thinking_delta':
        return held + this.content({ thinking: event.text });
      case 'tool_call_start':
        this.markContent();
        this.calls.push({ id: event.id, index: event.index, name: event.name, args: '' });
        return '';
      case 'stop':
        this.finished = true;
        return held + this.finalLine(ollamaDoneReason(event.reason));
      default:
        return held;
    }
  }

  /** A stream that ended without a stop event still closes with the `done` line clients wait for. */
  end(): string {
    if (this.finished) return '';
    this.finished = true;
    return this.flushCalls() + this.finalLine('stop');
  }

  /** Nothing follows the `done` line: a failure after it comes too late to matter. */
  error(err: GatewayError): string {
    if (this.finished) return '';
    this.finished = true;
    return `${JSON.stringify({ error: ollamaErrorMessage(err) })}\n`;
  }

  private content(body: LineContent): string {
    if (!body.content && !body.thinking) return '';
    this.markContent();
    return this.line(body, false);
  }

  private flushCalls(): string {
    if (this.calls.length === 0) return '';
    const toolCalls: OllamaToolCallOut[] = this.calls.map((c) => toolCallOut(c.id, c.index, c.name, c.args));
    this.calls.length = 0;
    return this.line({ toolCalls }, false);
  }

  private finalLine(reason: 'stop' | 'length'): string {
    const endedAt = this.options.clock.monotonic();
    const times = { startedAt: this.options.startedAt, firstContentAt: this.firstContentAt ?? endedAt, endedAt };
    const last = { ...ollamaLine(this.options.endpoint, this.head(), {}, true), done_reason: reason };
    return `${JSON.stringify({ ...last, ...ollamaMetrics(this.usage, times) })}\n`;
  }

  private markContent(): void {
    this.firstContentAt ??= this.options.clock.monotonic();
  }

  private line(body: LineContent, done: boolean): string {
    return `${JSON.stringify(ollamaLine(this.options.endpoint, this.head(), body, done))}\n`;
  }

  private head() {
    return { model: this.options.model, createdAt: this.options.clock.now() };
  }
}
