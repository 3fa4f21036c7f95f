import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { GatewayError } from '#src/core/gateway-error.js';
import { fsReason } from '#src/config/data-dir.js';

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
  private readonly logger = new Logger('Weights');

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

  /** Throws a client-safe GatewayError when the file cannot be written; the operator gets the path and the fix. */
  save(overrides: WeightOverrides): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      const tmp = `${this.path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ overrides, saved_at: new Date().toISOString() }, null, 2));
      renameSync(tmp, this.path);
    } catch (err) {
      this.logger.error(
        `Cannot save weight changes to ${this.path} (${fsReason(err)}): make DATA_DIR (${this.dir}) a writable directory`,
      );
      throw new GatewayError(
        'unavailable',
        'The weight change was not applied: the gateway cannot save it to its data directory (DATA_DIR is not ' +
          'writable; the operator has the details in the log)',
      );
    }
  }
}
