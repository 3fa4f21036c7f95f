import type { UpstreamKind } from '../gateway/gateway-config.builder.js';
import { DEFAULT_LISTENER, type ListenerPlan } from '../upstream/fake-upstream.types.js';

/** Text chunks per streamed answer, 5 ms apart. */
export const STREAM_CHUNKS = 20;

/** The fake's ports: `steady` and `flaky` are the two deployments of the failover model. */
export const LISTENERS: ListenerPlan[] = [
  { ...DEFAULT_LISTENER, name: 'lat0' },
  { ...DEFAULT_LISTENER, name: 'lat50', latencyMs: 50 },
  { ...DEFAULT_LISTENER, name: 'steady' },
  { ...DEFAULT_LISTENER, name: 'flaky', errorRate: 0.05, resetRate: 0.05, resetPoint: 'before-headers' },
];

export interface ModelRoute {
  /** Deployments in the gateway, by fake listener; the first one is what `direct` calls. */
  listeners: string[];
  kind: UpstreamKind;
  /** The bare proxy serves only same-dialect, single-upstream models. */
  viaBare: boolean;
}

export const MODELS: Record<string, ModelRoute> = {
  'bench-lat0': { listeners: ['lat0'], kind: 'openai', viaBare: true },
  'bench-lat50': { listeners: ['lat50'], kind: 'openai', viaBare: true },
  'bench-claude': { listeners: ['lat0'], kind: 'anthropic', viaBare: true },
  'bench-cross': { listeners: ['lat0'], kind: 'anthropic', viaBare: false },
  'bench-failover': { listeners: ['steady', 'flaky'], kind: 'openai', viaBare: false },
};
