import { SecretRedactor } from '#src/core/redact.js';
import { ConfigError } from './config-error.js';
import { loadSettings } from './settings.js';

const offline = (redactor = new SecretRedactor()) => ({
  fileExists: () => false,
  discoverOllama: async () => [],
  redactor,
});

describe('loadSettings', () => {
  it('reads the environment, then the configuration it points to', async () => {
    const { env, config, warnings } = await loadSettings(
      { CLAUDE_PROXY_PORT: '4100', OPENAI_API_KEY: 'sk-oai-1' },
      offline(),
    );
    expect(env.proxyPort).toBe(4100);
    expect(config.models.map((m) => m.name)).toEqual(['gpt-4o', 'gpt-4o-mini']);
    expect(warnings).toEqual([]);
  });

  it('registers the admin token with the redactor', async () => {
    const redactor = new SecretRedactor();
    await loadSettings({ ADMIN_TOKEN: 'admin-token-0123' }, offline(redactor));
    expect(redactor.redact('token admin-token-0123')).toBe('token [REDACTED]');
  });

  it('stops at a bad environment before reading any file', async () => {
    await expect(loadSettings({ LOG_LEVEL: 'loud' }, offline())).rejects.toBeInstanceOf(ConfigError);
  });

  it('refuses CORS_ORIGINS=* unless client keys are required by configuration', async () => {
    await expect(loadSettings({ CORS_ORIGINS: '*' }, offline())).rejects.toMatchObject({
      problems: [expect.stringMatching(/^CORS_ORIGINS: \* lets any web page call the proxy/)],
    });
    await expect(loadSettings({ CORS_ORIGINS: '*', AUTH_MODE: 'off' }, offline())).rejects.toBeInstanceOf(ConfigError);
    expect((await loadSettings({ CORS_ORIGINS: '*', AUTH_MODE: 'keys' }, offline())).env.corsOrigins).toEqual(['*']);
    const listed = await loadSettings({ CORS_ORIGINS: 'http://localhost:5173' }, offline());
    expect(listed.env.corsOrigins).toEqual(['http://localhost:5173']);
  });
});
