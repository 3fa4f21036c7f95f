import type { ChatMessage, ChatRequest } from '#src/core/chat.types.js';
import { ROUTING_TEXT_LIMIT, routingText, truncateText } from './routing-text.js';

function request(messages: ChatMessage[]): ChatRequest {
  return { messages, stream: false };
}

const text = (t: string) => ({ type: 'text' as const, text: t });

describe('routingText', () => {
  it('takes the text parts of the last user message only', () => {
    const req = request([
      { role: 'user', content: [text('old question')] },
      { role: 'assistant', content: [text('an answer')] },
      {
        role: 'user',
        content: [
          text('first part'),
          { type: 'image', source: { kind: 'url', url: 'https://example.test/a.png' } },
          text('second part'),
        ],
      },
    ]);
    expect(routingText(req)).toBe('first part\nsecond part');
  });

  it('skips a trailing assistant message (a prefill) to find the user turn', () => {
    const req = request([
      { role: 'user', content: [text('写一个排序函数')] },
      { role: 'assistant', content: [text('好的')] },
    ]);
    expect(routingText(req)).toBe('写一个排序函数');
  });

  it('is empty when there is no user text', () => {
    expect(routingText(request([]))).toBe('');
    expect(routingText(request([{ role: 'user', content: [] }]))).toBe('');
  });

  it('caps the text at 16 KiB', () => {
    const long = 'x'.repeat(ROUTING_TEXT_LIMIT + 100);
    expect(routingText(request([{ role: 'user', content: [text(long)] }]))).toHaveLength(ROUTING_TEXT_LIMIT);
  });

  it('never ends on half of a surrogate pair', () => {
    expect(truncateText('ab😀', 3)).toBe('ab');
    expect(truncateText('ab😀', 4)).toBe('ab😀');
  });
});

describe('routingText in a tool loop', () => {
  it('routes a turn that only returns tool results by the user text before it', () => {
    const request = {
      stream: false,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'fix this bug' }] },
        { role: 'assistant', content: [{ type: 'tool_call', id: 'c1', name: 'read', arguments: '{}' }] },
        { role: 'user', content: [{ type: 'tool_result', toolCallId: 'c1', content: 'file text' }] },
      ],
    } as ChatRequest;
    expect(routingText(request)).toBe('fix this bug');
  });
});
