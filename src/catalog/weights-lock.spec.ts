import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WeightsLock } from './weights-lock.js';

describe('WeightsLock (DATA_DIR/weights.json.lock)', () => {
  let dir: string;
  let lockFile: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-weights-lock-'));
    lockFile = join(dir, 'weights.json.lock');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A pid no process has now (one that ran and exited). */
  const exitedPid = () => spawnSync(process.execPath, ['-e', '']).pid;

  /** One taker holds the lock, naming this process; the other gets it once released; no file is left over. */
  function expectTakenInTurn(one: WeightsLock, two: WeightsLock): void {
    expect(one.tryTake()).toBe(true);
    expect(two.tryTake()).toBe(false);
    expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
    one.release();
    expect(two.tryTake()).toBe(true);
    expect(readdirSync(dir)).toEqual(['weights.json.lock']);
  }

  it('is held by one taker at a time, naming it, and leaves nothing else behind', () => {
    expectTakenInTurn(new WeightsLock(dir), new WeightsLock(dir));
  });

  it.each(['EPERM', 'ENOTSUP', 'ENOSYS', 'EXDEV'])(
    'works where DATA_DIR has no hard links (link fails with %s), creating the lock exclusively',
    (code) => {
      let refused = 0;
      const noLinks = () => {
        refused++;
        throw Object.assign(new Error(`link: ${code}`), { code });
      };
      expectTakenInTurn(new WeightsLock(dir, noLinks), new WeightsLock(dir, noLinks));
      expect(refused).toBe(3); // each take tried a link first and fell back
    },
  );

  it('is never taken over by a taker, even from a holder that exited: that is for the supervisor', () => {
    writeFileSync(lockFile, String(exitedPid()));
    expect(new WeightsLock(dir).tryTake()).toBe(false);
  });

  it('is removed by the supervisor when the worker it names exits, and not when another does', () => {
    const dead = exitedPid();
    writeFileSync(lockFile, String(dead));
    writeFileSync(`${lockFile}.${dead}`, String(dead));
    const supervisor = new WeightsLock(dir);
    supervisor.releaseHeldBy(dead + 1);
    expect(readFileSync(lockFile, 'utf8')).toBe(String(dead));
    supervisor.releaseHeldBy(dead);
    expect(readdirSync(dir)).toEqual([]);
    expect(() => supervisor.releaseHeldBy(dead)).not.toThrow();
  });

  it("is cleared by the supervisor before the workers start, whatever pid it names (after a restart, another process's)", () => {
    writeFileSync(lockFile, String(process.pid));
    new WeightsLock(dir).clear();
    expect(existsSync(lockFile)).toBe(false);
    expect(new WeightsLock(dir).tryTake()).toBe(true);
  });
});
