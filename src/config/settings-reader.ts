import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { redactor as processRedactor } from '#src/core/redact.js';
import { ConfigError } from './config-error.js';
import type { Vars } from './expand.js';
import type { Settings } from './settings.js';

/** What settings.worker.ts is asked: the environment, and a configuration only this process can read. */
export interface SettingsAsk {
  vars: Vars;
  /** The text of the file `GATEWAY_CONFIG` names, as this process read it. */
  named?: { path: string; text: string };
}

/** What settings.worker.ts answers: the settings and the secrets they carry, every problem found, or why it failed. */
export type SettingsReply =
  { settings: Settings; secrets: string[] } | { problems: string[] } | { failure: { message: string; stack?: string } };

/** Longest wait for the settings: reading them takes well under a second, asking an Ollama for its models 1.5 s at most. */
export const SETTINGS_WITHIN_MS = 30_000;

export interface SettingsReading {
  /** The script that reads them; settings.worker.js beside this file. */
  worker?: string;
  /** How long it gets to answer before it is stopped and start-up fails. */
  withinMs?: number;
}

/**
 * `loadSettings`, run in a short-lived process of its own. The schemas and the YAML reader (over
 * 4 MB of heap once loaded, which a module graph never gives back) then live only as long as
 * reading the configuration takes; the gateway keeps the plain settings they produced. A thread
 * would not do: the memory its allocations leave in the C allocator stays with the process. The
 * secrets met while reading are registered here, as loading them in this process would have.
 * A process that has not answered within `withinMs` is killed, so a stuck read fails start-up
 * rather than hanging it. The limit covers the child; the file `GATEWAY_CONFIG` names is read
 * here first, and a pipe that never ends holds start-up there.
 */
export function readSettings(
  vars: Vars,
  {
    worker = fileURLToPath(new URL('./settings.worker.js', import.meta.url)),
    withinMs = SETTINGS_WITHIN_MS,
  }: SettingsReading = {},
): Promise<Settings> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const child = fork(worker, {
      // Not this process's flags, nor NODE_OPTIONS (a `.env` may carry one this process never
      // applied): a CPU profile, an inspector port or a preloaded agent belongs to the gateway.
      env: withoutNodeOptions(process.env),
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const overdue = setTimeout(() => {
      answered = true;
      child.kill('SIGKILL');
      reject(tookTooLong(vars, withinMs));
    }, withinMs);
    child.once('message', (reply: SettingsReply) => {
      if (answered) return;
      answered = true;
      clearTimeout(overdue);
      if ('failure' in reply)
        return reject(Object.assign(new Error(reply.failure.message), { stack: reply.failure.stack }));
      if ('problems' in reply) return reject(new ConfigError(reply.problems));
      processRedactor.register(...reply.secrets);
      resolve(reply.settings);
    });
    child.once('error', (err) => {
      clearTimeout(overdue);
      reject(err);
    });
    // 'close' comes after the last message has been delivered, where 'exit' may come before it.
    child.once('close', (code) => {
      clearTimeout(overdue);
      if (!answered) reject(new Error(`reading the settings ended (exit code ${code}) without an answer`));
    });
    child.send({ vars: { ...vars }, named: namedConfig(vars) } satisfies SettingsAsk);
  });
}

function tookTooLong(vars: Vars, withinMs: number): Error {
  // Without GATEWAY_CONFIG the child reads ./gateway.yaml where there is one, and the defaults otherwise.
  const file = vars.GATEWAY_CONFIG?.trim() || 'gateway.yaml, if there is one';
  const message =
    `reading the settings (the environment and ${file}) took longer than ${withinMs / 1000} s, ` +
    'and the process reading them was stopped';
  // Its stack would only point at the timer.
  return Object.assign(new Error(message), { stack: message });
}

function withoutNodeOptions(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _dropped, ...rest } = env;
  return rest;
}

/**
 * The file `GATEWAY_CONFIG` names is read here and its text sent along: it may be this process's
 * own stdin or descriptor (`/dev/stdin`, `/dev/fd/3`, a shell's pipe), which the child cannot
 * read. One the child can read again is no different. A file that cannot be read here is left to
 * the child, which reports the problem the usual way.
 */
function namedConfig(vars: Vars): SettingsAsk['named'] {
  // Trimmed, as the environment's schema reads every value.
  const path = vars.GATEWAY_CONFIG?.trim();
  if (path === undefined || path === '') return undefined;
  try {
    return { path, text: readFileSync(path, 'utf8') };
  } catch {
    return undefined;
  }
}
