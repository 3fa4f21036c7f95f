import { fileURLToPath } from 'node:url';
import { startBenchChild } from '../process/bench-child.js';
import type { ProcessGroup } from '../process/process-group.js';
import type { ReferenceProxyReady, ReferenceProxySettings } from './reference-proxy.types.js';

export interface ReferenceProxy {
  pid: number;
  /** The proxy's origin that forwards to this upstream origin. */
  originFor(upstream: string): string;
  stop(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./reference-proxy.main.js', import.meta.url));

/** `nodeArgs`: the gateway's V8 flags, so yardstick and gateway run with the same heap settings. */
export async function startReferenceProxy(
  group: ProcessGroup,
  settings: ReferenceProxySettings,
  nodeArgs: readonly string[],
): Promise<ReferenceProxy> {
  const child = await startBenchChild<ReferenceProxyReady>(group, ENTRY, settings, nodeArgs);
  const { ports } = child.ready;
  return {
    pid: child.pid,
    originFor: (upstream) => {
      if (ports[upstream] === undefined) throw new Error(`the ${settings.kind} proxy does not serve ${upstream}`);
      return `http://127.0.0.1:${ports[upstream]}`;
    },
    stop: () => group.stop(child.process),
  };
}
