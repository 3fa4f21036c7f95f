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
  const ANTHROPIC_HEADERS = [{ 'anthropic-version': '2023-06-01' }, { 'x-api-key': 'sk-sy-x' }];

  it.each(['/v1/models', '/v1/models/:id', '/models', '/v1/models?limit=5'])(
    'answers a model route asked with Anthropic’s headers in Anthropic’s shape, else OpenAI’s (%s)',
    (path) => {
      for (const headers of ANTHROPIC_HEADERS) expect(codecForCaller(path, headers)?.dialect).toBe('anthropic');
      expect(codecForCaller(path, { authorization: 'Bearer sk-sy-x' })?.dialect).toBe('openai');
    },
  );

  it('leaves every other path to its own dialect, whatever the headers', () => {
    const headers = { 'anthropic-version': '2023-06-01', 'x-api-key': 'sk-sy-x' };
    expect(codecForCaller('/v1/chat/completions', headers)?.dialect).toBe('openai');
    expect(codecForCaller('/v1/responses', headers)?.dialect).toBe('responses');
    expect(codecForCaller('/api/chat', headers)?.dialect).toBe('unified');
    expect(codecForCaller('/metrics', headers)).toBeUndefined();
  });
});
