import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exitWithParent } from '../process/bench-child.js';
import { FakeCounters } from './fake-counters.js';
import { createFakeListener } from './fake-listener.js';
import type { FakeUpstreamReady, FakeUpstreamSettings } from './fake-upstream.types.js';

/** Fake upstream process: one port per listener plan plus a stats port, all on 127.0.0.1. */
function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.argv[2] ?? '{"listeners":[]}') as FakeUpstreamSettings;
  const counters = new FakeCounters();
  const ports: Record<string, number> = {};
  for (const plan of settings.listeners) ports[plan.name] = await listen(createFakeListener(plan, counters));
  const control = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(counters.snapshot()));
  });
  const ready: FakeUpstreamReady = { control: await listen(control), ports };
  exitWithParent();
  process.stdout.write(`READY ${JSON.stringify(ready)}\n`);
}

void main();
