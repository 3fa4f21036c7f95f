import type { FakeUpstream } from './fake-upstream.js';
import type { FakeFrame, FakeOptions } from './fake-upstream.types.js';
import { startAnthropicFake } from './anthropic-fake.js';
import {
  anthropicError,
  anthropicErrorEvent,
  anthropicEvent,
  anthropicMessageStart,
  anthropicTextDelta,
} from './anthropic-frames.js';
import { startOllamaFake } from './ollama-fake.js';
import { ollamaLine } from './ollama-frames.js';
import { startOpenAIFake } from './openai-fake.js';
import { OPENAI_DONE, openaiChunk, openaiError } from './openai-frames.js';

export type VendorKind = 'openai' | 'anthropic' | 'ollama';

/** Vendor-specific pieces for scripting a fake from a table of cases. */
export interface FakeKit {
  readonly kind: VendorKind;
  start(options?: FakeOptions): Promise<FakeUpstream>;
  /** An error body as this vendor writes it for `status`. */
  errorBody(status: number, message: string): unknown;
  /** A text stream of `pieces`; with `complete: false` it stops right after the last piece. */
  textStream(model: string, pieces: string[], complete?: boolean): FakeFrame[];
  /** What this vendor sends when it fails after the stream began. */
  midStreamError(message: string): FakeFrame;
}

const OPENAI_TYPES: Record<number, [string, string | null]> = {
  400: ['invalid_request_error', null],
  401: ['invalid_request_error', 'invalid_api_key'],
  404: ['invalid_request_error', 'model_not_found'],
  429: ['requests', 'rate_limit_exceeded'],
  503: ['server_error', null],
};

const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

export const openaiKit: FakeKit = {
  kind: 'openai',
  start: startOpenAIFake,
  errorBody: (status, message) => openaiError(message, ...(OPENAI_TYPES[status] ?? ['server_error', null])),
  textStream: (model, pieces, complete = true) => [
    openaiChunk('scripted', model, { role: 'assistant', content: '' }),
    ...pieces.map((content) => openaiChunk('scripted', model, { content })),
    ...(complete ? [openaiChunk('scripted', model, {}, 'stop'), OPENAI_DONE] : []),
  ],
  midStreamError: (message) => ({ data: openaiError(message, 'server_error', null) }),
};

export const anthropicKit: FakeKit = {
  kind: 'anthropic',
  start: startAnthropicFake,
  errorBody: (status, message) => anthropicError(ANTHROPIC_TYPES[status] ?? 'api_error', message),
  textStream: (model, pieces, complete = true) => [
    anthropicMessageStart('scripted', model, 12),
    anthropicEvent('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    ...pieces.map((text) => anthropicTextDelta(0, text)),
    ...(complete
      ? [
          anthropicEvent('content_block_stop', { index: 0 }),
          anthropicEvent('message_delta', {
            delta: { stop_reason: 'end_turn', stop_sequence: null },
            usage: { output_tokens: pieces.length },
          }),
          anthropicEvent('message_stop'),
        ]
      : []),
  ],
  midStreamError: (message) => anthropicErrorEvent('overloaded_error', message),
};

export const ollamaKit: FakeKit = {
  kind: 'ollama',
  start: startOllamaFake,
  errorBody: (_status, message) => ({ error: message }),
  textStream: (model, pieces, complete = true) => [
    ...pieces.map((content) => ollamaLine(model, { content })),
    ...(complete
      ? [
          {
            data: {
              ...(ollamaLine(model, { content: '' }, true).data as object),
              done_reason: 'stop',
              prompt_eval_count: 12,
              eval_count: pieces.length,
            },
          },
        ]
      : []),
  ],
  midStreamError: (message) => ({ data: { error: message } }),
};

export const fakeKits: Record<VendorKind, FakeKit> = { openai: openaiKit, anthropic: anthropicKit, ollama: ollamaKit };
