/**
 * Whether the client of one request is still there, and whom to tell when it leaves. Each attempt
 * links its own AbortController to it (see `linkedAbort`), so a request makes one AbortSignal per
 * attempt rather than one more for itself: a signal and its EventTarget listeners cost several
 * microseconds each, on every request, and most requests never see their client leave.
 */
export class ClientAbort {
  private why: Error | undefined;
  private readonly listeners = new Set<(reason: Error) => void>();
  private controller: AbortController | undefined;

  get aborted(): boolean {
    return this.why !== undefined;
  }

  get reason(): Error | undefined {
    return this.why;
  }

  /** An AbortSignal for code that needs one (a stream waiting to drain), made on first use. */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.why !== undefined) this.controller.abort(this.why);
    }
    return this.controller.signal;
  }

  /** The client left: every listener hears it once, and any later one at once. */
  abort(reason: Error): void {
    if (this.why !== undefined) return;
    this.why = reason;
    this.controller?.abort(reason);
    for (const listener of this.listeners) listener(reason);
    this.listeners.clear();
  }

  /** Calls `listener` when the client leaves (at once if it has); returns what stops listening. */
  onAbort(listener: (reason: Error) => void): () => void {
    if (this.why !== undefined) {
      listener(this.why);
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
