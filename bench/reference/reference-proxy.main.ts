import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exitWithParent } from '../process/bench-child.js';
import { createJsonProxy } from './json-proxy.js';
import { createPipeProxies } from './pipe-proxy.js';
import type { ReferenceProxyReady, ReferenceProxySettings } from './reference-proxy.types.js';

/** A reference proxy process on 127.0.0.1 (the kind is in the settings). */
function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.argv[2] ?? '{"kind":"json","routes":{}}') as ReferenceProxySettings;
  const ports: Record<string, number> = {};
  if (settings.kind === 'json') {
    const port = await listen(createJsonProxy(settings.routes));
    for (const origin of Object.values(settings.routes)) ports[origin] = port;
  } else {
    for (const [origin, server] of createPipeProxies(settings.routes)) ports[origin] = await listen(server);
  }
  const ready: ReferenceProxyReady = { ports };
  exitWithParent();
  process.stdout.write(`READY ${JSON.stringify(ready)}\n`);
}

void main();
