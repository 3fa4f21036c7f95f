import { asRecord } from '../fakes/fake-json.js';
import { anthropicMessage } from '../fakes/anthropic-frames.js';
import { openaiCompletion, openaiStream } from '../fakes/openai-frames.js';
import type { FakeFrame } from '../fakes/fake-upstream.types.js';
import { chatBody, postChat } from '../support/requests.js';
import { anthropicClient } from '../support/sdk-clients.js';
import { readSse } from '../support/stream-reader.js';
import { MODEL, startStack, UPSTREAM_MODEL, type TestStack } from '../support/test-stack.js';

/**
 * A client and an upstream that speak the same format: the answer reaches the client as the
 * upstream wrote it, fields the gateway has no model for included; other pairs are translated.
 */

const T = 20_000;

/** An OpenAI answer with what a re-encoding would lose: logprobs, a fingerprint, a service tier. */
function richOpenAIAnswer(): Record<string, unknown> {
  const base = asRecord(
    openaiCompletion({
      id: 'rich',
      model: UPSTREAM_MODEL.openai,
      turn: { kind: 'text', text: 'Bonjour' },
      promptTokens: 7,
      completionTokens: 2,
      includeUsage: false,
    }),
  );
  const choice = asRecord((base.choices as unknown[])[0]);
  const logprobs = { content: [{ token: 'Bonjour', logprob: -0.01, bytes: [66], top_logprobs: [] }], refusal: null };
  return {
    ...base,
    system_fingerprint: 'fp_fidelity',
    service_tier: 'default',
    choices: [{ ...choice, logprobs }],
  };
}

/** An Anthropic answer with a block type and usage fields the gateway does not know. */
function richAnthropicAnswer(): Record<string, unknown> {
  const base = asRecord(
    anthropicMessage({
      id: 'rich',
      model: UPSTREAM_MODEL.anthropic,
      turn: { kind: 'text', text: 'Bonjour' },
      inputTokens: 7,
      outputTokens: 2,
    }),
  );
  return {
    ...base,
    content: [
      {
        type: 'text',
        text: 'Bonjour',
        citations: [{ type: 'char_location', cited_text: 'hello', start_char_index: 0 }],
      },
    ],
    usage: { ...asRecord(base.usage), service_tier: 'standard', server_tool_use: { web_search_requests: 0 } },
    container: null,
  };
}

/** An OpenAI stream (usage chunk included, as the gateway always asks for it) whose chunks carry a fingerprint. */
function richOpenAIStream(): FakeFrame[] {
  const frames = openaiStream({
    id: 'rich',
    model: UPSTREAM_MODEL.openai,
    turn: { kind: 'text', text: 'Bonjour tout le monde' },
    promptTokens: 7,
    completionTokens: 4,
    includeUsage: true,
  });
  return frames.map((f) =>
    f.data === '[DONE]' ? f : { data: { ...asRecord(f.data), system_fingerprint: 'fp_fidelity' } },
  );
}

const isUsageChunk = (data: unknown) =>
  Array.isArray(asRecord(data).choices) && (asRecord(data).choices as []).length === 0;

describe('same-format answers', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack();
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  it(
    'an OpenAI client calling an OpenAI upstream gets its answer byte for byte',
    async () => {
      const answer = richOpenAIAnswer();
      stack.fakes.openai.script({ json: answer });
      const res = await postChat(
        stack.gateway.url,
        'openai',
        chatBody('openai', MODEL.openai, 'hi', { logprobs: true }),
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('x-switchyard-model')).toBe(MODEL.openai);
      expect(await res.text()).toBe(JSON.stringify(answer));
    },
    T,
  );

  it(
    'an Anthropic client calling an Anthropic upstream gets its answer byte for byte',
    async () => {
      const answer = richAnthropicAnswer();
      stack.fakes.anthropic.script({ json: answer });
      const res = await postChat(stack.gateway.url, 'anthropic', chatBody('anthropic', MODEL.anthropic));
      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchyard-model')).toBe(MODEL.anthropic);
      expect(await res.text()).toBe(JSON.stringify(answer));
    },
    T,
  );

  it(
    'an Anthropic client calling an OpenAI upstream gets a Messages answer, not the upstream body',
    async () => {
      stack.fakes.openai.script({ json: richOpenAIAnswer() });
      const res = await postChat(stack.gateway.url, 'anthropic', chatBody('anthropic', MODEL.openai));
      const body = asRecord(await res.json());
      expect(body).toMatchObject({ type: 'message', role: 'assistant', model: MODEL.openai });
      expect(body).not.toHaveProperty('system_fingerprint');
    },
    T,
  );

  it(
    'an upstream answer that is not a valid completion is refused, not passed on',
    async () => {
      stack.fakes.openai.script({ json: { id: 'chatcmpl-x', object: 'chat.completion', choices: 'none' } });
      const res = await postChat(stack.gateway.url, 'openai', chatBody('openai', MODEL.openai));
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(asRecord(asRecord(await res.json()).error).message).toEqual(expect.any(String));
    },
    T,
  );

  it(
    'an OpenAI client streaming from an OpenAI upstream gets its chunks as sent, without the usage chunk it did not ask for',
    async () => {
      const frames = richOpenAIStream();
      stack.fakes.openai.script({ frames });
      const res = await postChat(stack.gateway.url, 'openai', chatBody('openai', MODEL.openai, 'hi', { stream: true }));
      const received = (await readSse(res)).map((f) => f.data);
      const expected = frames
        .filter((f) => f.data !== '[DONE]' && !isUsageChunk(f.data))
        .map((f) => JSON.stringify(f.data));
      expect(received).toEqual([...expected, '[DONE]']);
    },
    T,
  );

  it(
    'the usage chunk comes through when the client asked for it',
    async () => {
      const frames = richOpenAIStream();
      stack.fakes.openai.script({ frames });
      const body = chatBody('openai', MODEL.openai, 'hi', { stream: true, stream_options: { include_usage: true } });
      const received = (await readSse(await postChat(stack.gateway.url, 'openai', body))).map((f) => f.data);
      expect(received).toEqual(frames.map((f) => (f.data === '[DONE]' ? '[DONE]' : JSON.stringify(f.data))));
    },
    T,
  );

  it(
    'an error in the middle of a passed-through stream ends it with the gateway error frame, not the raw one',
    async () => {
      const frames = richOpenAIStream().slice(0, 2);
      stack.fakes.openai.script({
        frames: [...frames, { data: { error: { message: 'overloaded', type: 'server_error' } } }],
      });
      const res = await postChat(stack.gateway.url, 'openai', chatBody('openai', MODEL.openai, 'hi', { stream: true }));
      const received = (await readSse(res)).map((f) => f.data);
      expect(received).toHaveLength(3);
      expect(received.slice(0, 2)).toEqual(frames.map((f) => JSON.stringify(f.data)));
      const last = asRecord(JSON.parse(received.at(-1) ?? '{}'));
      expect(asRecord(last.error).message).toEqual(expect.any(String));
      expect(received).not.toContain('[DONE]');
    },
    T,
  );

  it(
    'thinking another vendor did goes back to an Anthropic client and is not replayed to Claude',
    async () => {
      const answer = asRecord(richOpenAIAnswer());
      const choice = asRecord((answer.choices as unknown[])[0]);
      const message = { ...asRecord(choice.message), reasoning_content: 'A local model thought.' };
      stack.fakes.openai.script({ json: { ...answer, choices: [{ ...choice, message }] } });
      const client = anthropicClient(stack.gateway.url);
      const question = { role: 'user' as const, content: 'hi' };
      const first = await client.messages.create({ model: MODEL.openai, max_tokens: 128, messages: [question] });
      expect(first.content.map((b) => b.type)).toEqual(['thinking', 'text']);
      // As Claude Code does: the answer goes back as it came, and the session moves to Claude.
      const messages = [question, { role: 'assistant' as const, content: first.content }, { ...question }];
      await client.messages.create({ model: MODEL.anthropic, max_tokens: 128, messages });
      const replayed = asRecord(stack.fakes.anthropic.lastChat().body).messages as Array<Record<string, unknown>>;
      expect(replayed[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'Bonjour' }] });
    },
    T,
  );
});
