import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { anthropicJson, anthropicStream } from './anthropic-replies.js';
import type { FakeCounters } from './fake-counters.js';
import type { ListenerPlan } from './fake-upstream.types.js';
import { FaultSchedule } from './fault-schedule.js';
import { openaiJson, openaiStream } from './openai-replies.js';
import type { StreamFrames } from './reply-frames.js';
import { writeStream } from './stream-writer.js';

const STREAM_FLAG = /"stream"\s*:\s*true/;
const USAGE_FLAG = /"include_usage"\s*:\s*true/;
/** Node's default; idle keep-alive sockets close after it, so a settled upstream shows 0 sockets. */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

interface Replies {
  openaiJson: Buffer;
  anthropicJson: Buffer;
  openaiStream: StreamFrames;
  openaiStreamWithUsage: StreamFrames;
  anthropicStream: StreamFrames;
}

const ERROR_BODIES = {
  openai: Buffer.from('{"error":{"message":"injected failure","type":"server_error","param":null,"code":null}}'),
  anthropic: Buffer.from('{"type":"error","error":{"type":"api_error","message":"injected failure"}}'),
};

/** One measured port: bodies are built once, so the fake spends its CPU on HTTP only. */
export function createFakeListener(plan: ListenerPlan, counters: FakeCounters): Server {
  const replies: Replies = {
    openaiJson: openaiJson(plan.chunks),
    anthropicJson: anthropicJson(plan.chunks),
    openaiStream: openaiStream(plan.chunks, false),
    openaiStreamWithUsage: openaiStream(plan.chunks, true),
    anthropicStream: anthropicStream(plan.chunks),
  };
  const faults = new FaultSchedule(plan.errorRate, plan.resetRate);
  const server = createServer({ keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS }, (req, res) => {
    counters.served += 1;
    counters.inFlight += 1;
    res.once('close', () => (counters.inFlight -= 1));
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.once('end', () => answer(req, res, Buffer.concat(parts).toString('utf8')));
  });
  server.on('connection', (socket) => {
    counters.openSockets += 1;
    socket.once('close', () => (counters.openSockets -= 1));
  });

  function answer(req: IncomingMessage, res: ServerResponse, body: string): void {
    const fault = faults.next();
    const dialect = req.url?.startsWith('/v1/messages') ? 'anthropic' : 'openai';
    const stream = STREAM_FLAG.test(body);
    after(plan.latencyMs, () => {
      if (res.destroyed) return;
      if (fault === 'reset' && (plan.resetPoint === 'before-headers' || !stream)) {
        counters.injectedResets += 1;
        req.socket.resetAndDestroy();
      } else if (fault === 'error') {
        counters.injectedErrors += 1;
        sendJson(res, 500, ERROR_BODIES[dialect]);
      } else if (!stream) {
        sendJson(res, 200, dialect === 'openai' ? replies.openaiJson : replies.anthropicJson);
      } else {
        const frames = pickFrames(replies, dialect, USAGE_FLAG.test(body));
        const resetAfterChunks = fault === 'reset' ? plan.resetAfterChunks : -1;
        writeStream(res, frames, { chunkDelayMs: plan.chunkDelayMs, resetAfterChunks }, counters);
      }
    });
  }
  return server;
}

function pickFrames(replies: Replies, dialect: 'openai' | 'anthropic', withUsage: boolean): StreamFrames {
  if (dialect === 'anthropic') return replies.anthropicStream;
  return withUsage ? replies.openaiStreamWithUsage : replies.openaiStream;
}

function sendJson(res: ServerResponse, status: number, body: Buffer): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
}

/** 0 ms answers in the same tick: a timer would add about a millisecond to the "pure overhead" case. */
function after(ms: number, fn: () => void): void {
  if (ms <= 0) fn();
  else setTimeout(fn, ms);
}
