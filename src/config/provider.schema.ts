import { z } from 'zod';
import { checkBaseUrl } from './base-url.js';
import { isMapping, type Findings } from './findings.js';
import type { ProviderConfig, ProviderKind } from './gateway-config.types.js';
import { MOCK_FIELDS, MOCK_KEYS, toMockBehaviour } from './mock-behaviour.schema.js';
import { flag, got, mapping, missing, number, oneOf, optional, text } from './schema-fields.js';

export const PROVIDER_KINDS = ['anthropic', 'openai', 'ollama', 'mock'] as const satisfies readonly ProviderKind[];

const WIRE_APIS = ['chat', 'responses'] as const;
const TOKEN_LIMIT_FIELDS = ['max_tokens', 'max_completion_tokens'] as const;

/** Each vendor SDK's own default; OpenAI's includes `/v1`, the others do not. */
const DEFAULT_BASE_URL: Record<ProviderKind, string> = {
  anthropic: 'https://api.anthropic.com',
  openai: 'https://api.openai.com/v1',
  ollama: 'http://127.0.0.1:11434',
  mock: 'mock://local',
};

/** The hosts whose accounts hold a vendor's stored files; a server elsewhere speaking its wire does not. */
const FILE_HOSTS: Partial<Record<ProviderKind, string>> = {
  anthropic: 'api.anthropic.com',
  openai: 'api.openai.com',
};

const PROVIDER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
export const SECRET_HEADER = /auth|key|token|secret|cookie|password/i;

const baseUrlProblem = (url: string) => {
  const check = checkBaseUrl(url);
  return check.ok ? undefined : check.problem;
};

const providerFields = {
  type: oneOf(PROVIDER_KINDS, { required: `one of ${PROVIDER_KINDS.join(', ')}` }).describe(
    'the wire the upstream speaks',
  ),
  base_url: text({ nullIsEmpty: true, check: baseUrlProblem }).describe(
    "follows the vendor SDK: OpenAI's includes /v1; empty (an unset variable) leaves the provider unconfigured",
  ),
  api_key: text({ nullIsEmpty: true }).describe('absent: the upstream needs none; empty: unconfigured'),
  headers: optional(
    z.record(z.string().regex(HEADER_NAME), text(), {
      error: (iss) =>
        iss.code === 'invalid_key' ? 'not a valid HTTP header name' : `expected a mapping, ${got(iss.input)}`,
    }),
  ).describe('static headers sent upstream; one whose variable is unset is left out'),
  max_output_tokens: number({ integer: true, min: 1 }).describe('largest max_tokens the upstream accepts'),
  wire_api: oneOf(WIRE_APIS).describe('openai only: chat (/chat/completions, default) or responses (/responses)'),
  token_limit_field: oneOf(TOKEN_LIMIT_FIELDS).describe(
    'openai only: the Chat Completions field for the token ceiling; default max_completion_tokens for reasoning models on OpenAI and Azure OpenAI, max_tokens elsewhere',
  ),
  stored_files: flag().describe(
    "anthropic and openai only: reads the vendor's stored files by id (default: only on the vendor's own API host)",
  ),
  ...MOCK_FIELDS,
};

/** A provider's own cross-field rules: mock settings on mocks only, wire_api on OpenAI only. */
const provider = mapping(providerFields).check(
  z.superRefine(
    (p, ctx) => {
      if (typeof p !== 'object' || p === null) return;
      const type = PROVIDER_KINDS.find((k) => k === p.type);
      if (type && type !== 'mock') {
        for (const key of MOCK_KEYS)
          if (key in p) ctx.addIssue({ code: 'custom', path: [key], message: 'only allowed for type mock' });
      }
      for (const key of ['wire_api', 'token_limit_field'] as const) {
        if (p[key] !== undefined && type && type !== 'openai') {
          ctx.addIssue({ code: 'custom', path: [key], message: 'only allowed for type openai' });
        }
      }
      if (p.stored_files !== undefined && type && FILE_HOSTS[type] === undefined) {
        ctx.addIssue({ code: 'custom', path: ['stored_files'], message: 'only allowed for type anthropic or openai' });
      }
    },
    { when: () => true },
  ),
);

const PROVIDERS = 'a mapping of provider name to settings';

export function providersSchema() {
  const all = z
    .record(z.string().regex(PROVIDER_NAME), provider, {
      error: (iss) =>
        iss.code === 'invalid_key'
          ? "expected a name of letters, digits, '.', '_' or '-'"
          : missing({ required: PROVIDERS }, iss.input, `expected ${PROVIDERS}, ${got(iss.input)}`),
    })
    .check(
      z.refine((all) => !isMapping(all) || Object.keys(all).length > 0, {
        error: () => 'expected at least one provider',
        when: () => true,
      }),
    );
  return z.preprocess((v) => v ?? undefined, all).describe('upstream accounts, by the name models refer to');
}

export type ProviderInput = z.output<typeof provider>;

/** The typed provider, with its default base URL and whether it can be called. */
export function toProvider(name: string, p: NonNullable<ProviderInput>, findings: Findings): ProviderConfig {
  const type = p.type as ProviderKind;
  const baseUrl = readBaseUrl(p.base_url, type);
  const out: ProviderConfig = {
    name,
    type,
    baseUrl,
    apiKey: p.api_key?.trim(),
    configured: false,
    headers: readHeaders(p.headers ?? {}),
    maxOutputTokens: p.max_output_tokens,
  };
  if (p.wire_api !== undefined) out.wireApi = p.wire_api;
  if (p.token_limit_field !== undefined) out.tokenLimitField = p.token_limit_field;
  if (type === 'mock') out.mock = toMockBehaviour(p);
  if (p.stored_files ?? isFileHost(baseUrl, type)) out.storedFiles = true;
  out.configured = isConfigured(out, findings);
  return out;
}

function readBaseUrl(raw: string | undefined, type: ProviderKind): string {
  if (raw === undefined) return DEFAULT_BASE_URL[type];
  if (raw.trim() === '') return '';
  const check = checkBaseUrl(raw);
  return check.ok ? check.url : DEFAULT_BASE_URL[type];
}

/** Whether `baseUrl` is the vendor's own API, where the files its ids name are stored. */
function isFileHost(baseUrl: string, type: ProviderKind): boolean {
  const host = FILE_HOSTS[type];
  return host !== undefined && URL.canParse(baseUrl) && new URL(baseUrl).hostname === host;
}

/** A header whose variable is unset is left out rather than sent empty. */
function readHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value) out[name.toLowerCase()] = value;
  return out;
}

function isConfigured(p: ProviderConfig, findings: Findings): boolean {
  if (p.type === 'mock') return true;
  if (p.baseUrl === '') {
    if (p.apiKey || p.type === 'ollama') {
      findings.warn(
        `providers.${p.name}.base_url`,
        `empty (is its variable set?), so provider "${p.name}" stays unconfigured`,
      );
    }
    return false;
  }
  return p.apiKey !== '';
}
