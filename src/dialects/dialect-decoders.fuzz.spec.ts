import fc from 'fast-check';
import { GatewayError } from '#src/core/gateway-error.js';
import { AnthropicCodec } from './anthropic/anthropic.codec.js';
import type { DialectCodec } from './dialect.types.js';
import { OllamaCodec } from './ollama/ollama.codec.js';
import { OpenAICodec } from './openai/openai.codec.js';
import { UnifiedCodec } from './unified/unified.codec.js';

/**
 * Property: whatever JSON a client sends, a decoder answers with a request or an `invalid_request`
 * GatewayError, never another exception. Inputs are valid bodies of each dialect (Ollama's chat
 * and generate among them, model loads included) with one field (at any depth) replaced by
 * arbitrary JSON, bodies of the other dialects, and arbitrary JSON, so the runs reach every
 * decoder stage, not just the first type check. Fixed seed, bounded runs.
 */

const SEED = 20261205;
const RUNS = 2000;

const anyJson = fc.jsonValue({ maxDepth: 4 });
const text = fc.string({ maxLength: 40 });
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=';
const schema = fc.oneof(
  fc.constant({ type: 'object', properties: { q: { type: 'string' } }, required: ['q'] }),
  fc.record({
    type: fc.constant('object'),
    properties: fc.dictionary(text, fc.record({ type: fc.constantFrom('string', 'number') })),
  }),
);
const toolCall = fc.record({
  id: text,
  type: fc.constant('function'),
  function: fc.record({
    name: fc.constantFrom('search', 'run'),
    arguments: fc.constantFrom('{}', '{"q":"x"}', '{bad'),
  }),
});

const openaiPart = fc.oneof(
  fc.record({ type: fc.constant('text'), text }),
  fc.record({
    type: fc.constant('image_url'),
    image_url: fc.record({ url: fc.constantFrom(`data:image/png;base64,${PNG}`, 'https://example.test/a.png') }),
  }),
);
const openaiMessage = fc.oneof(
  fc.record({
    role: fc.constantFrom('system', 'developer', 'user'),
    content: fc.oneof(text, fc.array(openaiPart, { minLength: 1, maxLength: 3 })),
  }),
  fc.record(
    {
      role: fc.constant('assistant'),
      content: fc.option(text, { nil: null }),
      tool_calls: fc.array(toolCall, { maxLength: 2 }),
    },
    { requiredKeys: ['role', 'content'] },
  ),
  fc.record({ role: fc.constant('tool'), tool_call_id: text, content: text }),
);
const openaiBody = fc.record(
  {
    model: fc.constantFrom('gpt-4o', 'claude-3-opus', 'auto'),
    messages: fc.array(openaiMessage, { minLength: 1, maxLength: 4 }),
    tools: fc.array(
      fc.record({
        type: fc.constant('function'),
        function: fc.record({ name: fc.constantFrom('search', 'run'), parameters: schema }),
      }),
      { maxLength: 2 },
    ),
    tool_choice: fc.constantFrom('auto', 'none', 'required'),
    stream: fc.boolean(),
    stream_options: fc.record({ include_usage: fc.boolean() }),
    max_tokens: fc.integer({ min: 1, max: 100_000 }),
    temperature: fc.double({ min: 0, max: 2, noNaN: true }),
    stop: fc.oneof(text, fc.array(text, { maxLength: 3 })),
    response_format: fc.constant({ type: 'json_object' }),
    routing_rules: fc.array(
      fc.record({
        pattern: fc.constantFrom('code|bug', '(a+)+$', '[', 'x'.repeat(600)),
        model: fc.constantFrom('gpt-4o', 'nope'),
      }),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: ['model', 'messages'] },
);

const anthropicBlock = fc.oneof(
  fc.record({ type: fc.constant('text'), text }),
  fc.record({
    type: fc.constant('image'),
    source: fc.record({ type: fc.constant('base64'), media_type: fc.constant('image/png'), data: fc.constant(PNG) }),
  }),
  fc.record({
    type: fc.constant('tool_use'),
    id: text,
    name: fc.constantFrom('search', 'run'),
    input: fc.dictionary(text, text),
  }),
  fc.record({
    type: fc.constant('tool_result'),
    tool_use_id: text,
    content: fc.oneof(text, fc.array(fc.record({ type: fc.constant('text'), text }), { maxLength: 2 })),
  }),
  fc.record({ type: fc.constant('thinking'), thinking: text, signature: text }),
);
const anthropicBody = fc.record(
  {
    model: fc.constantFrom('claude-3-opus', 'gpt-4o'),
    max_tokens: fc.integer({ min: 1, max: 64_000 }),
    messages: fc.array(
      fc.record({
        role: fc.constantFrom('user', 'assistant'),
        content: fc.oneof(text, fc.array(anthropicBlock, { minLength: 1, maxLength: 3 })),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    system: fc.oneof(text, fc.array(fc.record({ type: fc.constant('text'), text }), { maxLength: 2 })),
    tools: fc.array(fc.record({ name: fc.constantFrom('search', 'run'), description: text, input_schema: schema }), {
      maxLength: 2,
    }),
    tool_choice: fc.record(
      { type: fc.constantFrom('auto', 'any', 'tool', 'none'), name: fc.constant('search') },
      { requiredKeys: ['type'] },
    ),
    thinking: fc.record({ type: fc.constant('enabled'), budget_tokens: fc.integer({ min: 1, max: 32_000 }) }),
    stream: fc.boolean(),
    stop_sequences: fc.array(text, { maxLength: 2 }),
    metadata: fc.record({ user_id: text }),
  },
  { requiredKeys: ['model', 'max_tokens', 'messages'] },
);

const ollamaTool = fc.record({
  type: fc.constant('function'),
  function: fc.record({ name: fc.constantFrom('search', 'run'), description: text, parameters: schema }),
});
const ollamaCall = fc.record(
  {
    id: text,
    function: fc.record({
      name: fc.constantFrom('search', 'run'),
      arguments: fc.oneof(fc.dictionary(text, text), fc.constantFrom('{}', '{bad')),
    }),
  },
  { requiredKeys: ['function'] },
);
const ollamaMessage = fc.oneof(
  fc.record(
    { role: fc.constantFrom('system', 'user'), content: text, images: fc.array(fc.constant(PNG), { maxLength: 1 }) },
    { requiredKeys: ['role', 'content'] },
  ),
  fc.record(
    {
      role: fc.constant('assistant'),
      content: text,
      thinking: text,
      tool_calls: fc.array(ollamaCall, { maxLength: 2 }),
    },
    { requiredKeys: ['role', 'content'] },
  ),
  fc.record(
    {
      role: fc.constant('tool'),
      content: text,
      tool_name: fc.constantFrom('search', 'run', 'other'),
      tool_call_id: text,
    },
    { requiredKeys: ['role', 'content'] },
  ),
);
const ollamaShared = {
  model: fc.constantFrom('llama3.2', 'llama3.2:latest', 'gpt-4o'),
  stream: fc.boolean(),
  think: fc.oneof(fc.boolean(), fc.constantFrom('low', 'medium', 'high')),
  format: fc.oneof(fc.constant('json'), schema),
  keep_alive: fc.oneof(fc.constantFrom('5m', '0', '0s', 0, -1)),
  options: fc.record(
    {
      temperature: fc.double({ min: 0, max: 2, noNaN: true }),
      top_p: fc.double({ min: 0, max: 1, noNaN: true }),
      top_k: fc.integer({ min: 1, max: 100 }),
      num_predict: fc.integer({ min: -2, max: 100_000 }),
      seed: fc.integer(),
      stop: fc.array(text, { maxLength: 2 }),
    },
    { requiredKeys: [] },
  ),
};
const ollamaChatBody = fc.record(
  {
    ...ollamaShared,
    messages: fc.array(ollamaMessage, { maxLength: 4 }),
    tools: fc.array(ollamaTool, { maxLength: 2 }),
  },
  { requiredKeys: ['model', 'messages'] },
);
const ollamaGenerateBody = fc.record(
  {
    ...ollamaShared,
    prompt: text,
    system: text,
    suffix: text,
    images: fc.array(fc.constant(PNG), { maxLength: 1 }),
    raw: fc.boolean(),
    template: text,
    context: fc.array(fc.nat(), { maxLength: 3 }),
  },
  { requiredKeys: ['model', 'prompt'] },
);

/** Replaces the value at a path (chosen by `steps` among each level's keys) with `replacement`. */
function mutate(body: unknown, steps: number[], replacement: unknown): unknown {
  const root: { value: unknown } = { value: structuredClone(body) };
  let holder: Record<string, unknown> = root;
  let key = 'value';
  for (const step of steps) {
    const node = holder[key];
    if (typeof node !== 'object' || node === null) break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    holder = node as Record<string, unknown>;
    key = keys[step % keys.length];
  }
  holder[key] = replacement;
  return root.value;
}

const mutated = (valid: fc.Arbitrary<unknown>) =>
  fc
    .tuple(valid, fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), anyJson)
    .map(([body, steps, value]) => mutate(body, steps, value));

const inputs = fc.oneof(
  { weight: 2, arbitrary: openaiBody },
  { weight: 2, arbitrary: anthropicBody },
  { weight: 5, arbitrary: mutated(openaiBody) },
  { weight: 5, arbitrary: mutated(anthropicBody) },
  { weight: 2, arbitrary: ollamaChatBody },
  { weight: 2, arbitrary: ollamaGenerateBody },
  { weight: 5, arbitrary: mutated(ollamaChatBody) },
  { weight: 5, arbitrary: mutated(ollamaGenerateBody) },
  { weight: 1, arbitrary: anyJson },
);
const headers = fc.record(
  { 'anthropic-beta': fc.oneof(text, fc.constant('interleaved-thinking-2025-05-14')) },
  { requiredKeys: [] },
);

/** What one decode came to; anything other than a request or a refusal of the input is thrown. */
function decodeOrRefuse(codec: DialectCodec, body: unknown, head: Record<string, string>): 'decoded' | 'refused' {
  try {
    codec.decode(body, head);
    return 'decoded';
  } catch (err) {
    if (err instanceof GatewayError && err.kind === 'invalid_request') return 'refused';
    throw err;
  }
}

describe.each<[string, DialectCodec]>([
  ['OpenAI', new OpenAICodec()],
  ['Anthropic', new AnthropicCodec()],
  ['unified', new UnifiedCodec()],
  ['Ollama chat', new OllamaCodec('chat')],
  ['Ollama generate', new OllamaCodec('generate')],
])('the %s decoder, fuzzed', (_name, codec) => {
  it('answers any JSON with a request or an invalid_request error, and decodes a good share of it', () => {
    const seen = { decoded: 0, refused: 0 };
    fc.assert(
      fc.property(inputs, headers, (body, head) => {
        seen[decodeOrRefuse(codec, body, head)] += 1;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The inputs are meant to reach past the first check; a generator that never does proves little.
    expect(seen.decoded).toBeGreaterThan(RUNS / 10);
    expect(seen.refused).toBeGreaterThan(RUNS / 10);
  });
});
