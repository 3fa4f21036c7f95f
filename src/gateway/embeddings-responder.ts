import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CLOCK, type Clock } from '#src/core/clock.js';
import type { ChatRequest } from '#src/core/chat.types.js';
import type { RouteExplanation } from '#src/core/route.types.js';
import { GatewayError, isGatewayError } from '#src/core/gateway-error.js';
import type { DialectCodec } from '#src/dialects/dialect.types.js';
import { readableBody } from '#src/http/body-parsers.js';
import { ClientAbort, cutWith } from '#src/fallback/client-abort.js';
import { EmbeddingsService, type EmbeddingsAnswer, type EmbeddingsQuery } from './embeddings.service.js';
import { estimateInputTokens } from './embeddings-tokens.js';
import { KeyGate } from './key-gate.js';
import type { Admission, AdmissionOutcome } from '#src/keys/key-admission.js';
import { outcomeOf } from './admission-outcome.js';
import { markSummarised } from '#src/observability/access-log.js';
import { OpenRequests } from './open-requests.js';
import { routedHeaders } from './routed-headers.js';
import {
  EXCHANGE_OBSERVERS,
  notifyObservers,
  type ExchangeObserver,
  type ExchangeRecord,
} from '#src/core/exchange-record.js';

const EXPLICIT: RouteExplanation = { reason: 'explicit' };

/** One dialect's embeddings endpoint: its request decoded to a query, the answer in its own shape. */
export interface EmbeddingsDialect<Q extends EmbeddingsQuery> {
  /** Names the dialect and renders errors in its shape. */
  readonly codec: Pick<DialectCodec, 'dialect' | 'encodeError'>;
  decode(body: unknown): Q;
  encode(answer: CountedEmbeddings, query: Q, elapsedMs: number): unknown;
}

/** An answer with its input tokens: the upstream's count, else the gateway's estimate of the input. */
export type CountedEmbeddings = EmbeddingsAnswer & { inputTokens: number };

/**
 * Serves an embeddings request in any dialect: decode, route through `EmbeddingsService`, answer
 * with the `x-switchyard-*` headers, errors in the dialect's shape; the request log and metrics see
 * it like a chat exchange. A client that leaves aborts the upstream call; one still running when a
 * shutdown's drain ends is cut as a chat request is, and told so with a 503.
 */
@Injectable()
export class EmbeddingsResponder {
  private readonly logger = new Logger('Gateway');

  constructor(
    private readonly service: EmbeddingsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EXCHANGE_OBSERVERS) private readonly observers: ExchangeObserver[],
    private readonly keys: KeyGate,
    private readonly open: OpenRequests,
  ) {}

  async handle<Q extends EmbeddingsQuery>(
    dialect: EmbeddingsDialect<Q>,
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    const record = this.newRecord(dialect, req);
    markSummarised(req);
    notifyObservers(this.observers, (o) => o.started?.(record));
    const client = new ClientAbort();
    // The upstream call takes a real signal: it follows the client's abort, whether it left or was cut.
    const abort = new AbortController();
    client.addEventListener('abort', () => abort.abort(client.reason));
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) client.abort(new Error('client disconnected'));
    });
    this.open.add(client);
    let admission: Admission | undefined;
    // The input's tokens by estimate, walked only when a key's token limit or budget, a charge for a
    // call cut short, or an upstream that counts nothing needs it.
    let estimate: number | undefined;
    let query: Q | undefined;
    const estimated = () => (estimate ??= query === undefined ? 0 : estimateInputTokens(query.input));
    try {
      query = decode(dialect, req.body);
      record.modelAsked = query.model;
      // The caller's key decides as for chat: its allowlist, limits and budget; the input is all it
      // spends, so the estimate is the input's and no output (`maxTokens: 0`) is expected.
      const asked: ChatRequest = { model: query.model, messages: [], stream: false, maxTokens: 0 };
      admission = await this.keys.admit(req, reply, asked, dialect.codec.dialect, estimated);
      // `auto` or no model takes the key's default model, which is then the one embedding.
      query.model = asked.model ?? query.model;
      const embedded = await this.service.embed(query, abort.signal, record.attempts);
      const answer = { ...embedded, inputTokens: embedded.inputTokens ?? estimated() };
      Object.assign(record, { model: answer.model, provider: answer.provider, status: 200 });
      record.usage = { inputTokens: answer.inputTokens, outputTokens: 0 };
      record.firstByteMs = Math.round(this.clock.monotonic() - record.startedAt);
      // The model is named by then (by the client, or as its key's default), as an explicit chat request's is.
      const { model, provider } = answer;
      reply.headers(routedHeaders({ model, provider, attempts: record.attempts, requestId: req.id, route: EXPLICIT }));
      await reply.send(dialect.encode(answer, query, this.clock.monotonic() - record.startedAt));
    } catch (err) {
      await this.fail(dialect, asGatewayError(err), record, reply, client);
    } finally {
      this.open.delete(client);
      record.latencyMs = Math.round(this.clock.monotonic() - record.startedAt);
      admission?.finish(embeddingsOutcome(record, client, estimated));
      notifyObservers(this.observers, (o) => o.finished(record));
    }
  }

  private async fail<Q extends EmbeddingsQuery>(
    dialect: EmbeddingsDialect<Q>,
    failure: GatewayError,
    record: ExchangeRecord,
    reply: FastifyReply,
    client: ClientAbort,
  ): Promise<void> {
    // A request the gateway cut is told why, whatever its upstream call ended with once aborted.
    const error = cutWith(client) ?? failure;
    Object.assign(record, { error, errorKind: error.kind, status: client.gone ? 499 : error.status });
    if (client.gone || reply.sent) return;
    if (error.kind === 'internal') this.logger.error(error.cause ?? error);
    const { status, headers, body } = dialect.codec.encodeError(error, record.requestId);
    await reply.status(status).headers(headers).send(body);
  }

  private newRecord<Q extends EmbeddingsQuery>(dialect: EmbeddingsDialect<Q>, req: FastifyRequest): ExchangeRecord {
    return {
      requestId: req.id,
      dialect: dialect.codec.dialect,
      stream: false,
      route: { reason: 'explicit' },
      attempts: [],
      status: 0,
      startedAt: this.clock.monotonic(),
      receivedAt: this.clock.now(),
      requestHeaders: req.headers,
      // Known from the key alone: a request refused for its body is still logged under its caller.
      caller: this.keys.callerOf(req),
    };
  }
}

function decode<Q extends EmbeddingsQuery>(dialect: EmbeddingsDialect<Q>, raw: unknown): Q {
  const body = readableBody(raw);
  if (body === undefined) throw new GatewayError('invalid_request', 'The request body is empty: send a JSON object');
  return dialect.decode(body);
}

/**
 * How the call ended, for its key: answered, its usage; left by its client while an upstream was at
 * work on it (or after one that timed out or broke), the input by estimate on the model it waited
 * on, as a chat call cut short is charged (see `outcomeOf`): the upstream bills the input it read.
 */
function embeddingsOutcome(record: ExchangeRecord, client: ClientAbort, estimated: () => number): AdmissionOutcome {
  if (record.model !== undefined) return { model: record.model, usage: record.usage };
  const outcome = outcomeOf(record, false, false, client);
  if (outcome.cutShort === undefined) return outcome;
  return { ...outcome, usage: { inputTokens: estimated(), outputTokens: 0 } };
}

function asGatewayError(err: unknown): GatewayError {
  if (isGatewayError(err)) return err;
  return new GatewayError('internal', 'The embeddings request failed', { cause: err });
}
