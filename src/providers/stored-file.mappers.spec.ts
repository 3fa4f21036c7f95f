import type { ChatRequest, DocumentPart, FileVendor, ImagePart } from '#src/core/chat.types.js';
import { toAnthropicMessages } from './anthropic/anthropic.content.mapper.js';
import { toOllamaMessages } from './ollama/ollama-messages.mapper.js';
import { toOpenAIUserPart } from './openai/openai-content.mapper.js';
import { toResponsesRequest } from './openai/openai-responses-request.mapper.js';

const field = 'messages[0].content[0].source';
const source = (vendor: FileVendor) => ({ kind: 'file' as const, vendor, fileId: 'file_1', field });
const document = (vendor: FileVendor): DocumentPart => ({ type: 'document', source: source(vendor), title: 'Q3' });
const image = (vendor: FileVendor): ImagePart => ({ type: 'image', source: source(vendor) });
const asked = (part: DocumentPart | ImagePart): ChatRequest => ({
  messages: [{ role: 'user', content: [part] }],
  stream: false,
});

describe('a stored file, written for each upstream', () => {
  it("reaches Claude as a file source when it is Anthropic's", () => {
    expect(toAnthropicMessages(asked(document('anthropic')).messages)[0].content).toEqual([
      { type: 'document', title: 'Q3', source: { type: 'file', file_id: 'file_1' } },
    ]);
    expect(toAnthropicMessages(asked(image('anthropic')).messages)[0].content).toEqual([
      { type: 'image', source: { type: 'file', file_id: 'file_1' } },
    ]);
  });

  it("reaches Chat Completions and Responses upstreams by file_id when it is OpenAI's", () => {
    expect(toOpenAIUserPart(document('openai'), 'p')).toEqual({
      type: 'file',
      file: { file_id: 'file_1', filename: 'Q3' },
    });
    expect(toResponsesRequest(asked(document('openai')), 'gpt').input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_file', file_id: 'file_1', filename: 'Q3' }] },
    ]);
    expect(toResponsesRequest(asked(image('openai')), 'gpt').input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_image', file_id: 'file_1', detail: 'auto' }] },
    ]);
  });

  it('is refused by a Chat Completions upstream, naming the field, when it is an image: Chat takes none by id', () => {
    const refused = { kind: 'invalid_request', status: 400, param: field };
    expect(() => toOpenAIUserPart(image('openai'), 'p')).toThrow(expect.objectContaining(refused));
  });

  it("is refused, naming the client's field, by every writer for another vendor's model", () => {
    const refused = { kind: 'invalid_request', status: 400, param: field };
    expect(() => toAnthropicMessages(asked(document('openai')).messages)).toThrow(expect.objectContaining(refused));
    expect(() => toOpenAIUserPart(image('anthropic'), 'p')).toThrow(expect.objectContaining(refused));
    expect(() => toResponsesRequest(asked(document('anthropic')), 'gpt')).toThrow(expect.objectContaining(refused));
    expect(() => toOllamaMessages(asked(image('openai')))).toThrow(expect.objectContaining(refused));
  });
});
