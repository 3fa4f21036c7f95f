import { GatewayError } from '#src/core/gateway-error.js';
import { ResponsesStreamEncoder } from './responses-stream.encoder.js';
import { buildRequest } from './responses.spec-fixtures.js';

const encoder = () => new ResponsesStreamEncoder(buildRequest(), { model: 'smart', nowMs: 1_764_000_000_000 });

describe('the Responses stream encoder with an upstream that speaks the Responses API', () => {
  const created = '{"type":"response.created","sequence_number":0,"response":{"id":"resp_up"}}';
  const delta = '{"type":"response.output_text.delta","sequence_number":1,"delta":"Hi","obfuscation":"x"}';

  it('sends the upstream frames as they came and nothing of its own, no closing frame either', () => {
    const e = encoder();
    const out = [
      e.event({ type: 'wire', shape: 'responses', event: 'response.created', data: created }),
      e.event({ type: 'start', id: 'resp_up' }),
      e.event({ type: 'wire', shape: 'responses', event: 'response.output_text.delta', data: delta }),
      e.event({ type: 'text_delta', text: 'Hi' }),
      e.event({ type: 'stop', reason: 'end_turn' }),
      e.end(),
    ].join('');
    expect(out).toBe(
      `event: response.created\ndata: ${created}\n\nevent: response.output_text.delta\ndata: ${delta}\n\n`,
    );
  });

  it('ignores Chat Completions frames, which are not its format', () => {
    const e = encoder();
    expect(e.event({ type: 'wire', shape: 'openai', data: '{"choices":[]}' })).toBe('');
  });

  it('numbers its error event after the relayed frames, and sends no response.failed of its own', () => {
    const e = encoder();
    e.event({ type: 'wire', shape: 'responses', event: 'response.created', data: created });
    e.event({ type: 'wire', shape: 'responses', event: 'response.output_text.delta', data: delta });
    const out = e.error(new GatewayError('timeout', 'The upstream stalled'));
    expect(out).toBe(
      'event: error\ndata: {"type":"error","sequence_number":2,"code":"upstream_timeout","message":"The upstream stalled","param":null}\n\n',
    );
    expect(e.end()).toBe('');
  });
});
