import type OpenAI from 'openai';
import type {
  Response,
  ResponseCreateParamsNonStreaming,
  ResponseInputItem,
} from 'openai/resources/responses/responses';
import { openaiClient } from '../sdk-clients.js';
import { PNG_1X1_DATA_URI } from '../png.js';
import { TOOL_QUESTION, TOOL_RESULT, WEATHER_TOOL, type DialectDriver } from './dialect-driver.js';

type Params = Omit<ResponseCreateParamsNonStreaming, 'stream'>;

/** `responses.create`, or `responses.stream` and its accumulated final response, as an app would. */
export async function respond(client: OpenAI, params: Params, stream: boolean): Promise<Response> {
  if (!stream) return client.responses.create(params);
  return client.responses.stream(params).finalResponse();
}

/**
 * The Responses API through the official SDK (what Codex CLI and Cursor's agent mode speak); `client`
 * defaults to the pinned SDK, and another `openai` release can be driven the same way.
 */
export function responsesDriver(gatewayUrl: string, client: OpenAI = openaiClient(gatewayUrl)): DialectDriver {
  return {
    name: 'responses',
    ask: async (model, prompt, stream) => (await respond(client, { model, input: prompt }, stream)).output_text,
    askWithImage: async (model, prompt, stream) => {
      const input: ResponseInputItem[] = [
        {
          role: 'user',
          content: [
            { type: 'input_image', image_url: PNG_1X1_DATA_URI, detail: 'auto' },
            { type: 'input_text', text: prompt },
          ],
        },
      ];
      return (await respond(client, { model, input }, stream)).output_text;
    },
    toolRoundTrip: async (model, stream) => {
      const tools = [{ type: 'function' as const, strict: false, ...WEATHER_TOOL }];
      const input: ResponseInputItem[] = [{ role: 'user', content: TOOL_QUESTION }];
      const first = await respond(client, { model, input, tools }, stream);
      const call = first.output.find((item) => item.type === 'function_call');
      if (!call) throw new Error(`expected a function call, got ${JSON.stringify(first)}`);
      input.push(
        { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
        { type: 'function_call_output', call_id: call.call_id, output: TOOL_RESULT },
      );
      const second = await respond(client, { model, input, tools }, stream);
      return { arguments: JSON.parse(call.arguments) as unknown, finalText: second.output_text };
    },
  };
}
