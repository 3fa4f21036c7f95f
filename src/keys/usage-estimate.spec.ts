import type { ChatRequest } from '#src/core/chat.types.js';
import { cutShortUsage } from './usage-estimate.js';

const request: ChatRequest = {
  stream: true,
  maxTokens: 32_000,
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Summarise the repository' }] }],
};

describe('cutShortUsage', () => {
  it('charges the output read before the client left, a token for every four characters begun', () => {
    // 41 characters read: ten tokens and a part of one.
    expect(cutShortUsage({ inputTokens: 900, outputTokens: 1 }, request, 'left', 41)).toMatchObject({
      inputTokens: 900,
      outputTokens: 11,
    });
  });

  it('charges no more than the output the request allowed, however much was read', () => {
    const capped = { ...request, maxTokens: 100 };
    expect(cutShortUsage({ inputTokens: 900, outputTokens: 1 }, capped, 'left', 4_000).outputTokens).toBe(100);
  });

  it('charges what the upstream reported when it is more than was read', () => {
    expect(cutShortUsage({ inputTokens: 900, outputTokens: 30 }, request, 'left', 8).outputTokens).toBe(30);
  });

  it('charges the output read when the upstream ended the answer with an error of its own', () => {
    expect(cutShortUsage({ inputTokens: 900, outputTokens: 1 }, request, 'failed', 40).outputTokens).toBe(10);
  });

  it('charges the output the request allowed for a stream left before any output: hidden reasoning may have run', () => {
    expect(cutShortUsage({ inputTokens: 900, outputTokens: 0 }, request, 'left', 0).outputTokens).toBe(32_000);
  });

  it('charges the output the request allowed when nothing was read: what was generated is unknown', () => {
    expect(cutShortUsage({ inputTokens: 900, outputTokens: 1 }, request, 'left')).toMatchObject({
      inputTokens: 900,
      outputTokens: 32_000,
    });
  });

  it('charges 1024 output tokens for a request that allowed any, when nothing was read', () => {
    const unbounded = { ...request, maxTokens: undefined };
    expect(cutShortUsage({ inputTokens: 900, outputTokens: 1 }, unbounded, 'left').outputTokens).toBe(1024);
  });

  it('charges what the upstream reported when it ended an answer nothing was read of with an error', () => {
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
