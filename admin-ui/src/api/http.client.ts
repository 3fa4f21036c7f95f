import { forgetToken, readToken } from '../auth/token.store.ts';
import { ApiError, toApiError } from './api-error.ts';

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** The app shows the login view when any call is refused: the token expired or was rotated. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/** A fetch with the Bearer token; resolves to the raw response once it is known to be 2xx. */
export async function call(path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = readToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  if (res.ok) return res;
  const error = await toApiError(res);
  if (res.status === 401) {
    forgetToken();
    unauthorizedListeners.forEach((listener) => listener());
  }
  throw error;
}

export async function callJson<T>(path: string, options: CallOptions = {}): Promise<T> {
  const res = await call(path, options);
  return (await res.json()) as T;
}

/** How long a login check may take before the UI stops waiting and says so. */
export const LOGIN_TIMEOUT_MS = 10_000;

/** Checks a token without storing it; only a 401 means "wrong token", anything else is an outage. */
export async function checkToken(token: string): Promise<boolean> {
  const res = await fetch('/admin/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ token }),
    signal: AbortSignal.timeout(LOGIN_TIMEOUT_MS),
  });
  if (res.ok) return true;
  if (res.status === 401) return false;
  throw await toApiError(res);
}

export { ApiError };
