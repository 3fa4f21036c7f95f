import type { OutgoingHttpHeaders } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { collectEvents, collectResponse } from '#src/core/collect.js';
import type { AbortWatch } from '#src/core/abort-latch.js';
import { CLOCK, type Clock } from '#src/core/clock.js';
import { APP_ENV, GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { AppEnv, GatewayConfig } from '#src/config/gateway-config.types.js';
import { GatewayError, isGatewayError } from '#src/core/gateway-error.js';
import type { ChatRequest } from '#src/core/chat.types.js';
import type { DecodedRequest, DialectCodec, LocalAnswer, ResponseMeta } from '#src/dialects/dialect.types.js';
import { answerTextOf, CapturedText, tapAnswerText } from '#src/observability/answer-capture.js';
import { markSummarised } from '#src/observability/access-log.js';
import { readableBody } from '#src/http/body-parsers.js';
import { ClientAbort, clientLeft, cutWith } from '#src/fallback/client-abort.js';
import { ChatPipeline, type OpenedAnswer } from './chat-pipeline.js';
import { KeyGate } from './key-gate.js';
import { OpenRequests } from './open-requests.js';
import type { Admission } from '#src/keys/key-admission.js';
import { outcomeOf } from './admission-outcome.js';
import type { ModelAllowance } from '#src/routing/request-fit.js';
import { PrivacyPolicy } from '#src/routing/privacy/privacy-policy.js';
import {
  EXCHANGE_OBSERVERS,
  notifyObservers,
  type ExchangeObserver,
  type ExchangeRecord,
} from '#src/core/exchange-record.js';
import { addRoutedHeaders, routedHeaders } from './routed-headers.js';
import { relayWriter, type RelayedErrorFrame } from './relay-writer.js';
import type { Keepalive } from './stream-keepalive.js';
import { streamAnswer, writeStream, type StreamHooks } from './stream-writer.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Serves one chat request in one dialect: decode, run the pipeline, write the answer (JSON or
 * SSE) or the error in that dialect's shape, and tell the observers how it went.
 */
@Injectable()
export class DialectResponder {
  /** Prompt and answer bodies are kept for the request log only when the operator asked for it. */
  private readonly keepBodies: boolean;
  private readonly keepaliveAfterMs: number;
  /** A client reading none of its stream for this long is given up: the upstream's idle deadline, client-side. */
  private readonly stallMs: number;

  constructor(
    private readonly pipeline: ChatPipeline,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EXCHANGE_OBSERVERS) private readonly observers: ExchangeObserver[],
    @Inject(APP_ENV) env: AppEnv,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    private readonly keys: KeyGate,
    private readonly open: OpenRequests,
    private readonly privacy: PrivacyPolicy,
  ) {
    this.keepBodies = env.logBodies;
    this.keepaliveAfterMs = env.streamKeepaliveMs;
    this.stallMs = config.fallback.idleTimeoutMs;
  }

  async handle(codec: DialectCodec, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const record = this.newRecord(codec, req);
    markSummarised(req);
    this.notify((o) => o.started?.(record));
    const client = new ClientAbort();
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) client.abort(new Error('client disconnected'));
    });
    this.open.add(client);
    let admission: Admission | undefined;
    // How far the answer got: the upstream began it, then the client had all of it.
    let began = false;
    let whole = false;
    try {
      const decoded = decodeBody(codec, req);
      const { request } = decoded;
      // A request carrying a secret is never stored with its body, even one refused before routing
      // (by its key, or for want of a local model): the check is routing's own.
      if (this.keepBodies && this.privacy.detect(request) === undefined) record.requestBody = req.body;
      record.stream = request.stream;
      // What the client asked for, logged even when its key refuses the request.
      record.modelAsked = request.model;
      // Without client keys, or on a cached key, admission is known at once: no promise to wait for.
      const admitting = this.keys.admit(req, reply, request, codec.dialect);
      admission = admitting instanceof Promise ? await admitting : admitting;
      if (decoded.local !== undefined) {
        await this.answerItself(decoded.local, request, record, reply, admission?.allows);
        return;
      }
      const answer = await this.pipeline.open(decoded, record, client, admission?.allows);
      began = true;
      if (request.stream) await this.stream(codec, decoded, answer, record, reply, client);
      else await this.json(codec, decoded, answer, record, reply);
      // A stream that fails midway or loses its client still ends without throwing; its record tells.
      whole = !request.stream || (record.error === undefined && !client.aborted);
    } catch (err) {
      this.fail(codec, asGatewayError(err), record, reply, client);
    } finally {
      this.open.delete(client);
      record.latencyMs = Math.round(this.clock.monotonic() - record.startedAt);
      admission?.finish(outcomeOf(record, began, whole, client));
      this.notify((o) => o.finished(record));
    }
  }

  private notify(call: (observer: ExchangeObserver) => void): void {
    notifyObservers(this.observers, call);
  }

  /** Answers locally (no upstream), e.g. token counting, with errors still in the dialect's shape. */
  async answerLocally(
    codec: DialectCodec,
    req: FastifyRequest,
    reply: FastifyReply,
    compute: (body: unknown) => unknown,
  ): Promise<void> {
    try {
      await reply.send(compute(readableBody(req.body)));
    } catch (err) {
      const { status, headers, body } = codec.encodeError(asGatewayError(err), req.id);
      await reply.status(status).headers(headers).send(body);
    }
  }

  /** What the dialect answers itself, once the request is routed as every other request is: refusals stay the same. */
  private async answerItself(
    local: LocalAnswer,
    request: ChatRequest,
    record: ExchangeRecord,
    reply: FastifyReply,
    allows: ModelAllowance,
  ): Promise<void> {
    record.route = (await this.pipeline.route(request, allows)).explanation;
    // No upstream reads it, and the privacy check sees only what routing reads: the body is not kept.
    record.requestBody = undefined;
    record.status = 200;
    await reply.type(local.contentType).send(local.body);
  }

  private async json(
    codec: DialectCodec,
    { request, inbound }: DecodedRequest,
    answer: OpenedAnswer,
    record: ExchangeRecord,
    reply: FastifyReply,
  ): Promise<void> {
    const relayed = answer.relay?.kind === 'json' ? answer.relay : undefined;
    const response = relayed ? collectEvents(relayed.seen) : await collectResponse(answer.events ?? []);
    record.usage = response.usage;
    record.status = 200;
    if (this.keepsAnswer(record)) record.answerText = answerTextOf(response);
    record.firstByteMs = Math.round(this.clock.monotonic() - record.startedAt);
    reply.headers(routedHeaders(answer.meta));
    // A relayed answer goes out byte for byte, fields this gateway does not know included.
    if (relayed) await reply.type(JSON_TYPE).send(relayed.json);
    else await reply.send(codec.encodeResponse(response, request, answer.meta, inbound));
  }

  /**
   * Not an async function: the write's own promise is handed back, so an open stream holds no
   * suspended frame of this method (one less per stream at high concurrency).
   */
  private stream(
    codec: DialectCodec,
    decoded: DecodedRequest,
    answer: OpenedAnswer,
    record: ExchangeRecord,
    reply: FastifyReply,
    signal: AbortWatch,
  ): Promise<void> {
    // Relaying adapters answer a streaming request with frames or events, never a whole document.
    if (answer.relay?.kind === 'json') throw new GatewayError('internal', 'A streaming request got a whole answer');
    reply.hijack();
    // Fastify's `getHeaders` is a fresh object: the routed and stream headers join it, one head in all.
    const head = addRoutedHeaders(reply.getHeaders() as OutgoingHttpHeaders, answer.meta);
    record.status = 200;
    // The stream counts the output it reads from here: cut short, it is charged that (see `cutShortUsage`).
    record.outputChars = 0;
    const captured = this.keepsAnswer(record) ? new CapturedText() : undefined;
    const hooks = this.streamHooks(record, signal);
    const keepalive = this.keepaliveOf(codec);
    let written = Promise.resolve();
    if (answer.relay?.kind === 'sse') {
      const errorFrame = relayedErrorFrame(codec, decoded, answer.meta);
      const writer = relayWriter(errorFrame, hooks, captured);
      written = writeStream(reply.raw, head, answer.relay.frames, writer, hooks, keepalive);
    } else if (answer.events !== undefined) {
      const encoder = codec.streamEncoder(decoded.request, answer.meta, decoded.inbound);
      const events = captured ? tapAnswerText(answer.events, captured) : answer.events;
      written = streamAnswer(reply.raw, head, events, encoder, hooks, keepalive);
    }
    return captured ? written.then(() => void (record.answerText = captured.text())) : written;
  }

  /** The answer to a request routed for a secret is as private as its prompt: it is not kept either. */
  private keepsAnswer(record: ExchangeRecord): boolean {
    return this.keepBodies && record.route?.reason !== 'privacy';
  }

  /** Relayed or encoded, a quiet stream gets the client dialect's keepalive, if it has one. */
  private keepaliveOf({ streamKeepalive: frame }: DialectCodec): Keepalive | undefined {
    return frame === undefined ? undefined : { frame, afterMs: this.keepaliveAfterMs };
  }

  /** What a stream reports to the exchange record as it goes. */
  private streamHooks(record: ExchangeRecord, signal: AbortWatch): StreamHooks {
    return {
      signal,
      read: record,
      stallMs: this.stallMs,
      onFirstByte: () => (record.firstByteMs = Math.round(this.clock.monotonic() - record.startedAt)),
      onUsage: (usage) => (record.usage = usage),
      onError: (err) => {
        record.errorKind = err.kind;
        record.error = err;
        record.status = clientLeft(signal) ? 499 : err.status;
      },
    };
  }

  private fail(
    codec: DialectCodec,
    failure: GatewayError,
    record: ExchangeRecord,
    reply: FastifyReply,
    client: ClientAbort,
  ): void {
    // A request the gateway cut is told why, whatever its upstream call ended with once aborted.
    const err = cutWith(client) ?? failure;
    record.errorKind = err.kind;
    record.error = err;
    record.status = client.gone ? 499 : err.status;
    if (reply.sent || reply.raw.headersSent || client.gone) return;
    const { status, headers, body } = codec.encodeError(err, record.requestId);
    void reply.status(status).headers(headers).send(body);
  }

  private newRecord(codec: DialectCodec, req: FastifyRequest): ExchangeRecord {
    return {
      requestId: req.id,
      dialect: codec.dialect,
      stream: false,
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

/** The dialect's own error frame for a failing relay; a dialect without one ends it as it ends its own streams. */
function relayedErrorFrame(codec: DialectCodec, decoded: DecodedRequest, meta: ResponseMeta): RelayedErrorFrame {
  const own = codec.relayedStreamError?.bind(codec);
  return own ?? ((err) => codec.streamEncoder(decoded.request, meta, decoded.inbound).error(err));
}

function decodeBody(codec: DialectCodec, req: FastifyRequest): DecodedRequest {
  const body = readableBody(req.body);
  if (body === undefined) throw new GatewayError('invalid_request', 'The request body is empty: send a JSON object');
  return codec.decode(body, req.headers);
}

function asGatewayError(err: unknown): GatewayError {
  if (isGatewayError(err)) return err;
  return new GatewayError('internal', 'The gateway failed to handle the request', { cause: err });
}
