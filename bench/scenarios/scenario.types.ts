import type { Dialect } from '../driver/request-specs.js';

/**
 * `pipe`: the proxy that streams bodies through untouched; `bare`: the JSON-aware one (the
 * yardstick); `baseline`: another build of the gateway (`--baseline`), measured in the same rounds;
 * `control`: a second process of that build (`--control`), whose ratio to it is the bench's noise.
 */
export type TargetName = 'direct' | 'pipe' | 'bare' | 'switchyard' | 'baseline' | 'control';

export const TARGETS: readonly TargetName[] = ['direct', 'pipe', 'bare', 'switchyard'];

export interface Scenario {
  id: string;
  title: string;
  stream: boolean;
  /** What the client speaks to bare and Switchyard. */
  dialect: Dialect;
  /** The model clients send (see bench-models.ts). */
  model: string;
  concurrency: number;
  /** Targets measured, in this order within a round. */
  targets: readonly TargetName[];
  /** What the client sends straight to the fake, when it differs from the proxied request. */
  direct?: { dialect: Dialect; model: string };
}
