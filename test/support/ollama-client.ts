import { Ollama } from 'ollama';

/** The real `ollama` client pointed at the gateway's Ollama endpoints, as `OLLAMA_HOST=…/ollama` does. */
export function ollamaClient(gatewayUrl: string): Ollama {
  return new Ollama({ host: `${gatewayUrl}/ollama` });
}

/** What the client throws for a non-2xx answer (`ResponseError`, not exported by the package). */
export interface OllamaResponseError {
  name: string;
  message: string;
  status_code: number;
}
