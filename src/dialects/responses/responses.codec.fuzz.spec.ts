import fc from 'fast-check';
import { GatewayError } from '#src/core/gateway-error.js';
import { ResponsesCodec } from './responses.codec.js';

const codec = new ResponsesCodec();

/** Item and part shapes close to real ones, with any JSON in their fields, so decoding goes deep. */
const json = fc.jsonValue({ maxDepth: 3 });
const part = fc.record(
  {
    type: fc.constantFrom('input_text', 'output_text', 'input_image', 'input_file', 'refusal', 'input_x'),
    text: json,
    image_url: json,
    file_data: json,
    file_url: json,
  },
  { requiredKeys: ['type'] },
);
const item = fc.record(
  {
    type: fc.constantFrom('message', 'function_call', 'function_call_output', 'reasoning', 'custom_tool_call', 'x'),
    role: fc.constantFrom('user', 'assistant', 'system', 'developer', 'tool'),
    content: fc.oneof(fc.string(), fc.array(part, { maxLength: 3 }), json),
    call_id: json,
    name: json,
    namespace: json,
    arguments: json,
    output: json,
  },
  { requiredKeys: [] },
);
const tool = fc.record(
  {
    type: fc.constantFrom('function', 'custom', 'namespace', 'web_search', 'x'),
    name: fc.oneof(fc.constantFrom('f', 'ns', 'bad name'), json),
    parameters: json,
    tools: fc.array(fc.record({ type: fc.constantFrom('function', 'custom'), name: json }), { maxLength: 2 }),
  },
  { requiredKeys: ['type'] },
);
const body = fc.record(
  {
    model: json,
    input: fc.oneof(fc.string(), fc.array(item, { maxLength: 4 }), json),
    instructions: json,
    tools: fc.oneof(fc.array(tool, { maxLength: 3 }), json),
    tool_choice: json,
    reasoning: json,
    text: json,
    max_output_tokens: json,
    previous_response_id: json,
    stream: json,
  },
  { requiredKeys: ['input'] },
);

describe('decoding any Responses API body', () => {
  it('either yields a request or refuses with a 400 naming a field, never another failure', () => {
    fc.assert(
      fc.property(body, (raw) => {
        try {
          const { inbound } = codec.decode(raw, {});
          expect(inbound.body).toBe(raw);
        } catch (err) {
          expect(err).toBeInstanceOf(GatewayError);
          expect(err).toMatchObject({ status: 400, param: expect.any(String) });
        }
      }),
      { numRuns: 500, seed: 20261205 },
    );
  });
});
