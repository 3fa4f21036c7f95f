import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type Builder = (...args: unknown[]) => unknown;

/** Requires as fastify itself would: its compilers are its dependencies, not ours. */
const fastifyRequire = createRequire(createRequire(import.meta.url).resolve('fastify'));

function onFirstCall<F>(name: string): F {
  let real: Builder | undefined;
  const call: Builder = (...args) => {
    real ??= (fastifyRequire(name) as () => Builder)();
    return real(...args);
  };
  return call as F;
}

/**
 * Fastify's own JSON-schema compilers (ajv for validation, fast-json-stringify for responses),
 * loaded when a route first declares a schema rather than when an instance is created: none of
 * the gateway's routes declares one, and loaded they hold ~1.6 MB of heap in every process.
 * Given as `schemaController.compilersFactory`, they make fastify treat the compilers as custom,
 * which changes only how a `headers` schema is read; no route here has one.
 */
export const SCHEMA_COMPILERS_ON_DEMAND: CompilersFactory = {
  buildValidator: onFirstCall<CompilersFactory['buildValidator']>('@fastify/ajv-compiler'),
  buildSerializer: onFirstCall<CompilersFactory['buildSerializer']>('@fastify/fast-json-stringify-compiler'),
};
