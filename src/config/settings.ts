import { redactor as processRedactor } from '#src/core/redact.js';
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
  return { env, config, warnings };
}
