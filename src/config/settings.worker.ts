import { existsSync, readFileSync } from 'node:fs';
import { SecretRedactor } from '#src/core/redact.js';
import { ConfigError } from './config-error.js';
import type { SettingsAsk, SettingsReply } from './settings-reader.js';
import { loadSettings } from './settings.js';

/** Keeps what was registered, for the process that asked to register it too. */
class RecordingRedactor extends SecretRedactor {
  readonly registered: string[] = [];

  override register(...secrets: Array<string | undefined>): void {
    super.register(...secrets);
    for (const s of secrets) if (s !== undefined) this.registered.push(s);
  }
}

/** Answers once and ends, whatever connections reading the settings left open. */
function answer(reply: SettingsReply): void {
  process.send?.(reply, () => process.exit(0));
}

async function read({ vars, named }: SettingsAsk): Promise<void> {
  const redactor = new RecordingRedactor();
  // The gateway's process read the file GATEWAY_CONFIG names and sent its text along.
  const asRead = named && {
    fileExists: (path: string) => path === named.path || existsSync(path),
    readFile: (path: string) => (path === named.path ? named.text : readFileSync(path, 'utf8')),
  };
  try {
    answer({ settings: await loadSettings(vars, { redactor, ...asRead }), secrets: redactor.registered });
  } catch (error) {
    if (error instanceof ConfigError) answer({ problems: error.problems });
    else
      answer({
        failure: error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) },
      });
  }
}

process.once('message', (ask: SettingsAsk) => void read(ask));
