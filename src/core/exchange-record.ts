import type { IncomingHttpHeaders } from 'node:http';
import type { Caller, DialectKind, Usage } from '#src/core/chat.types.js';
import type { ErrorKind, GatewayError } from '#src/core/gateway-error.js';
import type { AttemptRecord, RouteExplanation } from '#src/core/route.types.js';

/** Everything worth knowing about one client exchange; filled along the way, observed at the end. */
export interface ExchangeRecord {
  requestId: string;
  dialect: DialectKind;
  stream: boolean;
  modelAsked?: string;
  /** The client key the request came with, when client keys are on. */
  caller?: Caller;
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
  /** Wall-clock epoch ms at arrival, for logs people read. */
  receivedAt?: number;
  /** Ms from arrival to the first byte of the answer sent to the client. */
  firstByteMs?: number;
  latencyMs?: number;
  usage?: Usage;
  /**
   * Characters of output (text, thinking, tool calls) read from the upstream as the answer
   * streamed: what an answer cut short before its final usage is charged by. Absent when no
   * answer was streamed.
   */
  outputChars?: number;
  /** The client's headers as received; observers that keep them must redact them first. */
  requestHeaders?: IncomingHttpHeaders;
  /** The parsed request body, kept only when bodies are logged (`LOG_BODIES`). Not redacted yet. */
  requestBody?: unknown;
  /** The answer's text as it was sent, kept only when bodies are logged. Not redacted yet. */
  answerText?: string;
}

/**
 * Something that wants to see every exchange (the summary log line, the request log, metrics).
 * Observers run on the request path: they must be quick and must not throw (a throw is caught
 * and ignored, so it can never fail a request); anything slow is queued and done later.
 */
export interface ExchangeObserver {
  /** Called once when the request arrives, before anything else happens to it. */
  started?(record: ExchangeRecord): void;
  /** Called once when the exchange is over, however it ended. */
  finished(record: ExchangeRecord): void;
}

export const EXCHANGE_OBSERVERS = Symbol('ExchangeObservers');

/** An observer's failure is its own business: it never reaches the client or the other observers. */
export function notifyObservers(
  observers: readonly ExchangeObserver[],
  call: (observer: ExchangeObserver) => void,
): void {
  for (const o of observers) {
    try {
      call(o);
    } catch {
      // Observers count and report their own troubles; a request is never failed by one.
    }
  }
}
