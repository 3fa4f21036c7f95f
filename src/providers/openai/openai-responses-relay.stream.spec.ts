import type { RelayFrame } from '#src/providers/relay.types.js';
import { relayResponsesSseBody } from './openai-responses-relay.stream.js';

async function* wire(parts: string[]): AsyncGenerator<string> {
  for (const part of parts) yield part;
}

const frame = (type: string, body: object = {}) => `event: ${type}\ndata: ${JSON.stringify({ type, ...body })}\n\n`;
const response = (body: object = {}) => ({ response: { id: 'resp_1', model: 'gpt-5', output: [], ...body } });
const created = frame('response.created', response({ status: 'in_progress' }));
const completed = frame(
  'response.completed',
  response({ status: 'completed', usage: { input_tokens: 4, output_tokens: 2 } }),
);
const delta = 'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"Hi","x":1}\n\n';

async function relay(parts: string[]): Promise<RelayFrame[]> {
  const out: RelayFrame[] = [];
  for await (const f of relayResponsesSseBody(wire(parts), 'openai', new AbortController().signal)) out.push(f);
  return out;
}

describe('relaying a Responses API stream', () => {
  it('sends every frame as it came, its event name included, and nothing of its own', async () => {
    const out = await relay([created, delta, completed]);
    expect(out.map((f) => f.frame)).toEqual([
      {
        event: 'response.created',
        data: JSON.stringify({ type: 'response.created', ...response({ status: 'in_progress' }) }),
      },
      { event: 'response.output_text.delta', data: '{"type":"response.output_text.delta","delta":"Hi","x":1}' },
      { event: 'response.completed', data: expect.stringContaining('"input_tokens":4') },
    ]);
  });

  it('ends at response.completed, without waiting for the upstream to close its body', async () => {
    let readPast = false;
    async function* heldOpen(): AsyncGenerator<string> {
      yield created + delta + completed;
      readPast = true;
      yield ': still here\n\n';
    }
    const out: RelayFrame[] = [];
    for await (const f of relayResponsesSseBody(heldOpen(), 'openai', new AbortController().signal)) out.push(f);
    expect(out.at(-1)?.frame?.event).toBe('response.completed');
    expect(readPast).toBe(false);
  });

  it('reads the text, usage and stop on the side', async () => {
    const seen = (await relay([created, delta, completed])).flatMap((f) => f.seen);
    expect(seen).toContainEqual({ type: 'text_delta', text: 'Hi' });
    expect(seen).toContainEqual({ type: 'usage', usage: { inputTokens: 4, outputTokens: 2 } });
    expect(seen.at(-1)).toEqual({ type: 'stop', reason: 'end_turn' });
  });

  it('throws a failed response as a classified error instead of sending it on', async () => {
    const failed = frame(
      'response.failed',
      response({ status: 'failed', error: { code: 'rate_limit_exceeded', message: 'Slow down' } }),
    );
    const out: RelayFrame[] = [];
    await expect(async () => {
      for await (const f of relayResponsesSseBody(wire([created, failed]), 'openai', new AbortController().signal))
        out.push(f);
    }).rejects.toMatchObject({ kind: 'rate_limited' });
    expect(out).toHaveLength(1);
  });

  it('refuses a stream that ends before the response does', async () => {
    await expect(relay([created, delta])).rejects.toMatchObject({ kind: 'invalid_upstream_response' });
  });
});
