import type { Usage } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { relayedResponsesError } from '#src/dialects/responses/responses-relayed-error.encoder.js';
import { openAICodec } from '#src/dialects/openai/openai.codec.js';
import { CapturedText } from '#src/observability/answer-capture.js';
import { relayWriter } from './relay-writer.js';
import type { StreamHooks } from './stream-writer.js';

function hooks(): StreamHooks & { usage: Usage[] } {
  const usage: Usage[] = [];
  return {
    usage,
    signal: new AbortController().signal,
    read: {},
    onFirstByte: () => undefined,
    onUsage: (u) => usage.push(u),
    onError: () => undefined,
  };
}

const created = '{"type":"response.created","sequence_number":0,"response":{"id":"resp_up"}}';
const delta = '{"type":"response.output_text.delta","sequence_number":1,"delta":"Hi","obfuscation":"x"}';

describe('writing a relayed stream', () => {
  it('sends the upstream frames as they came, event names included, and nothing of its own at the end', () => {
    const writer = relayWriter(relayedResponsesError, hooks());
    const out = [
      writer.frame({ frame: { event: 'response.created', data: created }, seen: [{ type: 'start', id: 'resp_up' }] }),
      writer.frame({
        frame: { event: 'response.output_text.delta', data: delta },
        seen: [{ type: 'text_delta', text: 'Hi' }],
      }),
      writer.end(),
    ].join('');
    expect(out).toBe(
      `event: response.created\ndata: ${created}\n\nevent: response.output_text.delta\ndata: ${delta}\n\n`,
    );
  });

  it('writes nothing for a frame the client did not ask for, but still reports its usage', () => {
    const h = hooks();
    const writer = relayWriter(relayedResponsesError, h);
    const usage = { inputTokens: 3, outputTokens: 2 };
    expect(writer.frame({ seen: [{ type: 'usage', usage }] })).toBe('');
    expect(h.usage).toEqual([usage]);
  });

  it('counts the output read from each frame, one the client did not ask for included', () => {
    const h = hooks();
    const writer = relayWriter(relayedResponsesError, h);
    writer.frame({ frame: { data: 'x' }, seen: [{ type: 'text_delta', text: 'Hel' }] });
    writer.frame({ seen: [{ type: 'thinking_delta', text: 'hmm' }] });
    writer.frame({ frame: { data: 'y' }, seen: [{ type: 'text_delta', text: 'lo' }] });
    expect(h.read.outputChars).toBe('Hel'.length + 'hmm'.length + 'lo'.length);
  });

  it('keeps the answer text for the request log when asked to', () => {
    const captured = new CapturedText();
    const writer = relayWriter(relayedResponsesError, hooks(), captured);
    writer.frame({ frame: { data: 'x' }, seen: [{ type: 'text_delta', text: 'Hel' }] });
    writer.frame({ frame: { data: 'y' }, seen: [{ type: 'text_delta', text: 'lo' }] });
    expect(captured.text()).toBe('Hello');
  });

  it('ends a failing Responses relay as Codex reads it: an error event, then response.failed with the code', () => {
    const writer = relayWriter(relayedResponsesError, hooks());
    writer.frame({ frame: { event: 'response.created', data: created }, seen: [{ type: 'start', id: 'resp_up' }] });
    writer.frame({ seen: [] });
    writer.frame({ frame: { event: 'response.output_text.delta', data: delta }, seen: [] });
    const out = writer.error(new GatewayError('context_length', 'The prompt is too long'));
    const error = { code: 'context_length_exceeded', message: 'The prompt is too long' };
    expect(out).toBe(
      `event: error\ndata: ${JSON.stringify({ type: 'error', sequence_number: 2, ...error, param: null })}\n\n` +
        `event: response.failed\ndata: ${JSON.stringify({
          type: 'response.failed',
          sequence_number: 3,
          response: { id: 'resp_up', object: 'response', status: 'failed', error, incomplete_details: null },
        })}\n\n`,
    );
  });

  it('words a known wait the way Codex reads it in a failed response', () => {
    const writer = relayWriter(relayedResponsesError, hooks());
    const limited = new GatewayError('rate_limited', 'The upstream is rate limiting the gateway', {
      retryAfterMs: 1898,
    });
    const failed = writer.error(limited).split('\n\n')[1];
    expect(failed).toContain(
      '"error":{"code":"rate_limit_exceeded","message":"The upstream is rate limiting the gateway. Please try again in 1.898s."}',
    );
  });

  it('ends a failing Chat Completions relay with the dialect error chunk', () => {
    const writer = relayWriter((err) => openAICodec.relayedStreamError(err), hooks());
    writer.frame({ frame: { data: '{"choices":[]}' }, seen: [] });
    const out = writer.error(new GatewayError('upstream_5xx', 'The upstream failed'));
    expect(out).toMatch(/^data: \{"error":\{.*"message":"The upstream failed"/);
  });
});
