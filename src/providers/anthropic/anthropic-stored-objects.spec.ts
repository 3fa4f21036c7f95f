import { namesAnthropicStored } from './anthropic-stored-objects.js';

const turn = (...content: unknown[]) => ({ role: 'user', content });
const text = { type: 'text', text: 'Read it' };
const body = (extra: object, ...content: unknown[]) => ({
  model: 'claude',
  max_tokens: 100,
  messages: [turn(text, ...content)],
  ...extra,
});

describe('namesAnthropicStored', () => {
  it.each([
    ['a document from the Files API', body({}, { type: 'document', source: { type: 'file', file_id: 'file_1' } })],
    ['an image from the Files API', body({}, { type: 'image', source: { type: 'file', file_id: 'file_1' } })],
    ['a file uploaded to the container', body({}, { type: 'container_upload', file_id: 'file_1' })],
    [
      'an image from the Files API inside a custom content document',
      body(
        {},
        {
          type: 'document',
          source: { type: 'content', content: [{ type: 'image', source: { type: 'file', file_id: 'file_1' } }] },
        },
      ),
    ],
    [
      'a file inside a tool result',
      body({}, { type: 'tool_result', tool_use_id: 't', content: [{ type: 'image', source: { file_id: 'file_1' } }] }),
    ],
    [
      'a code execution output sent back',
      body(
        {},
        {
          type: 'code_execution_tool_result',
          tool_use_id: 't',
          content: { type: 'code_execution_result', content: [{ type: 'code_execution_output', file_id: 'file_1' }] },
        },
      ),
    ],
    ['a container by its id', body({ container: 'container_1' })],
    ['a container with skills', body({ container: { skills: [{ type: 'custom', skill_id: 'skill_1' }] } })],
    ['an MCP server', body({ mcp_servers: [{ type: 'url', url: 'https://mcp.example', name: 'docs' }] })],
    ['a previous message for diagnostics', body({ diagnostics: { previous_message_id: 'msg_1' } })],
    ['a previous message its thread continues', body({ thread: { type: 'continue', previous_message_id: 'msg_1' } })],
  ])('is true for a body that names %s', (_, sent) => {
    expect(namesAnthropicStored(sent)).toBe(true);
  });

  it.each([
    ['plain text', body({})],
    ['inline media', body({}, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBO' } })],
    ['media by URL', body({}, { type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } })],
    [
      'a file id the model wrote into a tool call',
      body({}, { type: 'tool_use', id: 't', name: 'f', input: { file_id: 'x' } }),
    ],
    ['a null container and no MCP servers', body({ container: null, mcp_servers: [] })],
    ['an empty container', body({ container: {} })],
    ['a container with no skills', body({ container: { skills: [] } })],
    ['a thread that names no message', body({ thread: { type: 'continue', previous_message_id: null } })],
    ['nothing at all', undefined],
  ])('is false for %s', (_, sent) => {
    expect(namesAnthropicStored(sent)).toBe(false);
  });

  it('stops looking past a bounded depth, whatever the client nests', () => {
    let deep: unknown = { file_id: 'file_1' };
    for (let i = 0; i < 50; i += 1) deep = { type: 'tool_result', content: [deep] };
    expect(namesAnthropicStored(body({}, deep))).toBe(false);
  });
});
