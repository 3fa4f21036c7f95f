import { GatewayError } from '#src/core/gateway-error.js';
import { encodeOllamaError } from './ollama-error.encoder.js';

describe('Ollama errors', () => {
  it("answers an unknown model with 404 and Ollama's own sentence", () => {
    const err = new GatewayError('model_not_found', "The model 'llama9' does not exist on this gateway");
    expect(encodeOllamaError(err, 'req-1')).toEqual({
      status: 404,
      headers: { 'x-request-id': 'req-1' },
      body: { error: "model 'llama9' not found" },
    });
  });

  it('keeps the status of an upstream failure and says when to retry', () => {
    const err = new GatewayError('rate_limited', 'slow down', { retryAfterMs: 1500 });
    expect(encodeOllamaError(err, 'r')).toEqual({
      status: 429,
      headers: { 'x-request-id': 'r', 'retry-after': '2' },
      body: { error: 'slow down' },
    });
  });

  it('turns the non-standard 529 (overloaded) into 503', () => {
    expect(encodeOllamaError(new GatewayError('overloaded', 'busy'), 'r').status).toBe(503);
  });

  it('names the field of a malformed request in the message', () => {
    const err = GatewayError.invalid('messages[0].role', 'messages[0].role: expected a string');
    expect(encodeOllamaError(err, 'r')).toMatchObject({
      status: 400,
      body: { error: 'messages[0].role: expected a string' },
    });
  });
});
