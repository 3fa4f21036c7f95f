import { Injectable, type PipeTransform } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { GatewayError } from '#src/core/gateway-error.js';
import { MAX_JSON_DEPTH, tooDeepField } from './json-depth.js';
import { servedPath } from './served-path.js';

/**
 * What the body parser leaves when a body cannot be JSON. The dialect handler turns it into a
 * 400 or 415 in the client's own error shape; fastify's generic error body would be neither.
 */
export class UnreadableBody {
  constructor(
    readonly reason: 'invalid_json' | 'too_deep' | 'unsupported_media_type',
    readonly detail: string,
    readonly more: { cause?: unknown; param?: string } = {},
  ) {}
}

/**
 * Ollama reads every body as JSON whatever its content type, so its own `curl … -d '{…}'` examples
 * (sent as form data) work; the other vendors refuse anything but JSON, and so does the gateway there.
 */
const READS_ANY_TYPE_AS_JSON = '/ollama/';

/** JSON bodies are parsed here so that a bad one reaches the handler (and its dialect) as a marker. */
export function registerBodyParsers(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser(/^application\/([\w.+-]+\+)?json/, { parseAs: 'string' }, (_req, body, done) => {
    done(null, parseJson(body as string));
  });
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (req, body, done) => {
    if (servedPath(req).startsWith(READS_ANY_TYPE_AS_JSON))
      return done(null, parseJson((body as Buffer).toString('utf8')));
    const type = req.headers['content-type'] ?? 'none';
    done(
      null,
      new UnreadableBody('unsupported_media_type', `Unsupported content type '${type}': send application/json`),
    );
  });
}

/** The parsed body, or the marker saying why it is not JSON. */
function parseJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // Only a body that failed to parse is looked at for emptiness: a good one is not copied to trim it.
    if (text.trim() === '') return new UnreadableBody('invalid_json', 'The request body is empty');
    const detail = `The request body is not valid JSON: ${(err as Error).message}`;
    return new UnreadableBody('invalid_json', detail, { cause: err });
  }
  return refuseTooDeep(value);
}

/** A body nested past `MAX_JSON_DEPTH` becomes a marker naming the field that does it. */
function refuseTooDeep(value: unknown): unknown {
  const field = tooDeepField(value);
  if (field === undefined) return value;
  const where = field === '' ? 'The request body' : `The field '${field}'`;
  const detail = `${where} nests deeper than ${MAX_JSON_DEPTH} levels, more than the gateway accepts`;
  return new UnreadableBody('too_deep', detail, field === '' ? {} : { param: field });
}

/** The parsed body, or a 400/415 `GatewayError` saying why there is none. */
export function readableBody(value: unknown): unknown {
  if (!(value instanceof UnreadableBody)) return value;
  const kind = value.reason === 'unsupported_media_type' ? 'unsupported_media_type' : 'invalid_request';
  throw new GatewayError(kind, value.detail, value.more);
}

/** `readableBody` as a pipe, for JSON endpoints outside the chat dialects. */
@Injectable()
export class JsonBodyPipe implements PipeTransform {
  transform(value: unknown): unknown {
    return readableBody(value);
  }
}
