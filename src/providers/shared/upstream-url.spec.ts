import { upstreamUrl } from './upstream-url.js';

describe('upstreamUrl', () => {
  it('appends the path to a plain base URL, with or without a trailing slash', () => {
    expect(upstreamUrl('https://api.openai.com/v1', '/chat/completions')).toBe(
      'https://api.openai.com/v1/chat/completions',
    );
    expect(upstreamUrl('https://api.openai.com/v1/', '/models')).toBe('https://api.openai.com/v1/models');
    expect(upstreamUrl('http://127.0.0.1:11434', '/api/chat')).toBe('http://127.0.0.1:11434/api/chat');
  });

  it('puts the path before the base URL’s query and keeps that query on every call', () => {
    const base = 'https://res.openai.azure.com/openai/deployments/gpt4o?api-version=2024-10-21';
    expect(upstreamUrl(base, '/chat/completions')).toBe(
      'https://res.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21',
    );
    expect(upstreamUrl(`${base.replace('?', '/?')}`, '/models')).toBe(
      'https://res.openai.azure.com/openai/deployments/gpt4o/models?api-version=2024-10-21',
    );
  });

  it('merges a query of the path’s own with the base URL’s', () => {
    expect(upstreamUrl('https://proxy.example/anthropic?team=a', '/v1/models?limit=1000')).toBe(
      'https://proxy.example/anthropic/v1/models?team=a&limit=1000',
    );
  });
});
