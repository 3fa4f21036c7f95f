import type { FakeUpstream } from '../fakes/fake-upstream.js';
import { fakeKits } from '../fakes/fake-kits.js';
import type { SseVendor } from './fake-providers.js';
import { vendorProvider, VENDOR_MODEL } from './fake-providers.js';

/**
 * Two deployments of one model on two fakes of different vendors. The first is weighted 1000 to 1,
 * so the balancer puts it first for hundreds of requests and a failure there is what moves the
 * request to the second.
 */
export interface DeploymentOrder {
  failing: SseVendor;
  answering: SseVendor;
}

export const ORDERS: DeploymentOrder[] = [
  { failing: 'openai', answering: 'anthropic' },
  { failing: 'anthropic', answering: 'openai' },
];

/** The provider name of each fake in the config, as `x-switchyard-provider` reports it. */
export const LIVE: Record<SseVendor, string> = { openai: 'live-openai', anthropic: 'live-anthropic' };
/** A provider of each vendor pointed at a port nothing listens on. */
export const DEAD: Record<SseVendor, string> = { openai: 'dead-openai', anthropic: 'dead-anthropic' };

/** `a-then-b`: the model whose first deployment is on the failing fake. */
export const pairModel = (o: DeploymentOrder) => `${o.failing}-then-${o.answering}`;
/** `dead-a-then-b`: the model whose first deployment cannot even be connected to. */
export const deadPairModel = (o: DeploymentOrder) => `dead-${pairModel(o)}`;

export type VendorFakes = Record<SseVendor, FakeUpstream>;

interface FailoverConfigOptions {
  fakes: VendorFakes;
  refusingUrl: string;
  fallback: object;
}

function pair(name: string, first: { provider: string; vendor: SseVendor }, second: SseVendor): object {
  return {
    name,
    capabilities: ['tools', 'vision'],
    deployments: [
      { provider: first.provider, upstream_model: VENDOR_MODEL[first.vendor], weight: 1000 },
      { provider: LIVE[second], upstream_model: VENDOR_MODEL[second], weight: 1 },
    ],
  };
}

/** Every ordered pair of live fakes, and of a dead provider then a live fake; plus `lonely` falling back to `helper`. */
export function failoverConfig({ fakes, refusingUrl, fallback }: FailoverConfigOptions): object {
  const vendors: SseVendor[] = ['openai', 'anthropic'];
  const providers = Object.fromEntries(
    vendors.flatMap((v) => [
      [LIVE[v], vendorProvider(v, fakes[v].url)],
      [DEAD[v], vendorProvider(v, refusingUrl)],
    ]),
  );
  const models = ORDERS.flatMap((o) => [
    pair(pairModel(o), { provider: LIVE[o.failing], vendor: o.failing }, o.answering),
    pair(deadPairModel(o), { provider: DEAD[o.failing], vendor: o.failing }, o.answering),
  ]);
  models.push(
    { name: 'lonely', provider: LIVE.openai, upstream_model: VENDOR_MODEL.openai, fallbacks: ['helper'] },
    { name: 'helper', provider: LIVE.anthropic, upstream_model: VENDOR_MODEL.anthropic },
  );
  return { providers, models, routing: { default: [pairModel(ORDERS[0])] }, fallback };
}

/** An upstream failure before the first byte, with the class the gateway must record for it. */
export interface FailureCase {
  name: string;
  errorKind: string;
  /** The upstream status recorded in `_attempts`, when there was one. */
  status?: number;
  /** Whether the failing deployment is a dead port (no request ever reaches a fake). */
  refused?: boolean;
  /**
   * Only a stream is given up on for it: a non-streamed answer comes whole once the model is done,
   * so silence before it is a model still at work, which only `timeout_ms` bounds.
   */
  streamOnly?: boolean;
  arrange?(fake: FakeUpstream, vendor: SseVendor): void;
}

export const FAILURES: FailureCase[] = [
  {
    name: 'a 500',
    errorKind: 'upstream_5xx',
    status: 500,
    arrange: (fake, v) => fake.script({ status: 500, json: fakeKits[v].errorBody(500, 'Internal server error') }),
  },
  {
    name: 'a 429 with retry-after: 1',
    errorKind: 'rate_limited',
    status: 429,
    arrange: (fake, v) =>
      fake.script({ status: 429, headers: { 'retry-after': '1' }, json: fakeKits[v].errorBody(429, 'Slow down') }),
  },
  { name: 'a refused connection', errorKind: 'connection', refused: true },
  {
    name: 'a hang before the first byte',
    errorKind: 'timeout',
    streamOnly: true,
    arrange: (fake) => fake.script({ stallBeforeHeaders: true }),
  },
  {
    name: 'a 200 with headers, then silence',
    errorKind: 'timeout',
    streamOnly: true,
    arrange: (fake) => fake.script({ stallAfterFrames: 0 }),
  },
];

/** How each vendor's error event, sent as the very first stream frame, is classified. */
export const FIRST_FRAME_ERROR_KIND: Record<SseVendor, string> = { openai: 'upstream_5xx', anthropic: 'overloaded' };
