import { isIP } from 'node:net';
import { isLoopbackBind } from '#src/config/loopback.js';

/** Names that only ever reach this machine; a DNS-rebinding page always arrives under its own name instead. */
const LOOPBACK_NAME = /^(localhost|[a-z0-9-]+(\.[a-z0-9-]+)*\.localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** The host name of a `Host` header: lower case, without port or trailing dot; undefined when unreadable. */
export function hostName(header: string): string | undefined {
  const value = header.trim().toLowerCase();
  const name = value.startsWith('[') ? /^(\[[0-9a-f:.]+\])(:\d+)?$/.exec(value)?.[1] : value.replace(/:\d+$/, '');
  return name?.replace(/\.$/, '') || undefined;
}

function matches(name: string, allowed: string): boolean {
  return allowed.startsWith('*.') ? name.endsWith(allowed.slice(1)) : name === allowed;
}

/**
 * Which `Host` names the ports answer, against DNS rebinding (a hostile page whose name is made
 * to resolve to 127.0.0.1). Bound to loopback: loopback names plus `allowed`. Bound elsewhere:
 * anything, unless `allowed` is set, then loopback names, the bound address and `allowed`.
 * Returns undefined when every name is answered.
 */
export function hostAllowList(bindHost: string, allowed: readonly string[]): ((header: string) => boolean) | undefined {
  const loopback = isLoopbackBind(bindHost);
  if (!loopback && allowed.length === 0) return undefined;
  const bound = isIP(bindHost) === 6 ? `[${bindHost}]` : bindHost.toLowerCase();
  return (header) => {
    const name = hostName(header);
    if (name === undefined) return false;
    return LOOPBACK_NAME.test(name) || name === bound || allowed.some((a) => matches(name, a));
  };
}
