import { createRequire } from 'node:module';
import type * as Re2 from 're2js';

let loaded: typeof Re2 | undefined;

/**
 * RE2, loaded when the first pattern is compiled: a configuration without routing rules or
 * privacy patterns never loads it (about 0.4 MB of heap). Its CommonJS build, so loading stays
 * synchronous; every compile goes through here, so one copy of its classes is ever loaded.
 */
export function re2(): typeof Re2 {
  loaded ??= createRequire(import.meta.url)('re2js') as typeof Re2;
  return loaded;
}
