import { readFileSync } from 'node:fs';
import { GATEWAY_JSON_SCHEMA_FILE, gatewayJsonSchema, renderGatewayJsonSchema } from './gateway-json-schema.js';

interface Node {
  properties?: Record<string, Node>;
  additionalProperties?: Node | boolean;
  items?: Node;
  required?: string[];
  anyOf?: Node[];
  enum?: string[];
  minimum?: number;
  maximum?: number;
}

const root = gatewayJsonSchema() as Node;
const provider = root.properties?.providers.additionalProperties as Node;
const model = root.properties?.models.items as Node;

describe('gateway.schema.json', () => {
  it('is the committed file, regenerated with `npm run schema:write` whenever the config schema changes', () => {
    expect(readFileSync(GATEWAY_JSON_SCHEMA_FILE, 'utf8')).toBe(renderGatewayJsonSchema());
  });

  it('is the hint line at the top of gateway.example.yaml', () => {
    const first = readFileSync('gateway.example.yaml', 'utf8').split('\n')[0];
    expect(first).toBe(`# yaml-language-server: $schema=./${GATEWAY_JSON_SCHEMA_FILE}`);
  });

  it('names the sections and refuses keys the loader would refuse', () => {
    expect(Object.keys(root.properties ?? {})).toEqual(['providers', 'models', 'routing', 'fallback', 'cache', 'auth']);
    expect(root.required).toEqual(['providers', 'models']);
    expect(root.additionalProperties).toBe(false);
    expect(provider.required).toEqual(['type']);
    expect(model.additionalProperties).toBe(false);
  });

  it('offers the allowed words, and a ${VAR} reference in their place', () => {
    const [words, variable] = provider.properties?.type.anyOf ?? [];
    expect(words.enum).toEqual(['anthropic', 'openai', 'ollama', 'mock']);
    expect(variable).toEqual({ $ref: '#/definitions/variable' });
  });

  it('carries the bounds the loader checks, such as the weight range', () => {
    const [weight] = model.properties?.weight.anyOf ?? [];
    expect(weight).toMatchObject({ type: 'number', minimum: 0, maximum: 1_000_000 });
  });
});
