import { needsClientKey } from './client-key.hook.js';

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
