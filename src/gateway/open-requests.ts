import { Injectable } from '@nestjs/common';
import { GatewayError } from '#src/core/gateway-error.js';
import type { ClientAbort } from '#src/fallback/client-abort.js';
import { SHUTDOWN_RETRY_AFTER_MS } from '#src/http/closing-refusal.js';

const CUT_BY_SHUTDOWN =
  'The gateway is shutting down and stopped this request before its answer was complete; send it again.';

/**
 * The chat and embeddings requests being served, by their clients' aborts. A stop whose drain ends
 * with some still running cuts them here: each stops its upstream call and tells its client, in its
 * dialect, that the gateway is shutting down (a stream with its error event, any other answer with
 * a 503), rather than leaving a stream that ends as if it were complete or a connection closed unanswered.
 */
@Injectable()
export class OpenRequests {
  private readonly open = new Set<ClientAbort>();

  add(client: ClientAbort): void {
    this.open.add(client);
  }

  delete(client: ClientAbort): void {
    this.open.delete(client);
  }

  cutAll(): void {
    const error = new GatewayError('unavailable', CUT_BY_SHUTDOWN, { retryAfterMs: SHUTDOWN_RETRY_AFTER_MS });
    for (const client of this.open) client.cut(error);
  }
}
