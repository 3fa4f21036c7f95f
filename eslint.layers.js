/**
 * The import layers of `src/`, checked by `npx eslint .`: each folder names the folders it may
 * import from (besides itself). Anything else is an upward or sideways import and fails the lint.
 * Files directly in `src/` (main, the runtime, the composition, the apps) are the application
 * layer and may import anything; `test/` and `bench/` are not layered.
 *
 *   core ← config ← {state, storage, providers} ← {auth, catalog} ← {balancing, routing} ← fallback
 *        ← cache ← {observability ← metrics, keys} ← http ← gateway ← {dialects, models, health} ← admin ← app
 */
const base = ['core', 'config'];
const domain = [
  ...base,
  'state',
  'storage',
  'providers',
  'auth',
  'catalog',
  'balancing',
  'routing',
  'fallback',
  'cache',
];
const plumbing = [...domain, 'observability', 'metrics', 'keys', 'http'];
const features = [...plumbing, 'gateway'];

export const LAYERS = {
  core: [],
  config: ['core'],
  state: base,
  storage: base,
  providers: base,
  auth: [...base, 'state', 'storage'],
  catalog: [...base, 'state', 'storage'],
  balancing: [...base, 'state', 'catalog'],
  routing: [...base, 'state', 'catalog', 'balancing'],
  fallback: [...base, 'state', 'catalog', 'balancing', 'providers'],
  cache: [...base, 'state', 'providers', 'routing'],
  observability: [...base, 'storage'],
  metrics: [...base, 'storage', 'catalog', 'fallback', 'observability'],
  keys: [...base, 'state', 'storage', 'observability'],
  http: [...base, 'observability'],
  gateway: plumbing,
  dialects: features,
  models: features,
  health: features,
  admin: [...features, 'dialects', 'models', 'health'],
};

/**
 * The dialect contract (what a codec is, what an answer's metadata is) is shared downward: the
 * pipeline and the HTTP plumbing speak to dialects only through it.
 */
const CONTRACTS = { dialects: ['dialect.types.js'] };

const FOLDERS = Object.keys(LAYERS);

function forbidden(folder) {
  return FOLDERS.filter((other) => other !== folder && !LAYERS[folder].includes(other)).map((other) => ({
    group: [`\\#src/${other}/**`, ...(CONTRACTS[other] ?? []).map((file) => `!\\#src/${other}/${file}`)],
    message: `src/${folder} may import only from ${LAYERS[folder].join(', ') || 'nothing outside itself'} (layers in eslint.layers.js).`,
  }));
}

/** One flat-config block per folder (a later block would replace, not add to, an earlier rule's options). */
export const layerBlocks = FOLDERS.map((folder) => ({
  files: [`src/${folder}/**/*.ts`],
  ignores: ['**/*.spec.ts'],
  rules: { 'no-restricted-imports': ['error', { patterns: forbidden(folder) }] },
}));
