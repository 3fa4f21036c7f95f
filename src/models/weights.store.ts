import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type WeightOverrides = Record<string, number>;

/** Where weight changes made at run time are kept; they win over the file until reset. */
export interface WeightsStore {
  load(): WeightOverrides;
  save(overrides: WeightOverrides): void;
}

export const WEIGHTS_STORE = Symbol('WeightsStore');

/** A JSON file in `DATA_DIR`, replaced atomically so a crash never leaves half a file. */
export class FileWeightsStore implements WeightsStore {
  private readonly path: string;

  constructor(private readonly dir: string) {
    this.path = join(dir, 'weights.json');
  }

  load(): WeightOverrides {
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.path, 'utf8'));
      const overrides = (parsed as { overrides?: unknown }).overrides;
      if (typeof overrides !== 'object' || overrides === null) return {};
      return Object.fromEntries(
        Object.entries(overrides).filter(
          (e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]),
        ),
      );
    } catch {
      return {};
    }
  }

  save(overrides: WeightOverrides): void {
    mkdirSync(this.dir, { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ overrides, saved_at: new Date().toISOString() }, null, 2));
    renameSync(tmp, this.path);
  }
}
