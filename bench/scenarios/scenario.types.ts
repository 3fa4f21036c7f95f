import type { Dialect } from '../driver/request-specs.js';

export type TargetName = 'direct' | 'bare' | 'switchyard';

export const TARGETS: readonly TargetName[] = ['direct', 'bare', 'switchyard'];

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
