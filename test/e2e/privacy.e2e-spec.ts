import { adminJson, loggedRequests } from '../admin/admin-client.js';
import { issueKey } from '../keys/key-admin.js';
import { chatBody, postChat } from '../support/requests.js';
import { MODEL, PROVIDER, startStack, type TestStack } from '../support/test-stack.js';

/**
 * `routing.privacy`: a request that carries a secret reaches only the local model (the Ollama fake),
 * whatever it asked for, and the request log says why without keeping the secret.
 */

const T = 20_000;
const AWS_KEY = 'AKIAQ3EGRTZ7XK4N2PLW';
const PEM = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgwMVRHz1ZBz9cm',
  '-----END RSA PRIVATE KEY-----',
].join('\n');

describe('privacy routing', () => {
  let stack: TestStack;
  const cloudCalls = () => stack.fakes.openai.calls + stack.fakes.anthropic.calls;

  beforeAll(async () => {
    stack = await startStack({
      config: (base) => ({
        ...base,
        routing: { default: [MODEL.openai, MODEL.anthropic], privacy: { models: [MODEL.ollama] } },
      }),
    });
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  /** The request log's detail of the request the gateway answered with `res`. */
  async function loggedDetail(res: Response): Promise<Record<string, unknown>> {
    const requestId = res.headers.get('x-request-id');
    const page = await loggedRequests(stack.gateway, 1, `&q=${requestId}`);
    const row = page.items.find((r) => r.request_id === requestId);
    expect(row).toMatchObject({ provider: PROVIDER.ollama });
    return adminJson(stack.gateway, `/admin/api/requests/${row?.id}`);
  }

  it(
    'sends a prompt with an AWS access key only to the local model, and logs the reason, not the key',
    async () => {
      const res = await postChat(stack.gateway.url, 'unified', {
        messages: [{ role: 'user', content: `why does boto3 reject ${AWS_KEY}?` }],
        max_tokens: 64,
      });
      const body = (await res.json()) as { _route: Record<string, unknown> };
      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchyard-provider')).toBe(PROVIDER.ollama);
      expect(res.headers.get('x-switchyard-route')).toBe('privacy;aws_access_key');
      expect(body._route).toMatchObject({ reason: 'privacy', detector: 'aws_access_key' });
      expect(stack.fakes.ollama.calls).toBe(1);
      expect(cloudCalls()).toBe(0);

      const detail = await loggedDetail(res);
      expect(detail.route).toMatchObject({ reason: 'privacy', detector: 'aws_access_key' });
      expect(JSON.stringify(detail)).not.toContain(AWS_KEY);
      expect(stack.gateway.logs()).not.toContain(AWS_KEY);
    },
    T,
  );

  it(
    'keeps a PEM private key in a Claude Code-style request off the cloud model it named, and logs the reason, not the key',
    async () => {
      const res = await postChat(
        stack.gateway.url,
        'anthropic',
        chatBody('anthropic', MODEL.anthropic, `here is my deploy key, set it up:\n${PEM}`),
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchyard-model')).toBe(MODEL.ollama);
      expect(stack.fakes.ollama.calls).toBe(1);
      expect(cloudCalls()).toBe(0);

      const detail = await loggedDetail(res);
      expect(detail.route).toMatchObject({ reason: 'privacy', detector: 'private_key' });
      const keyLine = PEM.split('\n')[1];
      expect(JSON.stringify(detail)).not.toContain(keyLine);
      expect(stack.gateway.logs()).not.toContain(keyLine);
    },
    T,
  );

  it(
    'routes a request without secrets as usual',
    async () => {
      const res = await postChat(stack.gateway.url, 'openai', chatBody('openai', MODEL.openai, 'hello there'));
      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchyard-provider')).toBe(PROVIDER.openai);
      expect(stack.fakes.ollama.calls).toBe(0);
    },
    T,
  );
});

describe('privacy routing with LOG_BODIES on', () => {
  let stack: TestStack;
  /** Keys that may use only the cloud models, or every model. */
  let cloudOnly: string;
  let anyModel: string;

  beforeAll(async () => {
    stack = await startStack({
      env: { LOG_BODIES: 'true', AUTH_MODE: 'keys' },
      config: (base) => ({
        ...base,
        routing: { default: [MODEL.openai, MODEL.anthropic], privacy: { models: [MODEL.ollama] } },
      }),
    });
    cloudOnly = (await issueKey(stack.gateway, { name: 'cloud-only', allowed_models: [MODEL.openai, MODEL.anthropic] }))
      .secret;
    anyModel = (await issueKey(stack.gateway, { name: 'any-model' })).secret;
  }, T);
  afterAll(() => stack?.stop(), T);

  async function ask(key: string, model: string | undefined, text: string, stream = false): Promise<Response> {
    return fetch(`${stack.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ model, stream, max_tokens: 16, messages: [{ role: 'user', content: text }] }),
    });
  }

  /** The request log's detail of the request the gateway answered with `res`. */
  async function detailOf(res: Response): Promise<Record<string, unknown>> {
    const requestId = res.headers.get('x-request-id');
    const page = await loggedRequests(stack.gateway, 1, `&q=${requestId}`);
    const row = page.items.find((r) => r.request_id === requestId);
    return adminJson(stack.gateway, `/admin/api/requests/${row?.id}`);
  }

  it(
    'keeps the body of a request without a secret',
    async () => {
      const res = await ask(anyModel, MODEL.openai, 'an ordinary question');
      expect(res.status).toBe(200);
      const detail = await detailOf(res);
      expect(detail.request_body).toContain('an ordinary question');
      expect(typeof detail.response_body).toBe('string');
    },
    T,
  );

  it(
    'keeps neither prompt nor answer of a request routed to the local model for its secret',
    async () => {
      for (const stream of [false, true]) {
        const res = await ask(anyModel, undefined, `why does boto3 reject ${AWS_KEY}?`, stream);
        expect(res.status).toBe(200);
        expect(res.headers.get('x-switchyard-provider')).toBe(PROVIDER.ollama);
        await res.text();
        const detail = await detailOf(res);
        expect(detail).toMatchObject({ request_body: null, response_body: null });
      }
    },
    T,
  );

  it(
    'does not keep the body of a request carrying a secret that no local model may take',
    async () => {
      const res = await ask(cloudOnly, undefined, `deploy with this:\n${PEM}`);
      expect(res.status).toBe(400);
      const detail = await detailOf(res);
      expect(detail.request_body).toBeNull();
      expect(JSON.stringify(detail)).not.toContain(PEM.split('\n')[1]);
    },
    T,
  );

  it(
    'does not keep the body of a request carrying a secret that its key refuses before routing',
    async () => {
      const res = await ask(cloudOnly, MODEL.ollama, `why does boto3 reject ${AWS_KEY}?`);
      expect(res.status).toBe(403);
      const detail = await detailOf(res);
      expect(detail.request_body).toBeNull();
      expect(JSON.stringify(detail)).not.toContain(AWS_KEY);
    },
    T,
  );
});
