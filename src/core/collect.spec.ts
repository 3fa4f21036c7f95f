import type { ChatEvent } from './chat.types.js';
import { collectEvents } from './collect.js';

const stop: ChatEvent = { type: 'stop', reason: 'end_turn' };

describe('collectEvents', () => {
  it('keeps redacted thinking apart from the thinking that follows it', () => {
    const response = collectEvents([
      { type: 'start' },
      { type: 'redacted_thinking', data: 'EncryptedBlob' },
      { type: 'thinking_delta', text: 'Plain ' },
      { type: 'thinking_delta', text: 'thoughts.' },
      { type: 'thinking_signature', signature: 'sig' },
      { type: 'text_delta', text: 'Hi' },
      stop,
    ]);
    expect(response.content).toEqual([
      { type: 'thinking', text: '', redactedData: 'EncryptedBlob' },
      { type: 'thinking', text: 'Plain thoughts.', signature: 'sig' },
      { type: 'text', text: 'Hi' },
    ]);
  });

  it('gives a signature that follows redacted thinking a part of its own', () => {
    const response = collectEvents([
      { type: 'redacted_thinking', data: 'EncryptedBlob' },
      { type: 'thinking_signature', signature: 'sig' },
      stop,
    ]);
    expect(response.content).toEqual([
      { type: 'thinking', text: '', redactedData: 'EncryptedBlob' },
      { type: 'thinking', text: '', signature: 'sig' },
    ]);
  });
});
