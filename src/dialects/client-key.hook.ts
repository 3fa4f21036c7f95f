import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { GatewayError, isGatewayError } from '#src/core/gateway-error.js';
import type { ClientKeyAuth, KeyHolder } from '#src/keys/client-key-auth.js';
import type { KeyHolders } from '#src/keys/key-holders.js';
import { refuseInDialect } from '#src/http/edge-refusal.js';
import { servedPath } from '#src/http/served-path.js';
import { codecForCaller, codecForPath } from './dialect-exception.filter.js';

/**
 * The weights API keeps the admin token; Ollama clients' liveness and version probes come before
 * any key is sent; health, metrics and docs (no dialect) stay open to operators.
 */
const OPEN_PATHS = new Set(['/api/config/weights', '/ollama', '/ollama/', '/ollama/api/version']);

/** Whether a proxy path is a client's: every dialect endpoint and the model lists. */
export function needsClientKey(url: string): boolean {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  return codecForPath(path) !== undefined && !OPEN_PATHS.has(path);
}

/**
 * Paths answered lately: a matched route's path is one of a few, and the URL of a request no route
 * matched is remembered up to this bound (past it, worked out afresh).
 */
const REMEMBERED_URLS = 256;

/** Every `/v1/` path is a dialect's (OpenAI's, Anthropic's or Responses') and none is open. */
const DIALECT_PREFIX = '/v1/';

function rememberedNeed(answers: Map<string, boolean>, url: string): boolean {
  let needs = answers.get(url);
  if (needs === undefined) {
    needs = needsClientKey(url);
    if (answers.size < REMEMBERED_URLS) answers.set(url, needs);
  }
  return needs;
}

/**
 * While client keys are on, every client path needs a usable key, checked as the request arrives
 * (before its body is read); a refusal is written in the caller's dialect (`codecForCaller`). The
 * path is the route the request matched (see `servedPath`), however its URL spells it. The checked
 * key is kept for the handler (allowlist, limits, spend), which admits the request by the clock once
 * its body has been read. A callback hook rather than an async one: a key whose lookup is cached is
 * checked without a promise, and the request goes on in the same tick.
 */
export function clientKeyHook(auth: ClientKeyAuth, holders: KeyHolders) {
  const needs = new Map<string, boolean>();
  return (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    if (!auth.enabled) return done();
    // A URL under `/v1/` is served by a `/v1/` route or by none (the router neither folds case nor
    // resolves dot segments), and needs a key either way: the matched route's path, which fastify
    // builds a fresh options object to tell, is looked up only for the other URLs.
    if (!req.url.startsWith(DIALECT_PREFIX) && !rememberedNeed(needs, servedPath(req))) return done();
    let checked: ReturnType<ClientKeyAuth['authenticate']>;
    try {
      checked = auth.authenticate(req.headers);
    } catch (err) {
      return refuse(req, reply, done, err);
    }
    // Closures only for a lookup that waits on the store: the cached one goes on without any.
    if (checked instanceof Promise) {
      checked.then(
        (holder) => keep(holders, req, holder, done),
        (err: unknown) => refuse(req, reply, done, err),
      );
    } else keep(holders, req, checked, done);
  };
}

function keep(holders: KeyHolders, req: FastifyRequest, holder: KeyHolder | undefined, done: HookHandlerDoneFunction) {
  if (holder !== undefined) holders.set(req, holder);
  done();
}

function refuse(req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction, err: unknown): void {
  const error = isGatewayError(err) ? err : new GatewayError('internal', 'The client key could not be checked');
  refuseInDialect(
    req,
    reply,
    (path) => codecForCaller(path, req.headers),
    error,
    () => done(error),
  );
}
