import { readFileSync } from 'node:fs';
import { crossValidate } from './cross-validation.js';
import { evalDataDir, readSplit } from './eval-data.js';
import { BASELINE, SHIPPED, type Variant } from './variants.js';

/**
 * Cross-validation on the development split only: prints the accuracy of the baseline, the shipped
 * defaults and each candidate change, one knob at a time. The test split is never read here.
 */
const dev = readSplit(evalDataDir(process.argv), 'dev');
const pct = (x: number) => (100 * x).toFixed(1);

/** `--grid FILE` adds variants from a JSON array of `Variant`s. */
function extraVariants(argv: readonly string[]): Variant[] {
  const flag = argv.indexOf('--grid');
  return flag >= 0 ? (JSON.parse(readFileSync(argv[flag + 1], 'utf8')) as Variant[]) : [];
}

const candidates: Variant[] = [BASELINE, SHIPPED, ...extraVariants(process.argv)];
console.log('| variant | cv acc | en | zh |');
console.log('|---|---|---|---|');
for (const variant of candidates) {
  const r = crossValidate(variant, dev);
  console.log(`| ${variant.name} | ${pct(r.overall)} | ${pct(r.byLang.en)} | ${pct(r.byLang.zh)} |`);
}
