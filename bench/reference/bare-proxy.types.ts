export interface BareProxySettings {
  /** Upstream origin for each model name clients may send. */
  routes: Record<string, string>;
}

export interface BareProxyReady {
  port: number;
}
