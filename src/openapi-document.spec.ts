import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DialectKind } from '#src/core/chat.types.js';
import { SecretRedactor } from '#src/core/redact.js';
import { loadSettings } from '#src/config/settings.js';
import { needsClientKey } from '#src/dialects/client-key.hook.js';
import { codecForPath } from '#src/dialects/dialect-exception.filter.js';
import { LogRing } from '#src/observability/log-ring.js';
import { createRootLogger } from '#src/observability/logging.js';
import { anthropicCodec } from '#src/dialects/anthropic/anthropic.codec.js';
import { ollamaChatCodec, ollamaGenerateCodec } from '#src/dialects/ollama/ollama.codec.js';
import { openAICodec } from '#src/dialects/openai/openai.codec.js';
import { responsesCodec } from '#src/dialects/responses/responses.codec.js';
import { unifiedCodec } from '#src/dialects/unified/unified.codec.js';
import { composeGateway, type ComposedGateway } from './composition.js';
import type { FakeUpstream } from '../test/fakes/fake-upstream.js';
import { startOllamaFake } from '../test/fakes/ollama-fake.js';
import { startOpenAIFake } from '../test/fakes/openai-fake.js';

type Json = Record<string, unknown>;

interface ServedRoute {
  method: string;
  /** As the document writes it: `/v1/models/{id}`. */
  path: string;
}

/** The docs themselves: the document does not list its own paths. */
const NOT_OPERATIONS = new Set(['/docs', '/docs/*', '/docs-json', '/docs-yaml']);

/** The error envelope each dialect answers in, by the schema that describes it. */
const ERROR_SCHEMA: Record<DialectKind, string> = {
  openai: 'OpenAIErrorDto',
  responses: 'OpenAIErrorDto',
  unified: 'OpenAIErrorDto',
  anthropic: 'AnthropicErrorDto',
  ollama: 'OllamaErrorDto',
};

const obj = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};

/** Every `$ref` a schema names, at any depth. */
function refsIn(schema: unknown): string[] {
  if (Array.isArray(schema)) return schema.flatMap(refsIn);
  if (typeof schema !== 'object' || schema === null) return [];
  const own =
    typeof (schema as Json).$ref === 'string'
      ? [
          String((schema as Json).$ref)
            .split('/')
            .at(-1) ?? '',
        ]
      : [];
  return [...own, ...Object.values(schema).flatMap(refsIn)];
}

/** A JSON value's type in the document's words. */
const typeOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * Where `value` and `schema` part: a value of another type than described, a field sent but not
 * described, or described as required and not sent, at any depth the schema describes (named `$ref`s
 * resolved against `schemas`).
 */
function mismatches(value: unknown, schema: Json, schemas: Json, at: string): string[] {
  const named = (s: Json): Json =>
    typeof s.$ref === 'string' ? obj(schemas[String(s.$ref).split('/').at(-1) ?? '']) : s;
  const all = Array.isArray(schema.allOf) ? schema.allOf.map((s) => named(obj(s))) : [];
  const resolved = all.length === 1 ? { ...schema, ...all[0] } : named(schema);
  // OpenAPI 3.0 honours `nullable` only beside a `type`: beside a `oneOf` it says nothing, and a
  // null must fit one of the shapes.
  if (value === null && resolved.nullable === true && !Array.isArray(resolved.oneOf))
    return Array.isArray(resolved.enum) && !resolved.enum.includes(null)
      ? [`${at} is null, which its enum leaves out`]
      : [];
  if (Array.isArray(resolved.oneOf)) {
    const fitting = resolved.oneOf.some((s) => mismatches(value, obj(s), schemas, at).length === 0);
    return fitting ? [] : [`${at} fits none of the ${resolved.oneOf.length} shapes described`];
  }
  const type = resolved.type;
  if (value === null && resolved.nullable !== true && type !== undefined) return [`${at} is null, not ${String(type)}`];
  const fits =
    type === undefined || value === null || type === typeOf(value) || (type === 'integer' && Number.isInteger(value));
  if (!fits) return [`${at} is ${typeOf(value)}, not ${String(type)}`];
  if (Array.isArray(resolved.enum) && !resolved.enum.includes(value)) return [`${at} is none of its enum`];
  if (Array.isArray(value) && resolved.items !== undefined)
    return value.flatMap((item, i) => mismatches(item, obj(resolved.items), schemas, `${at}[${i}]`));
  const properties = resolved.properties;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || properties === undefined) return [];
  const described = obj(properties);
  const required = (resolved.required as string[] | undefined) ?? [];
  return [
    ...Object.keys(value)
      .filter((k) => !(k in described))
      .map((k) => `${at}.${k} is not described`),
    ...required.filter((k) => !(k in value)).map((k) => `${at}.${k} is required but not sent`),
    ...Object.entries(value).flatMap(([k, v]) =>
      k in described ? mismatches(v, obj(described[k]), schemas, `${at}.${k}`) : [],
    ),
  ];
}

/** The gateway as `main` composes it, its data in `dir`, configured by `gatewayFile` (the built-in configuration when absent). */
async function compose(dir: string, gatewayFile?: unknown): Promise<ComposedGateway> {
  const vars: Record<string, string> = {
    CLAUDE_PROXY_PORT: '0',
    ADMIN_DASHBOARD_PORT: '0',
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
  };
  if (gatewayFile !== undefined) {
    vars.GATEWAY_CONFIG = join(dir, 'gateway.yaml');
    writeFileSync(vars.GATEWAY_CONFIG, JSON.stringify(gatewayFile));
  }
  const { env, config } = await loadSettings(vars, {
    ...(gatewayFile === undefined ? { fileExists: () => false } : {}),
    discoverOllama: async () => [],
    redactor: new SecretRedactor(),
  });
  const logRing = new LogRing();
  return composeGateway({
    env,
    config,
    adminToken: { value: 'openapi-spec-token-1234', generated: false },
    logger: createRootLogger(env, logRing, 'json'),
    logRing,
    uiDir: join(dir, 'no-ui'),
    version: '0.0.0-spec',
    quietStartup: true,
  });
}

/** The schema of the 200 answer `doc` describes for `method` `path`. */
const answerSchema = (doc: Json, method: string, path: string): Json =>
  obj(obj(obj(obj(obj(obj(obj(obj(doc.paths)[path])[method]).responses)['200']).content)['application/json']).schema);

describe('the proxy’s OpenAPI document', () => {
  let dir: string;
  let gateway: ComposedGateway;
  let doc: Json;
  const served: ServedRoute[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-openapi-'));
    gateway = await compose(dir);
    const fastify = gateway.proxy.getHttpAdapter().getInstance();
    fastify.addHook('onRoute', (route) => {
      const path = route.url.replace(/\/:(\w+)/g, '/{$1}').replace(/(.)\/$/, '$1');
      for (const method of [route.method].flat()) served.push({ method: method.toLowerCase(), path });
    });
    await gateway.init();
    const answer = await fastify.inject({ method: 'GET', url: '/docs-json' });
    doc = obj(answer.json());
  }, 30_000);

  afterAll(async () => {
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const operation = ({ method, path }: ServedRoute): Json => obj(obj(obj(doc.paths)[path])[method]);
  const schemas = () => obj(obj(doc.components).schemas);
  /** Served routes a client calls: every dialect endpoint and the model lists (those taking a client key). */
  const clientRoutes = () =>
    served.filter((r) => r.method !== 'head' && needsClientKey(r.path.replace(/\{\w+\}/g, 'x')));
  const at = (r: ServedRoute) => `${r.method.toUpperCase()} ${r.path}`;

  it('lists every route the proxy serves', () => {
    const operations = served.filter((r) => r.method !== 'head' && !NOT_OPERATIONS.has(r.path));
    expect(operations.length).toBeGreaterThan(20);
    expect(operations.filter((r) => Object.keys(operation(r)).length === 0).map(at)).toEqual([]);
  });

  it('serves every route it lists', () => {
    const listed = Object.entries(obj(doc.paths)).flatMap(([path, item]) =>
      Object.keys(obj(item)).map((method) => ({ method, path })),
    );
    const unserved = listed.filter((l) => !served.some((s) => s.method === l.method && s.path === l.path));
    expect(unserved.map(at)).toEqual([]);
  });

  it('describes the body of every client route that takes one, and its 200 answer', () => {
    const routes = clientRoutes();
    expect(routes.map(at)).toEqual(
      expect.arrayContaining(['POST /v1/embeddings', 'GET /v1/models/{id}', 'POST /ollama/api/embed']),
    );
    const lacking = routes.flatMap((r) => {
      const op = operation(r);
      const body = obj(obj(obj(op.requestBody).content)['application/json']).schema;
      const answers = Object.values(obj(obj(obj(op.responses)['200']).content)).map((c) => obj(c).schema);
      return [
        ...(r.method === 'post' && body === undefined ? [`${at(r)}: request`] : []),
        ...(answers.length === 0 || answers.includes(undefined) ? [`${at(r)}: 200`] : []),
      ];
    });
    expect(lacking).toEqual([]);
  });

  it('describes each client route’s errors in the shape its dialect answers them', () => {
    const wrong = clientRoutes().flatMap((r) => {
      const dialect = codecForPath(r.path)?.dialect;
      const expected = dialect === undefined ? 'a dialect' : ERROR_SCHEMA[dialect];
      const errors = refsIn(obj(obj(operation(r).responses).default).content);
      return errors.includes(expected) ? [] : [`${at(r)}: ${errors.join() || 'none'}, not ${expected}`];
    });
    expect(wrong).toEqual([]);
    for (const name of new Set(Object.values(ERROR_SCHEMA))) expect(Object.keys(schemas())).toContain(name);
  });

  it('names the client key headers on every client route, Anthropic’s own on the Messages routes, and the admin token on the weights API', () => {
    const schemes = obj(obj(doc.components).securitySchemes);
    expect(schemes['client-key']).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(schemes['client-key-header']).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-api-key' });
    const missing = clientRoutes().filter((r) => {
      const names = (operation(r).security as Json[] | undefined)?.flatMap((s) => Object.keys(s)) ?? [];
      return !names.includes('client-key') || !names.includes('client-key-header');
    });
    expect(missing.map(at)).toEqual([]);
    for (const path of ['/v1/messages', '/v1/messages/count_tokens', '/api/claude']) {
      const headers = (operation({ method: 'post', path }).parameters as Json[] | undefined) ?? [];
      expect(headers).toEqual(
        expect.arrayContaining(
          ['anthropic-version', 'anthropic-beta'].map((name) => expect.objectContaining({ name, in: 'header' })),
        ),
      );
    }
    const weights = operation({ method: 'post', path: '/api/config/weights' });
    expect(weights.security).toEqual([{ bearer: [] }]);
  });

  it.each([
    ['get', '/models', '/models'],
    ['get', '/v1/models', '/v1/models'],
    ['get', '/v1/models/{id}', '/v1/models/switchyard-demo'],
    ['get', '/api/route/explain', '/api/route/explain?text=hello'],
    ['get', '/ollama/api/tags', '/ollama/api/tags'],
    ['post', '/ollama/api/show', '/ollama/api/show'],
    ['get', '/ollama/api/version', '/ollama/api/version'],
    ['get', '/ollama/api/ps', '/ollama/api/ps'],
  ] as const)('describes the fields %s %s answers with', async (method, path, url) => {
    const fastify = gateway.proxy.getHttpAdapter().getInstance();
    const answer = await fastify.inject({
      method: method === 'get' ? 'GET' : 'POST',
      url,
      ...(method === 'post' ? { payload: { model: 'switchyard-demo' } } : {}),
    });
    expect(answer.statusCode).toBe(200);
    const schema = obj(
      obj(obj(obj(obj(operation({ method, path }).responses)['200']).content)['application/json']).schema,
    );
    expect(schema.$ref).toEqual(expect.any(String));
    expect(mismatches(answer.json(), schema, schemas(), 'answer')).toEqual([]);
  });

  it('gives every field an example of the type it describes, down to the items of its arrays', () => {
    const wrong = Object.entries(schemas()).flatMap(([name, schema]) =>
      Object.entries(obj(obj(schema).properties)).flatMap(([field, property]) =>
        'example' in obj(property)
          ? mismatches(obj(property).example, obj(property), schemas(), `${name}.${field}`)
          : [],
      ),
    );
    expect(wrong).toEqual([]);
  });

  it.each(['EmbeddingsRequestDto', 'OllamaEmbedRequestDto', 'OllamaShowRequestDto'])(
    'lets %s send null for an optional field, as the gateway takes null for absent',
    (name) => {
      const schema = obj(schemas()[name]);
      const required = (schema.required as string[] | undefined) ?? [];
      const optional = Object.entries(obj(schema.properties)).filter(([field]) => !required.includes(field));
      expect(optional.length).toBeGreaterThan(0);
      const refused = optional.filter(
        ([field, property]) => mismatches(null, obj(property), schemas(), field).length > 0,
      );
      expect(refused.map(([field]) => field)).toEqual([]);
    },
  );

  const hi = [{ role: 'user', content: 'Hi' }];
  it.each([
    ['ChatCompletionRequestDto', openAICodec, { model: 'm', messages: hi }],
    ['UnifiedChatRequestDto', unifiedCodec, { model: 'm', messages: hi }],
    ['ResponsesRequestDto', responsesCodec, { model: 'm', input: 'Hi' }],
    ['AnthropicMessagesRequestDto', anthropicCodec, { model: 'm', max_tokens: 16, messages: hi }],
    ['AnthropicCountTokensRequestDto', anthropicCodec, { model: 'm', max_tokens: 16, messages: hi }],
    ['OllamaChatRequestDto', ollamaChatCodec, { model: 'm', messages: hi }],
    ['OllamaGenerateRequestDto', ollamaGenerateCodec, { model: 'm', prompt: 'Hi' }],
  ] as const)('describes null on %s’s optional fields where the gateway takes it for absent', (name, codec, body) => {
    const schema = obj(schemas()[name]);
    const required = (schema.required as string[] | undefined) ?? [];
    const optional = Object.entries(obj(schema.properties)).filter(([field]) => !required.includes(field));
    expect(optional.length).toBeGreaterThan(0);
    expect(() => codec.decode(body, {})).not.toThrow();
    const takes = (field: string): boolean => {
      try {
        codec.decode({ ...body, [field]: null }, {});
        return true;
      } catch {
        return false;
      }
    };
    const wrong = optional
      .filter(([field, property]) => takes(field) !== (mismatches(null, obj(property), schemas(), field).length === 0))
      .map(([field]) => `${field}: the gateway ${takes(field) ? 'takes' : 'refuses'} null`);
    expect(wrong).toEqual([]);
  });

  it('lets an Anthropic tool result send null content, as the gateway takes it for absent', () => {
    const messages = [
      { role: 'user', content: 'What is the weather in Oslo?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'get_weather', input: { city: 'Oslo' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: null }] },
    ];
    expect(() => anthropicCodec.decode({ model: 'm', max_tokens: 16, messages }, {})).not.toThrow();
    const content = obj(obj(obj(schemas().AnthropicContentBlockDto).properties).content);
    expect(mismatches(null, content, schemas(), 'content')).toEqual([]);
  });

  it('lets an Anthropic message carry the system role, as Claude Code sends it and the gateway takes it', () => {
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
    ];
    expect(() => anthropicCodec.decode({ model: 'm', max_tokens: 16, messages }, {})).not.toThrow();
    const role = obj(obj(obj(schemas().AnthropicMessageParamDto).properties).role);
    for (const message of messages) expect(mismatches(message.role, role, schemas(), 'role')).toEqual([]);
  });

  it('lets an Ollama chat think at every level the gateway takes', () => {
    const think = obj(obj(obj(schemas().OllamaChatRequestDto).properties).think);
    for (const level of [true, false, 'low', 'medium', 'high', 'max']) {
      expect(() => ollamaChatCodec.decode({ model: 'm', messages: hi, think: level }, {})).not.toThrow();
      expect(mismatches(level, think, schemas(), 'think')).toEqual([]);
    }
  });

  it('lets a Chat Completions request ask for every reasoning effort the gateway takes', () => {
    const effort = obj(obj(obj(schemas().ChatCompletionRequestDto).properties).reasoning_effort);
    for (const level of ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', null]) {
      expect(() => openAICodec.decode({ model: 'm', messages: hi, reasoning_effort: level }, {})).not.toThrow();
      expect(mismatches(level, effort, schemas(), 'reasoning_effort')).toEqual([]);
    }
  });

  it('claims no client body refuses fields it does not list, since the gateway forwards them', () => {
    const closed = Object.entries(schemas())
      .filter(([, schema]) => JSON.stringify(schema).includes('"additionalProperties":false'))
      .map(([name]) => name);
    expect(closed).toEqual([]);
  });
});

describe('the proxy’s OpenAPI document, against the embeddings answers', () => {
  let dir: string;
  let upstreams: FakeUpstream[] = [];
  let gateway: ComposedGateway;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-openapi-embed-'));
    upstreams = [await startOpenAIFake({ apiKey: 'sk-openapi-spec' }), await startOllamaFake()];
    const [openai, ollama] = upstreams;
    gateway = await compose(dir, {
      providers: {
        'openai-fake': { type: 'openai', base_url: `${openai.url}/v1`, api_key: 'sk-openapi-spec' },
        'ollama-fake': { type: 'ollama', base_url: ollama.url },
      },
      models: [
        {
          name: 'embed',
          provider: 'openai-fake',
          upstream_model: 'text-embedding-3-small',
          capabilities: ['embeddings'],
        },
        { name: 'nomic', provider: 'ollama-fake', upstream_model: 'nomic-embed-text', capabilities: ['embeddings'] },
      ],
    });
    await gateway.init();
  }, 30_000);

  afterAll(async () => {
    await gateway?.close();
    await Promise.all(upstreams.map((u) => u.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['/v1/embeddings', { model: 'embed', input: ['one', 'two'] }],
    ['/v1/embeddings', { model: 'embed', input: 'one', encoding_format: 'base64' }],
    ['/ollama/api/embed', { model: 'nomic', input: ['one', 'two'] }],
    ['/ollama/api/embeddings', { model: 'nomic', prompt: 'one' }],
  ] as const)('describes the fields and their types POST %s answers %j with', async (path, payload) => {
    const fastify = gateway.proxy.getHttpAdapter().getInstance();
    const doc = obj((await fastify.inject({ method: 'GET', url: '/docs-json' })).json());
    const answer = await fastify.inject({ method: 'POST', url: path, payload });
    expect(answer.statusCode).toBe(200);
    const schema = answerSchema(doc, 'post', path);
    expect(schema.$ref).toEqual(expect.any(String));
    expect(mismatches(answer.json(), schema, obj(obj(doc.components).schemas), 'answer')).toEqual([]);
  });
});
