import { SecretRedactor } from '#src/core/redact.js';
import { ConfigError } from './config-error.js';
import { readEnv } from './env.js';
import { loadGatewayConfigWithWarnings } from './gateway-config.loader.js';

function load(routing: string) {
  const yaml = `providers:\n  local: { type: ollama }\nmodels:\n  - { name: llama3, provider: local }\nrouting:\n${routing}`;
  const env = readEnv({ GATEWAY_CONFIG: 'gateway.yaml' });
  const deps = {
    readFile: () => yaml,
    fileExists: () => true,
    discoverOllama: async () => [],
    redactor: new SecretRedactor(),
  };
  return loadGatewayConfigWithWarnings(env, deps);
}

async function problemsOf(loading: Promise<unknown>): Promise<string[]> {
  try {
    await loading;
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('routing.privacy and routing.affinity in the file', () => {
  it('reads both, with session affinity on by default and the extra header and body field added', async () => {
    const { config } = await load(
      '  privacy: { models: [llama3], patterns: ["ACME-[0-9]{8}"] }\n' +
        '  affinity: { ttl_ms: 60000, header: X-Conversation, body_field: metadata.session_id }\n',
    );
    expect(config.routing.privacy).toEqual({ models: ['llama3'], patterns: ['ACME-[0-9]{8}'] });
    expect(config.routing.affinity).toMatchObject({
      enabled: true,
      ttlMs: 60000,
      bodyField: ['metadata', 'session_id'],
    });
    expect(config.routing.affinity?.headers).toEqual(
      expect.arrayContaining(['x-claude-code-session-id', 'x-conversation']),
    );
  });

  it('names the path of a privacy pattern RE2 cannot run and of an unknown privacy model', async () => {
    const problems = await problemsOf(load('  privacy: { models: [gpt-9], patterns: ["(a)\\\\1"] }\n'));
    expect(problems.join('\n')).toMatch(/routing\.privacy\.models\[0\]/);
    expect(problems.join('\n')).toMatch(/routing\.privacy\.patterns\[0\].*RE2/);
  });

  it('turns session affinity off with mode: off', async () => {
    const { config } = await load('  affinity: { mode: off }\n');
    expect(config.routing.affinity?.enabled).toBe(false);
  });
});
