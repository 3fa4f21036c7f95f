import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { BucketedSeries } from './bucketed-series.js';
import { CountedSeries } from './counted-series.js';

export type BreakerStates = Record<string, 'closed' | 'open' | 'half_open'>;

export interface LiveReadings {
  /** Each deployment's breaker, read at scrape time. */
  breakers(): BreakerStates;
  /** Request-log rows dropped since start, read at scrape time. */
  droppedLogRows(): number;
  /** Request-log rows waiting to be written (they pile up while the store is down). */
  pendingLogRows(): number;
}

/** A counter whose values are counted in `counts` and copied in when `/metrics` is read. */
function countedCounter<L extends string>(
  registry: Registry,
  spec: { name: string; help: string; labelNames: readonly L[] },
  counts: CountedSeries<L>,
): Counter<L> {
  return new Counter({
    ...spec,
    registers: [registry],
    collect() {
      counts.publishTo(this);
    },
  });
}

/**
 * The Prometheus metrics, on a registry of their own (never the global default), so several
 * gateways can live in one process (tests) without clashing. The per-request counters are counted
 * in plain numbers (`*Counts`, `requestStarted`/`requestFinished`, the histograms' slots) and read
 * into prom-client when scraped.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requestCounts = new CountedSeries(['dialect', 'model', 'provider', 'status'] as const);
  readonly errorCounts = new CountedSeries(['kind', 'model', 'provider'] as const);
  readonly tokenCounts = new CountedSeries(['direction', 'model'] as const);
  readonly duration: BucketedSeries<'dialect' | 'model'>;
  readonly ttfb: BucketedSeries<'dialect' | 'model'>;
  readonly inFlight: Gauge;
  private inFlightNow = 0;

  constructor(live: LiveReadings) {
    const registers = [this.registry];
    // Registered in the order `/metrics` lists them.
    countedCounter(
      this.registry,
      {
        name: 'switchyard_requests_total',
        help: 'Chat requests finished, by client dialect, model and provider that answered, and HTTP status',
        labelNames: ['dialect', 'model', 'provider', 'status'] as const,
      },
      this.requestCounts,
    );
    countedCounter(
      this.registry,
      {
        name: 'switchyard_errors_total',
        help: 'Chat requests that failed, by error class',
        labelNames: ['kind', 'model', 'provider'] as const,
      },
      this.errorCounts,
    );
    this.duration = new BucketedSeries(
      {
        name: 'switchyard_request_duration_seconds',
        help: 'Time from arrival to the end of the answer',
        labelNames: ['dialect', 'model'] as const,
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      },
      this.registry,
    );
    this.ttfb = new BucketedSeries(
      {
        name: 'switchyard_ttfb_seconds',
        help: 'Time from arrival to the first byte of the answer',
        labelNames: ['dialect', 'model'] as const,
        buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      },
      this.registry,
    );
    countedCounter(
      this.registry,
      {
        name: 'switchyard_tokens_total',
        help: 'Tokens used, by direction (in = prompt, out = completion) and model',
        labelNames: ['direction', 'model'] as const,
      },
      this.tokenCounts,
    );
    const inFlightNow = () => this.inFlightNow;
    this.inFlight = new Gauge({
      name: 'switchyard_in_flight',
      help: 'Chat requests being served right now',
      registers,
      collect() {
        this.set(inFlightNow());
      },
    });
    new Gauge({
      name: 'switchyard_breaker_open',
      help: '1 while the deployment’s circuit breaker is open (0.5 half-open, 0 closed)',
      labelNames: ['deployment'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [deployment, state] of Object.entries(live.breakers())) {
          this.set({ deployment }, state === 'open' ? 1 : state === 'half_open' ? 0.5 : 0);
        }
      },
    });
    let reported = 0;
    new Counter({
      name: 'switchyard_request_log_dropped_total',
      help: 'Request-log rows dropped because the buffer was full (the store was unavailable too long) or the row could not be made',
      registers: [this.registry],
      collect() {
        const now = live.droppedLogRows();
        if (now > reported) this.inc(now - reported);
        reported = now;
      },
    });
    new Gauge({
      name: 'switchyard_request_log_pending',
      help: 'Request-log rows waiting in memory to be written (grows while the store is unreachable)',
      registers: [this.registry],
      collect() {
        this.set(live.pendingLogRows());
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'switchyard_' });
  }

  requestStarted(): void {
    this.inFlightNow++;
  }

  requestFinished(): void {
    this.inFlightNow--;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
