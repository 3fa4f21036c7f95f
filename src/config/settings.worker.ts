import { SecretRedactor } from '#src/core/redact.js';
import { ConfigError } from './config-error.js';
import type { SettingsReply } from './settings-reader.js';
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

const redactor = new RecordingRedactor();
try {
  answer({ settings: await loadSettings(process.env, { redactor }), secrets: redactor.registered });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  answer({ problems: error.problems });
}
