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

/**
 * Counts an upstream body as it arrives and refuses it once it passes its limit: a stream by the
 * bytes since its last frame or line end (an unfinished one is buffered by the parsers), any other
 * body by its total. The refusal is an upstream failure, so the attempt fails over.
 */
export class BodyCap {
  private count = 0;
  /** The last three bytes of the previous chunk, newest first (-1: none), for a blank line split between two chunks. */
  private readonly before = [-1, -1, -1];

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

  /**
   * Where the last complete frame in `chunk` ends (the offset after its blank line: LF LF, CR CR or
   * CRLF CRLF), or -1. Searched from the end without copying: a frame normally ends the chunk.
   */
  private frameEnd(chunk: Buffer): number {
    let end = -1;
    for (let i = chunk.length - 1; i >= 0 && end === -1; i -= 1) {
      const last = chunk[i];
      if (last !== LF && last !== CR) continue;
      const prev = this.byteAt(chunk, i - 1);
      if (prev === last) end = i + 1;
      else if (last === LF && prev === CR && this.byteAt(chunk, i - 2) === LF && this.byteAt(chunk, i - 3) === CR) {
        end = i + 1;
      }
    }
    for (let i = Math.max(0, chunk.length - 3); i < chunk.length; i += 1) {
      this.before[2] = this.before[1];
      this.before[1] = this.before[0];
      this.before[0] = chunk[i];
    }
    return end;
  }

  /** A byte of `chunk`, or before its start (negative `i`) one of the previous chunk's last three. */
  private byteAt(chunk: Buffer, i: number): number {
    return i >= 0 ? chunk[i] : this.before[-1 - i];
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

/** Event streams are read frame by frame, NDJSON line by line, everything else whole. */
export function bodyShape(contentType: string | string[] | undefined): BodyShape {
  const value = (Array.isArray(contentType) ? contentType[0] : contentType) ?? '';
  if (/event-stream/i.test(value)) return 'sse';
  return /ndjson/i.test(value) ? 'lines' : 'whole';
}
