import type { ProviderKind } from '#src/config/gateway-config.types.js';

/** Facts about this process the admin UI shows, known once the proxy listens. */
export interface AppInfo {
  version: string;
  /** Epoch ms. */
  startedAt: number;
  proxyUrl: string;
}

export const APP_INFO = Symbol('AppInfo');

export interface ProviderState {
  name: string;
  type: ProviderKind;
  status: 'up' | 'down' | 'unconfigured';
  detail?: string;
}

/**
 * Every provider's cached health, read from the proxy's registry. Given to the admin app as a
 * function rather than the registry itself, whose shutdown hook must run in one app only.
 */
export type ProviderStates = () => Promise<ProviderState[]>;

export const PROVIDER_STATES = Symbol('ProviderStates');
