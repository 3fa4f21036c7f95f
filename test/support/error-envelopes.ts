import { asRecord, asString } from '../fakes/fake-json.js';
import type { SseFrame } from './stream-reader.js';

/** The error as a client of each dialect reads it, after checking the envelope's shape. */
export interface ClientError {
  type: string;
  message: string;
  param?: unknown;
}

/** `{"error":{"message","type","param","code"}}` — all four keys present, as the SDK expects. */
export function openaiError(body: unknown): ClientError {
  const error = asRecord(asRecord(body).error);
  for (const key of ['message', 'type', 'param', 'code']) {
    if (!(key in error)) throw new Error(`OpenAI error envelope lacks "${key}": ${JSON.stringify(body)}`);
  }
  return { type: asString(error.type) ?? '', message: asString(error.message) ?? '', param: error.param };
}

/** `{"type":"error","error":{"type","message"}}`. */
export function anthropicError(body: unknown): ClientError {
  const json = asRecord(body);
  const error = asRecord(json.error);
  if (json.type !== 'error' || typeof error.type !== 'string' || typeof error.message !== 'string') {
    throw new Error(`not an Anthropic error envelope: ${JSON.stringify(body)}`);
  }
  return { type: error.type, message: error.message };
}

export const ERROR_READER = { openai: openaiError, anthropic: anthropicError };

/** OpenAI streams end a failure with a `data: {"error":…}` frame and no `[DONE]` after it. */
export function openaiStreamError(frames: SseFrame[]): ClientError {
  const last = frames.at(-1);
  if (!last || last.data === '[DONE]') throw new Error(`stream did not end with an error: ${JSON.stringify(frames)}`);
  return openaiErrorLoose(JSON.parse(last.data) as unknown);
}

/** Mid-stream OpenAI errors carry at least `message`; the other keys are not always sent. */
function openaiErrorLoose(body: unknown): ClientError {
  const error = asRecord(asRecord(body).error);
  if (typeof error.message !== 'string') throw new Error(`not an OpenAI error frame: ${JSON.stringify(body)}`);
  return { type: asString(error.type) ?? '', message: error.message };
}

/** Anthropic streams end a failure with `event: error` and an error envelope, nothing after it. */
export function anthropicStreamError(frames: SseFrame[]): ClientError {
  const last = frames.at(-1);
  if (last?.event !== 'error') throw new Error(`stream did not end with event: error: ${JSON.stringify(frames)}`);
  return anthropicError(JSON.parse(last.data) as unknown);
}

export const STREAM_ERROR_READER = { openai: openaiStreamError, anthropic: anthropicStreamError };
