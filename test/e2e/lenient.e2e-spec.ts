import { asRecord } from '../fakes/fake-json.js';
import { anthropicClient, openaiClient } from '../support/sdk-clients.js';
import { MODEL, startStack, UPSTREAM_MODEL, type TestStack } from '../support/test-stack.js';

/**
 * What today's Claude Code sends, and what tomorrow's may: a system message between turns,
 * `thinking`, `context_management`, `output_config`, a block type and a field nobody has heard of.
 * Anthropic upstreams get it all as sent; others get a faithful translation, and the client is
 * told what was left out.
 */

const T = 20_000;

const NEW_BLOCK = { type: 'hologram_2027_01_01', payload: { frames: [1, 2, 3] } };
const CONTEXT_MANAGEMENT = { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] };

/** A Claude Code turn as `@anthropic-ai/sdk` params; fields the SDK types do not know ride along as extra keys. */
function claudeCodeParams(model: string) {
  return {
    model,
    max_tokens: 1024,
    system: [{ type: 'text' as const, text: 'You are a coding agent.', cache_control: { type: 'ephemeral' as const } }],
    messages: [
      { role: 'user' as const, content: 'Fix the failing test.' },
      { role: 'assistant' as const, content: 'Looking at it.' },
      { role: 'system', content: 'Plan mode is on: propose before editing.' },
      { role: 'user' as const, content: [{ type: 'text' as const, text: 'Go on.' }, NEW_BLOCK] },
    ],
    thinking: { type: 'adaptive' },
    context_management: CONTEXT_MANAGEMENT,
    output_config: { effort: 'high' },
    metadata: { user_id: 'user_1_session_abc' },
    future_field: { nested: ['kept', 'as', 'sent'] },
  };
}

const BETAS = 'claude-code-20250219,mid-conversation-system-2026-04-07,context-management-2025-06-27';

describe('requests from a newer Anthropic client', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack();
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  async function send(model: string) {
    const client = anthropicClient(stack.gateway.url, { 'anthropic-beta': BETAS });
    // The SDK's types lag the wire; the gateway must not.
    const params = claudeCodeParams(model) as unknown as Parameters<typeof client.messages.create>[0];
    return client.messages.create({ ...params, stream: false }).withResponse();
  }

  it(
    'reach an Anthropic upstream as sent: roles, fields, block types and betas untouched',
    async () => {
      const { data, response } = await send(MODEL.anthropic);
      expect(data.type).toBe('message');
      const seen = stack.fakes.anthropic.lastChat();
      const sent = claudeCodeParams(UPSTREAM_MODEL.anthropic);
      const body = asRecord(seen.body);
      for (const key of ['messages', 'system', 'thinking', 'context_management', 'output_config', 'future_field']) {
        expect(JSON.stringify(body[key])).toBe(JSON.stringify(sent[key as keyof typeof sent]));
      }
      expect(body.model).toBe(UPSTREAM_MODEL.anthropic);
      expect(seen.headers['anthropic-beta']).toBe(BETAS);
      expect(response.headers.get('x-switchyard-warnings')).toBeNull();
    },
    T,
  );

  it(
    'reach an OpenAI upstream with the system message in place and effort as reasoning_effort, naming what was left out',
    async () => {
      const { data, response } = await send(MODEL.openai);
      expect(data.content[0]).toMatchObject({ type: 'text' });
      const body = asRecord(stack.fakes.openai.lastChat().body);
      const messages = (body.messages as Array<Record<string, unknown>>).map((m) => [m.role, m.content]);
      expect(messages).toEqual([
        ['system', 'You are a coding agent.'],
        ['user', 'Fix the failing test.'],
        ['assistant', 'Looking at it.'],
        ['system', 'Plan mode is on: propose before editing.'],
        ['user', 'Go on.'],
      ]);
      expect(body.reasoning_effort).toBe('high');
      expect(body).not.toHaveProperty('context_management');
      expect(response.headers.get('x-switchyard-warnings')).toBe(
        "messages[3].content[1]: block type 'hologram_2027_01_01' dropped",
      );
    },
    T,
  );

  it(
    'reach an Ollama upstream with the system message in place and thinking switched on',
    async () => {
      const { data } = await send(MODEL.ollama);
      expect(data.content[0]).toMatchObject({ type: 'text' });
      const body = asRecord(stack.fakes.ollama.lastChat().body);
      const roles = (body.messages as Array<Record<string, unknown>>).map((m) => m.role);
      expect(roles).toEqual(['system', 'user', 'assistant', 'system', 'user']);
      expect(body.think).toBe('high');
    },
    T,
  );

  it(
    'stream from every upstream without a 400',
    async () => {
      const client = anthropicClient(stack.gateway.url, { 'anthropic-beta': BETAS });
      for (const model of [MODEL.anthropic, MODEL.openai, MODEL.ollama]) {
        const params = claudeCodeParams(model) as unknown as Parameters<typeof client.messages.stream>[0];
        const message = await client.messages.stream(params).finalMessage();
        expect(message.stop_reason).toBe('end_turn');
      }
    },
    T,
  );
});

describe('requests from a newer OpenAI client', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack();
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  const messages = [
    { role: 'system', content: 'Be brief.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Hi' },
        { type: 'video_url', video_url: { url: 'https://x/v.mp4' } },
      ],
    },
    { role: 'critic', content: 'A role from next year.' },
  ];

  async function send(model: string) {
    const client = openaiClient(stack.gateway.url);
    const params = { model, messages, verbosity_2027: 'terse', prediction: { type: 'content', content: 'x' } };
    return client.chat.completions
      .create(params as unknown as Parameters<typeof client.chat.completions.create>[0] & { stream?: false })
      .withResponse();
  }

  it(
    'reach an OpenAI upstream byte-identical in every part the gateway does not know',
    async () => {
      const { response } = await send(MODEL.openai);
      const body = asRecord(stack.fakes.openai.lastChat().body);
      expect(JSON.stringify(body.messages)).toBe(JSON.stringify(messages));
      expect(body.verbosity_2027).toBe('terse');
      expect(body.prediction).toEqual({ type: 'content', content: 'x' });
      expect(response.headers.get('x-switchyard-warnings')).toBeNull();
    },
    T,
  );

  it(
    'reach an Anthropic upstream translated, with the left-out parts named',
    async () => {
      const { data, response } = await send(MODEL.anthropic);
      expect(data.choices[0].message.role).toBe('assistant');
      const body = asRecord(stack.fakes.anthropic.lastChat().body);
      expect(body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]);
      expect(response.headers.get('x-switchyard-warnings')).toBe(
        "messages[1].content[1]: part type 'video_url' dropped; messages[2]: message with role 'critic' dropped",
      );
    },
    T,
  );
});
