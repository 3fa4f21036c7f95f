import type { IncomingHttpHeaders } from 'node:http';
import { REDACTED, redactor } from '#src/core/redact.js';

/** Header names that carry credentials, whatever their value looks like. */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'api-key',
  'cookie',
  'set-cookie',
]);
const SECRET_NAME = /(auth|token|secret|passw|api[-_]?key|session|signature|credential)/i;

/** True for a header whose value must never be shown: credentials by name, or anything named like a secret. */
export function isSecretHeaderName(name: string): boolean {
  const lower = name.toLowerCase();
  return CREDENTIAL_HEADERS.has(lower) || SECRET_NAME.test(lower);
}

/** Headers as text, with credentials replaced and known secrets cut out of every other value. */
export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  // Runs for every logged request: a plain key loop, no entry pairs.
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    if (isSecretHeaderName(name)) out[name] = REDACTED;
    else out[name] = redactor.redact(typeof value === 'string' ? value : value.join(', '));
  }
  return out;
}
