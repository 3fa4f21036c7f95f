import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { createGunzip, gzipSync } from 'node:zlib';
import { inflated } from './body-encoding.js';

const LIMIT = 64 * 1024;

/** Every event already due has run: what a stream does in answer to a destroy is done by then. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

/** Reads a body as fastify does: every chunk, and the failure that ends it, if any. */
function read(body: Readable): { text: () => string; failures: Error[] } {
  const chunks: Buffer[] = [];
  const failures: Error[] = [];
  body.on('data', (chunk: Buffer) => chunks.push(chunk));
  body.on('error', (err) => failures.push(err));
  return { text: () => Buffer.concat(chunks).toString(), failures };
}

describe('inflated', () => {
  it('gives the body inflated', async () => {
    const payload = new PassThrough();
    const body = inflated(payload, createGunzip(), 'gzip', LIMIT);
    const reader = read(body);
    payload.end(gzipSync('{"model":"m"}'));
    await once(body, 'end');
    expect(reader.text()).toBe('{"model":"m"}');
  });

  it('stops inflating a bomb soon after the limit, and drains the rest of it uninflated', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * LIMIT));
    const payload = new PassThrough();
    const inflater = createGunzip();
    let produced = 0;
    inflater.on('data', (chunk: Buffer) => (produced += chunk.length));
    read(inflated(payload, inflater, 'gzip', LIMIT));
    payload.end(bomb);
    await once(inflater, 'close');
    await settled();
    expect(payload.readableEnded).toBe(true);
    expect(produced).toBeGreaterThan(LIMIT);
    // zlib gives at most 16 KiB at a time: the one chunk that crossed the limit, and no more.
    expect(produced).toBeLessThanOrEqual(LIMIT + 16 * 1024);
    expect(inflater.destroyed).toBe(true);
  });

  it('ends the inflating when the upload is cut off midway', async () => {
    const payload = new PassThrough();
    const inflater = createGunzip();
    const body = inflated(payload, inflater, 'gzip', LIMIT);
    const reader = read(body);
    payload.write(gzipSync(Buffer.alloc(LIMIT / 2, 'a')).subarray(0, 40));
    payload.destroy();
    await settled();
    expect(inflater.destroyed).toBe(true);
    expect(body.destroyed).toBe(true);
    expect(reader.failures).toEqual([expect.objectContaining({ statusCode: 400 })]);
  });
});
