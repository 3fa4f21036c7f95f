import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';

/**
 * A client's end of a stream, for specs of the stream writer: every write in order; a client that
 * stops reading (`writableNeedDrain`) gets writes that report a full socket and no 'drain'.
 */
export class StreamClient extends EventEmitter {
  readonly received: string[] = [];
  headersSent = false;
  writableEnded = false;
  destroyed = false;
  /** A client that stopped reading: writes pile up unread. */
  writableNeedDrain = false;
  /** The connection under the response, when a spec follows what it has sent. */
  socket?: { bytesWritten: number; writableLength: number; uncork(): void };
  /** Called with each frame as it is written. */
  onFrame: (frame: string) => void = () => undefined;

  writeHead(): this {
    return this;
  }

  flushHeaders(): void {
    this.headersSent = true;
  }

  write(chunk: string): boolean {
    this.headersSent = true;
    this.received.push(chunk);
    this.onFrame(chunk);
    return !this.writableNeedDrain;
  }

  end(): void {
    this.writableEnded = true;
  }

  destroy(): void {
    this.destroyed = true;
  }

  get response(): ServerResponse {
    return this as unknown as ServerResponse;
  }
}
