import { createRequire } from 'node:module';
import type {
  Agent as UndiciAgent,
  buildConnector as UndiciConnector,
  Dispatcher,
  errors as UndiciErrors,
} from 'undici';

/**
 * The four pieces of undici the gateway uses, loaded from their own files. undici's index also
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

type RequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher: Dispatcher };
const dispatchRequest = load('undici/lib/api/api-request.js') as (
  this: Dispatcher,
  options: Dispatcher.RequestOptions,
) => Promise<Dispatcher.ResponseData>;

/** undici's `request(url, options)`: the URL split into origin and path, sent through `options.dispatcher`. */
export function request(url: string, options: RequestOptions): Promise<Dispatcher.ResponseData> {
  const { origin, pathname, search } = new URL(url);
  return dispatchRequest.call(options.dispatcher, { ...options, origin, path: pathname + search });
}
