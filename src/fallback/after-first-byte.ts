import type { ChatEvent } from '#src/core/chat.types.js';
import type { GatewayError } from '#src/core/gateway-error.js';
import type { AttemptRecord } from '#src/core/route.types.js';
import type { DeploymentRef } from '#src/catalog/model-catalog.js';
import type { FollowingLatch } from '#src/core/following-latch.js';
import type { RelayFrame } from '#src/providers/relay.types.js';
import type { BreakerPass } from './breaker.types.js';
import type { AttemptOutcomes } from './attempt-outcomes.js';
import type { ProgressDeadline } from './progress-deadline.js';
import type { StreamTracking } from './tracked-stream.js';

/**
 * Watches an opened answer: a failure midway is an attempt's outcome like one before the first byte
 * (the breaker, the log, the provider alarm); its end frees the attempt.
 * One object with methods, not closures: every attempt holds it while it waits for its upstream.
 */
export class AfterFirstByte implements StreamTracking<ChatEvent | RelayFrame> {
  constructor(
    private readonly record: AttemptRecord,
    private readonly deployment: DeploymentRef,
    /** What the deployment's breaker let the attempt through with. */
    private readonly pass: BreakerPass,
    private readonly outcomes: AttemptOutcomes,
    private readonly latch: FollowingLatch,
    private readonly release: () => void,
    /**
     * A stream's, started at its first item: before it the first-byte deadline is the bound, and a
     * keep-alive deadline running then could end the attempt first, as a timeout.
     */
    private readonly progress: ProgressDeadline | undefined,
  ) {}

  onOpen(): void {
    this.progress?.start();
  }

  onItem(item: ChatEvent | RelayFrame): void {
    // A whole answer has no progress deadline: its items are not looked at.
    if (this.progress !== undefined && isProgress(item)) this.progress.progressed();
  }

  onError(err: GatewayError): void {
    this.record.outcome = 'error';
    this.record.errorKind = err.kind;
    this.outcomes.failed(this.deployment, err, this.pass);
  }

  onEnd(): void {
    this.progress?.stop();
    this.latch.unfollow();
    this.release();
  }
}

/**
 * Whether a stream's item is progress: every canonical event is (keep-alives decode to none), and
 * every relayed frame but an upstream's keep-alive (Anthropic's `ping`; SSE comments are no frames).
 */
function isProgress(item: ChatEvent | RelayFrame): boolean {
  return !('seen' in item) || item.frame?.event !== 'ping';
}
