import type OpenAI from 'openai';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { openaiClient } from '../sdk-clients.js';
import { PNG_1X1_DATA_URI } from '../png.js';
import { TOOL_QUESTION, TOOL_RESULT, WEATHER_TOOL, type DialectDriver } from './dialect-driver.js';

type Params = Omit<ChatCompletionCreateParamsNonStreaming, 'stream'>;

/** Streams with the SDK's own accumulator, as an app would. */
async function complete(client: OpenAI, params: Params, stream: boolean): Promise<ChatCompletion> {
  if (!stream) return client.chat.completions.create(params);
  return client.chat.completions.stream({ ...params, stream_options: { include_usage: true } }).finalChatCompletion();
}

const textOf = (c: ChatCompletion) => c.choices[0]?.message.content ?? '';

/** `client` defaults to the pinned SDK; another `openai` release can be driven the same way. */
export function openaiDriver(gatewayUrl: string, client: OpenAI = openaiClient(gatewayUrl)): DialectDriver {
  return {
    name: 'openai',
    ask: async (model, prompt, stream) =>
      textOf(await complete(client, { model, messages: [{ role: 'user', content: prompt }] }, stream)),
    askWithImage: async (model, prompt, stream) => {
      const content = [
        { type: 'image_url' as const, image_url: { url: PNG_1X1_DATA_URI } },
        { type: 'text' as const, text: prompt },
      ];
      return textOf(await complete(client, { model, messages: [{ role: 'user', content }] }, stream));
    },
    toolRoundTrip: async (model, stream) => {
      const tools = [{ type: 'function' as const, function: WEATHER_TOOL }];
      const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: TOOL_QUESTION }];
      const first = await complete(client, { model, messages, tools }, stream);
      const call = first.choices[0]?.message.tool_calls?.[0];
      if (call?.type !== 'function') throw new Error(`expected a function call, got ${JSON.stringify(first)}`);
      const { id, function: fn } = call;
      messages.push({
        role: 'assistant',
        content: null,
        tool_calls: [{ id, type: 'function', function: { name: fn.name, arguments: fn.arguments } }],
      });
      messages.push({ role: 'tool', tool_call_id: id, content: TOOL_RESULT });
      const second = await complete(client, { model, messages, tools }, stream);
      return { arguments: JSON.parse(fn.arguments) as unknown, finalText: textOf(second) };
    },
  };
}
