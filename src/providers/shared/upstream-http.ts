import type { Dispatcher } from 'undici';
import type { AbortLatch, AbortWatch } from '#src/core/abort-latch.js';
import { FollowingLatch } from '#src/core/following-latch.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { redactor } from '#src/core/redact.js';
import { abortedWith } from './abort-guard.js';
import { AwaitedConnector } from './awaited-connector.js';
import { BodyCap, bodyShape, DEFAULT_BODY_LIMITS, type BodyLimits } from './body-cap.js';
import { timedBody } from './timed-body.js';
import { openPushedAnswer, type PushedAnswer } from './pushed-answer.js';
import { Agent, type AgentOptions, errors as undiciErrors, splitUrl, type UrlParts } from './undici-parts.js';
import { readWholeAnswer, type WholeAnswer, type WholeAnswerHooks } from './whole-answer.js';
import { MAX_TIMER_MS } from '#src/core/timer-limit.js';

/**
 * Per-call deadlines, chosen by how the answer comes. A stream is bounded by `firstByteMs` until
 * its head, then only by `idleMs` between chunks, however long it keeps flowing. A whole answer
 * (`UpstreamRequest.whole`) is bounded by `totalMs`, and by `idleMs` once its body started: vendors
 * send its head only once the model is done, so no first-byte deadline can tell a slow model from a dead one.
 */
export interface Deadlines {
  /** A stream's connect and answer head. */
  firstByteMs: number;
  /** Longest silence allowed between two body chunks, counted while the gateway waits for the next one. */
  idleMs: number;
  /** A whole answer, from the request to its last byte. */
  totalMs: number;
}

export const DEFAULT_DEADLINES: Deadlines = { firstByteMs: 20_000, idleMs: 60_000, totalMs: 600_000 };

export interface UpstreamRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers: Readonly<Record<string, string>>;
  body?: string;
  /** Aborts the call at once, e.g. when the client disconnects. */
  signal: AbortWatch;
  /** `signal` itself, when the caller lets deadlines abort it; otherwise a latch following it is made. */
  latch?: AbortLatch;
  deadlines: Deadlines;
  /** How much of the answer may be held at once; `DEFAULT_BODY_LIMITS` when absent. */
  limits?: BodyLimits;
  /** Provider name, for error attribution. */
  provider: string;
  /**
   * The answer is one document (JSON, or an error): it is read whole before `send` resolves, with
   * the same deadlines and limits, and `body` then hands out what was read.
   */
  whole?: boolean;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Body chunks as they arrive; the idle deadline applies while it is read. */
  body: AsyncIterable<Buffer>;
  text(): Promise<string>;
  /** Releases the connection without reading the rest. */
  discard(): void;
  /** The answer is complete by its protocol: read what trails it in the background, keep the connection. */
  settle(): void;
}

/**
 * HTTP to one upstream: a keep-alive pool per origin, no redirects, deadlines enforced here, and
 * transport failures classified (`connection`, `timeout`). Status codes are the adapter's to judge.
 */
export class UpstreamHttp {
  private readonly agent: Agent;
  private readonly connector = new AwaitedConnector();

  constructor(options: { connections?: number } = {}) {
    // Deadlines are ours (per attempt), so undici's own timeouts are off.
    this.agent = new Agent({
      connect: this.connector.connect,
      connections: options.connections ?? 256,
      keepAliveTimeout: 30_000,
      headersTimeout: 0,
      bodyTimeout: 0,
      maxRedirections: 0,
    } as AgentOptions);
  }

  async send(req: UpstreamRequest): Promise<UpstreamResponse> {
    if (req.signal.aborted) throw abortedWith(req.signal, req.provider);
    // Read before any deadline or listener is armed: a URL that cannot be read leaves nothing to clear.
    let url: UrlParts;
    try {
      url = splitUrl(req.url);
    } catch (err) {
      throw classifyTransportError(err, undefined, req, UNREACHABLE);
    }
    // The caller's own per-attempt latch is used as is when it lets deadlines abort it.
    let own: FollowingLatch | undefined;
    const signal = req.latch ?? (own = new FollowingLatch(req.signal));
    const timers = new DeadlineTimers(signal, req.deadlines, req.provider);
    // The closures below live as long as the answer streams: they keep these few fields, never
    // `req`, whose body (the whole prompt, already copied into the request being sent) would then
    // stay in memory with them.
    const facts = attemptFacts(req);
    const options = { ...url, method: req.method ?? 'POST', headers: req.headers, body: req.body };
    if (req.whole) {
      timers.startTotal();
      return this.sendWhole(options, signal, new TimedWholeAnswer(timers, facts, own));
    }
    timers.startFirstByte();
    const cleanup = () => {
      timers.clear();
      own?.unfollow();
    };
    let res: PushedAnswer;
    try {
      res = await this.connector.awaiting(() => openPushedAnswer(this.agent, options, signal));
      timers.headArrived();
    } catch (err) {
      cleanup();
      throw classifyTransportError(err, timers.expired, req, UNREACHABLE);
    }
    return wrapResponse(res, timers, cleanup, facts);
  }

  /** Not an async function: a call waiting for its answer holds no suspended frame of this method. */
  private sendWhole(
    options: Dispatcher.DispatchOptions,
    signal: AbortWatch,
    hooks: TimedWholeAnswer,
  ): Promise<UpstreamResponse> {
    // `readWholeAnswer` settles through the hooks however the call ends, and they clean up then.
    return this.connector.awaiting(() => readWholeAnswer(this.agent, options, signal, hooks)).then(wholeResponse);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** A whole answer's deadlines and size limit, moved along by the transport's callbacks; cleans up once it settles. */
class TimedWholeAnswer implements WholeAnswerHooks {
  private cap: BodyCap | undefined;

  constructor(
    private readonly timers: DeadlineTimers,
    private readonly facts: AttemptFacts,
    /** The call's own latch when it made one, which stops following the caller's signal once settled. */
    private readonly own: FollowingLatch | undefined,
  ) {}

  /** The head alone arms no deadline: some servers send it at once and the body only when the model is done. */
  onHeaders(status: number, headers: WholeAnswer['headers']): void {
    const cap = new BodyCap(
      this.facts.limits ?? DEFAULT_BODY_LIMITS,
      bodyShape(headers['content-type']),
      this.facts.provider,
    );
    this.cap = cap;
    if (status >= 200 && status < 300) cap.checkDeclared(headers['content-length']);
  }

  inspect(chunk: Buffer): void {
    this.cap?.check(chunk);
    this.timers.startIdle();
  }

  classify(err: unknown, midAnswer: boolean): Error {
    return classifyTransportError(err, this.timers.expired, this.facts, midAnswer ? MID_ANSWER : UNREACHABLE);
  }

  onSettled(): void {
    this.timers.clear();
    this.own?.unfollow();
  }
}

/** An answer already read whole, in the shape of one still to be read. */
function wholeResponse(answer: WholeAnswer): UpstreamResponse {
  const { body } = answer;
  return {
    status: answer.status,
    headers: answer.headers,
    body: {
      async *[Symbol.asyncIterator]() {
        if (body.length > 0) yield body;
      },
    },
    text: () => Promise.resolve(body.toString('utf8')),
    discard: () => undefined,
    settle: () => undefined,
  };
}

function wrapResponse(
  res: PushedAnswer,
  timers: DeadlineTimers,
  cleanup: () => void,
  facts: AttemptFacts,
): UpstreamResponse {
  const cap = new BodyCap(facts.limits ?? DEFAULT_BODY_LIMITS, bodyShape(res.headers['content-type']), facts.provider);
  const body = timedBody(res.body, {
    onProgress: () => timers.startIdle(),
    onHold: () => timers.holdIdle(),
    onEnd: cleanup,
    classify: (err) => classifyTransportError(err, timers.expired, facts, MID_ANSWER),
    inspect: (chunk) => cap.check(chunk),
  });
  if (res.statusCode >= 200 && res.statusCode < 300) refuseDeclaredTooLarge(res, cap, cleanup);
  return {
    status: res.statusCode,
    headers: res.headers,
    body,
    async text() {
      return (await body.readAll()).toString('utf8');
    },
    discard() {
      if (!body.started()) {
        cleanup();
        res.body.destroy();
      }
    },
    settle: () => body.settle(),
  };
}

/** A 2xx whose `content-length` is over the limit is refused before its body is read. */
function refuseDeclaredTooLarge(res: PushedAnswer, cap: BodyCap, cleanup: () => void): void {
  try {
    cap.checkDeclared(res.headers['content-length']);
  } catch (err) {
    cleanup();
    res.body.destroy();
    throw err;
  }
}

const UNREACHABLE = 'could not be reached';
const MID_ANSWER = 'dropped the connection mid-answer';

type Expiry = 'first_byte' | 'idle' | 'total' | undefined;

/**
 * A call's deadlines (see `Deadlines`) on one timer, armed for the earliest: when it fires early (a
 * deadline was moved later, or cleared), it re-arms for what is left. Moving the idle deadline on
 * each chunk is then a clock reading, not a timer.
 */
class DeadlineTimers {
  expired: Expiry;
  private timer: NodeJS.Timeout | undefined;
  /** When the armed timer fires; `Infinity` when none is armed. */
  private firesAt = Infinity;
  private totalAt = Infinity;
  private firstByteAt = Infinity;
  private idleAt = Infinity;
  private cleared = false;

  constructor(
    /** Aborted with the deadline's error when one passes. */
    private readonly latch: Pick<AbortLatch, 'abort'>,
    private readonly deadlines: Deadlines,
    private readonly provider: string,
  ) {}

  /** A whole answer's one bound; a stream never gets it, so one that keeps flowing is never cut. */
  startTotal(): void {
    this.totalAt = performance.now() + this.deadlines.totalMs;
    this.arm();
  }

  startFirstByte(): void {
    this.firstByteAt = performance.now() + this.deadlines.firstByteMs;
    this.arm();
  }

  /** A stream's head is in: from here only silence ends it. */
  headArrived(): void {
    this.firstByteAt = Infinity;
    this.startIdle();
  }

  /** (Re)arms the idle deadline; a stream's body calls it each time its reader asks for a chunk. */
  startIdle(): void {
    this.idleAt = performance.now() + this.deadlines.idleMs;
    this.arm();
  }

  /**
   * The reader holds a chunk and has not asked for the next: the upstream is not the one keeping
   * it waiting. Only a deadline; the armed timer, firing early, finds nothing due and stops.
   */
  holdIdle(): void {
    this.idleAt = Infinity;
  }

  clear(): void {
    this.cleared = true;
    clearTimeout(this.timer);
  }

  /** Makes sure the timer fires no later than the earliest deadline. */
  private arm(): void {
    const due = Math.min(this.totalAt, this.firstByteAt, this.idleAt);
    if (this.cleared || due >= this.firesAt) return;
    clearTimeout(this.timer);
    this.firesAt = due;
    // Node fires a delay past MAX_TIMER_MS after 1 ms instead: a deadline that far off is reached by re-arming.
    this.timer = setTimeout(this.fire, Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(due - performance.now()))));
  }

  private readonly fire = (): void => {
    this.firesAt = Infinity;
    const due = Math.min(this.totalAt, this.firstByteAt, this.idleAt);
    if (due > performance.now()) return this.arm();
    this.expire(due === this.firstByteAt ? 'first_byte' : due === this.idleAt ? 'idle' : 'total');
  };

  /** The abort carries the classified timeout, so whoever sees the aborted signal can tell it from a client leaving. */
  private expire(which: Exclude<Expiry, undefined>): void {
    this.expired ??= which;
    this.latch.abort(deadlineError(which, this.deadlines, this.provider));
  }
}

const EXPIRY_TEXT: Record<Exclude<Expiry, undefined>, string> = {
  first_byte: 'did not start answering in time',
  idle: 'stopped sending data mid-answer',
  total: 'did not finish in time',
};

function deadlineError(which: Exclude<Expiry, undefined>, deadlines: Deadlines, provider: string): GatewayError {
  const ms = which === 'first_byte' ? deadlines.firstByteMs : which === 'idle' ? deadlines.idleMs : deadlines.totalMs;
  return new GatewayError('timeout', `The upstream ${EXPIRY_TEXT[which]} (${ms} ms)`, { provider });
}

/** The parts of a request its answer's handling needs. */
type AttemptFacts = Pick<UpstreamRequest, 'signal' | 'deadlines' | 'provider' | 'limits'>;

function attemptFacts({ signal, deadlines, provider, limits }: UpstreamRequest): AttemptFacts {
  return { signal, deadlines, provider, limits };
}

function classifyTransportError(err: unknown, expired: Expiry, req: AttemptFacts, what: string): GatewayError {
  if (err instanceof GatewayError) return err;
  if (expired) return deadlineError(expired, req.deadlines, req.provider);
  // An abort carries its reason when it is not the client leaving (a deadline, a shutdown's cut).
  if (req.signal.aborted) return abortedWith(req.signal, req.provider);
  // Addresses and DNS names stay in `detail` (the log); the client learns only which provider failed.
  const code = (err as { code?: string } | null)?.code ?? 'error';
  const message = err instanceof undiciErrors.UndiciError || err instanceof Error ? err.message : String(err);
  return new GatewayError('connection', `The upstream provider "${req.provider}" ${what}`, {
    provider: req.provider,
    detail: `${code}: ${redactor.redact(message)}`,
    cause: err,
  });
}
