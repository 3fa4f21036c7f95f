import type { DialectKind, Usage } from '#src/core/chat.types.js';
import type { ErrorKind, GatewayError } from '#src/core/gateway-error.js';
import type { AttemptRecord, RouteExplanation } from '#src/core/route.types.js';

/** Everything worth knowing about one client exchange; filled along the way, observed at the end. */
export interface ExchangeRecord {
  requestId: string;
  dialect: DialectKind;
  stream: boolean;
  modelAsked?: string;
  model?: string;
  provider?: string;
  route?: RouteExplanation;
  attempts: AttemptRecord[];
  status: number;
  errorKind?: ErrorKind;
  /** The failure, when there was one (its message is client-safe; its cause is for logs only). */
  error?: GatewayError;
  /** Monotonic ms at arrival. */
  startedAt: number;
  /** Ms from arrival to the first byte of the answer sent to the client. */
  firstByteMs?: number;
  latencyMs?: number;
  usage?: Usage;
}

/** Something that wants to see every finished exchange (the summary log line, later the request log and metrics). */
export interface ExchangeObserver {
  finished(record: ExchangeRecord): void;
}

export const EXCHANGE_OBSERVERS = Symbol('ExchangeObservers');
