import { BEARER_DIALECT, type UpstreamDialect } from '#src/providers/shared/upstream-client.js';
import { namesOpenAIStored } from './openai-stored-objects.js';

/**
 * How OpenAI's APIs (and every compatible server's) are spoken over the shared client: the key as
 * a Bearer token, and a 404 on a request that names stored objects (a file, a previous response)
 * the client's unless the error says it is about what the gateway chose (see `classifyStatus`).
 */
export const OPENAI_UPSTREAM: UpstreamDialect = { ...BEARER_DIALECT, namesStored: namesOpenAIStored };
