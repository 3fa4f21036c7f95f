import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { GatewayError } from '#src/core/gateway-error.js';
import { fsReason, makeDataDir } from '#src/config/data-dir.js';
import { WeightsLock } from './weights-lock.js';
import type { WeightAudit, WeightChangeRecord, WeightOverrides } from '#src/storage/weight-changes.types.js';

export type { WeightOverrides } from '#src/storage/weight-changes.types.js';

/** Where weight changes made at run time are kept, with who made them; they win over the file until reset. */
export interface WeightsStore {
  /** The overrides as stored when the process started (read once, before the first request). */
  load(): WeightOverrides;
  /**
   * For a store that could not be read at start: the stored overrides once it can be (undefined
   * when `load` already had them), so a change is built on them rather than replacing them; rejects
   * with a client-safe error while the store still cannot be read.
   */
  catchUp?(): Promise<WeightOverrides | undefined>;
  /** Keeps the new overrides and records the changes; rejects with a client-safe error when it cannot keep them. */
  save(overrides: WeightOverrides, changes: readonly WeightChangeRecord[]): Promise<void>;
  /** The newest changes first. */
  history(limit: number): Promise<WeightChangeRecord[]>;
}

export const WEIGHTS_STORE = Symbol('WeightsStore');

/** A change waits up to 5 s for another process's change to the same file (a few milliseconds' work). */
export const LOCK_WAIT = { retryMs: 20, tries: 250 };

const errorCode = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

/**
 * A JSON file in `DATA_DIR`, replaced atomically so a crash never leaves half a file, with the
 * audit trail in the local database when it can be opened. The audit is a record of what was
 * done: a change the file kept is applied even when its audit row cannot be written (logged).
 */
export class FileWeightsStore implements WeightsStore {
  private readonly path: string;
  private readonly lock: WeightsLock;
  private readonly logger = new Logger('Weights');
  /** Set when the file could not be read at start: no change is built on nothing until it can. */
  private unreadAtStart = false;

  constructor(
    private readonly dir: string,
    private readonly audit?: WeightAudit,
  ) {
    this.path = join(dir, 'weights.json');
    this.lock = new WeightsLock(dir);
  }

  /**
   * Runs `work` while no other process sharing this `DATA_DIR` (a worker of `WORKERS=N`) runs its
   * own (see WeightsLock); a change that waits too long is refused with a client-safe 503.
   */
  async exclusively<T>(work: () => Promise<T>): Promise<T> {
    await this.take();
    try {
      return await work();
    } finally {
      this.lock.release();
    }
  }

  private async take(): Promise<void> {
    for (let tries = 1; ; tries++) {
      try {
        makeDataDir(this.dir);
        if (this.lock.tryTake()) return;
      } catch (err) {
        throw this.unwritable(err);
      }
      if (tries >= LOCK_WAIT.tries)
        throw new GatewayError('unavailable', 'Weights are being changed by another worker for too long; try again');
      await sleep(LOCK_WAIT.retryMs);
    }
  }

  async history(limit: number): Promise<WeightChangeRecord[]> {
    return this.audit === undefined ? [] : this.audit.recent(limit);
  }

  /**
   * The saved overrides, none when the file cannot be read (the operator gets the path and the
   * reason; changes are refused until it can be, see catchUp).
   */
  load(): WeightOverrides {
    try {
      return this.read();
    } catch (err) {
      this.unreadAtStart = true;
      this.logger.warn(
        `Cannot read the saved weight changes in ${this.path} (${fsReason(err)}): starting without them`,
      );
      return {};
    }
  }

  /**
   * When the file could not be read at start: what it holds now, so a change keeps it rather than
   * overwriting it; refused with a client-safe 503 while it still cannot be read.
   */
  async catchUp(): Promise<WeightOverrides | undefined> {
    if (!this.unreadAtStart) return undefined;
    let overrides: WeightOverrides;
    try {
      overrides = this.read();
    } catch (err) {
      throw this.unreadable(err);
    }
    this.unreadAtStart = false;
    this.logger.log(`The saved weight changes in ${this.path} are read now`);
    return overrides;
  }

  /**
   * The overrides the file holds now, none when there is no file yet; throws when it cannot be
   * read or is not one this store wrote, so a change is not built on nothing.
   */
  read(): WeightOverrides {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (err) {
      // A path through a regular file holds no file either: it is DATA_DIR that is wrong, said when a change is saved.
      if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') return {};
      throw err;
    }
    const overrides = (parsed as { overrides?: unknown } | null)?.overrides;
    if (typeof overrides !== 'object' || overrides === null) throw new Error('no "overrides" object in the file');
    return Object.fromEntries(
      Object.entries(overrides).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])),
    );
  }

  /** For a change that could not read the file: the operator gets the path and the reason, the client a 503. */
  unreadable(err: unknown): GatewayError {
    this.logger.error(
      `Cannot read the saved weight changes in ${this.path} (${fsReason(err)}): make it a readable JSON file again`,
    );
    return new GatewayError(
      'unavailable',
      'The weight change was not applied: the gateway cannot read the weights saved in its data directory ' +
        '(the operator has the details in the log)',
    );
  }

  /** Rejects with a client-safe GatewayError when the file cannot be written; the operator gets the path and the fix. */
  async save(overrides: WeightOverrides, changes: readonly WeightChangeRecord[]): Promise<void> {
    this.write(overrides);
    try {
      await this.audit?.record(changes);
    } catch (err) {
      this.logger.warn(`A weight change was applied but not recorded in the audit trail (${fsReason(err)})`);
    }
  }

  private write(overrides: WeightOverrides): void {
    try {
      makeDataDir(this.dir);
      const tmp = `${this.path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ overrides, saved_at: new Date().toISOString() }, null, 2));
      renameSync(tmp, this.path);
    } catch (err) {
      throw this.unwritable(err);
    }
  }

  private unwritable(err: unknown): GatewayError {
    this.logger.error(
      `Cannot save weight changes to ${this.path} (${fsReason(err)}): make DATA_DIR (${this.dir}) a writable directory`,
    );
    return new GatewayError(
      'unavailable',
      'The weight change was not applied: the gateway cannot save it to its data directory (DATA_DIR is not ' +
        'writable; the operator has the details in the log)',
    );
  }
}
