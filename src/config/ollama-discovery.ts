/**
 * The model tags a local Ollama serves, from `GET /api/tags`. Discovery is best effort:
 * start-up must not wait long or fail because Ollama is absent, so any failure yields [].
 */
export async function discoverOllamaModels(baseUrl: string, timeoutMs = 1500): Promise<string[]> {
  try {
    const response = await fetch(`${baseUrl.replace(/\/+$/, '')}/api/tags`, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/json' },
    });
    if (!response.ok) return [];
    return tagNames(await response.json());
  } catch {
    return [];
  }
}

/** Names from an `/api/tags` body: `{ models: [{ name: "llama3:latest", model: "llama3:latest", ... }] }`. */
export function tagNames(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || !('models' in body) || !Array.isArray(body.models)) return [];
  const names: string[] = [];
  for (const entry of body.models as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const name = 'name' in entry ? entry.name : 'model' in entry ? entry.model : undefined;
    if (typeof name === 'string' && name.trim() !== '' && !names.includes(name)) names.push(name);
  }
  return names;
}
