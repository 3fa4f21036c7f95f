import { ApiError, messageOf } from '../api/api-error.ts';
import { LOGIN_TIMEOUT_MS } from '../api/http.client.ts';

/** Why a login check failed, in words: a lockout and a gateway that never answers are not "unreachable". */
export function loginFailure(error: unknown): string {
  if (error instanceof ApiError && error.status === 429) {
    return `Too many failed logins from this address: wait, then try again (${error.message})`;
  }
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return `The gateway did not answer within ${LOGIN_TIMEOUT_MS / 1000} s`;
  }
  return `Could not reach the gateway: ${messageOf(error)}`;
}
