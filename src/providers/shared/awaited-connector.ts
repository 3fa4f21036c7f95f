import type { buildConnector as Connector } from 'undici';
import { buildConnector } from './undici-parts.js';

/**
 * A connector that opens a connection only while one of our requests is waiting for an answer.
 * undici leaves a request aborted mid-answer queued as pending when its socket closes, and opens a
 * fresh connection for it that no request ever uses: one wasted connect (and TLS handshake) per
 * client abort. Refusing to connect when nothing awaits drops that request from the queue instead.
 * The count errs towards connecting: a request waits from before it is dispatched until its
 * response headers arrive (its whole body, for an answer read whole) or it fails.
 */
export class AwaitedConnector {
  private waiting = 0;
  private readonly base = buildConnector({});

  readonly connect: Connector.connector = (options, callback) => {
    // Refused on a later tick, as a real connect would be: undici ignores a resume asked for from inside its own.
    if (this.waiting === 0) return void process.nextTick(() => callback(new NothingAwaitsError(), null));
    return this.base(options, callback);
  };

  /** Counts `answer` as awaited until it settles; hands back its own promise, without an async frame around it. */
  awaiting<T>(answer: () => Promise<T>): Promise<T> {
    this.waiting += 1;
    let pending: Promise<T>;
    try {
      pending = answer();
    } catch (err) {
      this.waiting -= 1;
      throw err;
    }
    pending.then(this.settled, this.settled);
    return pending;
  }

  /** One function for every call: none is made per request. */
  private readonly settled = (): void => {
    this.waiting -= 1;
  };
}

/** Why a connection was not opened; it only ever reaches requests that were aborted already. */
class NothingAwaitsError extends Error {
  readonly code = 'SWITCHYARD_NOTHING_AWAITS';

  constructor() {
    super('No request is waiting for this connection');
  }
}
