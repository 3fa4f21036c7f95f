import { readSse, readSseFrames } from '../support/stream-reader.js';
import type { FakeUpstream } from './fake-upstream.js';
import { asRecord } from './fake-json.js';
import { fakeKits } from './fake-kits.js';
import { startOpenAIFake } from './openai-fake.js';

const body = JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] });

describe('a scripted fake', () => {
  let fake: FakeUpstream;
  const post = (init: RequestInit = {}) => fetch(`${fake.url}/v1/chat/completions`, { method: 'POST', body, ...init });

  beforeAll(async () => {
    fake = await startOpenAIFake();
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('answers the next requests with a scripted error and its headers, then goes back to normal', async () => {
    const error = fakeKits.openai.errorBody(429, 'slow down');
    fake.script({ status: 429, json: error, headers: { 'retry-after': '7' } }, 2);
    for (let i = 0; i < 2; i += 1) {
      const res = await post();
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(asRecord(asRecord(await res.json()).error).code).toBe('rate_limit_exceeded');
    }
    expect((await post()).status).toBe(200);
    expect(fake.calls).toBe(3);
  });

  it('sends a raw body such as an HTML error page', async () => {
    fake.script({ status: 502, raw: '<html>Bad gateway</html>' });
    const res = await post();
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toContain('Bad gateway');
  });

  it('plays a scripted frame list, then a mid-stream error', async () => {
    const frames = [...fakeKits.openai.textStream('m', ['a', 'b'], false), fakeKits.openai.midStreamError('boom')];
    fake.script({ frames, frameDelayMs: 5 });
    const got = await readSse(await post());
    expect(got).toHaveLength(4);
    expect(asRecord(JSON.parse(got[3].data)).error).toBeDefined();
  });

  it('cuts the connection after n frames when told to reset', async () => {
    fake.script({ resetAfterFrames: 2 });
    const res = await post();
    await expect(readSse(res)).rejects.toThrow();
    expect(fake.lastChat().closedEarly).toBe(false);
  });

  it('notices when a client hangs up on a stream that stalled after some frames', async () => {
    fake.script({ stallAfterFrames: 2 });
    const abort = new AbortController();
    const res = await post({ signal: abort.signal });
    expect(await readSseFrames(res, 2)).toHaveLength(2);
    abort.abort();
    const closed = await fake.waitForClientClose(5000);
    expect(closed.closedEarly).toBe(true);
  });

  it('notices when a client gives up on a request that never got headers', async () => {
    fake.script({ stallBeforeHeaders: true });
    const abort = new AbortController();
    const pending = post({ signal: abort.signal });
    await waitFor(() => fake.calls === 1);
    abort.abort();
    await expect(pending).rejects.toThrow();
    await expect(fake.waitForClientClose(5000)).resolves.toMatchObject({ closedEarly: true });
  });

  it('reports a missing disconnect instead of waiting forever', async () => {
    await expect(fake.waitForClientClose(50)).rejects.toThrow(/no client closed/);
  });

  it('plays a complete scripted stream with pauses between frames', async () => {
    fake.script({ frames: fakeKits.openai.textStream('m', ['a', 'b', 'c']), frameDelayMs: 20 });
    const got = await readSse(await post());
    expect(got.at(-1)?.data).toBe('[DONE]');
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i += 1) await new Promise((r) => setTimeout(r, 20));
  if (!condition()) throw new Error('condition never became true');
}
