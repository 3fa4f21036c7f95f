import { anthropicOverflowMessage } from './context-overflow.wording.js';

describe('anthropicOverflowMessage', () => {
  it.each([
    [
      "This model's maximum context length is 8192 tokens. However, your messages resulted in 9001 tokens. Please reduce the length of the messages.",
      'prompt is too long: 9001 tokens > 8192 maximum',
    ],
    [
      "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens (4000 in the messages, 1000 in the completion).",
      'prompt is too long: 5000 tokens > 4096 maximum',
    ],
    [
      'the request (70000 tokens) exceeds the available context size (65536 tokens), try increasing it',
      'prompt is too long: 70000 tokens > 65536 maximum',
    ],
    [
      'Input tokens exceed the configured limit of 272000 tokens. Your messages resulted in 300000 tokens.',
      'prompt is too long: 300000 tokens > 272000 maximum',
    ],
  ])('words %j with its counts, as Claude reports an overflow', (upstream, head) => {
    expect(anthropicOverflowMessage(upstream)).toBe(`${head} (${upstream})`);
  });

  it('still words an overflow without counts as Anthropic does', () => {
    expect(anthropicOverflowMessage('the input length exceeds the context length')).toBe(
      'prompt is too long (the input length exceeds the context length)',
    );
  });

  it("leaves Anthropic's own wording as it is", () => {
    expect(anthropicOverflowMessage('prompt is too long: 213462 tokens > 200000 maximum')).toBe(
      'prompt is too long: 213462 tokens > 200000 maximum',
    );
  });
});
