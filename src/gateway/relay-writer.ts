import { encodeSse } from '#src/core/sse.js';
import type { GatewayError } from '#src/core/gateway-error.js';
import type { CapturedText } from '#src/observability/answer-capture.js';
import type { RelayProgress } from '#src/dialects/dialect.types.js';
import type { RelayFrame } from '#src/providers/relay.types.js';
import { observeEvent, type FrameWriter, type StreamHooks } from './stream-writer.js';

/** The dialect's frames for a relayed stream that failed after `progress` went out. */
export type RelayedErrorFrame = (err: GatewayError, progress: RelayProgress) => string;

/**
 * Relayed frames as the upstream sent them (its `event:` names included); what the gateway read
 * from each feeds the usage hook and, when kept, the answer text. No dialect encoder is involved:
 * the stream's end is the upstream's, and only a failure adds a frame of the dialect's own.
 */
export function relayWriter(
  errorFrame: RelayedErrorFrame,
  hooks: StreamHooks,
  captured?: CapturedText,
): FrameWriter<RelayFrame> {
  const progress: RelayProgress = { framesSent: 0 };
  return {
    frame: ({ frame, seen }) => {
      for (const event of seen) {
        if (event.type === 'start' && event.id !== undefined) progress.answerId ??= event.id;
        observeEvent(event, hooks);
        if (captured && event.type === 'text_delta') captured.append(event.text);
      }
      if (frame === undefined) return '';
      progress.framesSent += 1;
      return encodeSse(frame.data, frame.event);
    },
    end: () => '',
    error: (err) => errorFrame(err, { ...progress }),
  };
}
