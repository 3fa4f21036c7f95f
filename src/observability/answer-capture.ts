import type { ChatEvent, ChatResponse } from '#src/core/chat.types.js';

/** The most answer text kept for the request log; a longer answer is cut here and says so. */
export const MAX_CAPTURED_CHARS = 256 * 1024;

/** Appends text up to `MAX_CAPTURED_CHARS`, then stops growing (memory stays bounded per request). */
export class CapturedText {
  private parts: string[] = [];
  private length = 0;
  private cut = false;

  append(text: string): void {
    if (this.cut) return;
    const room = MAX_CAPTURED_CHARS - this.length;
    if (text.length > room) {
      this.parts.push(text.slice(0, room));
      this.length = MAX_CAPTURED_CHARS;
      this.cut = true;
      return;
    }
    this.parts.push(text);
    this.length += text.length;
  }

  text(): string {
    return this.cut ? `${this.parts.join('')}… [cut at ${MAX_CAPTURED_CHARS} characters]` : this.parts.join('');
  }
}

/** Passes every event through unchanged while collecting the answer's text as it streams by. */
export async function* tapAnswerText(
  events: AsyncIterable<ChatEvent>,
  sink: CapturedText,
): AsyncGenerator<ChatEvent, void, undefined> {
  // Returning this generator returns the inner iterator, so a client disconnect still aborts upstream.
  for await (const event of events) {
    if (event.type === 'text_delta') sink.append(event.text);
    yield event;
  }
}

/** The text of a collected answer (tool calls and thinking are not part of it). */
export function answerTextOf(response: ChatResponse): string {
  const sink = new CapturedText();
  for (const part of response.content) if (part.type === 'text') sink.append(part.text);
  return sink.text();
}
