import { isRecord } from '#src/core/is-record.js';
import { createHash } from 'node:crypto';
import type { ChatMessage, ChatRequest, ContentPart, ResponseFormat, ToolDefinition } from '#src/core/chat.types.js';
import type { InboundBody } from '#src/providers/relay.types.js';
import { canonicalJson } from './canonical-json.js';
import { uncarriedInputs } from './uncarried-inputs.js';

/** Bumped whenever what the key covers changes, so old entries are never misread. */
const KEY_VERSION = 6;

/**
 * What decides an answer, and nothing else: the models it may come from, the conversation, the
 * tools and the sampling settings, and whatever of the client's body the canonical form leaves out. Not the dialect, not `stream`, not the end-user id, and not
 * prompt-caching hints (`cache_control` changes what the upstream bills, not what it says).
 */
function answerInputs(
  request: ChatRequest,
  inbound: InboundBody | undefined,
  models: readonly string[],
  messages: readonly ChatMessage[],
) {
  return {
    v: KEY_VERSION,
    models,
    system: request.system?.map((p) => p.text),
    messages: messages.map((m) => ({ role: m.role, name: m.name, content: m.content.map(withoutHints) })),
    tools: request.tools?.map(withoutToolHints),
    toolChoice: request.toolChoice,
    parallelToolCalls: request.parallelToolCalls,
    maxTokens: request.maxTokens,
    temperature: request.temperature,
    topP: request.topP,
    topK: request.topK,
    stop: request.stop,
    responseFormat: schemaInOrder(request.responseFormat),
    reasoning: request.reasoning,
    seed: request.seed,
    uncarried: uncarriedInputs(request, inbound),
    forwarded: forwardedInputs(inbound),
  };
}

/**
 * The betas (in any order) a same-format upstream is told to turn on, from the client's
 * `anthropic-beta`: they change what the model may do and say. Not `anthropic-version`, which
 * shapes the wire, not the answer (a replay is re-encoded anyway), and which every Anthropic SDK
 * sends. Undefined without betas, which keeps the request answerable across dialects.
 */
function forwardedInputs(inbound: InboundBody | undefined): { betas: string } | undefined {
  const header = Object.entries(inbound?.forwardHeaders ?? {}).find(
    ([name]) => name.toLowerCase() === 'anthropic-beta',
  );
  const betas = new Set(header?.[1].split(',').map((b) => b.trim()));
  betas.delete('');
  return betas.size === 0 ? undefined : { betas: [...betas].sort().join(',') };
}

/**
 * A part as it decides the answer: not its prompt-caching hint, and of a stored file its id, not
 * where the client's body named it (so one file asked about in two dialects shares a key).
 */
function withoutHints(part: ContentPart): unknown {
  const { cacheControl: _hint, ...rest } = part as ContentPart & { cacheControl?: unknown };
  if ((rest.type === 'image' || rest.type === 'document') && rest.source.kind === 'file') {
    const { field: _field, ...file } = rest.source;
    return { ...rest, source: file };
  }
  if (rest.type === 'tool_result' && Array.isArray(rest.content))
    return { ...rest, content: rest.content.map(withoutHints) };
  return rest;
}

/** Schema members whose value is data (an instance), not a schema: read as they are. */
const SCHEMA_DATA = new Set(['const', 'default', 'enum', 'examples']);

/** Schema members that map names to schemas: a name there (even `default` or `enum`) names a schema. */
const SCHEMA_MAPS = new Set(['$defs', 'definitions', 'patternProperties', 'dependentSchemas', 'dependencies']);

/**
 * A JSON Schema with the order of its properties kept, at every level: strict structured output
 * and tool arguments follow it, so two schemas that differ only in it do not get the same answer.
 * Each `properties` map becomes a list of [name, schema] pairs, since the key's JSON sorts the
 * members of every object it holds; every other member's order (`type` before or after
 * `properties`, as SDKs write it) is left to that sort, and does not part keys.
 */
function inOrder(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(inOrder);
  if (!isRecord(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(schema)) {
    if (SCHEMA_MAPS.has(name) && isRecord(value))
      out[name] = Object.fromEntries(Object.entries(value).map(([entry, sub]) => [entry, inOrder(sub)]));
    else if (SCHEMA_DATA.has(name)) out[name] = value;
    else if (name === 'properties' && isRecord(value))
      out[name] = Object.entries(value).map(([property, sub]) => [property, inOrder(sub)]);
    else out[name] = inOrder(value);
  }
  return out;
}

function withoutToolHints(tool: ToolDefinition) {
  const { cacheControl: _hint, parameters, ...rest } = tool;
  return { ...rest, parameters: inOrder(parameters) };
}

function schemaInOrder(format: ResponseFormat | undefined) {
  return format?.type === 'json_schema' ? { ...format, schema: inOrder(format.schema) } : format;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The exact-match key of a request routed to `models`, within `scope`. */
export function answerKey(
  request: ChatRequest,
  inbound: InboundBody | undefined,
  models: readonly string[],
  scope: string,
): string {
  return sha256(`${scope}\n${canonicalJson(answerInputs(request, inbound, models, request.messages))}`);
}

/**
 * The key of everything but the last user turn's text: requests that share it may be answered by
 * meaning, when those texts are close enough. The turn's images, documents and tool results (read
 * by meaning only when `semantic.non_text` allows) stay in it, so a question about another image
 * is never answered with this one's answer.
 */
export function contextKey(
  request: ChatRequest,
  inbound: InboundBody | undefined,
  models: readonly string[],
  scope: string,
): string {
  const last = request.messages.at(-1);
  const messages = request.messages.slice(0, -1);
  if (last) messages.push({ ...last, content: last.content.filter((p) => p.type !== 'text') });
  const context = answerInputs(request, inbound, models, messages);
  return sha256(`${scope}\nctx\n${canonicalJson(context)}`);
}

/**
 * The last message's text when it is a user turn of text only; undefined otherwise (a tool
 * result or an image is never matched by meaning unless `nonText` allows it).
 */
export function lastUserText(request: ChatRequest, nonText: boolean): string | undefined {
  const last = request.messages.at(-1);
  if (last?.role !== 'user') return undefined;
  if (!nonText && last.content.some((p) => p.type !== 'text')) return undefined;
  if (!nonText && request.messages.some((m) => m.content.some((p) => p.type !== 'text'))) return undefined;
  const text = last.content.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('\n');
  return text.trim() === '' ? undefined : text;
}
