import { readDeployments, WEIGHT } from './deployment.schema.js';
import { describeValue, indexPath } from './findings.js';
import type { ModelConfig, Price } from './gateway-config.types.js';
import { MappingReader } from './mapping.reader.js';
import { readRefList, type DeclaredNames } from './name-refs.js';
import type { SchemaContext } from './schema-context.js';

const MODEL_KEYS = [
  'name',
  'provider',
  'upstream_model',
  'weight',
  'deployments',
  'capabilities',
  'context_window',
  'price',
  'fallbacks',
];

export function readModels(value: unknown, names: DeclaredNames, ctx: SchemaContext): ModelConfig[] {
  if (!Array.isArray(value)) {
    ctx.findings.problem('models', `expected a list of models, got ${describeValue(value)}`);
    return [];
  }
  if (value.length === 0) ctx.findings.problem('models', 'expected at least one model');
  const firstIndex = new Map<string, number>();
  const out: ModelConfig[] = [];
  value.forEach((item, i) => {
    const model = readModel(item, indexPath('models', i), names, ctx);
    if (!model) return;
    const first = firstIndex.get(model.name);
    if (first === undefined) {
      firstIndex.set(model.name, i);
      out.push(model);
    } else {
      ctx.findings.problem(`models[${i}].name`, `duplicate model name "${model.name}" (first at models[${first}])`);
    }
  });
  return out;
}

function readModel(value: unknown, path: string, names: DeclaredNames, ctx: SchemaContext): ModelConfig | undefined {
  const r = MappingReader.of(value, path, ctx.findings);
  if (!r) return undefined;
  r.allowOnly(MODEL_KEYS);
  const name = r.name('name');
  const weight = r.number('weight', WEIGHT) ?? 1;
  const deployments = readDeployments(r, name ?? '', weight, names);
  const fallbacks = readRefList(r, 'fallbacks', 'model', names.models) ?? [];
  if (name && fallbacks.includes(name)) r.problem('fallbacks', `"${name}" cannot fall back to itself`);
  const capabilities = r.stringList('capabilities') ?? [];
  const contextWindow = r.number('context_window', { integer: true, min: 1 });
  const price = readPrice(r);
  if (!name) return undefined;
  return { name, deployments, weight, capabilities, contextWindow, price, fallbacks };
}

function readPrice(model: MappingReader): Price | undefined {
  const r = model.mapping('price');
  if (!r) return undefined;
  r.allowOnly(['input_per_mtok', 'output_per_mtok']);
  const present = [
    r.require('input_per_mtok', 'USD per million input tokens'),
    r.require('output_per_mtok', 'USD per million output tokens'),
  ];
  const inputPerMtok = r.number('input_per_mtok', { min: 0 });
  const outputPerMtok = r.number('output_per_mtok', { min: 0 });
  if (!present.every(Boolean) || inputPerMtok === undefined || outputPerMtok === undefined) return undefined;
  return { inputPerMtok, outputPerMtok };
}
