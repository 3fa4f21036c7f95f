import type { ExchangeRecord } from '#src/core/exchange-record.js';
import type { GatewayConfig } from '#src/config/gateway-config.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import { GatewayMetrics } from './gateway-metrics.js';
import { MetricsObserver } from './metrics.observer.js';
import { TrafficStats } from './traffic-stats.js';

const CONFIG = {
  models: [{ name: 'gpt', price: { inputPerMtok: 1_000_000, outputPerMtok: 2_000_000 } }],
} as unknown as GatewayConfig;

function setUp() {
  const metrics = new GatewayMetrics({ breakers: () => ({}), droppedLogRows: () => 0, pendingLogRows: () => 0 });
  const traffic = new TrafficStats();
  const clock = new ManualClock();
  const observer = new MetricsObserver(metrics, traffic, clock, CONFIG);
  return { metrics, traffic, clock, observer };
}

function exchange(overrides: Partial<ExchangeRecord> = {}): ExchangeRecord {
  return {
    requestId: 'r1',
    dialect: 'openai',
    stream: false,
    model: 'gpt',
    provider: 'openai',
    attempts: [],
    status: 200,
    startedAt: 0,
    latencyMs: 120,
    firstByteMs: 40,
    usage: { inputTokens: 3, outputTokens: 5 },
    ...overrides,
  };
}

/** The sample lines of one metric family in `/metrics`, without the HELP and TYPE lines. */
async function lines(metrics: GatewayMetrics, name: string): Promise<string[]> {
  const text = await metrics.text();
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe('MetricsObserver', () => {
  it('counts finished requests by dialect, model, provider and status', async () => {
    const { metrics, observer } = setUp();
    observer.finished(exchange());
    observer.finished(exchange());
    observer.finished(exchange({ dialect: 'anthropic', status: 429, errorKind: 'rate_limited' }));

    expect(await lines(metrics, 'switchyard_requests_total')).toEqual([
      'switchyard_requests_total{dialect="openai",model="gpt",provider="openai",status="200"} 2',
      'switchyard_requests_total{dialect="anthropic",model="gpt",provider="openai",status="429"} 1',
    ]);
    expect(await lines(metrics, 'switchyard_errors_total')).toEqual([
      'switchyard_errors_total{kind="rate_limited",model="gpt",provider="openai"} 1',
    ]);
  });

  it('labels a request no model answered as model and provider "none"', async () => {
    const { metrics, observer } = setUp();
    const error = new GatewayError('invalid_request', 'bad');
    observer.finished(exchange({ model: undefined, provider: undefined, status: 400, errorKind: error.kind, error }));

    expect(await lines(metrics, 'switchyard_requests_total')).toEqual([
      'switchyard_requests_total{dialect="openai",model="none",provider="none",status="400"} 1',
    ]);
  });

  it('adds up tokens by direction and model, and leaves out a direction that used none', async () => {
    const { metrics, observer } = setUp();
    observer.finished(exchange({ usage: { inputTokens: 3, outputTokens: 0 } }));
    observer.finished(exchange({ usage: { inputTokens: 4, outputTokens: 0 } }));

    expect(await lines(metrics, 'switchyard_tokens_total')).toEqual([
      'switchyard_tokens_total{direction="in",model="gpt"} 7',
    ]);
  });

  it('does not count a cache hit’s tokens as used', async () => {
    const { metrics, observer } = setUp();
    observer.finished(exchange({ route: { reason: 'explicit', cache: 'hit' } }));

    expect(await lines(metrics, 'switchyard_tokens_total')).toEqual([]);
    expect(await lines(metrics, 'switchyard_requests_total')).toHaveLength(1);
  });

  it('observes duration and time to first byte in seconds', async () => {
    const { metrics, observer } = setUp();
    observer.finished(exchange({ latencyMs: 120, firstByteMs: 40 }));

    expect(await lines(metrics, 'switchyard_request_duration_seconds_sum')).toEqual([
      'switchyard_request_duration_seconds_sum{dialect="openai",model="gpt"} 0.12',
    ]);
    expect(await lines(metrics, 'switchyard_ttfb_seconds_count')).toEqual([
      'switchyard_ttfb_seconds_count{dialect="openai",model="gpt"} 1',
    ]);
  });

  it('shows the requests being served right now', async () => {
    const { metrics, observer } = setUp();
    const first = exchange();
    observer.started();
    observer.started();
    observer.finished(first);

    expect(await lines(metrics, 'switchyard_in_flight')).toEqual(['switchyard_in_flight 1']);
    expect((await metrics.inFlight.get()).values[0]?.value).toBe(1);
  });

  it('feeds the admin UI’s traffic numbers, priced, with failures counted', () => {
    const { traffic, observer } = setUp();
    observer.finished(exchange());
    observer.finished(exchange({ status: 502, errorKind: 'upstream_5xx', usage: undefined }));

    expect(traffic.sinceStart.counts).toEqual({ requests: 2, errors: 1, tokens_in: 3, tokens_out: 5, cost_usd: 13 });
  });
});
