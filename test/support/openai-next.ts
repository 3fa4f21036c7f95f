import { join, resolve } from 'node:path';
import type OpenAI from 'openai';
import { pinnedPackage } from './pinned-package.js';

/**
 * The newest `openai` release, which declares `node >=22` and so is not a development dependency:
 * it is pinned in test/sdk-next/ and installed there on first use. What runs is that release; the
 * types are those of the 6.x release the gateway develops with, which match it in every call the
 * specs make, so the specs type-check on a fresh clone before the install.
 */
const SDK_NEXT_DIR = resolve('test/sdk-next');

export type OpenAIModule = typeof import('openai');
export type OpenAINext = OpenAI;

export async function openaiNextModule(): Promise<OpenAIModule> {
  const dir = await pinnedPackage(SDK_NEXT_DIR, 'openai');
  return (await import(join(dir, 'index.mjs'))) as OpenAIModule;
}

/** A client of that release pointed at the gateway, as `openaiClient` builds one of the pinned release. */
export function openaiNextClient(sdk: OpenAIModule, gatewayUrl: string, maxRetries = 0): OpenAINext {
  return new sdk.OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey: 'client-key', maxRetries });
}
