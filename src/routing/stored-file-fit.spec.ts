import { aConfig, aModel, aRequest, aRequestNamingFile } from '../../test/factories/gateway-config.factory.js';
import type { GatewayConfig, ProviderKind, WireApi } from '#src/config/gateway-config.types.js';
import type { ChatRequest, FileVendor } from '#src/core/chat.types.js';
import { ModelCatalog } from '#src/catalog/model-catalog.js';
import { WeightsService } from '#src/catalog/weights.service.js';
import { Router } from './router.service.js';
import { DefaultStep } from './steps/default.step.js';

const on = (provider: string) => ({ deployments: [{ provider, upstreamModel: 'm', weight: 1 }] });

const KINDS: Record<string, ProviderKind> = {
  anthropic: 'anthropic',
  openai: 'openai',
  ollama: 'ollama',
  cursor: 'openai',
  responses: 'openai',
};
/** The vendors' own accounts; `cursor` only speaks OpenAI's wire. */
const READS_FILES = new Set(['anthropic', 'openai', 'responses']);
/** `responses` is an OpenAI account on its Responses API; `openai` speaks Chat Completions. */
const WIRE_API: Record<string, WireApi> = { responses: 'responses' };

/** By default `claude` on an Anthropic account, `gpt` on an OpenAI one, `local` on Ollama; all in the default route. */
function routerFor(
  models = [aModel('local', on('ollama')), aModel('gpt', on('openai')), aModel('claude', on('anthropic'))],
): Router {
  const base = aConfig(models);
  const config: GatewayConfig = {
    ...base,
    providers: Object.fromEntries(
      Object.entries(base.providers).map(([n, p]) => [
        n,
        { ...p, type: KINDS[n], storedFiles: READS_FILES.has(n), wireApi: WIRE_API[n] },
      ]),
    ),
  };
  const weights = new WeightsService(config, {
    load: () => ({}),
    save: async () => undefined,
    history: async () => [],
  });
  return new Router(new ModelCatalog(config, weights), [new DefaultStep(config.routing.default)]);
}

function withFile(vendor: FileVendor, overrides: Partial<ChatRequest> = {}): ChatRequest {
  const request = aRequest('Summarise the report', overrides);
  request.messages[0].content.push({
    type: 'document',
    source: { kind: 'file', vendor, fileId: 'file_011CNha8iCJcU1wXNR6q4V8w', field: 'messages[0].content[1].source' },
  });
  return request;
}

describe('routing a request that names a stored file', () => {
  const router = routerFor();

  it("picks only models served by the file's vendor, saying why the others were passed over", async () => {
    const d = await router.route(withFile('anthropic'));
    expect(d.candidates.map((m) => m.name)).toEqual(['claude']);
    expect(d.explanation.skipped).toEqual([
      { model: 'local', why: expect.stringContaining('stored with Anthropic') },
      { model: 'gpt', why: expect.stringContaining('stored with Anthropic') },
    ]);
    expect((await router.route(withFile('openai'))).candidates.map((m) => m.name)).toEqual(['gpt']);
  });

  it("passes over a model whose only account of the file's vendor is drained, or a server that only speaks its wire", async () => {
    const drained = aModel('drained', {
      deployments: [
        { provider: 'ollama', upstreamModel: 'm', weight: 1 },
        { provider: 'anthropic', upstreamModel: 'm', weight: 0 },
      ],
    });
    const router = routerFor([
      drained,
      aModel('cursor', on('cursor')),
      aModel('claude', on('anthropic')),
      aModel('gpt', on('openai')),
    ]);
    expect((await router.route(withFile('anthropic'))).candidates.map((m) => m.name)).toEqual(['claude']);
    const d = await router.route(withFile('openai'));
    expect(d.candidates.map((m) => m.name)).toEqual(['gpt']);
    expect(d.explanation.skipped).toContainEqual({
      model: 'cursor',
      why: expect.stringContaining('stored with OpenAI'),
    });
  });

  it('takes an OpenAI image by id only to a model with a deployment on the Responses API, else refuses it', async () => {
    const field = 'input[0].content[1].file_id';
    const request = aRequestNamingFile('What is in it?', 'image', { vendor: 'openai', fileId: 'file-9', field });
    const both = aModel('both', {
      deployments: [
        { provider: 'openai', upstreamModel: 'm', weight: 1 },
        { provider: 'responses', upstreamModel: 'm', weight: 1 },
      ],
    });
    const d = await routerFor([aModel('gpt', on('openai')), both]).route(request);
    expect(d.candidates.map((m) => m.name)).toEqual(['both']);
    expect(d.explanation.skipped).toEqual([{ model: 'gpt', why: expect.stringContaining('only its Responses API') }]);
    await expect(routerFor([aModel('gpt', on('openai'))]).route(request)).rejects.toMatchObject({
      kind: 'invalid_request',
      status: 400,
      param: field,
    });
  });

  it("refuses with a 400 naming the file's field when no model can read every file the request names", async () => {
    const request = withFile('anthropic');
    request.messages[0].content.push({
      type: 'image',
      source: {
        kind: 'file',
        vendor: 'openai',
        fileId: 'file-6F2ksmvXxt4VdoqmHRw6kL',
        field: 'messages[0].content[2]',
      },
    });
    await expect(router.route(request)).rejects.toMatchObject({
      kind: 'invalid_request',
      status: 400,
      param: 'messages[0].content[1].source',
      message: expect.stringContaining('only Anthropic models can read'),
    });
  });
});
