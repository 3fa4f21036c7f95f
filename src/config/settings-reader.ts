import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { redactor as processRedactor } from '#src/core/redact.js';
import { ConfigError } from './config-error.js';
import type { Vars } from './expand.js';
import type { Settings } from './settings.js';

/** What settings.worker.ts answers: the settings and the secrets they carry, or every problem found. */
export type SettingsReply = { settings: Settings; secrets: string[] } | { problems: string[] };

/**
 * `loadSettings`, run in a short-lived process of its own. The schemas and the YAML reader (over
 * 4 MB of heap once loaded, which a module graph never gives back) then live only as long as
 * reading the configuration takes; the gateway keeps the plain settings they produced. A thread
 * would not do: the memory its allocations leave in the C allocator stays with the process. The
 * secrets met while reading are registered here, as loading them in this process would have.
 */
export function readSettings(vars: Vars): Promise<Settings> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./settings.worker.js', import.meta.url)), {
      env: vars,
      // Not this process's flags: a CPU profile or an inspector port belongs to the gateway.
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (reply: SettingsReply) => {
      if ('problems' in reply) return reject(new ConfigError(reply.problems));
      processRedactor.register(...reply.secrets);
      resolve(reply.settings);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`reading the settings ended (exit code ${code}) without an answer`)));
  });
}
