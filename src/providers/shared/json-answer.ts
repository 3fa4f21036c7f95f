import type { AbortWatch } from '#src/core/abort-latch.js';
import type { ChatEvent } from '#src/core/chat.types.js';
import type { RelayedAnswer } from '#src/providers/relay.types.js';
import { abortedWith } from './abort-guard.js';
import type { UpstreamResponse } from './upstream-http.js';
import { readJsonText } from './upstream-response.js';

/** Reads a vendor's whole JSON answer into canonical events (throwing for an error inside it). */
export type AnswerDecoder = (json: unknown) => ChatEvent[];

/** A whole JSON answer as events, checking between them that the client is still there. */
export async function* jsonAnswerEvents(
  res: UpstreamResponse,
  decode: AnswerDecoder,
  provider: string,
  signal: AbortWatch,
): AsyncGenerator<ChatEvent> {
  try {
    const { value } = await readJsonText(res, provider);
    for (const event of decode(value)) {
      if (signal.aborted) throw abortedWith(signal, provider);
      yield event;
    }
  } finally {
    res.discard();
  }
}

/** A whole JSON answer kept as it arrived, for the client, and decoded on the side (errors, usage). */
export async function relayedJson(
  res: UpstreamResponse,
  decode: AnswerDecoder,
  provider: string,
  signal: AbortWatch,
): Promise<RelayedAnswer> {
  try {
    const { value, text } = await readJsonText(res, provider);
    const seen = decode(value);
    if (signal.aborted) throw abortedWith(signal, provider);
    return { kind: 'json', json: text, seen };
  } finally {
    res.discard();
  }
}
