import type { GatewayConfig } from '#src/config/gateway-config.types.js';

export interface BannerFacts {
  version: string;
  proxyUrl: string;
  adminUrl: string;
  config: Pick<GatewayConfig, 'origin' | 'models' | 'demoMode'>;
  /** Where the admin token is kept; or, when this start generated it, the one-time login link. */
  admin: { tokenFrom: string } | { keptIn: string; loginUrl: string };
}

/** More models than this are summed up in one line: the banner must fit a terminal's first screen. */
const MAX_MODELS = 12;

function modelLines(models: BannerFacts['config']['models']): string[] {
  const width = Math.max(0, ...models.map((m) => m.name.length));
  const lines = models.slice(0, MAX_MODELS).map((m) => {
    const providers = [...new Set(m.deployments.map((d) => d.provider))].join(', ');
    return `    ${m.name.padEnd(width)}  → ${providers}`;
  });
  if (models.length > MAX_MODELS)
    lines.push(`    … and ${models.length - MAX_MODELS} more (GET /models lists them all)`);
  return lines;
}

function adminLines(facts: BannerFacts): string[] {
  if ('loginUrl' in facts.admin) {
    return [
      `  Admin   ${facts.adminUrl}/`,
      `          admin token generated and kept in ${facts.admin.keptIn}; log in with: ${facts.admin.loginUrl}`,
    ];
  }
  return [`  Admin   ${facts.adminUrl}/   (admin token: ${facts.admin.tokenFrom})`];
}

/** What demo mode asks for; a Cursor-style key alone is not enough, it has no default URL. */
export const REAL_MODELS_HINT =
  'Set CLAUDE_API_KEY, OPENAI_API_KEY, or CURSOR_API_KEY with CURSOR_BASE_URL (or OLLAMA_BASE_URL) to reach real models.';

/** What a person starting the gateway at a terminal needs to know, in a dozen lines of plain text. */
export function renderBanner(facts: BannerFacts): string {
  const { config } = facts;
  const lines = [
    `Switchyard ${facts.version}`,
    `  Proxy   ${facts.proxyUrl}   (API docs: ${facts.proxyUrl}/docs)`,
    ...adminLines(facts),
    `  Config  ${config.origin}`,
    `  Models  ${config.models.length}`,
    ...modelLines(config.models),
  ];
  if (config.demoMode) {
    lines.push(
      '',
      '  DEMO MODE: no provider key is configured, so only the built-in demo model answers.',
      `  ${REAL_MODELS_HINT}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
