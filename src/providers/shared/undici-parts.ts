import { createRequire } from 'node:module';
import type { Agent as UndiciAgent, buildConnector as UndiciConnector, errors as UndiciErrors } from 'undici';
import { boundedMemo } from '#src/core/bounded-memo.js';

/**
 * The pieces of undici the gateway uses, loaded from their own files. undici's index also
 * loads fetch, WebSocket, EventSource, the cache stores and the mock agents, about 60 modules the
 * gateway never runs, which stay in memory for the life of the process (~7 MB of idle RSS).
 * undici declares no `exports` map, so its files are addressable; its version is pinned in package.json.
 */
const load = createRequire(import.meta.url);

export const Agent = load('undici/lib/dispatcher/agent.js') as typeof UndiciAgent;
export type Agent = UndiciAgent;
export type AgentOptions = UndiciAgent.Options;
export const errors = load('undici/lib/core/errors.js') as typeof UndiciErrors;
export const buildConnector = load('undici/lib/core/connect.js') as typeof UndiciConnector;
/** undici's own reading of raw response headers into an object, as `request()` hands them out. */
export const { parseHeaders } = load('undici/lib/core/util.js') as {
  parseHeaders(raw: Buffer[]): Record<string, string | string[] | undefined>;
};

/** An upstream URL split as undici wants it. */
export interface UrlParts {
  origin: string;
  path: string;
}

/**
 * A URL split once: every upstream URL is a configured base plus one of a few fixed paths, so the
 * same handful recur on every request.
 */
export const splitUrl: (url: string) => UrlParts = boundedMemo((url) => {
  const { origin, pathname, search } = new URL(url);
  return { origin, path: pathname + search };
}, 256);
