import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRequestLogStore } from './open-request-log.store.js';
import { REQUEST_LOG_FILE } from './sqlite-request-log.schema.js';

describe('openRequestLogStore', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'switchyard-open-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens (and creates) the SQLite file in the data directory', () => {
    const { store, problem } = openRequestLogStore(join(dir, 'nested'));
    expect(store.kind).toBe('sqlite');
    expect(problem).toBeUndefined();
    store.close();
  });

  it('falls back to memory with a clear reason when the file is not a database', () => {
    writeFileSync(join(dir, REQUEST_LOG_FILE), 'this is not a database, just text '.repeat(200));
    const { store, problem } = openRequestLogStore(dir);
    expect(store.kind).toBe('memory');
    expect(problem).toContain(join(dir, REQUEST_LOG_FILE));
    expect(problem).toMatch(/not a database/);
    store.close();
  });
});
