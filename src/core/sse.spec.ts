import { SseParser, encodeSse } from './sse.js';

describe('SseParser', () => {
  it('reassembles a frame split across chunks', () => {
    const p = new SseParser();
    expect(p.push('event: ping\nda')).toEqual([]);
    expect(p.push('ta: {"a":1}\n')).toEqual([]);
    expect(p.push('\n')).toEqual([{ event: 'ping', data: '{"a":1}' }]);
  });

  it('accepts CRLF line ends, including a CRLF split between chunks', () => {
    const p = new SseParser();
    expect(p.push('data: one\r')).toEqual([]);
    expect(p.push('\n\r\ndata: two\r\n\r\n')).toEqual([{ data: 'one' }, { data: 'two' }]);
  });

  it('reads LF, lone-CR and CRLF line ends mixed in one chunk', () => {
    const p = new SseParser();
    expect(p.push('data: a\n\ndata: b\r\rdata: c\r\n\r\ndata: d\n\n')).toEqual([
      { data: 'a' },
      { data: 'b' },
      { data: 'c' },
      { data: 'd' },
    ]);
  });

  it('decodes a UTF-8 character split between chunks', () => {
    const bytes = Buffer.from('data: 代码\n\n', 'utf8');
    const p = new SseParser();
    const cut = bytes.indexOf(Buffer.from('码', 'utf8')) + 1;
    expect(p.push(bytes.subarray(0, cut))).toEqual([]);
    expect(p.push(bytes.subarray(cut))).toEqual([{ data: '代码' }]);
  });

  it('skips comments and joins multi-line data', () => {
    const p = new SseParser();
    expect(p.push(': keepalive\ndata: a\ndata: b\n\n')).toEqual([{ data: 'a\nb' }]);
  });

  it('flushes a last frame that had no blank line after it', () => {
    const p = new SseParser();
    p.push('data: [DONE]');
    expect(p.end()).toEqual([{ data: '[DONE]' }]);
  });

  it('round-trips what encodeSse writes', () => {
    const p = new SseParser();
    expect(p.push(encodeSse('x\ny', 'message_stop'))).toEqual([{ event: 'message_stop', data: 'x\ny' }]);
  });
});
