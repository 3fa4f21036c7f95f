import type { ChatEvent, ChatResponse, StartEvent, Usage } from './chat.types.js';
import { GatewayError } from './gateway-error.js';

/** Folds a `ChatEvent` stream into one `ChatResponse`, the way a non-streaming client sees it. */
export async function collectResponse(events: AsyncIterable<ChatEvent> | Iterable<ChatEvent>): Promise<ChatResponse> {
  const collector = new ResponseCollector();
  for await (const event of events) collector.add(event);
  return collector.result();
}

/** `collectResponse` for events already in hand (a whole JSON answer's), with no promise round per event. */
export function collectEvents(events: Iterable<ChatEvent>): ChatResponse {
  const collector = new ResponseCollector();
  for (const event of events) collector.add(event);
  return collector.result();
}

export class ResponseCollector {
  private start: StartEvent | undefined;
  private readonly content: ChatResponse['content'] = [];
  private readonly toolParts = new Map<number, { type: 'tool_call'; id: string; name: string; arguments: string }>();
  private usage: Usage = { inputTokens: 0, outputTokens: 0 };
  private stop: Extract<ChatEvent, { type: 'stop' }> | undefined;

  add(event: ChatEvent): void {
    switch (event.type) {
      case 'start':
        this.start = event;
        if (event.usage) this.usage = { ...event.usage };
        return;
      case 'text_delta': {
        const last = this.content.at(-1);
        if (last?.type === 'text') last.text += event.text;
        else this.content.push({ type: 'text', text: event.text });
        return;
      }
      case 'thinking_delta': {
        const last = this.content.at(-1);
        // A signed or redacted thinking part is whole: the next piece starts another.
        if (last?.type === 'thinking' && last.signature === undefined && last.redactedData === undefined)
          last.text += event.text;
        else this.content.push({ type: 'thinking', text: event.text });
        return;
      }
      case 'thinking_signature': {
        const last = this.content.at(-1);
        if (last?.type === 'thinking' && last.redactedData === undefined) last.signature = event.signature;
        else this.content.push({ type: 'thinking', text: '', signature: event.signature });
        return;
      }
      case 'redacted_thinking':
        this.content.push({ type: 'thinking', text: '', redactedData: event.data });
        return;
      case 'tool_call_start': {
        const part = { type: 'tool_call' as const, id: event.id, name: event.name, arguments: '' };
        this.toolParts.set(event.index, part);
        this.content.push(part);
        return;
      }
      case 'tool_call_delta': {
        const part = this.toolParts.get(event.index);
        if (part) part.arguments += event.argumentsDelta;
        return;
      }
      case 'usage':
        this.usage = { ...this.usage, ...event.usage };
        return;
      case 'stop':
        this.stop = event;
        return;
    }
  }

  result(): ChatResponse {
    if (!this.stop)
      throw new GatewayError('invalid_upstream_response', 'The upstream stream ended before the answer was complete');
    return {
      id: this.start?.id,
      model: this.start?.model,
      content: this.content,
      stopReason: this.stop.reason,
      stopSequence: this.stop.stopSequence,
      usage: this.usage,
    };
  }
}
