import { SseCounter } from './sse-tally.js';

const OPENAI = [
  'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n',
  'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"t0 "},"finish_reason":null}]}\n\n',
  'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"t1 "},"finish_reason":null}]}\n\n',
  'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n',
  'data: [DONE]\n\n',
].join('');

const ANTHROPIC = [
  'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[]}}\n\n',
  'event: ping\ndata: {"type":"ping"}\n\n',
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"t0 "}}\n\n',
  'event: message_stop\ndata: {"type":"message_stop"}\n\n',
].join('');

describe('SseCounter', () => {
  it('counts every OpenAI event, the text-bearing ones and the [DONE] terminator', () => {
    const counter = new SseCounter('openai');
    counter.push(OPENAI);
    expect(counter.tally).toMatchObject({ events: 5, contentEvents: 2, text: 't0 t1 ', terminated: true });
  });

  it('gives the same tally whatever the body is split into', () => {
    const counter = new SseCounter('openai');
    for (const char of OPENAI) counter.push(char);
    expect(counter.tally).toMatchObject({ events: 5, contentEvents: 2, terminated: true });
  });

  it('sees two text pieces merged into one event as one content event', () => {
    const counter = new SseCounter('openai');
    counter.push('data: {"choices":[{"index":0,"delta":{"content":"t0 t1 "}}]}\n\ndata: [DONE]\n\n');
    expect(counter.tally.contentEvents).toBe(1);
  });

  it('reads Anthropic named events and treats message_stop as the terminator', () => {
    const counter = new SseCounter('anthropic');
    counter.push(ANTHROPIC.replace(/\n/g, '\r\n'));
    expect(counter.tally).toMatchObject({ events: 4, contentEvents: 1, text: 't0 ', terminated: true });
  });

  it('notices an error event and a stream cut before its terminator', () => {
    const counter = new SseCounter('anthropic');
    counter.push('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n');
    expect(counter.tally).toMatchObject({ errorEvent: true, terminated: false });
  });

  it('does not count comments or an unfinished event', () => {
    const counter = new SseCounter('openai');
    counter.push(': keep-alive\n\ndata: {"choices":[{"index":0,"delta":{"content":"x"}}]}');
    expect(counter.tally.events).toBe(0);
  });
});
