import { anthropicCodec } from '#src/dialects/anthropic/anthropic.codec.js';
import { ollamaChatCodec } from '#src/dialects/ollama/ollama.codec.js';
import { openAICodec } from '#src/dialects/openai/openai.codec.js';
import { responsesCodec } from '#src/dialects/responses/responses.codec.js';
import { ineligible, type CacheSettings } from './cache-settings.js';

const EXACT: CacheSettings = { mode: 'exact', ttlS: 60, sampled: false, threshold: 0.9 };

describe('ineligible', () => {
  it('keeps a Responses conversation the upstream stores out of the cache, as its body says', () => {
    const stored = responsesCodec.decode({ model: 'm', input: 'hi' }, {});
    expect(ineligible(stored.request, stored.inbound, EXACT)).toBe('stateful');
    const unstored = responsesCodec.decode({ model: 'm', input: 'hi', store: false }, {});
    expect(ineligible(unstored.request, unstored.inbound, EXACT)).toBeUndefined();
  });

  it('caches a request built without a client body by what the canonical form says', () => {
    const { request } = responsesCodec.decode({ model: 'm', input: 'hi' }, {});
    expect(ineligible(request, undefined, EXACT)).toBeUndefined();
  });

  const question = [{ role: 'user', content: 'What changed in the 2.0 release?' }];
  const chat = (extra: object) => openAICodec.decode({ model: 'm', messages: question, ...extra }, {});
  const responses = (extra: object) =>
    responsesCodec.decode({ model: 'm', input: 'What changed?', store: false, ...extra }, {});
  const claude = (extra: object) =>
    anthropicCodec.decode({ model: 'm', max_tokens: 100, messages: question, ...extra }, {});
  const ollama = (extra: object) => ollamaChatCodec.decode({ model: 'm', messages: question, ...extra }, {});
  const withCitations = (at: (doc: object) => object) =>
    claude({
      messages: [
        {
          role: 'user',
          content: [
            at({
              type: 'document',
              source: { type: 'text', media_type: 'text/plain', data: 'Version 2.0 drops the v1 API.' },
              citations: { enabled: true },
            }),
            { type: 'text', text: 'What changed in the 2.0 release?' },
          ],
        },
      ],
    });
  const inToolResult = (doc: object) => ({ type: 'tool_result', tool_use_id: 't1', content: [doc] });

  it.each([
    ['chat logprobs', chat({ logprobs: true, top_logprobs: 3 })],
    ['chat web search annotations', chat({ web_search_options: {} })],
    ['chat audio', chat({ modalities: ['text', 'audio'], audio: { voice: 'alloy', format: 'wav' } })],
    ['Responses encrypted reasoning', responses({ include: ['reasoning.encrypted_content'] })],
    ['Responses logprobs', responses({ top_logprobs: 2 })],
    ['a Responses hosted tool', responses({ tools: [{ type: 'web_search' }] })],
    ['an Anthropic server tool', claude({ tools: [{ type: 'web_search_20250305', name: 'web_search' }] })],
    ['Anthropic web fetch', claude({ tools: [{ type: 'web_fetch_20250910', name: 'web_fetch' }] })],
    ['Anthropic code execution', claude({ tools: [{ type: 'code_execution_20250825', name: 'code_execution' }] })],
    ['an Anthropic MCP toolset', claude({ tools: [{ type: 'mcp_toolset', mcp_server_name: 'docs' }] })],
    [
      'an Anthropic server tool the gateway does not list',
      claude({ tools: [{ type: 'advisor_20260301', name: 'advisor' }] }),
    ],
    ['Anthropic MCP tools', claude({ mcp_servers: [{ type: 'url', url: 'https://mcp.example', name: 'docs' }] })],
    ['Anthropic citations', withCitations((doc) => doc)],
    ['Anthropic citations in a tool result', withCitations(inToolResult)],
    ['Ollama logprobs', ollama({ logprobs: true })],
  ])('keeps a request asking for output a stored answer cannot hold out of the cache: %s', (_name, decoded) => {
    expect(ineligible(decoded.request, decoded.inbound, EXACT)).toBe('output');
  });

  it('caches the same requests without that output', () => {
    const plain = [
      chat({ logprobs: false }),
      responses({ include: [], tools: [{ type: 'function', name: 'f', parameters: { type: 'object' } }] }),
      claude({ tools: [{ name: 'f', input_schema: { type: 'object' } }] }),
      withCitations((doc) => ({ ...doc, citations: { enabled: false } })),
      ollama({}),
    ];
    for (const { request, inbound } of plain) expect(ineligible(request, inbound, EXACT)).toBeUndefined();
  });

  it.each([
    ['text editor', { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool' }],
    ['bash', { type: 'bash_20250124', name: 'bash' }],
    ['computer use', { type: 'computer_20250124', name: 'computer', display_width_px: 1024, display_height_px: 768 }],
    ['memory', { type: 'memory_20250818', name: 'memory' }],
    ['custom', { type: 'custom', name: 'f', input_schema: { type: 'object' } }],
  ])('caches an Anthropic request with a tool the client runs: %s', (_name, tool) => {
    const { request, inbound } = claude({ tools: [tool] });
    expect(ineligible(request, inbound, EXACT)).toBeUndefined();
  });

  it('keeps an Anthropic request with a cited search result, even inside a tool result, out of the cache', () => {
    const result = {
      type: 'search_result',
      source: 'https://docs.example/release-2',
      title: 'Release 2.0',
      content: [{ type: 'text', text: 'Version 2.0 drops the v1 API.' }],
      citations: { enabled: true },
    };
    const asking = (block: object) =>
      claude({ messages: [{ role: 'user', content: [block, { type: 'text', text: 'What changed?' }] }] });
    for (const { request, inbound } of [asking(result), asking(inToolResult(result))]) {
      expect(ineligible(request, inbound, EXACT)).toBe('output');
    }
  });
});
