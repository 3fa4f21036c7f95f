import type { ChatEvent, ChatResponse } from '#src/core/chat.types.js';
import { redactor } from '#src/core/redact.js';

/** The most answer text kept for the request log; a longer answer is cut here and says so. */
export const MAX_CAPTURED_CHARS = 256 * 1024;

/**
 * Text kept past the cut, so that a secret straddling it is still whole when redacted: redacting
 * only what is left of it after the cut would keep most of its characters.
 */
const REDACTION_SLACK = 4 * 1024;
const KEPT_CHARS = MAX_CAPTURED_CHARS + REDACTION_SLACK;

/** Redacted first, then cut to `MAX_CAPTURED_CHARS`, saying so when it was. */
export function redactedAndBounded(text: string): string {
  const clean = redactor.redact(text);
  return clean.length > MAX_CAPTURED_CHARS ? cutNote(clean) : clean;
}

const cutNote = (text: string) => `${text.slice(0, MAX_CAPTURED_CHARS)}… [cut at ${MAX_CAPTURED_CHARS} characters]`;

/**
 * Appends text up to a little over `MAX_CAPTURED_CHARS`, then stops growing (memory stays bounded
 * per request); a text that went over is redacted, then cut, as it is read.
 */
export class CapturedText {
  private parts: string[] = [];
  private length = 0;
  private cut = false;

  append(text: string): void {
    if (this.cut) return;
    const room = KEPT_CHARS - this.length;
    if (text.length > room) {
      this.parts.push(text.slice(0, room));
      this.length = KEPT_CHARS;
      this.cut = true;
      return;
    }
    this.parts.push(text);
    this.length += text.length;
  }

  text(): string {
    const whole = this.parts.join('');
    if (whole.length <= MAX_CAPTURED_CHARS) return whole;
    // Over the cut: whatever redaction removes, the answer was longer than what is kept.
    return cutNote(redactor.redact(whole));
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
