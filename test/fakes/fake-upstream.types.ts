import type { IncomingHttpHeaders } from 'node:http';
import type { TurnPlanner } from './fake-turn.js';

/** One request as the fake saw it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; undefined when the body was empty or not JSON. */
  body: unknown;
  rawBody: string;
  /** True when the client closed the connection before the fake finished its answer. */
  closedEarly: boolean;
}

/** One stream frame. SSE vendors write `event:` when set; a string `data` is written verbatim. */
export interface FakeFrame {
  event?: string;
  data: unknown;
}

/**
 * What the next chat request gets instead of the default answer. Fields combine: `frames`,
 * `json` or `raw` choose the body (default: the vendor's normal answer to that request);
 * `stallAfterFrames` / `resetAfterFrames` cut any body short (a JSON body counts as one frame).
 */
export interface FakeScript {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  raw?: string;
  contentType?: string;
  frames?: FakeFrame[];
  frameDelayMs?: number;
  /** Send this many frames, then go quiet for `pauseMs` before the rest (a model thinking mid-answer). */
  pauseAfterFrames?: number;
  pauseMs?: number;
  /** Accept the request and never answer, not even headers. */
  stallBeforeHeaders?: boolean;
  /** Answer, head included, only this long after the request (a model writing a whole answer first). */
  answerAfterMs?: number;
  /** Send this many frames, then hang with the connection open. */
  stallAfterFrames?: number;
  /** Send this many frames, then destroy the socket. */
  resetAfterFrames?: number;
}

/** A vendor's answer before it is written: one JSON body, or a stream of frames. */
export type FakeReply =
  | { status: number; headers?: Record<string, string>; json: unknown }
  | { status: number; headers?: Record<string, string>; frames: FakeFrame[] };

/** What makes a fake speak one vendor's protocol. */
export interface FakeVendor {
  readonly streamContentType: string;
  encodeFrame(frame: FakeFrame): string;
  /** Chat requests are the ones scripts apply to and `calls` counts. */
  isChat(request: RecordedRequest): boolean;
  /** The 401 answer, or undefined when the request's credentials are acceptable. */
  rejectAuth(request: RecordedRequest): FakeReply | undefined;
  /** The default answer to any request, chat turns decided by `plan`; undefined means 404. */
  answer(request: RecordedRequest, plan: TurnPlanner): FakeReply | undefined;
  notFound(request: RecordedRequest): FakeReply;
}

export interface FakeOptions {
  /** When set, requests without this key in the vendor's auth header get 401. */
  apiKey?: string;
  /** Model ids the fake lists. */
  models?: string[];
  /** Ollama only: what `/api/show` names for a listed model (default `completion` alone). */
  capabilities?: Record<string, string[]>;
}
