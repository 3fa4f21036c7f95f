import { isLoopbackBind } from '#src/config/loopback.js';
import type { AppEnv, GatewayConfig } from '#src/config/gateway-config.types.js';

export type AuthMode = 'off' | 'keys';

/**
 * Whether the proxy asks for client keys. `AUTH_MODE` wins over `auth.mode`; with neither set,
 * keys are required as soon as one exists (creating the first key is what turns them on), and
 * nothing is asked while none does, so `npm start` on a laptop needs no set-up.
 */
export class AuthModeState {
  private keysExist: boolean;
  /** A key was created while this process ran: keys stay on whatever an older count says. */
  private created = false;

  /**
   * `openAllowed`: whether the gateway may serve without keys at all (a loopback bind, or
   * `ALLOW_UNAUTHENTICATED`). Where it may not, an unset mode never turns keys off once running:
   * the start refuses such a gateway, and a key store answering "none" only after the start (it
   * was slow, or away) must not open it instead.
   */
  constructor(
    private readonly configured: AuthMode | undefined,
    keysExist: boolean,
    private readonly openAllowed = true,
  ) {
    this.keysExist = keysExist;
  }

  static from(env: AppEnv, config: GatewayConfig, keysExist: boolean): AuthModeState {
    const openAllowed = isLoopbackBind(env.host) || env.allowUnauthenticated;
    return new AuthModeState(env.authMode ?? config.auth?.mode, keysExist, openAllowed);
  }

  /** Whether the mode was written down (then the key store is never asked). */
  get isConfigured(): boolean {
    return this.configured !== undefined;
  }

  get mode(): AuthMode {
    return this.heldOn ? 'keys' : this.learnedMode;
  }

  /**
   * The mode as configured, or as the key store's answers have it, before the hold `mode` adds:
   * what the start checks, so that a gateway nobody guards still refuses to start.
   */
  get learnedMode(): AuthMode {
    return this.configured ?? (this.keysExist ? 'keys' : 'off');
  }

  /** Keys stay asked for, though none exists, because the gateway may not serve without them. */
  get heldOn(): boolean {
    return this.configured === undefined && !this.keysExist && !this.openAllowed;
  }

  /** Where the mode came from, for the start-up line. */
  get reason(): string {
    if (this.configured !== undefined) return 'as configured';
    if (this.heldOn) return 'no client key exists yet, and the gateway is bound beyond loopback';
    return this.keysExist ? 'client keys exist' : 'no client key exists yet';
  }

  keyCreated(): void {
    this.keysExist = true;
    this.created = true;
  }

  /**
   * What the key store says once it answers (it may not at start). A key created meanwhile (here,
   * or announced by another instance) stands: a count read before it was written says none.
   */
  learned(keysExist: boolean): void {
    this.keysExist = keysExist || this.created;
  }
}

/**
 * A proxy anyone on the network can reach and spend through is refused unless the operator says
 * so; the message says both ways out.
 */
export function exposureProblem(env: AppEnv, mode: AuthMode): string | undefined {
  if (mode === 'keys' || isLoopbackBind(env.host) || env.allowUnauthenticated) return undefined;
  return (
    `HOST=${env.host} accepts connections from other machines, but client keys are off (auth.mode: off): ` +
    'anyone who reaches the port could spend the provider keys. Create a client key in the admin UI and set ' +
    'AUTH_MODE=keys, or set ALLOW_UNAUTHENTICATED=true if something in front of the gateway already checks callers.'
  );
}
