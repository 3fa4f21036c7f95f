import type * as Swagger from '@nestjs/swagger';

/**
 * The OpenAPI decorators our controllers and DTOs use, under @nestjs/swagger's names and types.
 * Each one is noted where it is written and applied by Swagger's own decorator when a document
 * is first asked for, so @nestjs/swagger and its ~500 modules load on the first request for the
 * docs rather than in every process at start (about 6 MB of idle memory).
 */
type Noted =
  | 'ApiBadRequestResponse'
  | 'ApiBearerAuth'
  | 'ApiBody'
  | 'ApiDefaultResponse'
  | 'ApiExcludeController'
  | 'ApiExtraModels'
  | 'ApiHeader'
  | 'ApiOkResponse'
  | 'ApiOperation'
  | 'ApiProduces'
  | 'ApiProperty'
  | 'ApiPropertyOptional'
  | 'ApiQuery'
  | 'ApiSecurity'
  | 'ApiServiceUnavailableResponse'
  | 'ApiTags'
  | 'ApiUnauthorizedResponse';

type AnyDecorator = (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => unknown;

interface Note {
  name: Noted;
  args: unknown[];
  target: object;
  key?: string | symbol;
  descriptor?: PropertyDescriptor;
}

const notes: Note[] = [];
let applied: Promise<typeof Swagger> | undefined;
/** Once loaded, a decorator written later (a class loaded late) is applied at once. */
let loaded: typeof Swagger | undefined;

function apply(swagger: typeof Swagger, { name, args, target, key, descriptor }: Note): void {
  const decorate = (swagger[name] as (...a: unknown[]) => AnyDecorator)(...args);
  decorate(target, key, descriptor);
}

function noted<N extends Noted>(name: N): (typeof Swagger)[N] {
  const decorator = (...args: unknown[]): AnyDecorator => {
    return (target, key, descriptor) => {
      const note = { name, args, target, key, descriptor };
      if (loaded) apply(loaded, note);
      else notes.push(note);
    };
  };
  return decorator as unknown as (typeof Swagger)[N];
}

export const ApiBadRequestResponse = noted('ApiBadRequestResponse');
export const ApiBearerAuth = noted('ApiBearerAuth');
export const ApiBody = noted('ApiBody');
export const ApiDefaultResponse = noted('ApiDefaultResponse');
export const ApiExcludeController = noted('ApiExcludeController');
export const ApiExtraModels = noted('ApiExtraModels');
export const ApiHeader = noted('ApiHeader');
export const ApiOkResponse = noted('ApiOkResponse');
export const ApiOperation = noted('ApiOperation');
export const ApiProduces = noted('ApiProduces');
export const ApiProperty = noted('ApiProperty');
export const ApiPropertyOptional = noted('ApiPropertyOptional');
export const ApiQuery = noted('ApiQuery');
export const ApiSecurity = noted('ApiSecurity');
export const ApiServiceUnavailableResponse = noted('ApiServiceUnavailableResponse');
export const ApiTags = noted('ApiTags');
export const ApiUnauthorizedResponse = noted('ApiUnauthorizedResponse');

/** The `$ref` of a named schema, as Swagger writes it. */
export function getSchemaPath(model: string | { name: string }): string {
  return `#/components/schemas/${typeof model === 'string' ? model : model.name}`;
}

/**
 * Loads @nestjs/swagger and applies every decorator noted so far, in the order they were written
 * (the order Swagger's own would have run in); later calls share the first one's work.
 */
export function swaggerWithNotesApplied(): Promise<typeof Swagger> {
  applied ??= import('@nestjs/swagger')
    .then((swagger) => {
      // One at a time, so a decorator that throws leaves the rest for the next try.
      while (notes.length > 0) {
        apply(swagger, notes[0]);
        notes.shift();
      }
      loaded = swagger;
      return swagger;
    })
    .catch((error: unknown) => {
      applied = undefined;
      throw error;
    });
  return applied;
}
