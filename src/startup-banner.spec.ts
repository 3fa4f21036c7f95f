import { aConfig, aModel } from '../test/factories/gateway-config.factory.js';
import { renderBanner, type BannerFacts } from './startup-banner.js';

const facts = (overrides: Partial<BannerFacts> = {}): BannerFacts => ({
  version: '1.2.3',
  proxyUrl: 'http://127.0.0.1:3100',
  adminUrl: 'http://127.0.0.1:3200',
  config: aConfig([
    aModel('claude-sonnet', { deployments: [{ provider: 'claude', upstreamModel: 'claude-sonnet-4-5', weight: 1 }] }),
    aModel('gpt-4o', {
      deployments: [
        { provider: 'openai', upstreamModel: 'gpt-4o', weight: 2 },
        { provider: 'cursor', upstreamModel: 'gpt-4o', weight: 1 },
        { provider: 'openai', upstreamModel: 'gpt-4o-2024', weight: 1 },
      ],
    }),
  ]),
  admin: { tokenFrom: 'the ADMIN_TOKEN setting' },
  ...overrides,
});

describe('renderBanner', () => {
  it('says the version, both URLs, where the config and admin token come from, and each model with its providers', () => {
    expect(renderBanner(facts())).toBe(
      [
        'Switchyard 1.2.3',
        '  Proxy   http://127.0.0.1:3100   (API docs: http://127.0.0.1:3100/docs)',
        '  Admin   http://127.0.0.1:3200/   (admin token: the ADMIN_TOKEN setting)',
        '  Config  test',
        '  Models  2',
        '    claude-sonnet  → claude',
        '    gpt-4o         → openai, cursor',
        '',
      ].join('\n'),
    );
  });

  it('gives a generated admin token once, as the login link, with where it is kept', () => {
    const text = renderBanner(
      facts({ admin: { keptIn: './data/admin-token', loginUrl: 'http://127.0.0.1:3200/?token=abc123' } }),
    );
    expect(text).toContain('http://127.0.0.1:3200/?token=abc123');
    expect(text).toContain('./data/admin-token');
    expect(text.split('abc123')).toHaveLength(2);
  });

  it('warns about demo mode', () => {
    const text = renderBanner(facts({ config: { ...facts().config, demoMode: true } }));
    expect(text).toContain('DEMO MODE');
    expect(text).toContain('CLAUDE_API_KEY');
    // A Cursor-style key alone reaches nothing: the service has no default URL.
    expect(text).toContain('CURSOR_API_KEY with CURSOR_BASE_URL');
    expect(renderBanner(facts())).not.toContain('DEMO MODE');
  });

  it('lists a dozen models and counts the rest, so it fits on a screen', () => {
    const many = aConfig(Array.from({ length: 15 }, (_, i) => aModel(`model-${i}`)));
    const lines = renderBanner(facts({ config: many }))
      .trimEnd()
      .split('\n');
    expect(lines.filter((l) => l.includes('→ p'))).toHaveLength(12);
    expect(lines.at(-1)).toBe('    … and 3 more (GET /models lists them all)');
  });
});
