import type { ChatRequest } from '#src/core/chat.types.js';
import type { ResponseMeta } from '#src/dialects/dialect.types.js';

/** Builders shared by this folder's specs. */
export function buildMeta(overrides: Partial<ResponseMeta> = {}): ResponseMeta {
  return {
    model: 'claude-sonnet-4-5',
    provider: 'claude',
    requestId: 'req_test1',
    route: { reason: 'explicit' },
    attempts: [],
    ...overrides,
  };
}

export function buildRequest(text = 'What is the weather in Oslo?'): ChatRequest {
  return {
    messages: [{ role: 'user', content: [{ type: 'text', text }] }],
    maxTokens: 256,
    stream: true,
  };
}
