import { existsSync, readFileSync } from 'node:fs';
import { redactor as processRedactor, type SecretRedactor } from '#src/core/redact.js';
import { ConfigError } from './config-error.js';
import { expandValue } from './expand.js';
import { Findings } from './findings.js';
import { toGatewayConfig } from './gateway-config.derive.js';
import {
  BUILT_IN_ORIGIN,
  BUILT_IN_VARIABLES,
  builtInDocument,
  ollamaModels,
  offeredModels,
  OLLAMA_PROVIDER,
} from './gateway-config.default.js';
import { readGatewayDocument, type GatewayDocument } from './gateway-config.schema.js';
import type { AppEnv, GatewayConfig } from './gateway-config.types.js';
import { discoverOllamaModels, type DiscoveredTag } from './ollama-discovery.js';

export interface GatewayConfigDeps {
  readFile?: (path: string) => string;
  fileExists?: (path: string) => boolean;
  discoverOllama?: (baseUrl: string) => Promise<DiscoveredTag[]>;
  /** Where upstream keys are registered as they are read; the process-wide one by default. */
  redactor?: SecretRedactor;
}

export interface LoadedGatewayConfig {
  config: GatewayConfig;
  /** Things worth a log line that do not stop start-up (a provider left unconfigured). */
  warnings: string[];
}

const ROOT_FILE = 'gateway.yaml';

export async function loadGatewayConfig(env: AppEnv, deps: GatewayConfigDeps = {}): Promise<GatewayConfig> {
  return (await loadGatewayConfigWithWarnings(env, deps)).config;
}

/**
 * `GATEWAY_CONFIG`, else `gateway.yaml` in the working directory, else the built-in default.
 * Throws one ConfigError listing every problem, with secrets redacted from the messages.
 */
export async function loadGatewayConfigWithWarnings(
  env: AppEnv,
  deps: GatewayConfigDeps = {},
): Promise<LoadedGatewayConfig> {
  const redactor = deps.redactor ?? processRedactor;
  const fileExists = deps.fileExists ?? existsSync;
  if (env.gatewayConfigPath && !fileExists(env.gatewayConfigPath)) {
    throw new ConfigError([`GATEWAY_CONFIG: file not found: ${env.gatewayConfigPath}`]);
  }
  const path = env.gatewayConfigPath ?? (fileExists(ROOT_FILE) ? ROOT_FILE : undefined);
  return path ? loadFile(path, env, deps, redactor) : loadBuiltIn(env, deps, redactor);
}

async function loadFile(
  path: string,
  env: AppEnv,
  deps: GatewayConfigDeps,
  redactor: SecretRedactor,
): Promise<LoadedGatewayConfig> {
  // The YAML reader only when there is a file: the built-in configuration never needs it.
  const { parseYaml } = await import('./yaml-source.js');
  const parsed = parseYaml(readText(path, deps), path);
  if (parsed.problems.length > 0) throw new ConfigError(parsed.problems);
  const findings = new Findings(path);
  const doc = readGatewayDocument(expandValue(parsed.value, env.vars), {
    findings,
    redactor,
    offsetOf: parsed.offsetOf,
  });
  stopOnProblems(findings, redactor);
  return { config: toGatewayConfig(path, doc), warnings: findings.warnings };
}

async function loadBuiltIn(
  env: AppEnv,
  deps: GatewayConfigDeps,
  redactor: SecretRedactor,
): Promise<LoadedGatewayConfig> {
  const findings = new Findings(BUILT_IN_ORIGIN);
  const doc = readGatewayDocument(expandValue(builtInDocument(), env.vars), { findings, redactor });
  stopOnProblems(findings, redactor, namingTheVariable);
  const tags = await discoverTags(doc, deps);
  const unshown = tags.filter((t) => t.unshown === true).map((t) => t.tag);
  if (unshown.length > 0)
    findings.warn(
      'providers.ollama',
      `/api/show failed or came too late for ${unshown.join(', ')}: offered with no capability (tools, vision, ...)`,
    );
  const discovered = ollamaModels(tags, new Set(doc.models.map((m) => m.name)));
  const config = toGatewayConfig(BUILT_IN_ORIGIN, {
    ...doc,
    models: offeredModels(doc.models, discovered, doc.providers),
  });
  // Demo mode is announced by whoever starts the apps, from `config.demoMode`.
  return { config, warnings: findings.warnings };
}

async function discoverTags(doc: GatewayDocument, deps: GatewayConfigDeps): Promise<DiscoveredTag[]> {
  const ollama = doc.providers[OLLAMA_PROVIDER];
  if (!ollama?.configured) return [];
  const discover = deps.discoverOllama ?? discoverOllamaModels;
  try {
    const tags = await discover(ollama.baseUrl);
    return Array.isArray(tags) ? tags.filter((t) => typeof t?.tag === 'string' && t.tag.trim() !== '') : [];
  } catch {
    return [];
  }
}

function readText(path: string, deps: GatewayConfigDeps): string {
  try {
    return (deps.readFile ?? ((p: string) => readFileSync(p, 'utf8')))(path);
  } catch (error) {
    throw new ConfigError([`${path}: cannot read the file (${error instanceof Error ? error.message : error})`]);
  }
}

/** `built-in default: providers.openai.base_url: <message>` becomes `OPENAI_BASE_URL: <message> (...)`. */
function namingTheVariable(problem: string): string {
  for (const [path, variable] of Object.entries(BUILT_IN_VARIABLES)) {
    const prefix = `${BUILT_IN_ORIGIN}: ${path}: `;
    if (problem.startsWith(prefix)) {
      return `${variable}: ${problem.slice(prefix.length)} (used as the built-in default's ${path})`;
    }
  }
  return problem;
}

function stopOnProblems(findings: Findings, redactor: SecretRedactor, reword = (problem: string) => problem): void {
  if (findings.problems.length > 0) throw new ConfigError(findings.problems.map((p) => redactor.redact(reword(p))));
}
