import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const mainSource = readFileSync(fileURLToPath(new URL('./main.ts', import.meta.url)), 'utf8');

/** The modules main.ts imports, in the order it imports them (import statements only). */
function importedModules(source: string): string[] {
  return [...source.matchAll(/^import\b[^;]*?'([^']+)';/gm)].map((match) => match[1]);
}

describe('date formats while loading', () => {
  // ES modules run in import order: any framework module imported before this one would build
  // its date formatter at once, and ICU's data would be loaded for the life of the process.
  it('is the first thing main.ts imports after reflect-metadata', () => {
    expect(importedModules(mainSource).slice(0, 2)).toEqual(['reflect-metadata', './date-formats-while-loading.js']);
  });
});
