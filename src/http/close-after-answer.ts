import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** How soon, while closing, a connection whose last answer went out is ended. */
const SWEEP_EVERY_MS = 50;
/**
 * Longest time answers in flight get to finish once closing starts; then those still running are
 * cut (`DrainOptions.atDrainEnd`), and every connection `LAST_WORDS_MS` later. With the wait for cut
 * exchanges to be recorded (0.5 s at most) and the request log's own 5 s at most, a stop stays
 * inside the 10 s a supervisor waits (stop_proxy_system.sh, Docker) before it kills.
 */
export const DRAIN_MS = 4_000;
/** How long answers cut at the drain's end get to write their last words (a stream's error event). */
const LAST_WORDS_MS = 200;

export interface DrainOptions {
  drainMs?: number;
  /** Called when the drain ends with answers still running, to cut them in their clients' terms. */
  atDrainEnd?: () => void;
}

/** What the drain knows of one connection. */
interface Connection {
  /** The answer being written on it, if any. */
  answering?: ServerResponse;
  /** `bytesRead` when its last answer finished: more since means a next request has begun. */
  readAtRest: number;
}

/**
 * Closing drains: answers in flight are finished, then every connection ends. Node's
 * `server.close()` ends only the keep-alive connections idle at that moment and then waits for
 * every other one, with the request timeouts no longer checked. So a connection still answering
 * went back to idle once its answer was out and stayed until the keep-alive timeout (65 s), and
 * one that never sent a request (a browser's or a load tool's spare) kept the process up for good.
 *
 * While the server closes, every answer not yet begun says `Connection: close`, so no client
 * sends a next request on a connection about to end. A connection is ended once it carries no
 * answer and its last one has left the process. Node counts an answer done once handed over, when
 * a slow reader may not have taken its tail yet, so its `server.closeIdleConnections()`, which
 * `server.close()` calls first, would cut it: while closing, that call sweeps as the drain does.
 * At `drainMs` the answers still running are cut (`atDrainEnd`), and all connections a moment
 * later. Returns whether closing has begun, for the edge to refuse a request that arrives on a
 * connection still open then.
 */
export function endConnectionsOnceAnswered(
  fastify: FastifyInstance,
  { drainMs = DRAIN_MS, atDrainEnd }: DrainOptions = {},
): () => boolean {
  const { server } = fastify;
  const connections = new Map<Socket, Connection>();
  let closing = false;
  // One handler each for every connection and answer, so a request allocates no closure for them.
  function forget(this: Socket): void {
    connections.delete(this);
  }
  function answered(this: ServerResponse): void {
    const connection = connections.get(this.req.socket as Socket);
    if (connection?.answering !== this) return;
    connection.answering = undefined;
    connection.readAtRest = this.req.socket.bytesRead;
    // Answered before its body was in (a refusal at the edge): Node reads the rest afterwards, and
    // those bytes are that request's, not a next one's.
    if (!this.req.complete) this.req.once('end', bodyRead);
  }
  function bodyRead(this: IncomingMessage): void {
    const connection = connections.get(this.socket as Socket);
    if (connection !== undefined && connection.answering === undefined) connection.readAtRest = this.socket.bytesRead;
  }
  server.on('connection', (socket: Socket) => {
    connections.set(socket, { readAtRest: 0 });
    socket.once('close', forget);
  });
  // Ahead of fastify's own listener, so the header is settled before any hook can answer.
  server.prependListener('request', (req, res: ServerResponse) => {
    const connection = connections.get(req.socket);
    if (closing) res.shouldKeepAlive = false;
    if (!connection) return;
    connection.answering = res;
    res.once('close', answered);
  });
  const sweep = (): void => {
    for (const [socket, { answering, readAtRest }] of connections) {
      const atRest = !answering && socket.bytesRead === readAtRest;
      // What Node still buffers for the socket is the tail of its last answer.
      if (atRest && socket.writableLength === 0) socket.destroy();
    }
  };
  fastify.addHook('preClose', (done) => {
    closing = true;
    for (const { answering } of connections.values()) {
      if (answering && !answering.headersSent) answering.shouldKeepAlive = false;
    }
    // fastify's `server.close()` comes next; Node's own idle check there would cut a buffered tail.
    server.closeIdleConnections = sweep;
    const sweeping = setInterval(sweep, SWEEP_EVERY_MS).unref();
    let cut = setTimeout(() => {
      // Armed first: whatever the cut of the answers does, every connection ends, and so does the process.
      cut = setTimeout(() => server.closeAllConnections(), LAST_WORDS_MS).unref();
      try {
        atDrainEnd?.();
      } catch (err) {
        fastify.log.error({ err }, 'Cutting the answers still running at the drain deadline failed');
      }
    }, drainMs).unref();
    server.once('close', () => {
      clearInterval(sweeping);
      clearTimeout(cut);
    });
    done();
    sweep();
  });
  return () => closing;
}
