import { connect } from 'node:net';

/**
 * POSTs a JSON `body` over a raw socket and resolves with the bytes of the first read only, as a client
 * that is woken once per read sees them; the socket is closed after it.
 */
export function firstRead(url: string, path: string, headers: Record<string, string>, body: string): Promise<string> {
  const { hostname, port } = new URL(url);
  const head = Object.entries({
    'content-type': 'application/json',
    ...headers,
    host: `${hostname}:${port}`,
    'content-length': Buffer.byteLength(body),
  })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(`POST ${path} HTTP/1.1\r\n${head}\r\n${body}`));
    socket.once('data', (bytes: Buffer) => {
      socket.destroy();
      resolve(bytes.toString('utf8'));
    });
    socket.once('error', reject);
  });
}
