import { GatewayError } from '#src/core/gateway-error.js';
import { anthropicCodec } from './anthropic.codec.js';
import { buildMeta } from './anthropic.spec-fixtures.js';

describe('anthropicCodec', () => {
  it('speaks the anthropic dialect end to end: decode, answer, stream and fail', () => {
    const { request, inbound } = anthropicCodec.decode(
      JSON.parse('{"model":"smart","max_tokens":5,"stream":true,"messages":[{"role":"user","content":"Hi"}]}'),
      {},
    );
    expect(inbound.shape).toBe('anthropic');

    const answer = anthropicCodec.encodeResponse(
      {
        content: [{ type: 'text', text: 'Hello' }],
        stopReason: 'end_turn',
        usage: { inputTokens: 3, outputTokens: 1 },
      },
      request,
      buildMeta(),
    );
    expect(answer).toMatchObject({ type: 'message', content: [{ type: 'text', text: 'Hello' }] });

    const frames = anthropicCodec.streamEncoder(request, buildMeta()).event({ type: 'start' });
    expect(frames.startsWith('event: message_start\ndata: ')).toBe(true);

    const failure = anthropicCodec.encodeError(new GatewayError('model_not_found', 'Unknown model "x"'), 'req_1');
    expect(failure.status).toBe(404);
    expect(failure.body).toMatchObject({ error: { type: 'not_found_error' } });
  });
});
