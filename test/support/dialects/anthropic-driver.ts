import type Anthropic from '@anthropic-ai/sdk';
import type {
  ContentBlockParam,
  Message,
  MessageCreateParamsNonStreaming,
  MessageParam,
} from '@anthropic-ai/sdk/resources/messages';
import { anthropicClient } from '../sdk-clients.js';
import { PNG_1X1_BASE64 } from '../png.js';
import { TOOL_QUESTION, TOOL_RESULT, WEATHER_TOOL, type DialectDriver } from './dialect-driver.js';

type Params = Omit<MessageCreateParamsNonStreaming, 'stream' | 'max_tokens'>;

/** Streams with the SDK's own accumulator, as an app would. */
async function complete(client: Anthropic, params: Params, stream: boolean): Promise<Message> {
  const body = { max_tokens: 256, ...params };
  return stream ? client.messages.stream(body).finalMessage() : client.messages.create(body);
}

const textOf = (m: Message) => m.content.map((b) => (b.type === 'text' ? b.text : '')).join('');

/** The assistant turn as a client replays it: only the fields the API defines for input. */
function replay(m: Message): ContentBlockParam[] {
  return m.content.flatMap((b): ContentBlockParam[] => {
    if (b.type === 'text') return b.text ? [{ type: 'text', text: b.text }] : [];
    if (b.type === 'tool_use') return [{ type: 'tool_use', id: b.id, name: b.name, input: b.input }];
    return [];
  });
}

export function anthropicDriver(gatewayUrl: string): DialectDriver {
  const client = anthropicClient(gatewayUrl);
  return {
    name: 'anthropic',
    ask: async (model, prompt, stream) =>
      textOf(await complete(client, { model, messages: [{ role: 'user', content: prompt }] }, stream)),
    askWithImage: async (model, prompt, stream) => {
      const content: ContentBlockParam[] = [
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1X1_BASE64 } },
        { type: 'text', text: prompt },
      ];
      return textOf(await complete(client, { model, messages: [{ role: 'user', content }] }, stream));
    },
    toolRoundTrip: async (model, stream) => {
      const tools = [
        { name: WEATHER_TOOL.name, description: WEATHER_TOOL.description, input_schema: WEATHER_TOOL.parameters },
      ];
      const messages: MessageParam[] = [{ role: 'user', content: TOOL_QUESTION }];
      const first = await complete(client, { model, messages, tools }, stream);
      const call = first.content.find((b) => b.type === 'tool_use');
      if (call?.type !== 'tool_use') throw new Error(`expected a tool_use block, got ${JSON.stringify(first)}`);
      messages.push({ role: 'assistant', content: replay(first) });
      messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: TOOL_RESULT }] });
      const second = await complete(client, { model, messages, tools }, stream);
      return { arguments: call.input, finalText: textOf(second) };
    },
  };
}
