import { isRecord } from '#src/core/is-record.js';
import { byRole, byType, each, keptWhen, rules, type Kept } from './kept.js';

/**
 * What each decoder reads, exactly, inside messages, input items, content blocks, tools and
 * system blocks. A member left out here (a tool's `input_examples`, a text block's `citations`, a
 * chat message's `reasoning_content`) reaches a same-format upstream all the same, so it goes into
 * the cache key. `cache_control` changes what the upstream bills, not what it says.
 */

/** A member a decoder reads only when it is `function`, the one kind of tool it knows. */
const isFunction = (value: unknown) => value === 'function';

/** A part's text (a refusal's, read as text, included); undefined for a part that is not text. */
function textOf(part: unknown): string | undefined {
  if (!isRecord(part)) return undefined;
  if (typeof part.text === 'string') return part.text;
  return typeof part.refusal === 'string' ? part.refusal : undefined;
}

/**
 * Whether a system, developer or assistant message says anything its decoder keeps: some text
 * that is not empty, a part that is not text, or a tool call. One that says nothing is dropped,
 * though a same-format upstream is sent it, so it goes into the key whole.
 */
function saysSomething(message: unknown): boolean {
  if (!isRecord(message)) return true;
  const { content, tool_calls: calls, function_call: call } = message;
  const said =
    typeof content === 'string'
      ? content !== ''
      : Array.isArray(content) && content.some((part) => textOf(part) !== '');
  return said || (Array.isArray(calls) && calls.length > 0) || (call !== undefined && call !== null);
}

/** A message kept by `kept` when it says something, not at all otherwise. */
const unlessEmpty = (kept: Kept) => keptWhen(saysSomething, kept);

/**
 * A user message kept by `kept` unless its content is an empty list: the Responses decoder drops
 * only that one (an empty text part it keeps), though a same-format upstream is sent it.
 */
const unlessNoParts = (kept: Kept) =>
  keptWhen((message) => !(isRecord(message) && Array.isArray(message.content) && message.content.length === 0), kept);

// Anthropic Messages.

const ANTHROPIC_TEXT = rules({ type: true, text: true, cache_control: true });

/**
 * Image sources are base64, url or a stored file; a document's may also be text, which the decoder
 * refuses for images. A `content` document is read as the blocks it holds, and not listed.
 */
const ANTHROPIC_SOURCE = byType({
  base64: rules({ type: true, media_type: true, data: true }),
  url: rules({ type: true, url: true }),
  text: rules({ type: true, media_type: true, data: true }),
  file: rules({ type: true, file_id: true }),
});

/** Whether a part has a string under `name`: decoders read a stored file's id only without the data or URL. */
const has = (name: string) => (part: unknown) => isRecord(part) && typeof part[name] === 'string';

const ANTHROPIC_MEDIA = {
  image: rules({ type: true, source: ANTHROPIC_SOURCE, cache_control: true }),
  // Not `context`, nor `citations` (asking for them changes the answer's blocks).
  document: rules({ type: true, source: ANTHROPIC_SOURCE, title: true, cache_control: true }),
};

const ANTHROPIC_BLOCK = byType({
  text: ANTHROPIC_TEXT,
  ...ANTHROPIC_MEDIA,
  tool_use: rules({ type: true, id: true, name: true, input: true, cache_control: true }),
  tool_result: rules({
    type: true,
    tool_use_id: true,
    content: each(byType({ text: ANTHROPIC_TEXT, ...ANTHROPIC_MEDIA })),
    is_error: true,
    cache_control: true,
  }),
  // An empty signature is read as none, yet Claude is sent it and refuses it.
  thinking: rules({ type: true, thinking: true, signature: (value: unknown) => value !== '' }),
  redacted_thinking: rules({ type: true, data: true }),
});

/** A tool without a type is a custom one; any other type is a server tool, noted as dropped. */
const ANTHROPIC_TOOL = rules({
  type: true,
  name: true,
  description: true,
  input_schema: true,
  strict: true,
  cache_control: true,
});

export const ANTHROPIC_ITEMS = {
  system: each(byType({ text: ANTHROPIC_TEXT })),
  messages: each(rules({ role: true, content: each(ANTHROPIC_BLOCK) })),
  tools: each(byType({ custom: ANTHROPIC_TOOL }, ANTHROPIC_TOOL)),
} satisfies Record<string, Kept>;

// OpenAI Chat Completions (and the unified dialect, which decodes messages and tools the same way).

const CHAT_TEXT = rules({ type: true, text: true });

/** System, developer and assistant text; a `refusal` part is read as text, though it was not one. */
const CHAT_TEXT_PARTS = each(byType({ text: CHAT_TEXT }));

/** A PDF's `detail` and a data URI's parameters are not kept either, but neither reaches a model. */
const CHAT_USER_PARTS = each(
  byType({
    text: CHAT_TEXT,
    image_url: rules({ type: true, image_url: rules({ url: true, detail: true }) }),
    file: rules({
      type: true,
      file: keptWhen(
        (file) => isRecord(file) && file.file_data === undefined,
        rules({ file_id: true, filename: true }),
        rules({ file_data: true, filename: true }),
      ),
    }),
  }),
);

const CHAT_TOOL_CALL = rules({ type: true, id: true, function: rules({ name: true, arguments: true }) });

/**
 * A `developer` message is read as a system one and a legacy `function` result (or call) as a tool
 * one: the role (or the legacy call) goes into the key. An assistant's `reasoning_content`,
 * `refusal` and `audio` are not read.
 */
const CHAT_MESSAGE = byRole({
  system: unlessEmpty(rules({ role: true, content: CHAT_TEXT_PARTS })),
  developer: unlessEmpty(rules({ content: CHAT_TEXT_PARTS })),
  user: rules({ role: true, content: CHAT_USER_PARTS, name: true }),
  assistant: unlessEmpty(rules({ role: true, content: CHAT_TEXT_PARTS, tool_calls: each(CHAT_TOOL_CALL), name: true })),
  tool: rules({ role: true, tool_call_id: true, content: CHAT_USER_PARTS }),
  function: rules({ name: true, content: CHAT_USER_PARTS }),
});

export const CHAT_ITEMS = {
  messages: each(CHAT_MESSAGE),
  tools: each(
    byType({
      function: rules({
        type: true,
        function: rules({ name: true, description: true, parameters: true, strict: true }),
      }),
    }),
  ),
} satisfies Record<string, Kept>;

/** The unified dialect's top-level `system`: a string or text parts. */
export const UNIFIED_SYSTEM: Kept = CHAT_TEXT_PARTS;

// OpenAI Responses.

const RESPONSES_TEXT = rules({ type: true, text: true });

/** `refusal` parts are read as text; an image or file is read by its data, else its URL, else its `file_id`. */
const RESPONSES_PARTS = each(
  byType({
    input_text: RESPONSES_TEXT,
    output_text: RESPONSES_TEXT,
    text: RESPONSES_TEXT,
    input_image: keptWhen(
      has('image_url'),
      rules({ type: true, image_url: true, detail: true }),
      rules({ type: true, file_id: true, detail: true }),
    ),
    input_file: keptWhen(
      has('file_data'),
      rules({ type: true, file_data: true, filename: true }),
      keptWhen(
        has('file_url'),
        rules({ type: true, file_url: true, filename: true }),
        rules({ type: true, file_id: true, filename: true }),
      ),
    ),
  }),
);

/** Instructions keep their text only: an image or file in them is dropped by the decoder. */
const RESPONSES_TEXT_PARTS = each(
  byType({ input_text: RESPONSES_TEXT, output_text: RESPONSES_TEXT, text: RESPONSES_TEXT }),
);

const RESPONSES_MESSAGE = byRole({
  system: unlessEmpty(rules({ type: true, role: true, content: RESPONSES_TEXT_PARTS })),
  developer: unlessEmpty(rules({ type: true, content: RESPONSES_TEXT_PARTS })),
  user: unlessNoParts(rules({ type: true, role: true, content: RESPONSES_PARTS })),
  assistant: unlessEmpty(rules({ type: true, role: true, content: RESPONSES_PARTS })),
});

/**
 * Item ids and statuses are not read. A custom tool call (and its output) reads as a function call
 * taking `{"input": …}`, and a call's `namespace` as a prefix of its name: the type, and the
 * namespace, go into the key.
 */
const RESPONSES_ITEM = byType(
  {
    message: RESPONSES_MESSAGE,
    function_call: rules({ type: true, call_id: true, name: true, arguments: true }),
    custom_tool_call: rules({ call_id: true, name: true, input: true }),
    function_call_output: rules({ type: true, call_id: true, output: RESPONSES_PARTS }),
    custom_tool_call_output: rules({ call_id: true, output: RESPONSES_PARTS }),
  },
  RESPONSES_MESSAGE,
);

const RESPONSES_TOOL = {
  function: rules({ type: true, name: true, description: true, parameters: true, strict: true }),
  // Offered as a function of one string: not its type, nor its `format` (a grammar).
  custom: rules({ name: true, description: true }),
};

export const RESPONSES_ITEMS = {
  input: each(RESPONSES_ITEM),
  // A namespace's name is read as a prefix of its members' names.
  tools: each(byType({ ...RESPONSES_TOOL, namespace: rules({ type: true, tools: each(byType(RESPONSES_TOOL)) }) })),
} satisfies Record<string, Kept>;

// Ollama.

const OLLAMA_TOOL_CALL = rules({
  type: isFunction,
  id: true,
  function: rules({ name: true, arguments: true }),
});

/**
 * A tool result is paired with its call by `tool_call_id`, else `tool_name`, else by order, and
 * keeps only the call's id: both go into the key. A role reads only its own members.
 */
const OLLAMA_MESSAGE = byRole({
  system: unlessEmpty(rules({ role: true, content: true })),
  user: rules({ role: true, content: true, images: true }),
  assistant: rules({ role: true, content: true, thinking: true, tool_calls: each(OLLAMA_TOOL_CALL) }),
  tool: rules({ role: true, content: true }),
});

export const OLLAMA_ITEMS = {
  messages: each(OLLAMA_MESSAGE),
  tools: each(rules({ type: isFunction, function: rules({ name: true, description: true, parameters: true }) })),
} satisfies Record<string, Kept>;
