import { BEARER_DIALECT, type UpstreamDialect } from '#src/providers/shared/upstream-client.js';
import { classifyErrorBody } from '#src/providers/shared/upstream-response.js';
import { namesOpenAIStored } from './openai-stored-objects.js';

/**
 * How OpenAI's APIs are spoken over the shared client: the key as a Bearer token, and a 404 on a
 * request that names stored objects (a file, a previous response) the client's unless the error
 * says it is about the model (see `classifyStatus`).
 */
export const OPENAI_UPSTREAM: UpstreamDialect = {
  headers: BEARER_DIALECT.headers,
  classify: (status, body, headers, provider, sent) =>
    classifyErrorBody(status, body, headers, provider, status === 404 && namesOpenAIStored(sent)),
};
