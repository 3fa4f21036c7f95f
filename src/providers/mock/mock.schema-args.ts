/**
 * Deterministic arguments for a JSON Schema object: one value per declared property, picked by
 * type (an `enum` or `const` wins, so the value is always one the schema accepts).
 */
export function argumentsFromSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = schema.properties;
  if (!properties || typeof properties !== 'object') return {};
  const args: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties as Record<string, unknown>)) {
    args[name] = valueFor(property && typeof property === 'object' ? (property as Record<string, unknown>) : {});
  }
  return args;
}

function valueFor(property: Record<string, unknown>): unknown {
  if ('const' in property) return property.const;
  if (Array.isArray(property.enum) && property.enum.length > 0) return property.enum[0];
  const types = Array.isArray(property.type) ? property.type : [property.type];
  const type = types.find((t) => t !== 'null');
  switch (type) {
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return 'demo';
  }
}
