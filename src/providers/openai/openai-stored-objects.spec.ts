import { namesOpenAIStored } from './openai-stored-objects.js';

const chat = (...parts: unknown[]) => ({
  model: 'gpt',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Read it' }, ...parts] }],
});
const responses = (extra: object, ...input: unknown[]) => ({ model: 'gpt', input: ['hi', ...input], ...extra });

describe('namesOpenAIStored', () => {
  it.each([
    ['a chat part naming an uploaded file', chat({ type: 'file', file: { file_id: 'file-1' } })],
    ['a previous response', responses({ previous_response_id: 'resp_1' })],
    ['a conversation', responses({ conversation: 'conv_1' })],
    ['a stored prompt', responses({ prompt: { id: 'pmpt_1', version: '2' } })],
    ['an input file', responses({}, { role: 'user', content: [{ type: 'input_file', file_id: 'file-1' }] })],
    [
      'an input image by file id',
      responses({}, { role: 'user', content: [{ type: 'input_image', file_id: 'file-1' }] }),
    ],
    ['a stored item by reference', responses({}, { type: 'item_reference', id: 'msg_1' })],
    ['a vector store', responses({ tools: [{ type: 'file_search', vector_store_ids: ['vs_1'] }] })],
    ['a code interpreter container', responses({ tools: [{ type: 'code_interpreter', container: 'cntr_1' }] })],
    [
      'files for a code interpreter',
      responses({ tools: [{ type: 'code_interpreter', container: { type: 'auto', file_ids: ['file-1'] } }] }),
    ],
    [
      'a file in a function’s output',
      responses(
        {},
        { type: 'function_call_output', call_id: 'c', output: [{ type: 'input_file', file_id: 'file-1' }] },
      ),
    ],
    [
      'an image by file id in a custom tool’s output',
      responses(
        {},
        { type: 'custom_tool_call_output', call_id: 'c', output: [{ type: 'input_image', file_id: 'file-1' }] },
      ),
    ],
    [
      'a mask image for image generation',
      responses({ tools: [{ type: 'image_generation', input_image_mask: { file_id: 'file-1' } }] }),
    ],
    [
      'a shell’s container by its id',
      responses({ tools: [{ type: 'shell', environment: { type: 'container_reference', container_id: 'cntr_1' } }] }),
    ],
    [
      'files for a shell’s container',
      responses({ tools: [{ type: 'shell', environment: { type: 'container_auto', file_ids: ['file-1'] } }] }),
    ],
    [
      'skills for a shell’s container',
      responses({
        tools: [
          {
            type: 'shell',
            environment: { type: 'container_auto', skills: [{ type: 'skill_reference', skill_id: 's_1' }] },
          },
        ],
      }),
    ],
  ])('is true for a body that names %s', (_, sent) => {
    expect(namesOpenAIStored(sent)).toBe(true);
  });

  it.each([
    ['plain chat', chat()],
    [
      'an inline file',
      chat({ type: 'file', file: { file_data: 'data:application/pdf;base64,JVBE', filename: 'a.pdf' } }),
    ],
    [
      'an image by URL with no file id',
      responses({}, { type: 'input_image', image_url: 'https://x/a.png', file_id: null }),
    ],
    [
      'a function tool whose schema has a file_id property',
      {
        ...chat(),
        tools: [{ type: 'function', function: { name: 'f', parameters: { properties: { file_id: {} } } } }],
      },
    ],
    [
      'a code interpreter in an automatic container with no files',
      responses({ tools: [{ type: 'code_interpreter', container: { type: 'auto' } }] }),
    ],
    [
      'a Responses function tool whose schema has a file_ids property',
      responses({ tools: [{ type: 'function', name: 'f', parameters: { properties: { file_ids: {} } } }] }),
    ],
    [
      'a custom tool whose grammar speaks of file ids',
      responses({
        tools: [
          { type: 'custom', name: 'f', format: { type: 'grammar', syntax: 'lark', definition: 'start: "file_id"' } },
        ],
      }),
    ],
    [
      'a function’s output in text',
      responses({}, { type: 'function_call_output', call_id: 'c', output: '{"file_id":"file-1"}' }),
    ],
    [
      'a shell in an automatic container with no files or skills',
      responses({ tools: [{ type: 'shell', environment: { type: 'container_auto', file_ids: [], skills: [] } }] }),
    ],
    ['a null previous response', responses({ previous_response_id: null })],
    ['nothing at all', 'not a body'],
  ])('is false for %s', (_, sent) => {
    expect(namesOpenAIStored(sent)).toBe(false);
  });

  it('reads each object and list of a built-in tool once, however deep its id fields nest', () => {
    const reads = new Map<object, number>();
    const counted = <T extends object>(node: T): T => {
      const proxy = new Proxy(node, {
        // Object.entries lists an object's keys once per read; a walk over a list reads its length.
        ownKeys: (target) => {
          reads.set(proxy, (reads.get(proxy) ?? 0) + 1);
          return Reflect.ownKeys(target);
        },
        get: (target, key, receiver) => {
          if (Array.isArray(target) && key === 'length') reads.set(proxy, (reads.get(proxy) ?? 0) + 1);
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
      reads.set(proxy, 0);
      return proxy;
    };
    // Id fields holding objects, each nesting the next, down to a list of empty objects: no id anywhere.
    let settings: object = counted({ file_ids: counted([counted({}), counted({}), null]) });
    for (let level = 0; level < 6; level += 1) settings = counted({ file_id: settings, skill_id: counted([]) });
    const tool = counted({ type: 'file_search', settings });

    expect(namesOpenAIStored(responses({ tools: [tool] }))).toBe(false);
    expect([...reads.values()].filter((count) => count !== 1)).toEqual([]);
  });
});
