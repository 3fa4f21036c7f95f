import type { SecuritySchemeObject } from '@nestjs/swagger';

/** The OpenAPI security schemes of a client key: the two headers clients send it in. */
export const CLIENT_KEY_BEARER = 'client-key';
export const CLIENT_KEY_HEADER = 'client-key-header';

const WHILE_ON =
  'Required while client keys are on: `AUTH_MODE=keys`, or with the mode unset once any key exists, and always on a gateway bound beyond loopback unless `ALLOW_UNAUTHENTICATED` is set; ignored otherwise.';

export const CLIENT_KEY_SCHEMES: Record<string, SecuritySchemeObject> = {
  [CLIENT_KEY_BEARER]: {
    type: 'http',
    scheme: 'bearer',
    description: `A client key as \`Authorization: Bearer sk-sy-…\` (OpenAI SDK, Cursor, Codex, Ollama clients). ${WHILE_ON}`,
  },
  [CLIENT_KEY_HEADER]: {
    type: 'apiKey',
    in: 'header',
    name: 'x-api-key',
    description: `A client key as \`x-api-key: sk-sy-…\` (Anthropic SDK, Claude Code). ${WHILE_ON}`,
  },
};
