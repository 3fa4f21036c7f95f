import { AbortLatch, type AbortWatch } from '#src/core/abort-latch.js';
import { GatewayError, isGatewayError } from '#src/core/gateway-error.js';

/**
 * Whether the client of one request is still there, and whom to tell when it leaves. It is the
 * request's only abort signal (an `AbortWatch`, not an AbortSignal: see `AbortLatch`), and each
 * attempt's own latch follows it (a `FollowingLatch`), so an attempt's deadline aborts that attempt
 * alone while the client leaving aborts them all. The gateway may also `cut` the request (it is
 * shutting down): everything stops as when the client leaves, but the client is there to be told.
 */
export class ClientAbort extends AbortLatch {
  /** Stops the request for a reason of the gateway's own, which the client is told. */
  cut(err: GatewayError): void {
    this.abort(err);
  }

  /** The client left: nobody is there to tell anything. */
  get gone(): boolean {
    return clientLeft(this);
  }
}

/** Whether the request behind `signal` was aborted by its client leaving, rather than cut. */
export function clientLeft(signal: AbortWatch): boolean {
  return signal.aborted && cutWith(signal) === undefined;
}

/**
 * The error a request was cut with (`ClientAbort.cut`), read from its signal; undefined while it
 * runs or once its client left. A client leaving aborts with a plain error, never a `GatewayError`.
 */
export function cutWith(signal: AbortWatch): GatewayError | undefined {
  return signal.aborted && isGatewayError(signal.reason) ? signal.reason : undefined;
}
