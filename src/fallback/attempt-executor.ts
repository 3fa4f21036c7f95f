import { Inject, Injectable } from '@nestjs/common';
import type { ChatEvent, ChatRequest } from '#src/core/chat.types.js';
import { carriesFile, storedFiles, unreadableFileError, type StoredFileNeed } from '#src/core/stored-files.js';
import { CLOCK, RANDOM, type Clock, type RandomSource } from '#src/core/clock.js';
import { GatewayError, isGatewayError } from '#src/core/gateway-error.js';
import type { AttemptRecord } from '#src/core/route.types.js';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { FallbackConfig, GatewayConfig, ProviderConfig } from '#src/config/gateway-config.types.js';
import type { DeploymentRef } from '#src/catalog/model-catalog.js';
import { FollowingLatch } from '#src/core/following-latch.js';
import { ProviderRegistry } from '#src/providers/provider.registry.js';
import type { UpstreamCall } from '#src/providers/provider.types.js';
import type { BodyLimits } from '#src/providers/shared/body-cap.js';
import type { Deadlines } from '#src/providers/shared/upstream-http.js';
import { relayFor, type InboundBody, type RelayedAnswer } from '#src/providers/relay.types.js';
import { retryDelay } from './backoff.js';
import { BreakerBoard } from './breaker-board.js';
import type { BreakerPass } from './breaker.types.js';
import { beforeFirstByte, firstEvent, firstValue, type Waiter } from './first-event.js';
import { abortableSleep } from './abortable-sleep.js';
import { cutWith, type ClientAbort } from './client-abort.js';
import { decide } from './retry-policy.js';
import { AttemptOutcomes } from './attempt-outcomes.js';
import { FailureReports } from './failure-reports.js';
import { AttemptObservers } from './attempt-observers.js';
import { ProgressDeadline } from './progress-deadline.js';
import { trackedStream, type StreamTracking } from './tracked-stream.js';
import { AfterFirstByte } from './after-first-byte.js';

/** An attempt waiting for its first event, and when it stops waiting. */
interface Opening extends Waiter {
  latch: FollowingLatch;
  due: number;
}

/** How long an answer of one form may take to bring its first event, and what the client is told when it is late. */
interface OpeningWait {
  ms: number;
  late: string;
}

/** A relayed answer that goes back as it came (see `RelayedAnswer`). */
export type RelayedBytes = Exclude<RelayedAnswer, { kind: 'events' }>;

/** What the client gets: canonical events to encode in its dialect, or the upstream's own bytes. */
export type AttemptAnswer =
  { events: AsyncIterable<ChatEvent>; relay?: undefined } | { relay: RelayedBytes; events?: undefined };

/** How much sooner than an attempt's own deadline the run's must end for the attempt to be held to it. */
const RUN_DEADLINE_MARGIN_MS = 1_000;

/** A run's bound: when it started (see `AttemptExecutor.runDeadline`), for a run that goes on another's. */
export interface RunOptions {
  deadline?: number;
}

export interface AttemptOutcome {
  deployment: DeploymentRef;
  answer: AttemptAnswer;
  /** The deployment got the client's own body (see `RelayCapable`), whatever the answer's form. */
  relayed: boolean;
}

/**
 * Walks the planned deployments until one starts answering: each attempt gets its own deadline for
 * its first event (a stream's first byte, a whole answer's whole), open breakers are skipped,
 * failures are classified (retry elsewhere, or stop), and a deployment is tried again only after
 * every other one, when its error allows a wait. A prompt too long for one model goes on only to
 * models with a larger known context window.
 */
@Injectable()
export class AttemptExecutor {
  private readonly settings: FallbackConfig;
  /** Every attempt's deadlines and limits: the same settings, so built once rather than per attempt. */
  private readonly deadlines: Deadlines;
  private readonly limits: BodyLimits;
  private readonly streamOpening: OpeningWait;
  private readonly wholeOpening: OpeningWait;
  private readonly reasoningOpening: OpeningWait;

  constructor(
    private readonly providers: ProviderRegistry,
    private readonly breakers: BreakerBoard,
    private readonly observers: AttemptObservers,
    private readonly outcomes: AttemptOutcomes,
    private readonly reports: FailureReports,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RANDOM) private readonly random: RandomSource,
  ) {
    const s = (this.settings = config.fallback);
    this.deadlines = { firstByteMs: s.firstByteTimeoutMs, idleMs: s.idleTimeoutMs, totalMs: s.timeoutMs };
    this.limits = { responseBytes: s.maxResponseBytes, streamLineBytes: s.maxStreamLineBytes };
    this.streamOpening = { ms: s.firstByteTimeoutMs, late: `The upstream sent nothing for ${s.firstByteTimeoutMs} ms` };
    // A whole answer's first event is the whole answer, which vendors send only once the model is
    // done: a long answer, or a model thinking for minutes, is not a silent upstream.
    this.wholeOpening = { ms: s.timeoutMs, late: `The upstream did not finish in time (${s.timeoutMs} ms)` };
    // A reasoning model's Chat Completions stream sends nothing while it thinks, often past the
    // first-byte deadline: its head still has to come within it, then the idle deadline bounds the silence.
    this.reasoningOpening = { ms: s.timeoutMs, late: `The upstream sent nothing for ${s.timeoutMs} ms` };
  }

  /** `inbound` is the client's body as it came, for a deployment that relays it; none means translate. */
  async run(
    request: ChatRequest,
    inbound: InboundBody | undefined,
    plan: DeploymentRef[],
    attempts: AttemptRecord[],
    client: ClientAbort,
    { deadline = this.runDeadline() }: RunOptions = {},
  ): Promise<AttemptOutcome> {
    const files = storedFiles(request);
    // Made on the first failure: most requests are answered by their first attempt.
    let failures: Map<string, GatewayError> | undefined;
    let lastError: GatewayError | undefined;
    // Once an upstream said the prompt is too long: the largest context window that refused it.
    let outgrown: number | undefined;
    // Every deployment once, then once more for those worth retrying after a wait.
    for (let turn = 0; turn < plan.length * 2; turn++) {
      const deployment = plan[turn % plan.length];
      // A client that left (while waiting to retry, say) is sent nothing more: no upstream is asked for it.
      if (client.aborted || !this.hasRoom(attempts, deadline)) break;
      if (outgrown !== undefined && !hasLargerWindow(deployment, outgrown)) continue;
      const previous = failures?.get(deployment.key);
      if (previous && !(await this.waitBeforeRetry(previous, attempts.length, deadline, client))) continue;
      if (!this.canTake(deployment, request, inbound, files)) continue;
      // A breaker that is not half-open answers at once: no promise to wait for on the usual path.
      const admission = this.breakers.admit(deployment.key);
      const pass = admission instanceof Promise ? await admission : admission;
      if (pass === undefined) continue;
      // The client left while a half-open breaker's probe was being asked for: the probe goes unsent.
      if (client.aborted) {
        this.breakers.probeUnanswered(deployment.key, pass);
        break;
      }
      try {
        return await this.attempt(request, inbound, deployment, pass, attempts, client, deadline);
      } catch (err) {
        const error = asGatewayError(err);
        lastError = error;
        (failures ??= new Map()).set(deployment.key, error);
        const decision = decide(error);
        if (decision === 'stop') throw error;
        // Other models are asked only if their known window is larger (unknown to be larger is not).
        if (decision === 'larger_window') {
          outgrown = Math.max(outgrown ?? 0, deployment.model.contextWindow ?? Infinity);
        }
      }
    }
    // Nobody is left to tell: the record says the client went away, not that nothing could answer.
    // A request the gateway cut is told why, whatever its last attempt failed with.
    if (client.aborted) throw cutWith(client) ?? new GatewayError('client_gone', 'The client went away');
    // What the client is told is judged over the deployments that could take this request at all;
    // when none can, a relay-only request (or one naming another vendor's stored files) is told why.
    const takers = plan.filter((deployment) => this.canTake(deployment, request, inbound, files));
    throw (
      (lastError && this.reports.reported(lastError, failures, takers)) ??
      this.reports.nothingAvailable(takers, takers.length === 0 ? this.refusal(request, plan, files) : undefined)
    );
  }

  /** When a run starting now must be done: `timeout_ms` bounds the whole run, every attempt of it. */
  runDeadline(): number {
    return this.clock.monotonic() + this.settings.timeoutMs;
  }

  /** Whether a run may make another attempt: `max_attempts` not reached, and time left before `deadline`. */
  hasRoom(attempts: readonly AttemptRecord[], deadline: number): boolean {
    return attempts.length < this.settings.maxAttempts && this.clock.monotonic() < deadline;
  }

  /**
   * A request that must be relayed (`ChatRequest.relayOnly`) skips deployments that would translate
   * it; one naming a vendor's stored files skips deployments on another vendor's provider, or on one
   * speaking an API that cannot name them (a model may have deployments on both).
   */
  private canTake(
    deployment: DeploymentRef,
    request: ChatRequest,
    inbound: InboundBody | undefined,
    files: readonly StoredFileNeed[],
  ): boolean {
    const adapter = this.providers.get(deployment.provider);
    if (adapter === undefined) return request.relayOnly === undefined;
    if (foreignFile(files, adapter.config) !== undefined) return false;
    return request.relayOnly === undefined || relayFor(adapter, inbound) !== undefined;
  }

  /** Why no deployment of the plan could take the request, when the request itself is the reason. */
  private refusal(
    request: ChatRequest,
    plan: readonly DeploymentRef[],
    files: readonly StoredFileNeed[],
  ): GatewayError | undefined {
    const relayOnly = request.relayOnly;
    if (relayOnly !== undefined) return GatewayError.invalid(relayOnly.param, relayOnly.message);
    const accounts: ProviderConfig[] = [];
    for (const deployment of plan) {
      const config = this.providers.get(deployment.provider)?.config;
      if (config !== undefined) accounts.push(config);
    }
    // The file no deployment carries, else (each is carried by one, none carries all) the first's.
    const file =
      files.find((f) => !accounts.some((a) => carriesFile(a, f))) ??
      (accounts.length === 0 ? undefined : foreignFile(files, accounts[0]));
    return file === undefined ? undefined : unreadableFileError(file, accounts);
  }

  private async waitBeforeRetry(
    err: GatewayError,
    attempt: number,
    deadline: number,
    client: ClientAbort,
  ): Promise<boolean> {
    if (decide(err) !== 'retry') return false;
    const wait = retryDelay(err, attempt, this.random);
    if (wait === undefined || this.clock.monotonic() + wait >= deadline) return false;
    await abortableSleep(wait, client);
    return !client.aborted;
  }

  private async attempt(
    request: ChatRequest,
    inbound: InboundBody | undefined,
    deployment: DeploymentRef,
    /** What the deployment's breaker let this attempt through with (see `BreakerBoard.admit`). */
    pass: BreakerPass,
    attempts: AttemptRecord[],
    client: ClientAbort,
    /** The run's: an attempt gets what is left of it, not a fresh `timeout_ms`. */
    deadline: number,
  ): Promise<AttemptOutcome> {
    const adapter = this.providers.get(deployment.provider);
    if (!adapter) throw new GatewayError('unavailable', `No adapter for provider '${deployment.provider}'`);
    const started = this.clock.monotonic();
    const record: AttemptRecord = { model: deployment.model.name, provider: deployment.provider, outcome: 'ok', ms: 0 };
    attempts.push(record);
    // The one place relay or translate is chosen, per deployment (see `relayFor`).
    const relay = relayFor(adapter, inbound);
    const latch = new FollowingLatch(client);
    const call = this.upstreamCall(deployment, latch, deadline - started);
    // Taken last, right before the try that gives it back however the attempt ends.
    const release = this.observers.started(deployment);
    const progress = request.stream ? this.progressDeadline(latch, deployment.provider) : undefined;
    const tracking = new AfterFirstByte(record, deployment, pass, this.outcomes, latch, release, progress);
    const wait = this.openingWait(request.stream, call.reasoningModel === true);
    const opening = { latch, provider: deployment.provider, ...this.openingDue(started, wait, deadline) };
    try {
      const answer = relay
        ? await this.openRelay(
            relay.adapter.relay(withinCapabilities(request, deployment), relay.inbound, call),
            opening,
            tracking,
          )
        : { events: await this.opened(adapter.chat(withinCapabilities(request, deployment), call), opening, tracking) };
      // A whole JSON answer that won the race is complete: the attempt ends here.
      if (answer.relay?.kind === 'json') tracking.onEnd();
      record.ms = Math.round(this.clock.monotonic() - started);
      this.outcomes.succeeded(deployment);
      this.observers.firstByte(deployment, record.ms);
      return { deployment, answer, relayed: relay !== undefined };
    } catch (err) {
      const error = asGatewayError(err);
      Object.assign(record, { outcome: 'error', errorKind: error.kind, status: error.upstreamStatus });
      // Told by the error itself, not its kind: an upstream may fail with the cut's kind too.
      if (error === cutWith(client)) record.cut = true;
      record.ms = Math.round(this.clock.monotonic() - started);
      this.outcomes.failed(deployment, error, pass);
      tracking.onEnd();
      throw error;
    }
  }

  /**
   * A relayed answer once the upstream accepted the call and, for a stream, sent its first item:
   * both under one opening timer. Not an async function, nor a `then` stage: an attempt waiting
   * for its upstream holds no suspended frame, promise or closure of this method.
   */
  private openRelay(
    pending: Promise<RelayedAnswer>,
    opening: Opening,
    tracking: StreamTracking,
  ): Promise<AttemptAnswer> {
    const first = relayFirstItem(pending, tracking, opening.provider);
    return beforeFirstByte(first, this.untilDue(opening), opening);
  }

  /** The stream once its first item is in, watched from there for a failure and its end. */
  private async opened<T>(items: AsyncIterable<T>, opening: Opening, tracking: StreamTracking) {
    const iterator = items[Symbol.asyncIterator]();
    const first = await firstEvent(iterator, this.untilDue(opening), opening);
    return trackedStream(first, iterator, tracking);
  }

  private openingWait(stream: boolean, reasoningModel: boolean): OpeningWait {
    if (!stream) return this.wholeOpening;
    return reasoningModel ? this.reasoningOpening : this.streamOpening;
  }

  /** What is left of the attempt's opening deadline (an upstream's answer head counts against it). */
  private untilDue(opening: Opening): number {
    return Math.max(1, Math.round(opening.due - this.clock.monotonic()));
  }

  /**
   * A stream's bound on keep-alives: they keep its idle deadline off, but `timeout_ms` without
   * anything else ends the attempt, as an idle deadline would (see `isProgress`).
   */
  private progressDeadline(latch: FollowingLatch, provider: string): ProgressDeadline {
    const ms = this.settings.timeoutMs;
    // The error is made only if the deadline passes: most streams never need it.
    const expire = () =>
      latch.abort(new GatewayError('timeout', `The upstream sent only keep-alives for ${ms} ms`, { provider }));
    return new ProgressDeadline(ms, expire);
  }

  /** When an attempt started at `started` stops waiting for its first event, and what the client is told then. */
  private openingDue(started: number, wait: OpeningWait, deadline: number): { due: number; late: string } {
    // The run's deadline is taken just before its first attempt starts: an attempt keeps its own
    // wait (and message) unless the run's time ends clearly sooner.
    if (started + wait.ms - RUN_DEADLINE_MARGIN_MS <= deadline) return { due: started + wait.ms, late: wait.late };
    return {
      due: deadline,
      late: `The upstreams did not answer within the request's time (${this.settings.timeoutMs} ms)`,
    };
  }

  /** One attempt's deadlines (a whole answer's within what is left of the run) and limits, and its own latch, which follows the client's. */
  private upstreamCall(deployment: DeploymentRef, latch: FollowingLatch, leftMs: number): UpstreamCall {
    const deadlines =
      leftMs >= this.deadlines.totalMs - RUN_DEADLINE_MARGIN_MS
        ? this.deadlines
        : { ...this.deadlines, totalMs: Math.max(1, Math.round(leftMs)) };
    return {
      upstreamModel: deployment.upstreamModel,
      reasoningModel: deployment.model.capabilities.includes('reasoning'),
      visionModel: deployment.model.capabilities.includes('vision'),
      signal: latch,
      latch,
      deadlines,
      limits: this.limits,
    };
  }
}

/**
 * A relayed answer, a stream of it opened up to its first item (the caller's deadline covers both).
 * One async step awaits the answer and then its first item, rather than one function per stage:
 * every relayed stream's first byte passes here.
 */
async function relayFirstItem(
  pending: Promise<RelayedAnswer>,
  tracking: StreamTracking,
  provider: string,
): Promise<AttemptAnswer> {
  const answer = await pending;
  switch (answer.kind) {
    case 'json':
      return { relay: answer };
    case 'sse': {
      const frames = answer.frames[Symbol.asyncIterator]();
      const first = firstValue(await frames.next(), provider);
      return { relay: { kind: answer.kind, frames: trackedStream(first, frames, tracking) } };
    }
    case 'events': {
      const events = answer.events[Symbol.asyncIterator]();
      const first = firstValue(await events.next(), provider);
      return { events: trackedStream(first, events, tracking) };
    }
  }
}

/**
 * Reasoning options reach only models configured with the `reasoning` capability: OpenAI and
 * Ollama refuse `reasoning_effort` and `think` for models that cannot reason, and an agent such
 * as Claude Code asks for thinking on every turn, whichever model ends up answering.
 */
function withinCapabilities(request: ChatRequest, deployment: DeploymentRef): ChatRequest {
  if (request.reasoning === undefined || deployment.model.capabilities.includes('reasoning')) return request;
  return { ...request, reasoning: undefined };
}

/** Whether the deployment's model has a known context window larger than `tokens`. */
function hasLargerWindow(deployment: DeploymentRef, tokens: number): boolean {
  const window = deployment.model.contextWindow;
  return window !== undefined && window > tokens;
}

/**
 * The first stored file this provider cannot carry: one of another vendor, any when the account
 * does not read its vendor's stored files (a server that only speaks the vendor's wire), or one
 * needing an API it does not speak (an OpenAI image by id, on a Chat Completions deployment).
 */
function foreignFile(files: readonly StoredFileNeed[], provider: ProviderConfig): StoredFileNeed | undefined {
  return files.find((f) => !carriesFile(provider, f));
}

function asGatewayError(err: unknown): GatewayError {
  return isGatewayError(err) ? err : new GatewayError('internal', 'The upstream call failed', { cause: err });
}
