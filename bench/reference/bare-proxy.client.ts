import { fileURLToPath } from 'node:url';
import { startBenchChild } from '../process/bench-child.js';
import type { ProcessGroup } from '../process/process-group.js';
import type { BareProxyReady, BareProxySettings } from './bare-proxy.types.js';

export interface BareProxy {
  pid: number;
  origin: string;
}

const ENTRY = fileURLToPath(new URL('./bare-proxy.main.js', import.meta.url));

/** `nodeArgs`: the gateway's V8 flags, so both proxies run with the same heap settings. */
export async function startBareProxy(
  group: ProcessGroup,
  settings: BareProxySettings,
  nodeArgs: readonly string[],
): Promise<BareProxy> {
  const child = await startBenchChild<BareProxyReady>(group, ENTRY, settings, nodeArgs);
  return { pid: child.pid, origin: `http://127.0.0.1:${child.ready.port}` };
}
