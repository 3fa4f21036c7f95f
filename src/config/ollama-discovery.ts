/** One tag a local Ollama serves, with what it can do in the catalog's words (`tools`, `vision`, ...). */
export interface DiscoveredTag {
  tag: string;
  capabilities: string[];
  /** Its `/api/show` failed or came too late: what it can do is unknown, so it has no capability. */
  unshown?: boolean;
}

/** `/api/show` asks in flight at once: enough to finish a long list in time, few enough for a small machine. */
const SHOWS_AT_ONCE = 4;

/**
 * The model tags a local Ollama serves, from `GET /api/tags`, each with the capabilities its
 * `POST /api/show` names. Discovery is best effort: start-up must not wait long or fail because
 * Ollama is absent, so one deadline covers every call, a failed list yields [], and a tag whose
 * details fail (or come too late) is kept with no capability.
 */
export async function discoverOllamaModels(baseUrl: string, timeoutMs = 1500): Promise<DiscoveredTag[]> {
  const base = baseUrl.replace(/\/+$/, '');
  const signal = AbortSignal.timeout(timeoutMs);
  let tags: string[];
  try {
    tags = tagNames(await requestJson(`${base}/api/tags`, signal));
  } catch {
    return [];
  }
  const found: DiscoveredTag[] = tags.map((tag) => ({ tag, capabilities: [] }));
  let next = 0;
  const worker = async () => {
    while (next < found.length) {
      const entry = found[next++];
      const capabilities = await capabilitiesOf(base, entry.tag, signal);
      if (capabilities === undefined) entry.unshown = true;
      else entry.capabilities = capabilities;
    }
  };
  await Promise.all(Array.from({ length: Math.min(SHOWS_AT_ONCE, found.length) }, worker));
  return found;
}

/** Undefined when `/api/show` failed or came too late. */
async function capabilitiesOf(base: string, tag: string, signal: AbortSignal): Promise<string[] | undefined> {
  try {
    return catalogCapabilities(await requestJson(`${base}/api/show`, signal, { model: tag }));
  } catch {
    return undefined;
  }
}

/** Ollama's capability names (from `/api/show`) in the catalog's; `completion` and `insert` have none. */
const CATALOG_NAMES: Record<string, string> = {
  tools: 'tools',
  vision: 'vision',
  thinking: 'reasoning',
  embedding: 'embeddings',
};

/**
 * The catalog capabilities of a `/api/show` body: `{ capabilities: ["completion", "tools", ...], ... }`.
 * A model that completes is a chat model even if it also embeds: `embeddings` (which takes a model off
 * the chat route) only for one that does not.
 */
export function catalogCapabilities(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || !('capabilities' in body) || !Array.isArray(body.capabilities))
    return [];
  const given = (body.capabilities as unknown[]).filter((c) => typeof c === 'string').map((c) => c.toLowerCase());
  const chats = given.includes('completion');
  const out: string[] = [];
  for (const name of given.map((c) => CATALOG_NAMES[c])) {
    if (name === undefined || out.includes(name) || (chats && name === 'embeddings')) continue;
    out.push(name);
  }
  return out;
}

/**
 * One JSON GET (or POST of `body`) through node:http, which the gateway has loaded anyway. Not `fetch`: its first call
 * loads and compiles a second HTTP client (with its own WebAssembly parser), about 10 MB of RSS kept
 * for the life of the process, for this one call at start. Nor undici's `request`: it comes only with
 * undici's index, which the gateway leaves unloaded (see providers/shared/undici-parts.ts), and the
 * upstream client that is built on undici's parts belongs to the providers, which start after config.
 */
async function requestJson(url: string, signal: AbortSignal, body?: object): Promise<unknown> {
  const { request } = url.startsWith('https:') ? await import('node:https') : await import('node:http');
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const method = payload === undefined ? 'GET' : 'POST';
  const headers = {
    accept: 'application/json',
    ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
  };
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, signal }, (res) => {
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
    req.end(payload);
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
