import { connect, type AddressInfo, type Socket } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { endConnectionsOnceAnswered } from './close-after-answer.js';

/** A raw HTTP/1.1 client on one connection, to see exactly what the server writes and when it closes. */
export interface RawClient {
  socket: Socket;
  received: () => string;
  closed: Promise<void>;
}

/** Where a route waits until the spec lets it answer. */
export interface Gate {
  /** Resolves once a request has reached the gate. */
  reached: Promise<void>;
  /** Called by the route: marks the gate reached, and resolves once it is opened. */
  pass(): Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let reach!: () => void;
  let open!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    reached,
    pass: () => {
      reach();
      return opened;
    },
    open: () => open(),
  };
}

/** A fastify app that drains as the gateway's do, with a 1 s deadline unless told; routes are added by the spec. */
export function drainingApp(drainMs = 1_000, atDrainEnd?: () => void): FastifyInstance {
  const app = Fastify({ keepAliveTimeout: 65_000 });
  endConnectionsOnceAnswered(app, { drainMs, atDrainEnd });
  return app;
}

export async function openClient(app: FastifyInstance): Promise<RawClient> {
  const { port } = app.server.address() as AddressInfo;
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, received: () => text, closed };
}

export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Starts closing the app and resolves, with the close under way, once it has stopped listening. */
export async function startClosing(app: FastifyInstance): Promise<{ closed: Promise<void> }> {
  const closed = app.close();
  await until(() => !app.server.listening);
  return { closed };
}
