import type { ServerResponse } from 'node:http';
import type { FakeReply, FakeScript, FakeVendor } from './fake-upstream.types.js';

/** The bytes to send: status, headers, and the body cut into the pieces stall/reset count. */
export interface WirePlan {
  status: number;
  headers: Record<string, string>;
  chunks: string[];
}

/** Turns a vendor reply, overridden by a script, into what goes on the wire. */
export function planWire(vendor: FakeVendor, reply: FakeReply, script: FakeScript = {}): WirePlan {
  const status = script.status ?? reply.status;
  const headers = { ...reply.headers, ...script.headers };
  if (script.raw !== undefined) {
    return { status, headers: { 'content-type': script.contentType ?? 'text/html', ...headers }, chunks: [script.raw] };
  }
  if (script.json !== undefined) return jsonPlan(status, headers, script.json);
  const frames = script.frames ?? ('frames' in reply ? reply.frames : undefined);
  if (frames === undefined) return jsonPlan(status, headers, 'json' in reply ? reply.json : null);
  return {
    status,
    headers: {
      'content-type': script.contentType ?? vendor.streamContentType,
      'cache-control': 'no-cache',
      ...headers,
    },
    chunks: frames.map((f) => vendor.encodeFrame(f)),
  };
}

function jsonPlan(status: number, headers: Record<string, string>, body: unknown): WirePlan {
  return { status, headers: { 'content-type': 'application/json', ...headers }, chunks: [JSON.stringify(body)] };
}

export type Sleep = (ms: number) => Promise<void>;

/**
 * Writes a plan, pausing between chunks. Resolves when done, reset or stalled; a stalled
 * response stays open until the client or `close()` ends it.
 */
export async function writePlan(res: ServerResponse, plan: WirePlan, script: FakeScript, sleep: Sleep): Promise<void> {
  res.writeHead(plan.status, plan.headers);
  res.flushHeaders();
  for (let i = 0; i <= plan.chunks.length; i += 1) {
    // The pause comes before whatever happens next, a reset included, so sent frames get through first.
    if (i > 0 && script.frameDelayMs) await sleep(script.frameDelayMs);
    if (script.pauseAfterFrames === i && script.pauseMs) await sleep(script.pauseMs);
    if (res.destroyed) return;
    if (script.stallAfterFrames === i) return;
    if (script.resetAfterFrames === i) {
      res.socket?.destroy();
      return;
    }
    if (i === plan.chunks.length) break;
    res.write(plan.chunks[i]);
  }
  res.end();
}
