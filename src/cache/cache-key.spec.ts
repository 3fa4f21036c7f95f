import { anthropicCodec } from '#src/dialects/anthropic/anthropic.codec.js';
import type { DecodedRequest } from '#src/dialects/dialect.types.js';
import { openAICodec } from '#src/dialects/openai/openai.codec.js';
import { ollamaChatCodec } from '#src/dialects/ollama/ollama.codec.js';
import { responsesCodec } from '#src/dialects/responses/responses.codec.js';
import { answerKey } from './cache-key.js';

const MODELS = ['gpt'];
const SCOPE = 'key:k1';
const question = [{ role: 'user', content: 'Summarise the attached report.' }];

const keyOf = ({ request, inbound }: DecodedRequest) => answerKey(request, inbound, MODELS, SCOPE);

const openai = (extra: Record<string, unknown> = {}) =>
  keyOf(openAICodec.decode({ model: 'gpt', messages: question, ...extra }, {}));

const anthropic = (extra: Record<string, unknown> = {}) =>
  keyOf(anthropicCodec.decode({ model: 'gpt', max_tokens: 100, messages: question, ...extra }, {}));

const responses = (extra: Record<string, unknown> = {}) =>
  keyOf(responsesCodec.decode({ model: 'gpt', input: 'Summarise the attached report.', ...extra }, {}));

const ollama = (extra: Record<string, unknown> = {}) =>
  keyOf(ollamaChatCodec.decode({ model: 'gpt', messages: question, ...extra }, {}));

describe('answerKey', () => {
  it('is the same for one question asked in two dialects, streamed or not', () => {
    expect(anthropic({ stream: true })).toBe(
      keyOf(openAICodec.decode({ model: 'gpt', messages: question, max_tokens: 100, stream: false }, {})),
    );
  });

  it.each([
    ['frequency_penalty', { frequency_penalty: 1.5 }],
    ['logprobs', { logprobs: true, top_logprobs: 5 }],
    ['logit_bias', { logit_bias: { '1734': -100 } }],
  ])('tells apart a request whose %s a same-format upstream is sent as it came', (_name, extra) => {
    expect(openai(extra)).not.toBe(openai());
  });

  it.each([
    ['text.verbosity', { text: { verbosity: 'low' } }, { text: { verbosity: 'high' } }],
    ['reasoning.summary', { reasoning: { effort: 'low', summary: 'auto' } }, { reasoning: { effort: 'low' } }],
    ['prompt', { prompt: { id: 'pmpt_1', variables: { city: 'Oslo' } } }, { prompt: { id: 'pmpt_1' } }],
    [
      'tool_choice (allowed tools, read as auto)',
      { tool_choice: { type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'a' }] } },
      { tool_choice: 'auto' },
    ],
  ])('tells apart Responses requests that differ only in %s, which a Responses upstream is sent', (_name, a, b) => {
    expect(responses(a)).not.toBe(responses(b));
  });

  it('keeps a Responses request whose text and reasoning are fully carried answerable from any dialect', () => {
    const carried = { text: { format: { type: 'text' } }, reasoning: { effort: 'low' } };
    expect(responses(carried)).toBe(openai({ response_format: { type: 'text' }, reasoning_effort: 'low' }));
  });

  it.each([
    ['reasoning.effort', { reasoning: { effort: 'low' } }, { reasoning: { effort: 'high' } }],
    ['top_k', { top_k: 20 }, { top_k: 40 }],
  ])('tells apart chat requests that differ only in %s, which an OpenAI-compatible upstream reads', (_name, a, b) => {
    expect(openai(a)).not.toBe(openai(b));
  });

  it.each([
    ['a Responses reasoning.effort', responses, { reasoning: { effort: 'xhigh' } }, { reasoning: { effort: 'high' } }],
    ['a chat reasoning_effort', openai, { reasoning_effort: 'xhigh' }, { reasoning_effort: 'high' }],
    ['an Ollama think', ollama, { think: 'max' }, { think: 'high' }],
  ])('tells apart the top effort from high in %s, though both are read as high', (_name, key, top, high) => {
    expect(key(top)).not.toBe(key(high));
  });

  it('tells apart json_schema formats that differ only in their description, and shares the rest across dialects', () => {
    const spec = { name: 'report', schema: { type: 'object' }, strict: true };
    const described = (description: string) => ({ ...spec, description });
    const responsesFormat = (format: object) => responses({ text: { format: { type: 'json_schema', ...format } } });
    const chatFormat = (format: object) => openai({ response_format: { type: 'json_schema', json_schema: format } });

    expect(responsesFormat(described('One line per finding.'))).not.toBe(responsesFormat(described('A paragraph.')));
    expect(chatFormat(described('One line per finding.'))).not.toBe(chatFormat(described('A paragraph.')));
    expect(responsesFormat(spec)).toBe(chatFormat(spec));
  });

  it('tells apart Ollama requests that differ only in a runner option, not in a carried one', () => {
    expect(ollama({ options: { repeat_penalty: 1.3 } })).not.toBe(ollama());
    expect(ollama({ options: { temperature: 0.2 } })).toBe(openai({ temperature: 0.2 }));
  });

  it('tells apart requests that differ only in a part the canonical form drops (a server tool)', () => {
    const search = { tools: [{ type: 'web_search_20250305', name: 'web_search' }] };
    expect(anthropic(search)).not.toBe(anthropic());
  });

  it('tells apart requests that differ only in a content block the canonical form drops', () => {
    const withBlock = (id: string) => [
      {
        role: 'user',
        content: [
          { type: 'container_upload', file_id: id },
          { type: 'text', text: 'What is in it?' },
        ],
      },
    ];
    expect(anthropic({ messages: withBlock('file-a') })).not.toBe(anthropic({ messages: withBlock('file-b') }));
  });

  it('ignores what does not change the answer: the end-user id and stream options', () => {
    expect(openai({ user: 'u-1', stream: true, stream_options: { include_usage: true } })).toBe(openai());
  });
});
