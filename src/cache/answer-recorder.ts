import type { ChatEvent } from '#src/core/chat.types.js';
import type { RelayFrame } from '#src/providers/relay.types.js';

/**
 * Collects the canonical events of an answer as it goes to the client and hands them over once
 * the answer is complete: a `stop` came and the stream ended without error or early exit. A
 * stream past `maxBytes` (roughly) is let through but not kept.
 */
export class AnswerRecorder {
  private readonly events: ChatEvent[] = [];
  private bytes = 0;
  private tooBig = false;

  constructor(
    private readonly maxBytes: number,
    private readonly done: (events: ChatEvent[]) => void,
  ) {}

  add(event: ChatEvent): void {
    if (this.tooBig) return;
    this.bytes += eventSize(event);
    if (this.bytes > this.maxBytes) {
      this.tooBig = true;
      this.events.length = 0;
      return;
    }
    this.events.push(event);
  }

  /** The answer ended well; stores it when it is complete and small enough. */
  finish(): void {
    if (this.tooBig) return;
    const stop = this.events.findLast((e) => e.type === 'stop');
    // A paused turn (server tools still running upstream) is not an answer to replay.
    if (stop?.type !== 'stop' || stop.reason === 'pause_turn' || this.events[0]?.type !== 'start') return;
    this.done(this.events);
  }

  /** Passes events through, recording them. */
  async *events$(events: AsyncIterable<ChatEvent>): AsyncGenerator<ChatEvent> {
    for await (const event of events) {
      this.add(event);
      yield event;
    }
    this.finish();
  }

  /** Passes relayed frames through, recording what was read from them. */
  async *frames$(frames: AsyncIterable<RelayFrame>): AsyncGenerator<RelayFrame> {
    for await (const frame of frames) {
      for (const event of frame.seen) this.add(event);
      yield frame;
    }
    this.finish();
  }
}

function eventSize(event: ChatEvent): number {
  switch (event.type) {
    case 'text_delta':
    case 'thinking_delta':
      return event.text.length * 2 + 32;
    case 'tool_call_delta':
      return event.argumentsDelta.length * 2 + 32;
    case 'redacted_thinking':
      return event.data.length * 2 + 32;
    case 'thinking_signature':
      return event.signature.length * 2 + 32;
    default:
      return 128;
  }
}
