/** Which yardstick: `json` parses and re-serialises the body, `pipe` streams it through untouched. */
export type ReferenceKind = 'json' | 'pipe';

export interface ReferenceProxySettings {
  kind: ReferenceKind;
  /** Upstream origin for each model name clients may send. */
  routes: Record<string, string>;
}

export interface ReferenceProxyReady {
  /** The port that reaches each upstream origin (one port for all with `json`, one per origin with `pipe`). */
  ports: Record<string, number>;
}
