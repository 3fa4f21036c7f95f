import type { AddressInfo } from 'node:net';
import { exitWithParent } from '../process/bench-child.js';
import { createBareProxy } from './bare-proxy.js';
import type { BareProxyReady, BareProxySettings } from './bare-proxy.types.js';

/** Bare reference proxy process on 127.0.0.1. */
const settings = JSON.parse(process.argv[2] ?? '{"routes":{}}') as BareProxySettings;
const server = createBareProxy(settings);
server.listen(0, '127.0.0.1', () => {
  const ready: BareProxyReady = { port: (server.address() as AddressInfo).port };
  exitWithParent();
  process.stdout.write(`READY ${JSON.stringify(ready)}\n`);
});
