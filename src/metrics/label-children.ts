/**
 * prom-client's bound children, one per label combination, made on first use and kept. Saves
 * building a label object per request; the number of keys is bounded because callers only use
 * configured model and provider names, dialects and status codes as label values.
 */
export class LabelChildren<C> {
  private readonly children = new Map<string, C>();

  constructor(private readonly make: (values: string[]) => C) {}

  get(...values: string[]): C {
    const key = values.join('\u0000');
    let child = this.children.get(key);
    if (child === undefined) {
      child = this.make(values);
      this.children.set(key, child);
    }
    return child;
  }
}
