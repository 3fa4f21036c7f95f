import { PNG_1X1_DATA_URI } from '../png.js';
import { readSse } from '../stream-reader.js';
import { TOOL_QUESTION, TOOL_RESULT, WEATHER_TOOL, type DialectDriver } from './dialect-driver.js';
import { fromUnifiedJson, fromUnifiedStream, type UnifiedAnswer } from './unified-answer.js';

/** POSTs a unified-dialect body to `/api/chat`. */
export function postUnified(gatewayUrl: string, body: object, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${gatewayUrl}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function complete(gatewayUrl: string, body: object, stream: boolean): Promise<UnifiedAnswer> {
  const res = await postUnified(gatewayUrl, { max_tokens: 256, temperature: 0.2, ...body, stream });
  if (res.status !== 200) throw new Error(`/api/chat answered ${res.status}: ${await res.text()}`);
  return stream ? fromUnifiedStream(await readSse(res)) : fromUnifiedJson(await res.json());
}

export function unifiedDriver(gatewayUrl: string): DialectDriver {
  return {
    name: 'unified',
    ask: async (model, prompt, stream) =>
      (await complete(gatewayUrl, { model, messages: [{ role: 'user', content: prompt }] }, stream)).content,
    askWithImage: async (model, prompt, stream) => {
      const content = [
        { type: 'image_url', image_url: { url: PNG_1X1_DATA_URI } },
        { type: 'text', text: prompt },
      ];
      return (await complete(gatewayUrl, { model, messages: [{ role: 'user', content }] }, stream)).content;
    },
    toolRoundTrip: async (model, stream) => {
      const tools = [{ type: 'function', function: WEATHER_TOOL }];
      const messages: object[] = [{ role: 'user', content: TOOL_QUESTION }];
      const first = await complete(gatewayUrl, { model, messages, tools }, stream);
      const call = first.toolCalls[0];
      if (!call) throw new Error(`expected a tool call, got ${JSON.stringify(first)}`);
      messages.push({
        role: 'assistant',
        content: null,
        tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }],
      });
      messages.push({ role: 'tool', tool_call_id: call.id, content: TOOL_RESULT });
      const second = await complete(gatewayUrl, { model, messages, tools }, stream);
      return { arguments: JSON.parse(call.arguments) as unknown, finalText: second.content };
    },
  };
}
