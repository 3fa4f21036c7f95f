import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface OutOfScopePrompt {
  lang: string;
  topic: string;
  prompt: string;
}

/**
 * Prompts that belong to none of the labelled routes (weather, chit-chat, errands), English and
 * Chinese, written for this benchmark and kept beside it: `out-of-scope.dev.jsonl` was used while
 * choosing the calibration, `out-of-scope.jsonl` only to report it.
 */
export function readOutOfScope(split: 'dev' | 'test'): OutOfScopePrompt[] {
  const file = split === 'dev' ? 'out-of-scope.dev.jsonl' : 'out-of-scope.jsonl';
  const text = readFileSync(resolve('bench/routing', file), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const row = JSON.parse(line) as Partial<OutOfScopePrompt>;
      return { lang: row.lang ?? '', topic: row.topic ?? '', prompt: row.prompt ?? '' };
    });
}
