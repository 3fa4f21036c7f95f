import type { ChatRequest } from './chat.types.js';
import { IMAGE_TOKENS, PDF_TOKENS, estimateTextTokens, estimateTokens } from './token-estimate.js';

function request(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }],
    stream: false,
    ...overrides,
  };
}

describe('estimateTextTokens', () => {
  it('counts about one token per four Latin characters', () => {
    expect(estimateTextTokens('')).toBe(0);
    expect(estimateTextTokens('abcd')).toBe(1);
    expect(estimateTextTokens('a'.repeat(400))).toBe(100);
  });

  it('counts one token per CJK character', () => {
    expect(estimateTextTokens('写一个排序函数')).toBe(7);
    expect(estimateTextTokens('こんにちは')).toBe(5);
    expect(estimateTextTokens('안녕하세요')).toBe(5);
  });

  it('counts a character outside the BMP once', () => {
    expect(estimateTextTokens('😀')).toBe(1);
  });

  it('mixes both rates in one text', () => {
    expect(estimateTextTokens('sort 排序')).toBe(2 + 2);
  });
});

describe('estimateTokens', () => {
  it('is deterministic', () => {
    expect(estimateTokens(request())).toBe(estimateTokens(request()));
  });

  it('adds system text, tools and a per-message overhead', () => {
    const base = estimateTokens(request());
    const withSystem = estimateTokens(request({ system: [{ type: 'text', text: 'x'.repeat(400) }] }));
    expect(withSystem - base).toBe(100);
    const withTool = estimateTokens(
      request({ tools: [{ name: 'get_weather', description: 'Weather', parameters: { type: 'object' } }] }),
    );
    expect(withTool).toBeGreaterThan(base + 5);
    const twoMessages = request();
    twoMessages.messages.push({ role: 'assistant', content: [] });
    expect(estimateTokens(twoMessages)).toBeGreaterThan(base);
  });

  it('prices images and PDFs at a flat rate and plain-text documents by their text', () => {
    const base = estimateTokens(request({ messages: [{ role: 'user', content: [] }] }));
    const media = estimateTokens(
      request({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } },
              { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBER' } },
              {
                type: 'document',
                source: {
                  kind: 'base64',
                  mediaType: 'text/plain',
                  data: Buffer.from('a'.repeat(40)).toString('base64'),
                },
              },
            ],
          },
        ],
      }),
    );
    expect(media - base).toBe(IMAGE_TOKENS + PDF_TOKENS + 10);
  });

  it('counts tool calls, tool results and thinking', () => {
    const base = estimateTokens(request({ messages: [{ role: 'user', content: [] }] }));
    const tools = estimateTokens(
      request({
        messages: [
          {
            role: 'assistant',
            content: [
              { type: 'thinking', text: 'a'.repeat(40) },
              { type: 'tool_call', id: 't', name: 'f', arguments: 'b'.repeat(40) },
            ],
          },
          { role: 'user', content: [{ type: 'tool_result', toolCallId: 't', content: 'c'.repeat(400) }] },
        ],
      }),
    );
    expect(tools - base).toBeGreaterThan(10 + 10 + 100);
  });

  it('scales to a prompt of a million characters', () => {
    const big = request({ messages: [{ role: 'user', content: [{ type: 'text', text: 'word '.repeat(200_000) }] }] });
    expect(estimateTokens(big)).toBeGreaterThan(200_000);
  });
});
