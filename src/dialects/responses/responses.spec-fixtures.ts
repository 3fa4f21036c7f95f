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

/** A client's Responses body with `fields` added; the encoders read its tools and settings. */
export function buildBody(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: 'smart', input: 'What is the weather in Oslo?', ...fields };
}

/** The client's tools: a function, a custom tool and a namespaced function. */
export const OFFERED_TOOLS = [
  { type: 'function', name: 'get_weather', parameters: { type: 'object' } },
  { type: 'custom', name: 'apply_patch' },
  { type: 'namespace', name: 'crm', description: 'CRM', tools: [{ type: 'function', name: 'find', parameters: {} }] },
  { type: 'web_search' },
];
