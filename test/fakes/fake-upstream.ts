import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FakeScript, FakeVendor, RecordedRequest } from './fake-upstream.types.js';
import { planTurn, type TurnPlanner } from './fake-turn.js';
import { planWire, writePlan } from './fake-writer.js';

/**
 * A real HTTP server on 127.0.0.1 that plays one vendor. It records every request, answers chat
 * requests from a queue of scripts (or the vendor's default), and can tell when a client hung up.
 */
export class FakeUpstream {
  readonly requests: RecordedRequest[] = [];
  private readonly scripts: FakeScript[] = [];
  /** Scripts for requests to one path that is not chat (embeddings), by path. */
  private readonly pathScripts = new Map<string, FakeScript[]>();
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closeWaiters: Array<(request: RecordedRequest) => void> = [];
  /** Requests closed by `reset()`/`close()` or a scripted reset are not client disconnects. */
  private readonly ownCloses = new WeakSet<RecordedRequest>();
  private planner: TurnPlanner = planTurn;
  private port = 0;
  /** TCP connections accepted since the fake started: a client that reuses keep-alive opens few. */
  connectionsOpened = 0;
  /** Of those, the ones that carried at least one request: the rest were opened for nothing. */
  connectionsUsed = 0;
  private readonly usedSockets = new WeakSet<Socket>();

  private constructor(
    private readonly vendor: FakeVendor,
    private readonly server: Server,
  ) {}

  static async start(vendor: FakeVendor): Promise<FakeUpstream> {
    const server = createServer();
    const fake = new FakeUpstream(vendor, server);
    server.on('connection', (socket) => {
      fake.sockets.add(socket);
      fake.connectionsOpened += 1;
      socket.on('close', () => fake.sockets.delete(socket));
    });
    server.on('request', (req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.port = (server.address() as AddressInfo).port;
    return fake;
  }

  /** `http://127.0.0.1:<port>`, without any vendor path prefix. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Queues a script for the next `times` chat requests. */
  script(script: FakeScript, times = 1): this {
    for (let i = 0; i < times; i += 1) this.scripts.push(script);
    return this;
  }

  /** Queues a script for the next `times` requests to `path` (e.g. `/v1/embeddings`); chat scripts are apart. */
  scriptFor(path: string, script: FakeScript, times = 1): this {
    const queue = this.pathScripts.get(path) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(script);
    this.pathScripts.set(path, queue);
    return this;
  }

  /** Decides the default answer's turn (text or tool call) until `reset()`; scripts still win. */
  planTurns(planner: TurnPlanner): this {
    this.planner = planner;
    return this;
  }

  get chatRequests(): RecordedRequest[] {
    return this.requests.filter((r) => this.vendor.isChat(r));
  }

  /** How many chat requests arrived since the last reset. */
  get calls(): number {
    return this.chatRequests.length;
  }

  lastChat(): RecordedRequest {
    const last = this.chatRequests.at(-1);
    if (!last) throw new Error('the fake received no chat request');
    return last;
  }

  /** Resolves with the first request whose client closed the connection before the answer ended. */
  waitForClientClose(timeoutMs = 5000): Promise<RecordedRequest> {
    const already = this.requests.find((r) => r.closedEarly);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no client closed its connection within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.closeWaiters.push((request) => {
        clearTimeout(timer);
        resolve(request);
      });
    });
  }

  /** Forgets scripts and records; answers still in flight from earlier tests no longer count. */
  reset(): void {
    this.scripts.length = 0;
    this.pathScripts.clear();
    this.planner = planTurn;
    for (const request of this.requests) this.ownCloses.add(request);
    this.requests.length = 0;
    this.closeWaiters = [];
  }

  /** Stops listening and destroys every open socket, stalled ones included. */
  async close(): Promise<void> {
    this.reset();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.usedSockets.has(req.socket)) {
      this.usedSockets.add(req.socket);
      this.connectionsUsed += 1;
    }
    const record = await this.record(req);
    this.watchClose(record, res);
    const rejected = this.vendor.rejectAuth(record);
    const script = rejected ? undefined : this.scriptOf(record);
    if (script?.stallBeforeHeaders) return;
    if (script?.answerAfterMs) await this.sleep(script.answerAfterMs);
    // A client that gave up meanwhile is sent nothing.
    if (res.destroyed) return;
    const reply = rejected ?? this.vendor.answer(record, this.planner) ?? this.vendor.notFound(record);
    const plan = planWire(this.vendor, reply, script);
    if (script?.resetAfterFrames !== undefined) this.ownCloses.add(record);
    await writePlan(res, plan, script ?? {}, (ms) => this.sleep(ms));
  }

  private scriptOf(record: RecordedRequest): FakeScript | undefined {
    const forPath = this.pathScripts.get(record.path)?.shift();
    if (forPath !== undefined) return forPath;
    return this.vendor.isChat(record) ? this.scripts.shift() : undefined;
  }

  private async record(req: IncomingMessage): Promise<RecordedRequest> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: parseJson(rawBody),
      rawBody,
      closedEarly: false,
    };
    this.requests.push(record);
    return record;
  }

  private watchClose(record: RecordedRequest, res: ServerResponse): void {
    res.on('close', () => {
      if (res.writableFinished || this.ownCloses.has(record)) return;
      record.closedEarly = true;
      const waiters = this.closeWaiters;
      this.closeWaiters = [];
      for (const waiter of waiters) waiter(record);
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
