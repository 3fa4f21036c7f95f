import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface LabelledPrompt {
  id: string;
  lang: string;
  label: string;
  prompt: string;
}

/**
 * Where the labelled set lives: `--data DIR`, else `ROUTING_EVAL_DIR`, else `../shared/eval/routing`
 * from the repository root (the current directory). The set is read in place, never copied: some
 * of its sources allow research use only.
 */
export function evalDataDir(argv: readonly string[]): string {
  const flag = argv.indexOf('--data');
  if (flag >= 0 && argv[flag + 1]) return resolve(argv[flag + 1]);
  return resolve(process.env.ROUTING_EVAL_DIR ?? '../shared/eval/routing');
}

export function readSplit(dir: string, split: 'dev' | 'test'): LabelledPrompt[] {
  const text = readFileSync(resolve(dir, `${split}.jsonl`), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const row = JSON.parse(line) as LabelledPrompt;
      return { id: row.id, lang: row.lang, label: row.label, prompt: row.prompt };
    });
}

/** One route per label, every prompt of that label as an utterance, labels in sorted order. */
export function routesFrom(
  items: readonly LabelledPrompt[],
): Array<{ name: string; models: string[]; utterances: string[] }> {
  const byLabel = new Map<string, string[]>();
  for (const item of items) byLabel.set(item.label, [...(byLabel.get(item.label) ?? []), item.prompt]);
  return [...byLabel.keys()]
    .sort()
    .map((label) => ({ name: label, models: [label], utterances: byLabel.get(label) ?? [] }));
}
