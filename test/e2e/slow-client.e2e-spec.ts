import { connect, type Socket } from 'node:net';
import { adminJson, eventually, type RequestPageSeen } from '../admin/admin-client.js';
import { asArray, asRecord } from '../fakes/fake-json.js';
import { fakeKits } from '../fakes/fake-kits.js';
import { chatBody, DIALECT_HEADERS, DIALECT_PATH } from '../support/requests.js';
import { MODEL, PROVIDER, UPSTREAM_MODEL, startStack, type TestStack } from '../support/test-stack.js';

/**
 * A client that stops reading its stream is the client's problem, not the upstream's: with a short
 * idle deadline and a breaker that opens at the first failure, such a client is cut off and logged
 * as gone, and the deployment that kept answering stays in service.
 */

const T = 20_000;
const IDLE_MS = 1_000;
/** Far more than the sockets between the gateway and a client that reads nothing can hold. */
const PIECES = Array.from({ length: 300 }, () => 'x'.repeat(32 * 1024));

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({
    config: (config) => ({
      ...config,
      fallback: {
        ...config.fallback,
        idle_timeout_ms: IDLE_MS,
        breaker: { failures: 1, cooldown_ms: 60_000, failure_rate: 1, min_requests: 1000 },
      },
    }),
  });
}, T);
afterAll(() => stack?.stop(), T);

/** Sends a streaming chat request over a bare socket and stops reading once the answer's head is in. */
function askAndStopReading(): Promise<{ socket: Socket; requestId: string }> {
  const body = JSON.stringify(chatBody('openai', MODEL.openai, 'Write a lot', { stream: true }));
  const { port } = new URL(stack.gateway.url);
  const socket = connect(Number(port), '127.0.0.1');
  const head = [
    `POST ${DIALECT_PATH.openai} HTTP/1.1`,
    'host: localhost',
    'content-type: application/json',
    `authorization: ${DIALECT_HEADERS.openai.authorization}`,
    `content-length: ${Buffer.byteLength(body)}`,
  ];
  socket.write(`${head.join('\r\n')}\r\n\r\n${body}`);
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      const requestId = /x-request-id: *([^\r\n]+)/i.exec(chunk.toString('latin1'))?.[1];
      if (requestId === undefined) reject(new Error(`no request id in ${chunk.toString('latin1').slice(0, 200)}`));
      else resolve({ socket, requestId });
    });
  });
}

async function breakerOf(model: string): Promise<unknown> {
  const models = asRecord(await (await fetch(`${stack.gateway.url}/models`)).json());
  const entry = asArray(models.data)
    .map(asRecord)
    .find((m) => m.id === model);
  return asArray(entry?.deployments).map(asRecord)[0]?.breaker;
}

describe('a client that stops reading a stream', () => {
  it(
    'is cut off and logged as gone, and the upstream it kept waiting is not charged for it',
    async () => {
      stack.fakes.openai.script({ frames: fakeKits.openai.textStream(UPSTREAM_MODEL.openai, PIECES) });
      const { socket, requestId } = await askAndStopReading();
      try {
        const row = await eventually('the stream in the request log', async () => {
          const page = await adminJson<RequestPageSeen>(stack.gateway, `/admin/api/requests?q=${requestId}`);
          return page.items[0];
        });
        expect(row).toMatchObject({ provider: PROVIDER.openai, status: 499, error_kind: 'client_gone' });
        expect(await breakerOf(MODEL.openai)).toBe('closed');
      } finally {
        socket.destroy();
      }
    },
    T,
  );
});
