import type { ChatRequest } from '#src/core/chat.types.js';
import { cutShortUsage } from './usage-estimate.js';

const request: ChatRequest = {
  stream: true,
  maxTokens: 32_000,
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Summarise the repository' }] }],
};

describe('cutShortUsage', () => {
  it('charges the output the request allowed when the client left: what was generated is unknown', () => {
    expect(cutShortUsage({ inputTokens: 900, outputTokens: 1 }, request, 'left')).toMatchObject({
      inputTokens: 900,
      outputTokens: 32_000,
    });
  });

  it('charges what the upstream reported when it ended the answer with an error of its own', () => {
    expect(cutShortUsage({ inputTokens: 900, outputTokens: 1 }, request, 'failed')).toMatchObject({
      inputTokens: 900,
      outputTokens: 1,
    });
  });

  it('estimates the prompt when the upstream reported none', () => {
    const usage = cutShortUsage(undefined, request, 'failed');
    expect(usage.inputTokens).toBeGreaterThan(0);
    expect(usage.outputTokens).toBe(0);
  });
});
