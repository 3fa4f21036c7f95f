import type { KeySettings } from './client-key.types.js';

/**
 * A key's settings from an admin API body (see key-settings.parser.ts). The parser and the schema
 * library it is written with load when the first key is written, not in every gateway at start.
 */
export async function readKeySettings(body: unknown, requireName: boolean): Promise<KeySettings> {
  const { parseKeySettings } = await import('./key-settings.parser.js');
  return parseKeySettings(body, requireName);
}
