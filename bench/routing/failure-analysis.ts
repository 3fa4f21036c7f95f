import { buildRouter, vectorOf } from './classify.js';
import { stratifiedFolds } from './cross-validation.js';
import { evalDataDir, type LabelledPrompt, readSplit } from './eval-data.js';
import { passes } from '#src/routing/matchers/semantic/semantic-router.js';
import { SHIPPED } from './variants.js';

/**
 * Where dev prompts fail at the defaults, by 5-fold cross-validation (dev only, the test split is never
 * read): per language and label, routed right, put on a wrong route (and taken), put on a wrong route but
 * sent to the default route by its check, or ranked right and sent to the default route; then the
 * confusions and, for the first split, every prompt that failed. `--seeds N` pools N splits.
 */
const dev = readSplit(evalDataDir(process.argv), 'dev');
const seeds = Number(process.argv[process.argv.indexOf('--seeds') + 1] || 1);
type Outcome = 'right' | 'wrong route, passed' | 'wrong route, to default' | 'right route, to default';
const counts = new Map<string, Map<Outcome, number>>();
const add = (key: string, o: Outcome) => {
  const m = counts.get(key) ?? new Map<Outcome, number>();
  m.set(o, (m.get(o) ?? 0) + 1);
  counts.set(key, m);
};
const confusion = new Map<string, number>();
const examples: string[] = [];
for (let seed = 0; seed < seeds; seed++) {
  const parts = stratifiedFolds(dev, 5, seed);
  parts.forEach((heldOut, f) => {
    const train = parts.filter((_, g) => g !== f).flat();
    const router = buildRouter(SHIPPED, train, 'calibrated');
    for (const item of heldOut as LabelledPrompt[]) {
      const c = router.nearest(vectorOf(router, item.prompt), item.prompt)!;
      const ok = passes(c);
      const o: Outcome =
        c.route === item.label
          ? ok
            ? 'right'
            : 'right route, to default'
          : ok
            ? 'wrong route, passed'
            : 'wrong route, to default';
      add(`all`, o);
      add(`lang ${item.lang}`, o);
      add(`label ${item.label}/${item.lang}`, o);
      if (c.route !== item.label) {
        const k = `${item.label} -> ${c.route} (${item.lang})`;
        confusion.set(k, (confusion.get(k) ?? 0) + 1);
        if (seed === 0)
          examples.push(
            `${k} ${ok ? 'PASS' : 'DEF '} runner=${c.runnerUp?.route} ${item.prompt.slice(0, 110).replace(/\s+/g, ' ')}`,
          );
      } else if (!ok && seed === 0)
        examples.push(`${item.label} right->DEFAULT (${item.lang}) ${item.prompt.slice(0, 110).replace(/\s+/g, ' ')}`);
    }
  });
}
const outcomes: Outcome[] = ['right', 'wrong route, passed', 'wrong route, to default', 'right route, to default'];
console.log(`| group | n | ${outcomes.join(' | ')} |`);
for (const [k, m] of [...counts].sort()) {
  const n = outcomes.reduce((a, o) => a + (m.get(o) ?? 0), 0);
  console.log(`| ${k} | ${n} | ${outcomes.map((o) => m.get(o) ?? 0).join(' | ')} |`);
}
console.log(
  [...confusion]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${v} ${k}`)
    .join('\n'),
);
console.log(examples.sort().join('\n'));
