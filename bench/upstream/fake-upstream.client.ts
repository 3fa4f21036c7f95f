import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { startBenchChild } from '../process/bench-child.js';
import type { ProcessGroup } from '../process/process-group.js';
import type { FakeUpstreamReady, FakeUpstreamSettings, FakeUpstreamStats } from './fake-upstream.types.js';

export interface FakeUpstream {
  pid: number;
  origin(listener: string): string;
  stats(): Promise<FakeUpstreamStats>;
  stop(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./fake-upstream.main.js', import.meta.url));

/** Starts the fake in its own process, so its CPU never counts against the driver or a proxy. */
export async function startFakeUpstream(group: ProcessGroup, settings: FakeUpstreamSettings): Promise<FakeUpstream> {
  const child = await startBenchChild<FakeUpstreamReady>(group, ENTRY, settings);
  const { ports, control } = child.ready;
  return {
    pid: child.pid,
    origin: (listener) => {
      if (ports[listener] === undefined) throw new Error(`no fake listener named ${listener}`);
      return `http://127.0.0.1:${ports[listener]}`;
    },
    stats: async () => {
      const res = await request(`http://127.0.0.1:${control}/stats`);
      return (await res.body.json()) as FakeUpstreamStats;
    },
    stop: () => group.stop(child.process),
  };
}
