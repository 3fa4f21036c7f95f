import { keyProblem } from './client-key-auth.js';
import type { ClientKey } from './client-key.types.js';
import { entriesMatchingNone } from './model-allowlist.js';

/** A key as the admin API shows it: with the allowlist entries no configured model matches. */
export type KeyView = ClientKey & { unmatchedModels: string[] };

/**
 * Which of a key's `allowed_models` entries match no configured model: a typo, or a model since
 * removed, leaves a key that is refused where its owner expects it to work. The models are those
 * the gateway started with.
 */
export class AllowlistCheck {
  constructor(private readonly models: readonly string[]) {}

  unmatched(key: ClientKey): string[] {
    return entriesMatchingNone(key.allowedModels, this.models);
  }

  view(key: ClientKey): KeyView {
    return { ...key, unmatchedModels: this.unmatched(key) };
  }

  /**
   * One line naming a live key's unmatched entries (never its secret); undefined when there are none,
   * or when the key cannot be used at `nowMs` (revoked, disabled or expired).
   */
  warning(key: ClientKey, nowMs: number): string | undefined {
    if (keyProblem(key, nowMs) !== undefined) return undefined;
    const unmatched = this.unmatched(key);
    if (unmatched.length === 0) return undefined;
    const entries = unmatched.map((e) => JSON.stringify(e)).join(', ');
    const [them, match] = unmatched.length === 1 ? ['entry', 'matches'] : ['entries', 'match'];
    return (
      `Client key ${key.id} (${JSON.stringify(key.name)}): allowed_models ${them} ${entries} ${match} no ` +
      'configured model, so requests for them are refused; edit the key in the admin UI or add the model'
    );
  }
}
