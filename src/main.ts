import 'reflect-metadata';
// Before any framework module: see date-formats-while-loading.ts.
import { stopDeferringDateFormats } from './date-formats-while-loading.js';
import { keepWebAssemblyOnBaselineCompiler } from './wasm-tiering.js';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LoggerService } from '@nestjs/common';
import { resolveAdminToken, type AdminToken } from '#src/config/admin-token.js';
import { redactor } from './core/redact.js';
import { dataDirWarnings } from './config/data-dir.js';
import type { AppEnv, GatewayConfig } from './config/gateway-config.types.js';
import { resolveLogFormat } from './config/log-format.js';
import { readSettings } from './config/settings-reader.js';
import { LogRing } from './observability/log-ring.js';
import { createRootLogger, flushLogs } from './observability/logging.js';
import { composeGateway, type ComposedGateway } from './composition.js';
import { OPENED_REQUEST_LOG } from './runtime.module.js';
import { AuthModeState, exposureProblem } from './keys/auth-mode.js';
import { REAL_MODELS_HINT, renderBanner } from './startup-banner.js';
import { returnStartupMemory } from './startup-memory.js';
import type { OpenedRequestLog } from './storage/open-request-log.store.js';
import {
  announcesStart,
  reportServing,
  shouldSupervise,
  superviseWorkers,
  tokenGeneratedBySupervisor,
} from './worker-cluster.js';

/** Paths relative to this file (dist/main.js): the package root is one level up. */
const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;
const DEFAULT_UI_DIR = fileURLToPath(new URL('../admin-ui/dist', import.meta.url));

interface Started {
  urls: { proxyUrl: string; adminUrl: string };
  env: AppEnv;
  config: GatewayConfig;
  adminToken: AdminToken;
}

const tokenFrom = (env: AppEnv) => (env.adminToken ? 'the ADMIN_TOKEN setting' : `${env.dataDir}/admin-token`);

/** On a terminal: the banner, which carries a generated token's login link. */
function announceForPeople({ urls, env, config, adminToken }: Started): void {
  const admin = adminToken.generated
    ? { keptIn: `${env.dataDir}/admin-token`, loginUrl: `${urls.adminUrl}/?token=${adminToken.value}` }
    : { tokenFrom: tokenFrom(env) };
  // Written as it is, not through the logger (which would redact a generated token).
  process.stdout.write(renderBanner({ version: VERSION, ...urls, config, admin }));
}

/** Elsewhere: log lines, and a generated token printed once on stdout, outside the (redacting) logger. */
function announceAsLog(logger: LoggerService, { urls, env, config, adminToken }: Started): void {
  const { proxyUrl, adminUrl } = urls;
  logger.log(
    `Switchyard proxy listening on ${proxyUrl} (config: ${config.origin}; docs: ${proxyUrl}/docs)`,
    'Bootstrap',
  );
  if (adminToken.generated) {
    console.log(`Admin token generated and kept in ${env.dataDir}/admin-token`);
    console.log(`Admin UI: ${adminUrl}/?token=${adminToken.value}`);
  } else {
    logger.log(`Admin UI: ${adminUrl}/ (admin token: ${tokenFrom(env)}; API docs: ${adminUrl}/docs)`, 'Bootstrap');
  }
  if (config.demoMode) {
    logger.warn(
      `DEMO MODE: no provider key is configured, so only the built-in demo model "switchyard-demo" answers. ${REAL_MODELS_HINT}`,
      'Bootstrap',
    );
  }
}

/** Says whether client keys are asked for, and refuses a network-wide bind nobody guards. */
async function checkClientKeys(gateway: ComposedGateway, env: AppEnv): Promise<void> {
  const auth = gateway.runtime.get(AuthModeState);
  const problem = exposureProblem(env, auth.learnedMode);
  if (problem !== undefined) {
    // One line says why and how out; nothing has listened yet.
    gateway.logger.error(problem, 'ClientKeys');
    await gateway.close();
    process.exit(1);
  }
  gateway.logger.log(`Client keys: ${auth.mode === 'keys' ? 'required' : 'off'} (${auth.reason})`, 'ClientKeys');
}

/**
 * SIGTERM/SIGINT close both HTTP apps, then the runtime, write out the log lines still batched,
 * and end the process with that signal. Sent by the process to itself with no listener left, the
 * signal first runs Node's exit hooks, so a `--cpu-prof` profile is still written (the benches rely
 * on it); the signal's own default action would end the process without one. Another signal while
 * closing is ignored: closing is bounded, and with `WORKERS` a Ctrl-C reaches each worker twice
 * (from the terminal and from the supervisor), which would otherwise end it mid-drain.
 */
function closeOnSignals(gateway: ComposedGateway, flush: () => void): void {
  const signals = ['SIGTERM', 'SIGINT'] as const;
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    void gateway.close().finally(() => {
      flush();
      for (const s of signals) process.removeListener(s, onSignal);
      process.kill(process.pid, signal);
    });
  };
  for (const signal of signals) process.on(signal, onSignal);
}

async function bootstrap(): Promise<void> {
  stopDeferringDateFormats();
  // Before undici compiles its parser, at the first upstream connection.
  keepWebAssemblyOnBaselineCompiler();
  if (existsSync('.env')) process.loadEnvFile('.env');
  const { env, config, warnings } = await readSettings(process.env);
  // Resolved before any worker starts, so a generated token is written once and read by all.
  const resolved = resolveAdminToken(env.adminToken, env.dataDir);
  if (shouldSupervise(env)) return superviseWorkers(env, { tokenGenerated: resolved.generated });
  const adminToken = tokenGeneratedBySupervisor(env) ? { ...resolved, generated: true } : resolved;
  const unwritable = dataDirWarnings(env.dataDir);
  redactor.register(adminToken.value);
  const format = resolveLogFormat(env, process.stdout.isTTY === true);
  const logRing = new LogRing();
  const logger = createRootLogger(env, logRing, format);
  const uiDir = env.adminUiDir ?? DEFAULT_UI_DIR;
  const quietStartup = format === 'pretty';
  const gateway = await composeGateway({
    env,
    config,
    adminToken,
    logger,
    logRing,
    uiDir,
    version: VERSION,
    quietStartup,
  });
  closeOnSignals(gateway, () => flushLogs(logger));
  for (const w of warnings) gateway.logger.warn(w, 'config');
  // An unwritable DATA_DIR is the one line to read; it also says why the request log is in memory.
  const opened = gateway.runtime.get<OpenedRequestLog>(OPENED_REQUEST_LOG);
  for (const p of unwritable.length > 0 ? unwritable : opened.problem ? [opened.problem] : []) {
    gateway.logger.error(p, 'RequestLog');
  }
  await checkClientKeys(gateway, env);
  // The apps' routes and hooks are built first, so the collection also returns what they leave behind.
  await gateway.init();
  await returnStartupMemory();
  const started = { urls: await gateway.listen(), env, config, adminToken };
  reportServing();
  if (!announcesStart()) return;
  if (format === 'pretty') announceForPeople(started);
  else announceAsLog(gateway.logger, started);
}

bootstrap().catch((err: unknown) => {
  // Configuration problems are listed one per line; anything else is a crash worth its stack.
  const problems = (err as { problems?: string[] }).problems;
  if (Array.isArray(problems)) {
    console.error(`Switchyard cannot start: the configuration has ${problems.length} problem(s):`);
    for (const p of problems) console.error(`  - ${p}`);
  } else {
    console.error('Switchyard failed to start:', err);
  }
  process.exit(1);
});
