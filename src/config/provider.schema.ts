import { checkBaseUrl } from './base-url.js';
import { describeValue, isMapping, keyPath } from './findings.js';
import type { ProviderConfig, ProviderKind, WireApi } from './gateway-config.types.js';
import { MappingReader } from './mapping.reader.js';
import { MOCK_KEYS, readMockBehaviour } from './mock-behaviour.schema.js';
import type { SchemaContext } from './schema-context.js';

export const PROVIDER_KINDS: readonly ProviderKind[] = ['anthropic', 'openai', 'ollama', 'mock'];

const KEYS = ['type', 'base_url', 'api_key', 'headers', 'max_output_tokens', 'wire_api'];

const WIRE_APIS: readonly WireApi[] = ['chat', 'responses'];

/** Each vendor SDK's own default; OpenAI's includes `/v1`, the others do not. */
const DEFAULT_BASE_URL: Record<ProviderKind, string> = {
  anthropic: 'https://api.anthropic.com',
  openai: 'https://api.openai.com/v1',
  ollama: 'http://127.0.0.1:11434',
  mock: 'mock://local',
};

const PROVIDER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function readProviders(value: unknown, ctx: SchemaContext): Record<string, ProviderConfig> {
  const out: Record<string, ProviderConfig> = {};
  if (!isMapping(value)) {
    ctx.findings.problem('providers', `expected a mapping of provider name to settings, got ${describeValue(value)}`);
    return out;
  }
  if (Object.keys(value).length === 0) ctx.findings.problem('providers', 'expected at least one provider');
  for (const [name, settings] of Object.entries(value)) {
    if (!PROVIDER_NAME.test(name)) {
      ctx.findings.problem(keyPath('providers', name), "expected a name of letters, digits, '.', '_' or '-'");
    }
    const provider = readProvider(name, settings, ctx);
    if (provider) out[name] = provider;
  }
  return out;
}

function readProvider(name: string, value: unknown, ctx: SchemaContext): ProviderConfig | undefined {
  const r = MappingReader.of(value, keyPath('providers', name), ctx.findings);
  if (!r) return undefined;
  const apiKey = readApiKey(r, ctx);
  const headers = readHeaders(r, ctx);
  const type = r.require('type', `one of ${PROVIDER_KINDS.join(', ')}`) ? r.oneOf('type', PROVIDER_KINDS) : undefined;
  if (type && type !== 'mock') {
    for (const key of MOCK_KEYS) if (key in r.value) r.problem(key, 'only allowed for type mock');
  }
  r.allowOnly([...KEYS, ...MOCK_KEYS]);
  const maxOutputTokens = r.number('max_output_tokens', { integer: true, min: 1 });
  const wireApi = r.oneOf('wire_api', WIRE_APIS);
  if (wireApi !== undefined && type !== undefined && type !== 'openai')
    r.problem('wire_api', 'only allowed for type openai');
  if (!type) return undefined;
  const baseUrl = readBaseUrl(r, type);
  const provider: ProviderConfig = { name, type, baseUrl, apiKey, configured: false, headers, maxOutputTokens };
  if (wireApi !== undefined && type === 'openai') provider.wireApi = wireApi;
  if (type === 'mock') provider.mock = readMockBehaviour(r);
  provider.configured = isConfigured(provider, r);
  return provider;
}

/**
 * `api_key` absent: the upstream needs none (Ollama, a local vLLM). Present but empty after
 * expansion: its variable is unset, so the provider is listed but left unconfigured.
 */
function readApiKey(r: MappingReader, ctx: SchemaContext): string | undefined {
  if (!('api_key' in r.value)) return undefined;
  const key = r.value.api_key === null ? '' : r.string('api_key');
  ctx.redactor.register(key);
  return key?.trim();
}

function readBaseUrl(r: MappingReader, type: ProviderKind): string {
  if (!('base_url' in r.value)) return DEFAULT_BASE_URL[type];
  const raw = r.value.base_url === null ? '' : (r.string('base_url') ?? DEFAULT_BASE_URL[type]);
  if (raw.trim() === '') return '';
  const check = checkBaseUrl(raw);
  if (check.ok) return check.url;
  r.problem('base_url', check.problem);
  return DEFAULT_BASE_URL[type];
}

function isConfigured(p: ProviderConfig, r: MappingReader): boolean {
  if (p.type === 'mock') return true;
  if (p.baseUrl === '') {
    if (p.apiKey || p.type === 'ollama') {
      r.findings.warn(r.at('base_url'), `empty (is its variable set?), so provider "${p.name}" stays unconfigured`);
    }
    return false;
  }
  return p.apiKey !== '';
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const SECRET_HEADER = /auth|key|token|secret|cookie|password/i;

function readHeaders(r: MappingReader, ctx: SchemaContext): Record<string, string> {
  const out: Record<string, string> = {};
  const headers = r.mapping('headers');
  if (!headers) return out;
  for (const name of Object.keys(headers.value)) {
    const value = headers.string(name);
    if (SECRET_HEADER.test(name)) ctx.redactor.register(value);
    if (!HEADER_NAME.test(name)) headers.problem(name, 'not a valid HTTP header name');
    // A header whose variable is unset is left out rather than sent empty.
    else if (value !== undefined && value !== '') out[name.toLowerCase()] = value;
  }
  return out;
}
