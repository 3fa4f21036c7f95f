import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** How soon, while closing, a connection whose last answer went out is ended. */
const SWEEP_EVERY_MS = 50;
/**
 * Longest time answers in flight get to finish once closing starts; then every connection is cut.
 * With the request log's own 5 s at most, a stop stays inside the 10 s a supervisor waits
 * (stop_proxy_system.sh, Docker) before it kills.
 */
export const DRAIN_MS = 4_000;

/**
 * Closing drains: answers in flight are finished, then every connection ends. Node's
 * `server.close()` ends only the keep-alive connections idle at that moment and then waits for
 * every other one, with the request timeouts no longer checked. So a connection still answering
 * went back to idle once its answer was out and stayed until the keep-alive timeout (65 s), and
 * one that never sent a request (a browser's or a load tool's spare) kept the process up for good.
 * While the server closes, connections are ended as soon as they carry no answer, and all of them
 * at `drainMs`.
 */
export function endConnectionsOnceAnswered(fastify: FastifyInstance, drainMs = DRAIN_MS): void {
  const opened = new Set<Socket>();
  fastify.server.on('connection', (socket: Socket) => {
    opened.add(socket);
    socket.once('close', () => opened.delete(socket));
  });
  fastify.addHook('preClose', (done) => {
    const { server } = fastify;
    const sweep = (): void => {
      server.closeIdleConnections();
      // Not a byte read: no request was ever started on it.
      for (const socket of opened) if (socket.bytesRead === 0) socket.destroy();
    };
    const sweeping = setInterval(sweep, SWEEP_EVERY_MS).unref();
    const cut = setTimeout(() => server.closeAllConnections(), drainMs).unref();
    server.once('close', () => {
      clearInterval(sweeping);
      clearTimeout(cut);
    });
    done();
    sweep();
  });
}
