import { GatewayError } from '#src/core/gateway-error.js';
import { BodyCap, isStreamedType } from './body-cap.js';

const LIMITS = { responseBytes: 10, streamLineBytes: 4 };
const bytes = (text: string) => Buffer.from(text);

function refusal(run: () => void): GatewayError | undefined {
  try {
    run();
    return undefined;
  } catch (err) {
    return err as GatewayError;
  }
}

describe('BodyCap', () => {
  it('accepts a whole answer up to its limit and refuses the byte past it, as an upstream failure', () => {
    const cap = new BodyCap(LIMITS, false, 'openai');
    cap.check(bytes('12345'));
    cap.check(bytes('67890'));
    const err = refusal(() => cap.check(bytes('x')));
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ kind: 'invalid_upstream_response', status: 502, provider: 'openai' });
    expect(err?.message).toBe(
      'The upstream provider "openai" sent an answer larger than the gateway accepts (10 bytes)',
    );
  });

  it('refuses an answer whose declared length is over the limit before reading it', () => {
    const cap = new BodyCap(LIMITS, false, 'openai');
    expect(refusal(() => cap.checkDeclared('11'))?.kind).toBe('invalid_upstream_response');
    expect(refusal(() => cap.checkDeclared('10'))).toBeUndefined();
    expect(refusal(() => cap.checkDeclared(undefined))).toBeUndefined();
  });

  it('lets a stream run as long as it likes while every line stays short', () => {
    const cap = new BodyCap(LIMITS, true, 'claude');
    for (let i = 0; i < 100; i += 1) cap.check(bytes('ab\ncd\n'));
    expect(refusal(() => cap.check(bytes('abcd')))).toBeUndefined();
  });

  it('refuses a stream line that grows past the limit across chunks', () => {
    const cap = new BodyCap(LIMITS, true, 'claude');
    cap.check(bytes('ok\nab'));
    cap.check(bytes('c'));
    const err = refusal(() => cap.check(bytes('de')));
    expect(err?.message).toBe(
      'The upstream provider "claude" sent a stream line longer than the gateway accepts (4 bytes)',
    );
  });

  it('counts CR as a line end too, and ignores a declared length on streams', () => {
    const cap = new BodyCap(LIMITS, true, 'claude');
    for (let i = 0; i < 10; i += 1) cap.check(bytes('abc\r'));
    expect(refusal(() => cap.checkDeclared('999999'))).toBeUndefined();
  });

  it('reads event streams and NDJSON line by line, everything else whole', () => {
    expect(isStreamedType('text/event-stream; charset=utf-8')).toBe(true);
    expect(isStreamedType('application/x-ndjson')).toBe(true);
    expect(isStreamedType('application/json')).toBe(false);
    expect(isStreamedType(undefined)).toBe(false);
  });
});
