import type { z } from 'zod';
import type { AuthConfig } from './gateway-config.types.js';
import { mapping, oneOf, optional } from './schema-fields.js';

export const AUTH_MODES = ['off', 'keys'] as const satisfies readonly AuthConfig['mode'][];

export const authSchema = optional(
  mapping({
    mode: oneOf(AUTH_MODES).describe(
      'off: anyone who reaches the proxy may call it; keys: every call needs a client key (sk-sy-…). ' +
        'Unset: keys once any key exists, otherwise off (AUTH_MODE overrides)',
    ),
  }),
).describe('who may call the proxy');

/** The section as written; an unset mode is decided at start from the environment and the key store. */
export function toAuth(a: z.output<typeof authSchema>): Partial<AuthConfig> {
  return a?.mode === undefined ? {} : { mode: a.mode };
}
