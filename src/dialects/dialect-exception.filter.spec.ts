import { codecForCaller } from './dialect-exception.filter.js';

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
