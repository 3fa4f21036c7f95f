import type { ChatRequest } from '#src/core/chat.types.js';
import type { PrivacyConfig } from '#src/config/gateway-config.types.js';
import { requestTexts } from './request-texts.js';
import { SecretScanner } from './secret-scanner.js';

/**
 * `routing.privacy`: whether a request carries a secret, and which models may then take it. Off
 * (never finds anything) when the section is absent.
 */
export class PrivacyPolicy {
  private constructor(
    private readonly scanner: SecretScanner | undefined,
    /** The only models a request carrying a secret may go to, in configured order. */
    readonly models: readonly string[],
  ) {}

  static from(config: PrivacyConfig | undefined): PrivacyPolicy {
    return config ? new PrivacyPolicy(SecretScanner.create(config.patterns), config.models) : PrivacyPolicy.off();
  }

  static off(): PrivacyPolicy {
    return new PrivacyPolicy(undefined, []);
  }

  /** The name of the detector that found a secret anywhere in what would go upstream, or undefined. */
  detect(request: ChatRequest): string | undefined {
    return this.scanner?.find(requestTexts(request));
  }
}
