import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataDirProblem, dataDirWarnings } from './data-dir.js';

describe('the data directory check', () => {
  let root: string;
  // Root ignores permission bits, so "unwritable" is a path below a regular file: that fails for everyone.
  let underAFile: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'switchyard-data-dir-'));
    writeFileSync(join(root, 'a-file'), '');
    underAFile = join(root, 'a-file', 'data');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('accepts a directory it can create and write', () => {
    expect(dataDirProblem(join(root, 'fresh', 'data'))).toBeUndefined();
  });

  it('names the reason when the directory cannot be created', () => {
    expect(dataDirProblem(underAFile)).toBe('ENOTDIR');
  });

  it('warns in one line naming DATA_DIR, the reason and the fix', () => {
    expect(dataDirWarnings(underAFile)).toEqual([
      `DATA_DIR: ${underAFile} is not writable (ENOTDIR): weight changes cannot be saved and the request log is ` +
        'kept in memory only; make it a writable directory and restart',
    ]);
    expect(dataDirWarnings(join(root, 'fine'))).toEqual([]);
  });
});
