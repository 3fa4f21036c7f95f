import type { PrivacyConfig } from './gateway-config.types.js';
import { refList, type DeclaredNames } from './name-refs.js';
import { patternProblem } from './re2-pattern.js';
import { list, mapping, text } from './schema-fields.js';

/**
 * `routing.privacy`: with this section present, a request that carries a secret (a built-in
 * detector or an operator pattern matches) goes only to `models`, or is refused when none of them
 * can take it.
 */
export function privacySchema(names: DeclaredNames | undefined) {
  return mapping({
    models: refList('chat model', names).describe('the local models a request carrying a secret may go to'),
    patterns: list(text({ required: 'an RE2 regular expression', check: patternProblem })).describe(
      'RE2 patterns (linear time) that mark a secret, besides the built-in detectors',
    ),
  }).describe('keeps requests that carry secrets (keys, tokens, passwords) on local models');
}

export function toPrivacy(p: { models?: string[]; patterns?: string[] }): PrivacyConfig {
  return { models: p.models ?? [], patterns: p.patterns ?? [] };
}
