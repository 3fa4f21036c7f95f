/** Weights set at run time, by model name or `model/<deployment>` key. */
export type WeightOverrides = Record<string, number>;

/** One key's effective weight going from one value to another. */
export interface WeightChange {
  key: string;
  from: number;
  to: number;
}

/** A change as the audit trail keeps it: who made it, and when (epoch ms). */
export interface WeightChangeRecord extends WeightChange {
  at: number;
  /** How the change arrived and from where, e.g. `admin ui (10.0.0.5)`; never a token. */
  actor: string;
}

/** Every weight change ever made; newest first when read. */
export interface WeightAudit {
  record(changes: readonly WeightChangeRecord[]): Promise<void>;
  recent(limit: number): Promise<WeightChangeRecord[]>;
}
