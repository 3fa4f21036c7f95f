import type { AbortWatch } from '#src/core/abort-latch.js';
import type { ChatEvent } from '#src/core/chat.types.js';
import type { RelayedAnswer } from '#src/providers/relay.types.js';
import { abortedWith } from './abort-guard.js';
import type { UpstreamResponse } from './upstream-http.js';
import { parseJsonText, readJsonText } from './upstream-response.js';

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

/**
 * A whole JSON answer kept as it arrived, for the client, and decoded on the side (errors, usage).
 * An answer already read whole (every JSON call's, see `UpstreamRequest.whole`) is handed back at
 * once, not as a promise: no step on the way back to the client waits for a value in hand. On
 * that path a bad answer is thrown, not rejected (every caller is an async `relay`, which turns it
 * into a rejection), and nothing is discarded: a whole answer holds no connection.
 */
export function relayedJson(
  res: UpstreamResponse,
  decode: AnswerDecoder,
  provider: string,
  signal: AbortWatch,
): RelayedAnswer | Promise<RelayedAnswer> {
  if (res.whole === undefined) return readRelayedJson(res, decode, provider, signal);
  return relayedText(parseJsonText(res.whole.toString('utf8'), res, provider), decode, provider, signal);
}

async function readRelayedJson(
  res: UpstreamResponse,
  decode: AnswerDecoder,
  provider: string,
  signal: AbortWatch,
): Promise<RelayedAnswer> {
  try {
    return relayedText(await readJsonText(res, provider), decode, provider, signal);
  } finally {
    res.discard();
  }
}

function relayedText(
  { value, text }: { value: unknown; text: string },
  decode: AnswerDecoder,
  provider: string,
  signal: AbortWatch,
): RelayedAnswer {
  const seen = decode(value);
  if (signal.aborted) throw abortedWith(signal, provider);
  return { kind: 'json', json: text, seen };
}
