import { redactor as processRedactor } from '#src/core/redact.js';
import { ConfigError } from './config-error.js';
import { readEnv } from './env.js';
import type { Vars } from './expand.js';
import { loadGatewayConfigWithWarnings, type GatewayConfigDeps } from './gateway-config.loader.js';
import type { AppEnv, GatewayConfig } from './gateway-config.types.js';

export interface Settings {
  env: AppEnv;
  config: GatewayConfig;
  /** Worth a log line each; start-up goes on. */
  warnings: string[];
}

/**
 * Everything start-up needs from the outside world, read once: the environment, then the
 * gateway configuration it points to. Throws a ConfigError listing every problem found.
 */
export async function loadSettings(vars: Vars, deps: GatewayConfigDeps = {}): Promise<Settings> {
  const env = readEnv(vars);
  (deps.redactor ?? processRedactor).register(env.adminToken);
  const { config, warnings } = await loadGatewayConfigWithWarnings(env, deps);
  const exposed = anyOriginProblem(env, config);
  if (exposed !== undefined) throw new ConfigError([exposed]);
  return { env, config, warnings };
}

/**
 * `CORS_ORIGINS=*` lets every web page a user opens call the proxy from their browser. That is
 * only safe when each call needs a client key the page cannot know, so keys must be required by
 * configuration: the mode inferred from whether keys exist could be off.
 */
function anyOriginProblem(env: AppEnv, config: GatewayConfig): string | undefined {
  if (!env.corsOrigins.includes('*') || (env.authMode ?? config.auth?.mode) === 'keys') return undefined;
  return (
    "CORS_ORIGINS: * lets any web page call the proxy from a visitor's browser, so it needs client keys required " +
    '(AUTH_MODE=keys, or auth.mode: keys in the configuration); otherwise list the origins of your web apps'
  );
}
