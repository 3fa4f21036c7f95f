import type { Usage } from '#src/core/chat.types.js';
import type { GatewayConfig, Price } from '#src/config/gateway-config.types.js';

/** US dollars for the tokens used at a model's per-million-token price; null when the model has no price. */
export function costOf(usage: Usage | undefined, price: Price | undefined): number | null {
  if (price === undefined) return null;
  const input = usage?.inputTokens ?? 0;
  const output = usage?.outputTokens ?? 0;
  return (input * price.inputPerMtok + output * price.outputPerMtok) / 1_000_000;
}

/** Each configured model's price, looked up by the model's gateway name. */
export class PriceBook {
  private readonly prices: ReadonlyMap<string, Price>;

  constructor(config: Pick<GatewayConfig, 'models'>) {
    this.prices = new Map(config.models.flatMap((m) => (m.price ? [[m.name, m.price] as const] : [])));
  }

  priceOf(model: string): Price | undefined {
    return this.prices.get(model);
  }

  /** The dearest configured price, for estimating a request whose model is not known yet. */
  highest(): Price | undefined {
    let top: Price | undefined;
    for (const p of this.prices.values()) {
      if (top === undefined || p.inputPerMtok + p.outputPerMtok > top.inputPerMtok + top.outputPerMtok) top = p;
    }
    return top;
  }

  costOf(model: string | undefined, usage: Usage | undefined): number | null {
    return model === undefined ? null : costOf(usage, this.prices.get(model));
  }
}
