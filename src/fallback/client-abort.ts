import { AbortLatch } from '#src/core/abort-latch.js';

/**
 * Whether the client of one request is still there, and whom to tell when it leaves. It is the
 * request's only abort signal (an `AbortWatch`, not an AbortSignal: see `AbortLatch`), and each
 * attempt's own latch follows it (a `FollowingLatch`), so an attempt's deadline aborts that attempt
 * alone while the client leaving aborts them all.
 */
export class ClientAbort extends AbortLatch {}
