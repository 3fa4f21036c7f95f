import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

/** The real `openai` client pointed at the gateway; retries off so every failure is seen. */
export function openaiClient(gatewayUrl: string, headers: Record<string, string> = {}): OpenAI {
  return new OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey: 'client-key', maxRetries: 0, defaultHeaders: headers });
}

/** The real `@anthropic-ai/sdk` client pointed at the gateway (no `/v1`, as Claude Code does). */
export function anthropicClient(gatewayUrl: string, headers: Record<string, string> = {}): Anthropic {
  return new Anthropic({ baseURL: gatewayUrl, apiKey: 'client-key', maxRetries: 0, defaultHeaders: headers });
}
