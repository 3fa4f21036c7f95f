import { GatewayError } from '#src/core/gateway-error.js';

/** How much of an upstream answer the gateway holds at once. */
export interface BodyLimits {
  /** A body read whole (a JSON answer, an error page), bytes. */
  responseBytes: number;
  /** One line of a stream (an SSE line, an NDJSON line), bytes: a stream is read line by line, never whole. */
  streamLineBytes: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = { responseBytes: 32 * 1024 * 1024, streamLineBytes: 1024 * 1024 };

const LF = 0x0a;
const CR = 0x0d;

/**
 * Counts an upstream body as it arrives and refuses it once it passes its limit: a streamed body
 * by the bytes since its last line end (an unterminated line is buffered by the parsers), any
 * other by its total. The refusal is an upstream failure, so the attempt fails over.
 */
export class BodyCap {
  private count = 0;

  constructor(
    private readonly limits: BodyLimits,
    private readonly streamed: boolean,
    private readonly provider: string,
  ) {}

  /** The `content-length` announced already exceeds the limit: refuse before reading a byte. */
  checkDeclared(length: string | string[] | undefined): void {
    const declared = Number(Array.isArray(length) ? length[0] : length);
    if (!this.streamed && Number.isFinite(declared) && declared > this.limits.responseBytes) throw this.tooLarge();
  }

  check(chunk: Buffer): void {
    if (!this.streamed) {
      this.count += chunk.length;
      if (this.count > this.limits.responseBytes) throw this.tooLarge();
      return;
    }
    let end = chunk.lastIndexOf(LF);
    if (end === -1) end = chunk.lastIndexOf(CR);
    this.count = end === -1 ? this.count + chunk.length : chunk.length - end - 1;
    if (this.count > this.limits.streamLineBytes) throw this.tooLarge();
  }

  private tooLarge(): GatewayError {
    const what = this.streamed
      ? `a stream line longer than the gateway accepts (${this.limits.streamLineBytes} bytes)`
      : `an answer larger than the gateway accepts (${this.limits.responseBytes} bytes)`;
    return new GatewayError('invalid_upstream_response', `The upstream provider "${this.provider}" sent ${what}`, {
      provider: this.provider,
    });
  }
}

/** Event streams and NDJSON are read line by line; everything else is read whole. */
export function isStreamedType(contentType: string | string[] | undefined): boolean {
  const value = (Array.isArray(contentType) ? contentType[0] : contentType) ?? '';
  return /event-stream|ndjson/i.test(value);
}
