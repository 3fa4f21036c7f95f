import { writeFileSync } from 'node:fs';
import { GATEWAY_JSON_SCHEMA_FILE, renderGatewayJsonSchema } from './gateway-json-schema.js';

/** `npm run schema:write`: regenerates gateway.schema.json in the working directory. */
writeFileSync(GATEWAY_JSON_SCHEMA_FILE, renderGatewayJsonSchema());
process.stdout.write(`wrote ${GATEWAY_JSON_SCHEMA_FILE}\n`);
