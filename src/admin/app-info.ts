/** Facts about this process the admin UI shows; `proxyUrl` is known once the proxy listens. */
export interface AppInfo {
  version: string;
  /** Epoch ms. */
  startedAt: number;
  proxyUrl: string;
}

export const APP_INFO = Symbol('AppInfo');
