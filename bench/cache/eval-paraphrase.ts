import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { numberSignature } from '../../src/cache/number-signature.js';
import { CACHE_LOCAL_ENCODER, promptEncoder } from '../../src/cache/prompt-encoder.js';
import { EmbeddingEncoder } from '../../src/routing/matchers/semantic/embedding-encoder.js';
import type { LocalEncoderOptions } from '../../src/routing/matchers/semantic/local-encoder.options.js';
import type { SemanticEncoder } from '../../src/routing/matchers/semantic/semantic-encoder.js';
import { similarity } from '../../src/cache/similarity.js';
import { DEFAULT_CACHE_THRESHOLD } from '../../src/config/cache.schema.js';

/**
 * Semantic-cache precision and recall on labelled prompt pairs (English and Chinese): are the two
 * prompts the same question (a cached answer to one may serve the other) or not? Scores come from
 * the encoder and similarity the cache ships with. The threshold is chosen on the dev half (every
 * other pair of each language and label) as the lowest one whose precision reaches the target,
 * then reported once on the test half. Writes bench/results/cache-semantic.{md,json}.
 */
interface Pair {
  lang: 'en' | 'zh';
  same: boolean;
  a: string;
  b: string;
}

interface Scored extends Pair {
  score: number;
}

interface Counts {
  precision: number;
  recall: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** Serving a wrong answer is worse than asking upstream again: precision comes first. */
const PRECISION_TARGET = 0.95;
const SWEEP = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];

const option = (name: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined;
/** Read from the repository root, where the results are written too. */
const pairsFile = option('--pairs') ?? 'bench/cache/pairs.jsonl';

function readPairs(file: string): Pair[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Pair);
}

interface Variant {
  name: string;
  local?: Partial<LocalEncoderOptions>;
  /** An OpenAI-compatible embeddings endpoint (`--embeddings <base url> --model <name>`) instead. */
  embedding?: { baseUrl: string; model: string };
  /** Whether prompts must mention the same numbers (as the cache requires). */
  numbers: boolean;
}

/** The shipped settings first; the others are what was compared on dev to choose them. */
const EMBEDDINGS = option('--embeddings');
const EMBEDDING_MODEL = option('--model') ?? 'text-embedding-3-small';

const LOCAL_VARIANTS: Variant[] = [
  { name: 'shipped', local: CACHE_LOCAL_ENCODER, numbers: true },
  { name: 'routing encoder, no number guard', local: {}, numbers: false },
  { name: 'shipped, function words kept', local: { ...CACHE_LOCAL_ENCODER, dropStopWords: false }, numbers: true },
  { name: 'shipped, chars 2-4', local: { ...CACHE_LOCAL_ENCODER, charNgrams: [2, 4] }, numbers: true },
  { name: 'shipped, words only', local: { ...CACHE_LOCAL_ENCODER, familyWeights: [1, 0] }, numbers: true },
  { name: 'shipped, chars only', local: { ...CACHE_LOCAL_ENCODER, familyWeights: [0, 1] }, numbers: true },
];

const VARIANTS: Variant[] = EMBEDDINGS
  ? [
      {
        name: `embedding ${EMBEDDING_MODEL}`,
        embedding: { baseUrl: EMBEDDINGS, model: EMBEDDING_MODEL },
        numbers: true,
      },
    ]
  : LOCAL_VARIANTS;

/** `/embeddings` of an OpenAI-compatible server; the key, if any, from OPENAI_API_KEY. */
function embeddingEncoder({ baseUrl, model }: { baseUrl: string; model: string }): SemanticEncoder {
  return new EmbeddingEncoder(model, async (texts) => {
    const res = await fetch(`${baseUrl.replace(/\/$/, '')}/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.OPENAI_API_KEY ?? 'none'}` },
      body: JSON.stringify({ model, input: texts }),
    });
    if (!res.ok) throw new Error(`embeddings answered ${res.status}`);
    const body = (await res.json()) as { data: Array<{ embedding: number[] }> };
    return body.data.map((d) => d.embedding);
  });
}

async function score(pairs: Pair[], variant: Variant): Promise<Scored[]> {
  const encoder = variant.embedding
    ? embeddingEncoder(variant.embedding)
    : promptEncoder('local', { find: () => undefined }, variant.local);
  if (!encoder) throw new Error('the local encoder is always available');
  const out: Scored[] = [];
  for (const pair of pairs) {
    const [a, b] = await encoder.encode([pair.a, pair.b]);
    const guarded = variant.numbers && numberSignature(pair.a) !== numberSignature(pair.b);
    out.push({ ...pair, score: guarded ? 0 : similarity(a, b) });
  }
  return out;
}

function counts(items: Scored[], threshold: number): Counts {
  const tp = items.filter((p) => p.same && p.score >= threshold).length;
  const fp = items.filter((p) => !p.same && p.score >= threshold).length;
  const fn = items.filter((p) => p.same && p.score < threshold).length;
  const tn = items.length - tp - fp - fn;
  return { precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 0 : tp / (tp + fn), tp, fp, fn, tn };
}

/** Every other pair of each (language, label) group goes to dev, the rest to test. */
function split(items: Scored[]): { dev: Scored[]; test: Scored[] } {
  const seen = new Map<string, number>();
  const dev: Scored[] = [];
  const test: Scored[] = [];
  for (const item of items) {
    const group = `${item.lang}:${item.same}`;
    const n = seen.get(group) ?? 0;
    seen.set(group, n + 1);
    (n % 2 === 0 ? dev : test).push(item);
  }
  return { dev, test };
}

function chooseThreshold(dev: Scored[]): number {
  const candidates = [...new Set(dev.map((p) => Math.round(p.score * 1000) / 1000))].sort((x, y) => x - y);
  for (const t of candidates) if (counts(dev, t).precision >= PRECISION_TARGET && counts(dev, t).tp > 0) return t;
  return 1;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const row = (name: string, c: Counts) =>
  `| ${name} | ${pct(c.precision)} | ${pct(c.recall)} | ${c.tp} | ${c.fp} | ${c.fn} | ${c.tn} |`;

async function main(): Promise<void> {
  const pairs = readPairs(pairsFile);
  const devRows: string[] = [];
  for (const variant of VARIANTS) {
    const { dev } = split(await score(pairs, variant));
    const t = chooseThreshold(dev);
    devRows.push(row(`${variant.name} (dev @ ${t})`, counts(dev, t)));
  }
  const scored = await score(pairs, VARIANTS[0]);
  const { dev, test } = split(scored);
  const chosen = chooseThreshold(dev);
  const shipped = EMBEDDINGS ? DEFAULT_CACHE_THRESHOLD.embedding : DEFAULT_CACHE_THRESHOLD.local;
  const lines = [
    `# Semantic cache: paraphrase detection (${EMBEDDINGS ? `embedding model ${EMBEDDING_MODEL}` : 'built-in local encoder'})`,
    '',
    `${scored.length} labelled pairs (${dev.length} dev, ${test.length} test), English and Chinese; negatives are mostly near misses (same topic, different question).`,
    `Threshold chosen on dev (lowest with precision >= ${PRECISION_TARGET * 100}%): **${chosen}**; shipped default: **${shipped}**.`,
    '',
    'Dev: each variant at its own lowest threshold reaching the precision target.',
    '',
    '| variant | precision | recall | TP | FP | FN | TN |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...devRows,
    '',
    'Shipped settings (first row above), threshold from dev, measured once on test; then all pairs at fixed thresholds.',
    '',
    '| set @ threshold | precision | recall | TP | FP | FN | TN |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    row(`test @ chosen ${chosen}`, counts(test, chosen)),
    row(
      `test en @ ${chosen}`,
      counts(
        test.filter((p) => p.lang === 'en'),
        chosen,
      ),
    ),
    row(
      `test zh @ ${chosen}`,
      counts(
        test.filter((p) => p.lang === 'zh'),
        chosen,
      ),
    ),
    row(`all @ shipped ${shipped}`, counts(scored, shipped)),
    ...SWEEP.map((t) => row(`all @ ${t}`, counts(scored, t))),
    '',
    'Worst confusions (all pairs): highest-scoring different questions and lowest-scoring same ones.',
    '',
    ...scored
      .filter((p) => !p.same)
      .sort((x, y) => y.score - x.score)
      .slice(0, 5)
      .map((p) => `- different, ${p.score.toFixed(3)}: "${p.a}" / "${p.b}"`),
    ...scored
      .filter((p) => p.same)
      .sort((x, y) => x.score - y.score)
      .slice(0, 5)
      .map((p) => `- same, ${p.score.toFixed(3)}: "${p.a}" / "${p.b}"`),
  ];
  const text = `${lines.join('\n')}\n`;
  process.stdout.write(text);
  mkdirSync('bench/results', { recursive: true });
  const name = EMBEDDINGS ? 'cache-semantic-embedding' : 'cache-semantic';
  writeFileSync(`bench/results/${name}.md`, text);
  writeFileSync(
    `bench/results/${name}.json`,
    `${JSON.stringify({ chosen, shipped, test: counts(test, chosen), all: counts(scored, shipped), pairs: scored }, null, 1)}\n`,
  );
}

await main();
