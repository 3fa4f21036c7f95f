import { toolResultText } from './tool-result-text.mapper.js';

describe('toolResultText', () => {
  it('puts each text block of a result on its own line, so words from two blocks stay apart', () => {
    const text = toolResultText({
      type: 'tool_result',
      toolCallId: 'toolu_1',
      content: [
        { type: 'text', text: 'first block' },
        { type: 'text', text: 'second block' },
      ],
    });
    expect(text).toBe('first block\nsecond block');
  });

  it('says an error result is one, in the text', () => {
    expect(toolResultText({ type: 'tool_result', toolCallId: 't', content: 'no such file', isError: true })).toBe(
      'Error: no such file',
    );
  });
});
