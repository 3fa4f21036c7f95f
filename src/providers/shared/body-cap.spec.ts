import { GatewayError } from '#src/core/gateway-error.js';
import { BodyCap, bodyShape } from './body-cap.js';

const LIMITS = { responseBytes: 10, streamLineBytes: 6 };
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
    const cap = new BodyCap(LIMITS, 'whole', 'openai');
    cap.check(bytes('12345'));
    cap.check(bytes('67890'));
    const err = refusal(() => cap.check(bytes('x')));
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ kind: 'invalid_upstream_response', status: 502, provider: 'openai' });
    expect(err?.message).toBe(
      'The upstream provider "openai" sent an answer larger than the gateway accepts (10 bytes)',
    );
  });

  it('refuses a whole answer whose declared length is over the limit before reading it', () => {
    const cap = new BodyCap(LIMITS, 'whole', 'openai');
    expect(refusal(() => cap.checkDeclared('11'))?.kind).toBe('invalid_upstream_response');
    expect(refusal(() => cap.checkDeclared('10'))).toBeUndefined();
    expect(refusal(() => cap.checkDeclared(undefined))).toBeUndefined();
  });

  it('lets an NDJSON stream run as long as it likes while every line stays short', () => {
    const cap = new BodyCap(LIMITS, 'lines', 'local');
    for (let i = 0; i < 100; i += 1) cap.check(bytes('ab\ncd\r\n'));
    expect(refusal(() => cap.check(bytes('abcdef')))).toBeUndefined();
    expect(refusal(() => cap.checkDeclared('999999'))).toBeUndefined();
  });

  it('refuses an NDJSON line that grows past the limit across chunks', () => {
    const cap = new BodyCap(LIMITS, 'lines', 'local');
    cap.check(bytes('ok\nabc'));
    cap.check(bytes('def'));
    const err = refusal(() => cap.check(bytes('g')));
    expect(err?.message).toBe(
      'The upstream provider "local" sent a stream event longer than the gateway accepts (6 bytes)',
    );
  });

  it('counts an SSE stream by frames: short lines without a blank line between them still add up', () => {
    const cap = new BodyCap(LIMITS, 'sse', 'claude');
    for (let i = 0; i < 50; i += 1) cap.check(bytes('a:1\n\n'));
    cap.check(bytes('a:\n'));
    expect(refusal(() => cap.check(bytes('b:\nc:\n')))?.kind).toBe('invalid_upstream_response');
  });

  it('sees a blank line split between two chunks, with LF or CRLF line ends', () => {
    const lf = new BodyCap(LIMITS, 'sse', 'claude');
    lf.check(bytes('a:123\n'));
    lf.check(bytes('\nb:12'));
    expect(refusal(() => lf.check(bytes('\n\n')))).toBeUndefined();
    const crlf = new BodyCap(LIMITS, 'sse', 'claude');
    crlf.check(bytes('a:1\r\n\r'));
    expect(refusal(() => crlf.check(bytes('\nb:123')))).toBeUndefined();
  });

  it('sees a CRLF blank line wherever a chunk boundary cuts it, and a CR blank line too', () => {
    const frame = 'a:1\r\n\r\n';
    for (let cut = 1; cut < frame.length; cut += 1) {
      const cap = new BodyCap(LIMITS, 'sse', 'claude');
      cap.check(bytes(frame.slice(0, cut)));
      expect(refusal(() => cap.check(bytes(`${frame.slice(cut)}b:1234`)))).toBeUndefined();
    }
    const cr = new BodyCap(LIMITS, 'sse', 'claude');
    cr.check(bytes('a:123\r'));
    expect(refusal(() => cr.check(bytes('\rb:1234')))).toBeUndefined();
  });

  it('reads event streams by frame, NDJSON by line, everything else whole', () => {
    expect(bodyShape('text/event-stream; charset=utf-8')).toBe('sse');
    expect(bodyShape('application/x-ndjson')).toBe('lines');
    expect(bodyShape('application/json')).toBe('whole');
    expect(bodyShape(undefined)).toBe('whole');
  });
});
