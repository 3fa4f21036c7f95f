/** One thing a balancer can choose: a deployment (`gpt-4o/0`) or a model name. Keys are unique in a call. */
export interface BalanceTarget {
  key: string;
  /** Share of traffic; 0 (or less) means drained: never returned. */
  weight: number;
}

export interface Balancer {
  /**
   * The full try-order for one request, best first; the rest is the failover order.
   * Drained targets are left out, so all-drained (or empty) input gives `[]`, never a silent uniform pick.
   * The targets come back as given (the same objects), only filtered and reordered.
   */
  order<T extends BalanceTarget>(targets: readonly T[]): T[];
  /**
   * True for a balancer whose every `order` call moves a sequence (weighted, round-robin): it is
   * asked only about the model a request tries first, so the sequence counts requests that model
   * takes. One that only reads live figures (in flight, latency) may order every model.
   */
  readonly sequenced?: boolean;
}
