import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CLOCK, type Clock } from '#src/core/clock.js';
import { GatewayError, isGatewayError } from '#src/core/gateway-error.js';
import type { DialectCodec } from '#src/dialects/dialect.types.js';
import { readableBody } from './body-parsers.js';
import { EmbeddingsService, type EmbeddingsAnswer, type EmbeddingsQuery } from './embeddings.service.js';

/** One dialect's embeddings endpoint: its request decoded to a query, the answer in its own shape. */
export interface EmbeddingsDialect<Q extends EmbeddingsQuery> {
  /** Renders errors in the dialect's shape. */
  readonly codec: Pick<DialectCodec, 'encodeError'>;
  decode(body: unknown): Q;
  encode(answer: EmbeddingsAnswer, query: Q, elapsedMs: number): unknown;
}

/**
 * Serves an embeddings request in any dialect: decode, route through `EmbeddingsService`, answer
 * with the `x-switchyard-*` headers, errors in the dialect's shape. A client that leaves aborts the
 * upstream call.
 */
@Injectable()
export class EmbeddingsResponder {
  private readonly logger = new Logger('Gateway');

  constructor(
    private readonly service: EmbeddingsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle<Q extends EmbeddingsQuery>(
    dialect: EmbeddingsDialect<Q>,
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    const started = this.clock.monotonic();
    const abort = new AbortController();
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) abort.abort(new Error('client disconnected'));
    });
    try {
      const body = readableBody(req.body);
      if (body === undefined)
        throw new GatewayError('invalid_request', 'The request body is empty: send a JSON object');
      const query = dialect.decode(body);
      const answer = await this.service.embed(query, abort.signal);
      reply.headers({
        'x-switchyard-model': encodeURIComponent(answer.model),
        'x-switchyard-provider': encodeURIComponent(answer.provider),
        'x-switchyard-attempts': String(answer.attempts),
      });
      await reply.send(dialect.encode(answer, query, this.clock.monotonic() - started));
    } catch (err) {
      if (abort.signal.aborted || reply.sent) return;
      const error = isGatewayError(err)
        ? err
        : new GatewayError('internal', 'The embeddings request failed', { cause: err });
      if (error.kind === 'internal') this.logger.error(error.cause ?? error);
      const { status, headers, body } = dialect.codec.encodeError(error, req.id);
      await reply.status(status).headers(headers).send(body);
    }
  }
}
