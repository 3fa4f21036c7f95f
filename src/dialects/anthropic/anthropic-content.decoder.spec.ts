import type { ContentPart } from '#src/core/chat.types.js';
import { GatewayError, isGatewayError } from '#src/core/gateway-error.js';
import { decodeAnthropicRequest } from './anthropic-request.decoder.js';

/** Decodes one message whose content is the given raw JSON list of blocks. */
function contentOf(blocksJson: string, role = 'user'): ContentPart[] {
  const raw = `{"max_tokens":10,"messages":[{"role":"${role}","content":${blocksJson}}]}`;
  return decodeAnthropicRequest(JSON.parse(raw)).messages[0].content;
}

function rejection(blocksJson: string): GatewayError {
  try {
    contentOf(blocksJson);
  } catch (err) {
    if (isGatewayError(err)) return err;
    throw err;
  }
  throw new Error('the content was accepted');
}

describe('Anthropic content blocks', () => {
  it('decodes text with its cache marker', () => {
    expect(contentOf('[{"type":"text","text":"Hi","cache_control":{"type":"ephemeral"}}]')).toEqual([
      { type: 'text', text: 'Hi', cacheControl: { type: 'ephemeral' } },
    ]);
  });

  it('decodes base64 and url images', () => {
    const parts = contentOf(
      '[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBOR"}},' +
        '{"type":"image","source":{"type":"url","url":"https://example.com/a.jpg"}}]',
    );
    expect(parts).toEqual([
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/a.jpg' } },
    ]);
  });

  it('decodes pdf, url and plain-text documents', () => {
    const parts = contentOf(
      '[{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBER"},"title":"Spec"},' +
        '{"type":"document","source":{"type":"url","url":"https://example.com/a.pdf"}},' +
        '{"type":"document","source":{"type":"text","media_type":"text/plain","data":"plain words"}}]',
    );
    expect(parts).toEqual([
      { type: 'document', title: 'Spec', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBER' } },
      { type: 'document', source: { kind: 'url', url: 'https://example.com/a.pdf' } },
      {
        type: 'document',
        source: { kind: 'base64', mediaType: 'text/plain', data: Buffer.from('plain words').toString('base64') },
      },
    ]);
  });

  it('decodes images and documents uploaded through the Files API as files stored with Anthropic', () => {
    const parts = contentOf(
      '[{"type":"text","text":"Compare"},' +
        '{"type":"image","source":{"type":"file","file_id":"file_011CPMxVD3fHLUhvTqtsQA5w"}},' +
        '{"type":"document","source":{"type":"file","file_id":"file_011CNha8iCJcU1wXNR6q4V8w"},"title":"Q3"}]',
    );
    expect(parts.slice(1)).toEqual([
      {
        type: 'image',
        source: {
          kind: 'file',
          vendor: 'anthropic',
          fileId: 'file_011CPMxVD3fHLUhvTqtsQA5w',
          field: 'messages[0].content[1].source',
        },
      },
      {
        type: 'document',
        title: 'Q3',
        source: {
          kind: 'file',
          vendor: 'anthropic',
          fileId: 'file_011CNha8iCJcU1wXNR6q4V8w',
          field: 'messages[0].content[2].source',
        },
      },
    ]);
  });

  it('reads a custom content document as the text and image blocks it holds, its cache mark on the last', () => {
    const parts = contentOf(
      '[{"type":"document","title":"Notes","cache_control":{"type":"ephemeral"},"source":{"type":"content","content":[' +
        '{"type":"text","text":"First point."},' +
        '{"type":"image","source":{"type":"url","url":"https://example.com/chart.png"}}]}},' +
        '{"type":"document","source":{"type":"content","content":"Only text."}}]',
    );
    expect(parts).toEqual([
      { type: 'text', text: 'First point.' },
      {
        type: 'image',
        source: { kind: 'url', url: 'https://example.com/chart.png' },
        cacheControl: { type: 'ephemeral' },
      },
      { type: 'text', text: 'Only text.' },
    ]);
  });

  it('reads a content document inside a tool result as its blocks', () => {
    const [result] = contentOf(
      '[{"type":"tool_result","tool_use_id":"toolu_1","content":[' +
        '{"type":"document","source":{"type":"content","content":[{"type":"text","text":"row 1"}]}}]}]',
    );
    expect(result).toEqual({ type: 'tool_result', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'row 1' }] });
  });

  it('still refuses a malformed file or content source, naming the field', () => {
    expect(rejection('[{"type":"image","source":{"type":"file"}}]').param).toBe(
      'messages[0].content[0].source.file_id',
    );
    expect(rejection('[{"type":"document","source":{"type":"file","file_id":7}}]').param).toBe(
      'messages[0].content[0].source.file_id',
    );
    expect(rejection('[{"type":"document","source":{"type":"content","content":[{"type":"tool_use"}]}}]').param).toBe(
      'messages[0].content[0].source.content[0].type',
    );
    expect(rejection('[{"type":"image","source":{"type":"content","content":"x"}}]').param).toBe(
      'messages[0].content[0].source.type',
    );
  });

  it('decodes an assistant tool_use into a tool call with JSON text arguments', () => {
    const parts = contentOf(
      '[{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Oslo"}}]',
      'assistant',
    );
    expect(parts).toEqual([{ type: 'tool_call', id: 'toolu_01', name: 'get_weather', arguments: '{"city":"Oslo"}' }]);
  });

  it('decodes tool results with string or block content and the error flag', () => {
    const parts = contentOf(
      '[{"type":"tool_result","tool_use_id":"toolu_01","content":"12C"},' +
        '{"type":"tool_result","tool_use_id":"toolu_02","is_error":true,"content":[{"type":"text","text":"boom"},' +
        '{"type":"image","source":{"type":"base64","media_type":"image/gif","data":"R0lG"}}]},' +
        '{"type":"tool_result","tool_use_id":"toolu_03"}]',
    );
    expect(parts).toEqual([
      { type: 'tool_result', toolCallId: 'toolu_01', content: '12C' },
      {
        type: 'tool_result',
        toolCallId: 'toolu_02',
        isError: true,
        content: [
          { type: 'text', text: 'boom' },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/gif', data: 'R0lG' } },
        ],
      },
      { type: 'tool_result', toolCallId: 'toolu_03', content: '' },
    ]);
  });

  it('decodes thinking with its signature and redacted thinking', () => {
    const parts = contentOf(
      '[{"type":"thinking","thinking":"Let me see","signature":"EqQBCgIYAhIM"},' +
        '{"type":"redacted_thinking","data":"EmwKAhgBEgy"},{"type":"text","text":"Done"}]',
      'assistant',
    );
    expect(parts).toEqual([
      { type: 'thinking', text: 'Let me see', signature: 'EqQBCgIYAhIM' },
      { type: 'thinking', text: '', redactedData: 'EmwKAhgBEgy' },
      { type: 'text', text: 'Done' },
    ]);
  });

  it('reads the empty signature given to another vendor’s thinking as no signature', () => {
    const parts = contentOf(
      '[{"type":"thinking","thinking":"From a local model","signature":""},{"type":"text","text":"Done"}]',
      'assistant',
    );
    expect(parts).toEqual([
      { type: 'thinking', text: 'From a local model' },
      { type: 'text', text: 'Done' },
    ]);
  });

  it('leaves server tool blocks to same-format passthrough', () => {
    const parts = contentOf(
      '[{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"x"}},' +
        '{"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[]},{"type":"text","text":"Found"}]',
      'assistant',
    );
    expect(parts).toEqual([{ type: 'text', text: 'Found' }]);
  });

  it.each([
    [
      'an unsupported image type',
      '[{"type":"image","source":{"type":"base64","media_type":"image/bmp","data":"x"}}]',
      'messages[0].content[0].source.media_type',
    ],
    [
      'a tool_use without an input object',
      '[{"type":"tool_use","id":"t","name":"f","input":"{}"}]',
      'messages[0].content[0].input',
    ],
    ['a tool_result without its id', '[{"type":"tool_result","content":"x"}]', 'messages[0].content[0].tool_use_id'],
    [
      'a pdf that is not a pdf',
      '[{"type":"document","source":{"type":"base64","media_type":"text/html","data":"x"}}]',
      'messages[0].content[0].source.media_type',
    ],
    ['a block that is not an object', '["hello"]', 'messages[0].content[0]'],
  ])('rejects %s at its path', (_what, blocks, param) => {
    const err = rejection(blocks);
    expect(err.param).toBe(param);
    expect(err.status).toBe(400);
  });

  it('leaves out a block type it does not know, and a thinking block inside a tool result', () => {
    const parts = contentOf(
      '[{"type":"text","text":"a"},{"type":"video"},' +
        '{"type":"tool_result","tool_use_id":"t","content":[{"type":"thinking"},{"type":"text","text":"ok"}]}]',
    );
    expect(parts).toEqual([
      { type: 'text', text: 'a' },
      { type: 'tool_result', toolCallId: 't', content: [{ type: 'text', text: 'ok' }] },
    ]);
  });
});
