import type { ChatRequest } from '#src/core/chat.types.js';
import type { ResponseMeta } from '#src/dialects/dialect.types.js';

/** Builders shared by this folder's specs. */
export function buildMeta(overrides: Partial<ResponseMeta> = {}): ResponseMeta {
  return {
    model: 'smart',
    provider: 'openai',
    requestId: 'req_test1',
    route: { reason: 'explicit' },
    attempts: [],
    ...overrides,
  };
}

/** A request as decoded from `body`; the encoders read only the client's tools and settings from it. */
export function buildRequest(body: Record<string, unknown> = {}): ChatRequest {
  return {
    messages: [{ role: 'user', content: [{ type: 'text', text: 'What is the weather in Oslo?' }] }],
    stream: true,
    source: {
      shape: 'responses',
      body: { model: 'smart', input: 'What is the weather in Oslo?', ...body },
      forwardHeaders: {},
    },
  };
}

/** The client's tools: a function, a custom tool and a namespaced function. */
export const OFFERED_TOOLS = [
  { type: 'function', name: 'get_weather', parameters: { type: 'object' } },
  { type: 'custom', name: 'apply_patch' },
  { type: 'namespace', name: 'crm', description: 'CRM', tools: [{ type: 'function', name: 'find', parameters: {} }] },
  { type: 'web_search' },
];
