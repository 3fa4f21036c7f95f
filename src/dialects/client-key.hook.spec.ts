import { needsClientKey } from './client-key.hook.js';
import { codecForCaller } from './dialect-exception.filter.js';

describe('needsClientKey', () => {
  it('asks for a key on every dialect path under /v1/, query or not', () => {
    const paths = [
      '/v1/chat/completions',
      '/v1/chat/completions?stream=true',
      '/v1/messages',
      '/v1/messages/count_tokens',
      '/v1/responses',
      '/v1/responses/resp_1',
      '/v1/embeddings',
      '/v1/models',
      '/v1/models/demo',
    ];

    expect(paths.filter((path) => !needsClientKey(path))).toEqual([]);
  });

  it('leaves the open paths and the operators’ ones open', () => {
    const open = ['/api/config/weights', '/ollama', '/ollama/', '/ollama/api/version', '/health/live', '/metrics'];

    expect(open.filter((path) => needsClientKey(path))).toEqual([]);
  });

  it('asks for a key on the other client paths', () => {
    expect(['/models', '/api/claude', '/api/chat', '/ollama/api/chat'].every((path) => needsClientKey(path))).toBe(
      true,
    );
  });
});

describe('codecForCaller', () => {
  it('answers a model route asked with Anthropic’s headers in Anthropic’s shape; any other in its path’s', () => {
    const models = ['/v1/models', '/v1/models/:id', '/models', '/v1/models?limit=5'];
    const anthropic: Record<string, string>[] = [{ 'anthropic-version': '2023-06-01' }, { 'x-api-key': 'sk-sy-x' }];
    const dialects = (paths: string[], headers: Record<string, string>) =>
      paths.map((path) => codecForCaller(path, headers)?.dialect);
    for (const headers of anthropic) expect(dialects(models, headers)).toEqual(models.map(() => 'anthropic'));
    expect(dialects(models, { authorization: 'Bearer sk-sy-x' })).toEqual(models.map(() => 'openai'));
    const others = ['/v1/chat/completions', '/v1/responses', '/api/chat', '/metrics'];
    const both = { 'anthropic-version': '2023-06-01', 'x-api-key': 'sk-sy-x' };
    expect(dialects(others, both)).toEqual(['openai', 'responses', 'unified', undefined]);
  });
});
