/**
 * The model tags a local Ollama serves, from `GET /api/tags`. Discovery is best effort:
 * start-up must not wait long or fail because Ollama is absent, so any failure yields [].
 */
export async function discoverOllamaModels(baseUrl: string, timeoutMs = 1500): Promise<string[]> {
  try {
    return tagNames(await getJson(`${baseUrl.replace(/\/+$/, '')}/api/tags`, timeoutMs));
  } catch {
    return [];
  }
}

/**
 * One JSON GET through node:http, which the gateway has loaded anyway. Not `fetch`: its first call
 * loads and compiles a second HTTP client (with its own WebAssembly parser), about 10 MB of RSS kept
 * for the life of the process, for this one call at start. Nor undici's `request`: it comes only with
 * undici's index, which the gateway leaves unloaded (see providers/shared/undici-parts.ts), and the
 * upstream client that is built on undici's parts belongs to the providers, which start after config.
 */
async function getJson(url: string, timeoutMs: number): Promise<unknown> {
  const { get } = url.startsWith('https:') ? await import('node:https') : await import('node:http');
  const signal = AbortSignal.timeout(timeoutMs);
  return new Promise((resolve, reject) => {
    const req = get(url, { headers: { accept: 'application/json' }, signal }, (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        res.resume();
        reject(new Error(`status ${status}`));
        return;
      }
      const parts: Buffer[] = [];
      const settle = () => {
        try {
          resolve(JSON.parse(Buffer.concat(parts).toString('utf8')));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('error', reject);
      // A body cut short (the deadline, a reset) closes without an end; settling twice is harmless.
      res.on('close', () => (res.complete ? settle() : reject(new Error('body cut short'))));
    });
    req.on('error', reject);
  });
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
