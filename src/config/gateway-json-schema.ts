import { z } from 'zod';
import { gatewayDocumentSchema } from './gateway-config.schema.js';

/** Where editors find it: the repository root, beside gateway.example.yaml. */
export const GATEWAY_JSON_SCHEMA_FILE = 'gateway.schema.json';

/** Any value may be written as `${VAR}` or `${VAR:-default}`; it is checked after expansion. */
const VARIABLE = {
  type: 'string',
  pattern: '\\$\\{[A-Za-z_][A-Za-z0-9_]*(:-.*)?\\}',
  description: 'an environment variable, expanded at start and then checked',
};

/**
 * `gateway.yaml` as JSON Schema, generated from the one description the loader checks with, so
 * editors complete and check the file. Names referring to other entries cannot be checked here
 * (they depend on the document); the loader still reports them with their place.
 */
export function gatewayJsonSchema(): Record<string, unknown> {
  // draft-07: what YAML editors (yaml-language-server) support most widely.
  const schema = z.toJSONSchema(gatewayDocumentSchema(), { target: 'draft-7', io: 'output', override: allowVariables });
  return { ...schema, title: 'Switchyard gateway.yaml', definitions: { variable: VARIABLE } };
}

/** The file's text: stable key order and a final newline, so a stale copy shows in a diff. */
export function renderGatewayJsonSchema(): string {
  return `${JSON.stringify(gatewayJsonSchema(), null, 2)}\n`;
}

function allowVariables(ctx: { jsonSchema: Record<string, unknown> }): void {
  const js = ctx.jsonSchema;
  const scalar = js.type === 'number' || js.type === 'integer' || js.type === 'boolean' || js.enum !== undefined;
  if (!scalar) return;
  const { description, ...rule } = js;
  // Zod bounds whole numbers to the safe range; that says nothing to someone writing the file.
  if (rule.maximum === Number.MAX_SAFE_INTEGER) delete rule.maximum;
  if (rule.minimum === Number.MIN_SAFE_INTEGER) delete rule.minimum;
  for (const key of Object.keys(js)) delete js[key];
  if (description !== undefined) js.description = description;
  js.anyOf = [rule, { $ref: '#/definitions/variable' }];
}
