import { anthropicCodec } from '#src/dialects/anthropic/anthropic.codec.js';
import type { DecodedRequest } from '#src/dialects/dialect.types.js';
import { openAICodec } from '#src/dialects/openai/openai.codec.js';
import { ollamaChatCodec } from '#src/dialects/ollama/ollama.codec.js';
import { responsesCodec } from '#src/dialects/responses/responses.codec.js';
import { CUSTOM_TOOL_PARAMETERS } from '#src/dialects/responses/responses-tools.decoder.js';
import { unifiedCodec } from '#src/dialects/unified/unified.codec.js';
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

const unified = (extra: Record<string, unknown> = {}) =>
  keyOf(unifiedCodec.decode({ model: 'gpt', messages: question, ...extra }, {}));

describe('answerKey', () => {
  it('tells apart questions about two stored files, in either dialect that names them', () => {
    const claudeFile = (id: string) => [
      {
        role: 'user',
        content: [
          { type: 'document', source: { type: 'file', file_id: id } },
          { type: 'text', text: 'Sum up' },
        ],
      },
    ];
    expect(anthropic({ messages: claudeFile('file_011A') })).not.toBe(anthropic({ messages: claudeFile('file_011B') }));
    const openaiFile = (id: string) => [{ role: 'user', content: [{ type: 'file', file: { file_id: id } }] }];
    expect(openai({ messages: openaiFile('file-A') })).not.toBe(openai({ messages: openaiFile('file-B') }));
  });

  it('shares one key for a stored file asked about in Chat Completions and in Responses', () => {
    const chatFile = (file: object) => [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Sum up' },
          { type: 'file', file: file },
        ],
      },
    ];
    const responsesFile = (part: object) => [
      {
        role: 'user',
        content: [
          { type: 'input_text', text: 'Sum up' },
          { type: 'input_file', ...part },
        ],
      },
    ];
    const named = { file_id: 'file-A', filename: 'q3.pdf' };
    expect(openai({ messages: chatFile(named) })).toBe(responses({ input: responsesFile(named), store: false }));
    const inline = { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'q3.pdf' };
    expect(openai({ messages: chatFile(inline) })).toBe(responses({ input: responsesFile(inline), store: false }));
    expect(openai({ messages: chatFile({ ...inline, file_id: 'file-A' }) })).not.toBe(
      openai({ messages: chatFile(inline) }),
    );
  });

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

  it('tells apart schemas that differ only in the order of their properties, which answers follow', () => {
    const schema = (...names: string[]) => ({
      type: 'object',
      properties: Object.fromEntries(names.map((n) => [n, { type: 'string' }])),
      required: names,
    });
    const format = (s: object) => ({ response_format: { type: 'json_schema', json_schema: { name: 'r', schema: s } } });
    const firstLast = schema('first', 'last');
    expect(openai(format(firstLast))).not.toBe(
      openai(format({ ...schema('last', 'first'), required: firstLast.required })),
    );
    const tool = (parameters: object) => ({ tools: [{ type: 'function', function: { name: 'save', parameters } }] });
    expect(openai(tool(firstLast))).not.toBe(
      openai(tool({ ...schema('last', 'first'), required: firstLast.required })),
    );
    const nested = (person: object) => ({ type: 'object', properties: { person } });
    expect(openai(tool(nested(firstLast)))).not.toBe(
      openai(tool(nested({ ...schema('last', 'first'), required: firstLast.required }))),
    );
    const claudeTool = { name: 'save', input_schema: firstLast };
    expect(anthropic({ tools: [claudeTool] })).toBe(
      keyOf(openAICodec.decode({ model: 'gpt', messages: question, max_tokens: 100, ...tool(firstLast) }, {})),
    );
  });

  it('tells apart schemas that differ only in the property order of a definition named like a data member', () => {
    const withDefault = (...names: string[]) => ({
      type: 'object',
      properties: { settings: { $ref: '#/$defs/default' } },
      $defs: { default: { type: 'object', properties: Object.fromEntries(names.map((n) => [n, { type: 'string' }])) } },
    });
    const tool = (parameters: object) => ({ tools: [{ type: 'function', function: { name: 'save', parameters } }] });
    expect(openai(tool(withDefault('first', 'last')))).not.toBe(openai(tool(withDefault('last', 'first'))));
  });

  it('shares one key for a schema whose members two SDKs write in another order, its properties in the same', () => {
    const address = { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } };
    const typeFirst = {
      type: 'object',
      properties: { name: { description: 'Full name', type: 'string' }, address },
      required: ['name'],
    };
    const propertiesFirst = {
      required: ['name'],
      properties: {
        name: { type: 'string', description: 'Full name' },
        address: { properties: address.properties, type: 'object' },
      },
      type: 'object',
    };
    const format = (s: object) => ({ response_format: { type: 'json_schema', json_schema: { name: 'r', schema: s } } });
    const tool = (parameters: object) => ({ tools: [{ type: 'function', function: { name: 'save', parameters } }] });
    expect(openai(format(typeFirst))).toBe(openai(format(propertiesFirst)));
    expect(openai(tool(typeFirst))).toBe(openai(tool(propertiesFirst)));
    const cityFirst = { ...address, properties: { city: { type: 'string' }, street: { type: 'string' } } };
    expect(openai(tool({ ...typeFirst, properties: { ...typeFirst.properties, address: cityFirst } }))).not.toBe(
      openai(tool(typeFirst)),
    );
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

  it('tells apart Anthropic requests that differ only in the betas their upstream is sent, not in the API version', () => {
    const withHeaders = (headers: Record<string, string>) =>
      keyOf(anthropicCodec.decode({ model: 'gpt', max_tokens: 100, messages: question }, headers));
    const interleaved = withHeaders({ 'anthropic-beta': 'interleaved-thinking-2025-05-14' });
    expect(interleaved).not.toBe(anthropic());
    expect(interleaved).not.toBe(withHeaders({ 'anthropic-beta': 'context-1m-2025-08-07' }));
    expect(withHeaders({ 'anthropic-beta': 'context-1m-2025-08-07, interleaved-thinking-2025-05-14' })).toBe(
      withHeaders({ 'anthropic-beta': 'interleaved-thinking-2025-05-14,context-1m-2025-08-07' }),
    );
    const versioned = withHeaders({ 'anthropic-version': '2026-10-21', 'anthropic-beta': ' ' });
    expect(versioned).toBe(keyOf(openAICodec.decode({ model: 'gpt', messages: question, max_tokens: 100 }, {})));
  });

  it('ignores what does not change the answer: the end-user id and stream options', () => {
    expect(openai({ user: 'u-1', stream: true, stream_options: { include_usage: true } })).toBe(openai());
  });
});

describe('answerKey, inside messages, input items, tools and system blocks', () => {
  const weather = {
    name: 'weather',
    description: 'The weather in a city.',
    input_schema: { type: 'object', properties: { city: { type: 'string' } } },
  };
  const forecast = { ...weather, name: 'forecast' };
  const oslo = [{ city: 'Oslo' }];
  const cacheHint = { type: 'ephemeral' };
  const citation = {
    type: 'char_location',
    cited_text: 'Q3',
    document_index: 0,
    start_char_index: 0,
    end_char_index: 2,
  };
  const afterAnswer = (answer: object) => [
    ...question,
    { role: 'assistant', ...answer },
    { role: 'user', content: 'More?' },
  ];
  const report = { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Sales rose.' } };
  const askingAbout = (document: object) => ({
    messages: [{ role: 'user', content: [document, { type: 'text', text: 'Sum up.' }] }],
  });
  const grammar = (definition: string) => ({
    tools: [{ type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition } }],
  });
  const answered = (annotations: object[]) => ({
    input: [
      { role: 'user', content: 'Summarise the attached report.' },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Sales rose.', annotations }] },
      { role: 'user', content: 'More?' },
    ],
  });
  const instructedWith = (image: string) => ({
    input: [
      {
        role: 'developer',
        content: [
          { type: 'input_text', text: 'Our logo:' },
          { type: 'input_image', image_url: image },
        ],
      },
      { role: 'user', content: 'Describe it.' },
    ],
  });
  const called = (call: object) => ({
    input: [
      { role: 'user', content: 'Summarise the attached report.' },
      { type: 'function_call', call_id: 'c1', arguments: '{}', ...call },
      { type: 'function_call_output', call_id: 'c1', output: 'Sunny' },
    ],
  });
  const toolResultNamed = (toolName: string) => ({
    messages: [
      ...question,
      { role: 'assistant', content: '', tool_calls: [{ id: 'c1', function: { name: 'weather', arguments: {} } }] },
      { role: 'tool', content: 'Sunny', tool_call_id: 'c1', tool_name: toolName },
    ],
  });

  it.each([
    [
      "an Anthropic tool's input_examples",
      anthropic,
      { tools: [{ ...weather, input_examples: oslo }] },
      { tools: [weather] },
    ],
    [
      "an Anthropic text block's citations",
      anthropic,
      { messages: afterAnswer({ content: [{ type: 'text', text: 'Q3 was good.', citations: [citation] }] }) },
      { messages: afterAnswer({ content: [{ type: 'text', text: 'Q3 was good.' }] }) },
    ],
    [
      "an Anthropic document's citations switch",
      anthropic,
      askingAbout({ ...report, citations: { enabled: true } }),
      askingAbout(report),
    ],
    [
      "a chat assistant message's reasoning_content",
      openai,
      { messages: afterAnswer({ content: 'Sales rose.', reasoning_content: 'The report is short.' }) },
      { messages: afterAnswer({ content: 'Sales rose.' }) },
    ],
    [
      'a chat refusal part, read as text',
      openai,
      { messages: afterAnswer({ content: [{ type: 'refusal', refusal: 'I cannot.' }] }) },
      { messages: afterAnswer({ content: [{ type: 'text', text: 'I cannot.' }] }) },
    ],
    [
      'a chat developer message, read as a system one',
      openai,
      { messages: [{ role: 'developer', content: 'Be brief.' }, ...question] },
      { messages: [{ role: 'system', content: 'Be brief.' }, ...question] },
    ],
    [
      "a unified assistant message's reasoning_content",
      unified,
      { messages: afterAnswer({ content: 'Sales rose.', reasoning_content: 'The report is short.' }) },
      { messages: afterAnswer({ content: 'Sales rose.' }) },
    ],
    ["a Responses custom tool's format (its grammar)", responses, grammar('start: "a"'), grammar('start: "b"')],
    [
      'a Responses custom tool, offered as a function of one string',
      responses,
      { tools: [{ type: 'custom', name: 'apply_patch' }] },
      { tools: [{ type: 'function', name: 'apply_patch', parameters: CUSTOM_TOOL_PARAMETERS }] },
    ],
    [
      "a Responses output_text part's annotations",
      responses,
      answered([{ type: 'url_citation', url: 'https://example.com/q3', title: 'Q3', start_index: 0, end_index: 5 }]),
      answered([]),
    ],
    [
      "a Responses function call's namespace, read as a prefix of its name",
      responses,
      called({ namespace: 'mcp', name: 'weather' }),
      called({ name: 'mcp__weather' }),
    ],
    ["an Ollama tool result's tool_name", ollama, toolResultNamed('weather'), toolResultNamed('forecast')],
    [
      'an image in a Responses developer message, which its decoder leaves out',
      responses,
      instructedWith('https://example.com/a.png'),
      instructedWith('https://example.com/b.png'),
    ],
  ])('tells apart requests that differ only in %s, which a same-format upstream is sent', (_name, key, a, b) => {
    expect(key(a)).not.toBe(key(b));
  });

  it('tells apart a conversation with a message its decoder drops for saying nothing from one without it', () => {
    const turns = (between: object[]) => [
      { role: 'user', content: 'Name a colour.' },
      ...between,
      { role: 'user', content: 'Another one.' },
    ];
    const chatPairs = [
      [{ role: 'assistant', content: '' }],
      [{ role: 'assistant', content: [{ type: 'text', text: '' }], tool_calls: [] }],
      [{ role: 'system', content: '' }],
      [{ role: 'developer', content: [{ type: 'text', text: '' }] }],
    ];
    for (const between of chatPairs)
      expect(openai({ messages: turns(between) })).not.toBe(openai({ messages: turns([]) }));
    expect(ollama({ messages: turns([{ role: 'system', content: '' }]) })).not.toBe(ollama({ messages: turns([]) }));
    const emptyAnswer = { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: '' }] };
    expect(responses({ input: turns([emptyAnswer]) })).not.toBe(responses({ input: turns([]) }));
    expect(responses({ input: turns([{ role: 'developer', content: '' }]) })).not.toBe(responses({ input: turns([]) }));
    const noParts = { type: 'message', role: 'user', content: [] };
    expect(responses({ input: turns([noParts]) })).not.toBe(responses({ input: turns([]) }));
    const spoke = [{ role: 'assistant', content: 'Blue.' }];
    expect(openai({ messages: turns(spoke) })).toBe(ollama({ messages: turns(spoke) }));
  });

  it('tells apart the same uncarried member on two different items', () => {
    expect(anthropic({ tools: [{ ...weather, input_examples: oslo }, forecast] })).not.toBe(
      anthropic({ tools: [weather, { ...forecast, input_examples: oslo }] }),
    );
  });

  it('ignores cache_control on system blocks, content blocks and tools', () => {
    const hinted = anthropic({
      system: [{ type: 'text', text: 'Be brief.', cache_control: cacheHint }],
      tools: [{ ...weather, cache_control: cacheHint }],
      messages: [{ role: 'user', content: [{ type: 'text', text: question[0].content, cache_control: cacheHint }] }],
    });
    expect(hinted).toBe(anthropic({ system: 'Be brief.', tools: [weather] }));
  });

  describe('carried inner members add nothing to the key', () => {
    const { input_schema: parameters, ...named } = weather;
    const chatTools = [{ type: 'function', function: { ...named, parameters } }];
    const call = { name: 'weather', arguments: '{"city":"Oslo"}' };
    const chatCall = { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: call }] };
    const anthropicCall = {
      role: 'assistant',
      content: [{ type: 'tool_use', id: 'c1', name: 'weather', input: oslo[0] }],
    };

    it('shares one key for a tool call and its result, told in four dialects', () => {
      const viaAnthropic = anthropic({
        tools: [weather],
        messages: [
          ...question,
          anthropicCall,
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'c1', content: 'Sunny' }] },
        ],
      });
      const chatBody = {
        max_tokens: 100,
        tools: chatTools,
        messages: [...question, chatCall, { role: 'tool', tool_call_id: 'c1', content: 'Sunny' }],
      };
      const viaResponses = responses({
        max_output_tokens: 100,
        tools: [{ type: 'function', ...named, parameters }],
        input: [
          { role: 'user', content: question[0].content },
          { type: 'function_call', call_id: 'c1', ...call },
          { type: 'function_call_output', call_id: 'c1', output: 'Sunny' },
        ],
      });
      expect([openai(chatBody), unified(chatBody), viaResponses]).toEqual([viaAnthropic, viaAnthropic, viaAnthropic]);
    });

    it('shares one key for an Ollama tool and its call with the same ones told in Anthropic', () => {
      const viaOllama = ollama({
        options: { num_predict: 100 },
        tools: chatTools,
        messages: [
          ...question,
          {
            role: 'assistant',
            content: '',
            tool_calls: [{ id: 'c1', type: 'function', function: { name: 'weather', arguments: oslo[0] } }],
          },
        ],
      });
      expect(viaOllama).toBe(anthropic({ tools: [weather], messages: [...question, anthropicCall] }));
    });
  });
});
