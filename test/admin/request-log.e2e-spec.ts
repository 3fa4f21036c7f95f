import { randomBytes } from 'node:crypto';
import { TEST_ADMIN_TOKEN } from '../support/gateway-process.js';
import { chatBody, postChat, type Dialect } from '../support/requests.js';
import { MODEL, PROVIDER, startStack, type TestStack } from '../support/test-stack.js';
import {
  adminFetch,
  adminJson,
  eventually,
  loggedRequests,
  type RequestPageSeen,
  type RequestRowSeen,
} from './admin-client.js';

/** Every chat request is logged with what served it; the proxy's /metrics counts it; the playground is a chat request too. */

const T = 30_000;

/** Which configured model each dialect's request names, and the tokens its answer reports. */
const CASES: Array<{ dialect: Dialect; model: string; provider: string }> = [
  { dialect: 'openai', model: MODEL.openai, provider: PROVIDER.openai },
  { dialect: 'anthropic', model: MODEL.anthropic, provider: PROVIDER.anthropic },
  { dialect: 'unified', model: MODEL.mock, provider: PROVIDER.mock },
];

function usageOf(dialect: Dialect, body: Record<string, unknown>): { in: number; out: number } {
  const usage = body.usage as Record<string, number>;
  return dialect === 'openai'
    ? { in: usage.prompt_tokens, out: usage.completion_tokens }
    : { in: usage.input_tokens, out: usage.output_tokens };
}

describe('the request log', () => {
  let stack: TestStack;
  const answered = new Map<string, { in: number; out: number }>();

  beforeAll(async () => {
    stack = await startStack({ env: { LOG_BODIES: 'true' } });
    for (const c of CASES) {
      const res = await postChat(stack.gateway.url, c.dialect, chatBody(c.dialect, c.model, `hello from ${c.dialect}`));
      if (res.status !== 200) throw new Error(`${c.dialect} answered ${res.status}: ${await res.text()}`);
      answered.set(
        res.headers.get('x-request-id') ?? '',
        usageOf(c.dialect, (await res.json()) as Record<string, unknown>),
      );
    }
  }, T);
  afterAll(() => stack?.stop(), T);

  it.each(CASES)(
    'records a $dialect request with the model and provider that served it, its status and its tokens',
    async ({ dialect, model, provider }) => {
      const page = await loggedRequests(stack.gateway, CASES.length);
      const row = page.items.find((r) => r.dialect === dialect) as RequestRowSeen;
      expect(row).toMatchObject({ model, provider, status: 200, stream: false, error_kind: null });
      const usage = answered.get(row.request_id);
      expect(usage).toBeDefined();
      expect(row.tokens_in).toBe(usage?.in);
      expect(row.tokens_out).toBe(usage?.out);
      expect(row.tokens_in + row.tokens_out).toBeGreaterThan(0);
    },
    T,
  );

  it('shows a request in detail with credentials redacted and, when asked for, the bodies', async () => {
    const page = await loggedRequests(stack.gateway, CASES.length);
    const anthropic = page.items.find((r) => r.dialect === 'anthropic') as RequestRowSeen;
    const detail = await adminJson<Record<string, unknown>>(stack.gateway, `/admin/api/requests/${anthropic.id}`);
    expect(detail.request_headers).toMatchObject({ 'x-api-key': '[REDACTED]', 'anthropic-version': '2023-06-01' });
    expect(detail.request_body).toContain('hello from anthropic');
    expect(typeof detail.response_body).toBe('string');
    expect(detail.attempts_detail).toEqual([expect.objectContaining({ model: MODEL.anthropic, outcome: 'ok' })]);
    expect((await adminFetch(stack.gateway, '/admin/api/requests/999999')).status).toBe(404);
  });

  it('records a failed request, and finds it by status', async () => {
    const res = await postChat(stack.gateway.url, 'openai', chatBody('openai', 'no-such-model'));
    expect(res.status).toBe(404);
    const failed = await loggedRequests(stack.gateway, 1, '&status=error');
    expect(failed.items[0]).toMatchObject({ status: 404, model: null, error_kind: 'model_not_found' });
    expect(failed.total).toBe(1);
  });

  it('serves the playground exactly like POST /api/chat, logged as a unified request', async () => {
    const res = await adminFetch(stack.gateway, '/admin/api/playground', {
      method: 'POST',
      body: { model: MODEL.mock, messages: [{ role: 'user', content: 'from the playground' }] },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchyard-model')).toBe(MODEL.mock);
    const answer = (await res.json()) as Record<string, unknown>;
    expect(answer).toMatchObject({ _actual_model_used: MODEL.mock, provider: PROVIDER.mock });
    const requestId = res.headers.get('x-request-id');
    const row = await eventually('the playground request in the log', async () => {
      const page = await adminJson<{ items: RequestRowSeen[] }>(stack.gateway, '/admin/api/requests?limit=50');
      return page.items.find((r) => r.request_id === requestId);
    });
    expect(row).toMatchObject({ dialect: 'unified', model: MODEL.mock, status: 200 });
  });

  it('counts requests on the proxy port’s /metrics, without a token', async () => {
    const res = await fetch(`${stack.gateway.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain(
      `switchyard_requests_total{dialect="openai",model="${MODEL.openai}",provider="${PROVIDER.openai}",status="200"} 1`,
    );
    expect(text).toMatch(/switchyard_tokens_total\{direction="in",model="fake-claude"\} [1-9]/);
    expect(text).toContain('switchyard_in_flight 0');
    expect(text).toContain(`switchyard_breaker_open{deployment="${MODEL.openai}/0"} 0`);
  });

  it('says in the headers of an export that holds fewer rows than match how many it holds and how many match', async () => {
    const all = await adminFetch(stack.gateway, '/admin/api/requests/export?format=json');
    const rows = ((await all.json()) as unknown[]).length;
    expect(all.headers.get('x-export-rows')).toBe(String(rows));
    expect(all.headers.get('x-export-total')).toBe(String(rows));
    const cut = await adminFetch(stack.gateway, '/admin/api/requests/export?format=json&limit=1');
    expect(((await cut.json()) as unknown[]).length).toBe(1);
    expect(cut.headers.get('x-export-rows')).toBe('1');
    expect(cut.headers.get('x-export-total')).toBe(String(rows));
  });

  it('exports the log as a CSV download and clears it', async () => {
    const csv = await adminFetch(stack.gateway, '/admin/api/requests/export?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0].split(',')).toEqual(expect.arrayContaining(['id', 'time', 'model', 'status', 'tokens_in']));
    expect(lines.length).toBeGreaterThan(3);
    const cleared = await adminFetch(stack.gateway, '/admin/api/requests', { method: 'DELETE' });
    expect(((await cleared.json()) as { deleted: number }).deleted).toBeGreaterThan(3);
    expect((await adminJson<{ total: number }>(stack.gateway, '/admin/api/requests')).total).toBe(0);
  });

  it('never shows the admin token in the system log it serves', async () => {
    const logs = await adminFetch(stack.gateway, '/admin/api/logs?limit=1000');
    expect(logs.status).toBe(200);
    const text = await logs.text();
    expect(text).toContain('"items"');
    expect(text).not.toContain(TEST_ADMIN_TOKEN);
  });

  it('never keeps a key sent as the model name, neither in the request list nor in the CSV export', async () => {
    const key = `sk-ant-api03-${randomBytes(24).toString('hex')}`;
    const res = await postChat(stack.gateway.url, 'openai', chatBody('openai', key, 'which model is this?'));
    await res.body?.cancel();
    const requestId = res.headers.get('x-request-id') ?? '';
    const row = await eventually('the request with a key as its model in the log', async () => {
      const page = await adminJson<{ items: Array<RequestRowSeen & { model_asked: string | null }> }>(
        stack.gateway,
        '/admin/api/requests?limit=500',
      );
      return page.items.find((r) => r.request_id === requestId);
    });
    expect(row.model_asked).toBe('[REDACTED]');
    const detail = await (await adminFetch(stack.gateway, `/admin/api/requests/${row.id}`)).text();
    const csv = await (await adminFetch(stack.gateway, '/admin/api/requests/export?format=csv')).text();
    expect(csv).toContain(requestId);
    for (const text of [detail, csv, stack.gateway.logs()]) expect(text).not.toContain(key);
  });

  it('pages a search with the cursor each page returns: requests logged meanwhile shift no page', async () => {
    const word = `pager${randomBytes(4).toString('hex')}`;
    const ask = async (n: number) => {
      const res = await postChat(stack.gateway.url, 'openai', chatBody('openai', MODEL.openai, `${word} ${n}`));
      await res.body?.cancel();
      return res.headers.get('x-request-id') ?? '';
    };
    const older = [await ask(0), await ask(1), await ask(2)];
    await loggedRequests(stack.gateway, 3, `&q=${word}`);
    const first = await adminJson<RequestPageSeen>(stack.gateway, `/admin/api/requests?q=${word}&limit=2`);
    await ask(3);
    await ask(4);
    await loggedRequests(stack.gateway, 5, `&q=${word}`);
    const cursor = encodeURIComponent(first.next ?? '');
    const second = await adminJson<RequestPageSeen>(
      stack.gateway,
      `/admin/api/requests?q=${word}&limit=2&cursor=${cursor}`,
    );

    const seen = (page: RequestPageSeen) => ({ ids: page.items.map((r) => r.request_id), total: page.total });
    expect([seen(first), seen(second)]).toEqual([
      { ids: [older[2], older[1]], total: 3 },
      { ids: [older[0]], total: 3 },
    ]);
    expect([second.next, second.search_window]).toEqual([null, null]);
    const bad = await adminFetch(stack.gateway, `/admin/api/requests?cursor=${cursor}x`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { param: string } }).error.param).toBe('cursor');
  });
});
