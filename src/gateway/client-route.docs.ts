import { applyDecorators, type Type } from '@nestjs/common';
import { ApiDefaultResponse, ApiExtraModels, ApiSecurity, getSchemaPath } from '#src/core/api-docs.js';
import { CLIENT_KEY_BEARER, CLIENT_KEY_HEADER } from '#src/http/client-key-schemes.js';

const ERRORS =
  'An error, in the envelope of the dialect asked: 400 a malformed request (the field named), 401 a missing or ' +
  'unknown client key, 403 a model the key may not use, 404 an unknown model, 413 a body too large, 429 a rate ' +
  'limit or a spent budget, 5xx when no upstream could answer.';

/**
 * What every client route shares in the document: the client key, in either header (or none while
 * keys are off), and its errors in the dialect's envelope; a path both SDKs call names both envelopes.
 */
export function ClientRouteDocs(...errors: Array<Type<unknown>>): ClassDecorator & MethodDecorator {
  const refs = errors.map((error) => ({ $ref: getSchemaPath(error) }));
  return applyDecorators(
    ApiSecurity(CLIENT_KEY_BEARER),
    ApiSecurity(CLIENT_KEY_HEADER),
    ApiSecurity({}),
    ApiExtraModels(...errors),
    ApiDefaultResponse({ description: ERRORS, schema: refs.length === 1 ? refs[0] : { oneOf: refs } }),
  );
}
