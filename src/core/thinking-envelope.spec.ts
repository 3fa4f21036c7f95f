import { GatewayError } from './gateway-error.js';
import {
  isThinkingEnvelope,
  openThinking,
  REASONING_ENVELOPE_PREFIX,
  sealThinking,
  wantsEncryptedReasoning,
} from './thinking-envelope.js';

describe('the sealed thinking envelope', () => {
  it('gives back signed thinking exactly as sealed', () => {
    const sealed = sealThinking({ text: 'Two cities — so two calls.\n', signature: 'EqQBCkYIBxgCKkD+/=' });
    expect(sealed?.startsWith(REASONING_ENVELOPE_PREFIX)).toBe(true);
    expect(isThinkingEnvelope(sealed)).toBe(true);
    expect(openThinking(sealed ?? '', 'input[2].encrypted_content')).toEqual({
      type: 'thinking',
      text: 'Two cities — so two calls.\n',
      signature: 'EqQBCkYIBxgCKkD+/=',
    });
  });

  it('gives back a redacted block by its data', () => {
    const sealed = sealThinking({ text: '', redactedData: 'EmwKAhgBEgy3va3pzix' }) ?? '';
    expect(openThinking(sealed, 'x')).toEqual({ type: 'thinking', text: '', redactedData: 'EmwKAhgBEgy3va3pzix' });
  });

  it('seals nothing for unsigned thinking, which no upstream would take back', () => {
    expect(sealThinking({ text: 'plain reasoning' })).toBeUndefined();
    expect(sealThinking({ text: 'plain reasoning', signature: '' })).toBeUndefined();
  });

  it("tells the gateway's envelope from another vendor's encrypted content", () => {
    expect(isThinkingEnvelope('gAAAAABo-opaque')).toBe(false);
    expect(isThinkingEnvelope(undefined)).toBe(false);
  });

  it('refuses a damaged envelope, naming the field', () => {
    const damaged = `${REASONING_ENVELOPE_PREFIX}not*base64{`;
    expect(() => openThinking(damaged, 'input[2].encrypted_content')).toThrow(GatewayError);
    try {
      openThinking(damaged, 'input[2].encrypted_content');
    } catch (err) {
      expect((err as GatewayError).param).toBe('input[2].encrypted_content');
    }
  });

  it('is asked for by include: reasoning.encrypted_content', () => {
    expect(wantsEncryptedReasoning({ include: ['reasoning.encrypted_content'] })).toBe(true);
    expect(wantsEncryptedReasoning({ include: ['message.output_text.logprobs'] })).toBe(false);
    expect(wantsEncryptedReasoning({})).toBe(false);
  });
});
