import { finished, Transform, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { servedPath } from '#src/http/served-path.js';

/** The `content-encoding`s a body may come in, each with its inflater. */
const INFLATERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** An error fastify answers with its status, through the app's exception filter (in the path's dialect). */
function withStatus(statusCode: number, message: string): Error {
  return Object.assign(new Error(message), { statusCode });
}

/** As fastify decides whether to read a body: one is announced by its length or by chunked transfer. */
function hasBody(headers: IncomingHttpHeaders): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}

/**
 * Bodies sent compressed (`content-encoding: gzip`, `deflate` or `br`) are inflated before they are
 * parsed, on the paths `inflates` names; any other encoding, or any encoding on another path, is
 * refused 415. The body limit holds for the inflated size: fastify counts what the inflating stream
 * gives (and checks `content-length` against the bytes received, `receivedEncodedLength`), so a
 * small body that inflates past the limit is refused 413.
 *
 * Inflating is work a few bytes can ask a thousand times over, so it is done only for a caller the
 * app has already admitted: `inflates` should name only paths whose caller is checked on arrival,
 * before its body is read. Elsewhere nothing is inflated at all, rather than up to some smaller cap:
 * those paths' callers (a browser, a script setting weights) send small bodies as they are.
 */
export function registerBodyDecoding(fastify: FastifyInstance, inflates: (path: string) => boolean): void {
  fastify.addHook('preParsing', (req, _reply, payload, done) => {
    const encoding = req.headers['content-encoding']?.trim().toLowerCase();
    if (encoding === undefined || encoding === '' || encoding === 'identity' || !hasBody(req.headers))
      return done(null, payload);
    const inflater = INFLATERS[encoding];
    if (inflater === undefined) {
      const accepted = Object.keys(INFLATERS).join(', ');
      return done(
        withStatus(415, `Unsupported content-encoding '${encoding}': send the body as is, or as ${accepted}`),
      );
    }
    if (!inflates(servedPath(req)))
      return done(
        withStatus(415, `This path takes no compressed body (content-encoding '${encoding}'): send it as is`),
      );
    done(null, inflated(payload, inflater(), encoding, req.routeOptions.bodyLimit));
  });
}

/**
 * The payload through its inflater. Once the inflated bytes pass the limit (fastify has refused
 * the body by then), the rest of the payload is drained without being inflated: a zip bomb costs
 * no more than the limit. A payload cut off midway (the client went away) ends the inflating
 * with it.
 */
export function inflated(payload: Readable, inflater: Transform, encoding: string, limit: number): Readable {
  let size = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, next) {
      size += chunk.length;
      if (size > limit) {
        payload.unpipe(inflater);
        payload.resume();
        inflater.destroy();
      }
      next(null, chunk);
    },
  });
  const received = Object.assign(counted, { receivedEncodedLength: 0 });
  payload.on('data', (chunk: Buffer) => {
    received.receivedEncodedLength += chunk.length;
  });
  inflater.on('error', (err) => {
    counted.destroy(withStatus(400, `The request body is not valid ${encoding}: ${err.message}`));
  });
  // `pipe` carries data but not a failure: without this, an upload cut off midway would leave the
  // inflater and what it gave waiting for bytes that never come, until the request timeout.
  // Not `pipeline`: it would destroy the request along with the inflater past the limit, where the
  // rest of the request is to be drained instead.
  finished(payload, (err) => {
    if (err === undefined || err === null) return;
    inflater.destroy();
    counted.destroy(withStatus(400, 'The request body ended before it was whole'));
  });
  // fastify stops listening once it has refused the body; an error after that has nobody left to tell.
  counted.on('error', () => undefined);
  payload.pipe(inflater).pipe(counted);
  return received;
}
