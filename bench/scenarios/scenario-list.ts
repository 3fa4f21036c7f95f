import type { Scenario } from './scenario.types.js';

const ALL = ['direct', 'pipe', 'bare', 'switchyard'] as const;
const NO_BARE = ['direct', 'switchyard'] as const;

const json = (latency: 0 | 50, concurrency: number): Scenario => ({
  id: `json-${latency}ms-c${concurrency}`,
  title: `non-stream, upstream ${latency} ms, ${concurrency} clients`,
  stream: false,
  dialect: 'openai',
  model: latency === 0 ? 'bench-lat0' : 'bench-lat50',
  concurrency,
  targets: ALL,
});

const openaiStream = (concurrency: number): Scenario => ({
  id: `stream-openai-c${concurrency}`,
  title: `OpenAI stream, ${concurrency} clients`,
  stream: true,
  dialect: 'openai',
  model: 'bench-lat0',
  concurrency,
  targets: ALL,
});

const ANTHROPIC_STREAM: Scenario = {
  id: 'stream-anthropic-c16',
  title: 'Anthropic stream, 16 clients',
  stream: true,
  dialect: 'anthropic',
  model: 'bench-claude',
  concurrency: 16,
  targets: ALL,
};

/** An OpenAI client through Switchyard to an Anthropic upstream; direct is the same upstream in its own dialect. */
const CROSS: Scenario = {
  id: 'stream-cross-c16',
  title: 'OpenAI client → Anthropic upstream, stream, 16 clients',
  stream: true,
  dialect: 'openai',
  model: 'bench-cross',
  concurrency: 16,
  targets: NO_BARE,
  direct: { dialect: 'anthropic', model: 'bench-cross' },
};

/** Two deployments, one failing 10% (half 500s, half resets before headers); direct calls the healthy one. */
const FAILOVER: Scenario = {
  id: 'json-failover-c16',
  title: 'non-stream, 10% upstream failures with failover, 16 clients',
  stream: false,
  dialect: 'openai',
  model: 'bench-failover',
  concurrency: 16,
  targets: NO_BARE,
};

export function fullScenarios(): Scenario[] {
  return [
    ...[1, 16, 64, 256].map((c) => json(0, c)),
    ...[1, 16, 64, 256].map((c) => json(50, c)),
    ...[1, 16, 64, 256].map(openaiStream),
    ANTHROPIC_STREAM,
    CROSS,
    FAILOVER,
  ];
}

export function quickScenarios(): Scenario[] {
  return [
    ...[1, 16, 64, 256].map((c) => json(0, c)),
    json(50, 16),
    ...[1, 16, 256].map(openaiStream),
    ANTHROPIC_STREAM,
    CROSS,
    FAILOVER,
  ];
}
