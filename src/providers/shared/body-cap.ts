import { GatewayError } from '#src/core/gateway-error.js';

/** How much of an upstream answer the gateway holds at once. */
export interface BodyLimits {
  /** A body read whole (a JSON answer, an error page), bytes. */
  responseBytes: number;
  /** One SSE frame or NDJSON line, bytes: a stream is read piece by piece, never whole. */
  streamLineBytes: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = { responseBytes: 32 * 1024 * 1024, streamLineBytes: 1024 * 1024 };

/** How a body is cut into the pieces a parser buffers: SSE frames end at a blank line, NDJSON lines at a line end. */
export type BodyShape = 'whole' | 'sse' | 'lines';

const LF = 0x0a;
const CR = 0x0d;
const BLANK_LINES = ['\n\n', '\r\r', '\r\n\r\n'].map((s) => Buffer.from(s));

/**
 * Counts an upstream body as it arrives and refuses it once it passes its limit: a stream by the
 * bytes since its last frame or line end (an unfinished one is buffered by the parsers), any other
 * body by its total. The refusal is an upstream failure, so the attempt fails over.
 */
export class BodyCap {
  private count = 0;
  /** The last bytes of the previous chunk, for a blank line split between two chunks. */
  private tail = Buffer.alloc(0);

  constructor(
    private readonly limits: BodyLimits,
    private readonly shape: BodyShape,
    private readonly provider: string,
  ) {}

  /** The `content-length` announced already exceeds the limit: refuse before reading a byte. */
  checkDeclared(length: string | string[] | undefined): void {
    const declared = Number(Array.isArray(length) ? length[0] : length);
    if (this.shape === 'whole' && Number.isFinite(declared) && declared > this.limits.responseBytes) {
      throw this.tooLarge();
    }
  }

  check(chunk: Buffer): void {
    if (this.shape === 'whole') {
      this.count += chunk.length;
      if (this.count > this.limits.responseBytes) throw this.tooLarge();
      return;
    }
    const end = this.shape === 'sse' ? this.frameEnd(chunk) : lineEnd(chunk);
    this.count = end === -1 ? this.count + chunk.length : chunk.length - end;
    if (this.count > this.limits.streamLineBytes) throw this.tooLarge();
  }

  /** Where the last complete frame in `chunk` ends (the offset after its blank line), or -1. */
  private frameEnd(chunk: Buffer): number {
    const joined = Buffer.concat([this.tail, chunk.subarray(0, 3)]);
    const across = Math.max(...BLANK_LINES.map((b) => endOf(joined, b))) - this.tail.length;
    const within = Math.max(...BLANK_LINES.map((b) => endOf(chunk, b)));
    this.tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - 3)));
    return Math.max(within, across > 0 ? across : -1);
  }

  private tooLarge(): GatewayError {
    const what =
      this.shape === 'whole'
        ? `an answer larger than the gateway accepts (${this.limits.responseBytes} bytes)`
        : `a stream event longer than the gateway accepts (${this.limits.streamLineBytes} bytes)`;
    return new GatewayError('invalid_upstream_response', `The upstream provider "${this.provider}" sent ${what}`, {
      provider: this.provider,
    });
  }
}

/** The offset after the last line end in `chunk`, or -1. */
function lineEnd(chunk: Buffer): number {
  const at = Math.max(chunk.lastIndexOf(LF), chunk.lastIndexOf(CR));
  return at === -1 ? -1 : at + 1;
}

/** The offset after the last occurrence of `needle` in `haystack`, or -1. */
function endOf(haystack: Buffer, needle: Buffer): number {
  const at = haystack.lastIndexOf(needle);
  return at === -1 ? -1 : at + needle.length;
}

/** Event streams are read frame by frame, NDJSON line by line, everything else whole. */
export function bodyShape(contentType: string | string[] | undefined): BodyShape {
  const value = (Array.isArray(contentType) ? contentType[0] : contentType) ?? '';
  if (/event-stream/i.test(value)) return 'sse';
  return /ndjson/i.test(value) ? 'lines' : 'whole';
}
