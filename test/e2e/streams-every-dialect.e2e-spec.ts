import { startGateway, type RunningGateway } from '../support/gateway-process.js';

/**
 * Every dialect's stream through a gateway process, start to terminator, with the same text as the
 * answer in one piece. The gateway's runtime is the one running the tests unless E2E_GATEWAY_NODE
 * names another (CI runs this file again on the Docker image's Node).
 */

const CONFIG = {
  providers: { mock: { type: 'mock' } },
  models: [{ name: 'demo', provider: 'mock', upstream_model: 'demo' }],
  routing: { default: ['demo'] },
};
const PROMPT = 'Name three rivers, please.';

/** The few fields of each dialect's answers and stream events these checks read. */
interface OpenAiChunk {
  choices?: { delta?: { content?: string } }[];
}
interface OpenAiAnswer {
  choices: { message: { content: string } }[];
}
interface AnthropicEvent {
  type: string;
  delta?: { text?: string };
}
interface AnthropicAnswer {
  content: { text: string }[];
}
interface ResponsesEvent {
  type: string;
  delta?: string;
}
interface ResponsesAnswer {
  output: { content: { text: string }[] }[];
}
interface OllamaLine {
  done?: boolean;
  message?: { content?: string };
}

let gateway: RunningGateway;

beforeAll(async () => {
  gateway = await startGateway({ config: CONFIG });
});

afterAll(async () => {
  await gateway.stop();
});

async function post(path: string, body: object): Promise<string> {
  const res = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return res.text();
}

/** The JSON data of each `data:` line of an SSE body, `[DONE]` left out. */
function sseData<T>(body: string): T[] {
  return body
    .split('\n')
    .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
    .map((line) => JSON.parse(line.slice('data: '.length)) as T);
}

describe('streams through a gateway process, every dialect', () => {
  it('OpenAI chat: every delta, then [DONE], the same text as the whole answer', async () => {
    const body = { model: 'demo', messages: [{ role: 'user', content: PROMPT }] };
    const whole = JSON.parse(await post('/v1/chat/completions', body)) as OpenAiAnswer;
    const stream = await post('/v1/chat/completions', { ...body, stream: true });

    const text = sseData<OpenAiChunk>(stream)
      .map((chunk) => chunk.choices?.[0]?.delta?.content ?? '')
      .join('');
    expect(stream.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(text).toBe(whole.choices[0].message.content);
    expect(text).toContain(PROMPT);
  });

  it('Anthropic messages: every text delta, then message_stop, the same text as the whole answer', async () => {
    const body = { model: 'demo', max_tokens: 200, messages: [{ role: 'user', content: PROMPT }] };
    const whole = JSON.parse(await post('/v1/messages', body)) as AnthropicAnswer;
    const stream = await post('/v1/messages', { ...body, stream: true });

    const events = sseData<AnthropicEvent>(stream);
    const text = events
      .filter((e) => e.type === 'content_block_delta')
      .map((e) => e.delta?.text ?? '')
      .join('');
    expect(events.at(-1)?.type).toBe('message_stop');
    expect(text).toBe(whole.content[0].text);
    expect(text).toContain(PROMPT);
  });

  it('OpenAI Responses: every text delta, then response.completed, the same text as the whole answer', async () => {
    const body = { model: 'demo', input: PROMPT };
    const whole = JSON.parse(await post('/v1/responses', body)) as ResponsesAnswer;
    const stream = await post('/v1/responses', { ...body, stream: true });

    const events = sseData<ResponsesEvent>(stream);
    const text = events
      .filter((e) => e.type === 'response.output_text.delta')
      .map((e) => e.delta ?? '')
      .join('');
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(text).toBe(whole.output[0].content[0].text);
    expect(text).toContain(PROMPT);
  });

  it('Ollama chat: every line, the last one done, the same text as the whole answer', async () => {
    const body = { model: 'demo', messages: [{ role: 'user', content: PROMPT }] };
    const whole = JSON.parse(await post('/ollama/api/chat', { ...body, stream: false })) as OllamaLine;
    const stream = await post('/ollama/api/chat', body);

    const lines = stream
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as OllamaLine);
    expect(lines.at(-1)?.done).toBe(true);
    const text = lines.map((l) => l.message?.content ?? '').join('');
    expect(text).toBe(whole.message?.content);
    expect(text).toContain(PROMPT);
  });
});
