import { Readable } from 'node:stream';
import { SETTLE_LIMIT_BYTES, timedBody } from './timed-body.js';

function watch() {
  const seen = { progress: 0, ends: 0 };
  let ended = () => undefined as void;
  const end = new Promise<void>((resolve) => (ended = resolve));
  const hooks = {
    onProgress: () => (seen.progress += 1),
    onEnd: () => {
      seen.ends += 1;
      ended();
    },
    classify: (err: unknown) => new Error(`classified: ${(err as Error).message}`),
  };
  return { seen, hooks, end };
}

describe('timedBody', () => {
  it('hands out every chunk in order, re-arming the idle deadline per chunk, and ends once', async () => {
    const { seen, hooks } = watch();
    const body = timedBody(Readable.from([Buffer.from('a'), Buffer.from('b')]), hooks);
    const out: string[] = [];
    for await (const chunk of body) out.push(chunk.toString());
    expect(out).toEqual(['a', 'b']);
    expect(seen).toEqual({ progress: 3, ends: 1 });
  });

  it('destroys the body when the consumer stops early', async () => {
    const { seen, hooks } = watch();
    const stream = Readable.from([Buffer.from('a'), Buffer.from('b')]);
    for await (const chunk of timedBody(stream, hooks)) {
      expect(chunk.toString()).toBe('a');
      break;
    }
    expect(stream.destroyed).toBe(true);
    expect(seen.ends).toBe(1);
  });

  it('turns a read failure into the classified error and ends once', async () => {
    const { seen, hooks } = watch();
    const stream = new Readable({
      read() {
        this.destroy(new Error('socket reset'));
      },
    });
    const read = async () => {
      for await (const _ of timedBody(stream, hooks)) void _;
    };
    await expect(read()).rejects.toThrow('classified: socket reset');
    expect(seen.ends).toBe(1);
  });

  it('reads what trails a settled answer to the end without destroying the body, and ends once', async () => {
    const { seen, hooks, end } = watch();
    const stream = Readable.from([Buffer.from('data: [DONE]\n\n'), Buffer.from('\n')]);
    const body = timedBody(stream, hooks);
    const iterator = body[Symbol.asyncIterator]();
    await iterator.next();
    body.settle();
    await iterator.return?.();
    await end;
    expect(stream.readableEnded).toBe(true);
    expect(seen.ends).toBe(1);
  });

  it('gives up a settled body whose tail runs past the limit', async () => {
    const { seen, hooks, end } = watch();
    const tail = Array.from({ length: 3 }, () => Buffer.alloc(SETTLE_LIMIT_BYTES / 2));
    const stream = Readable.from([Buffer.from('head'), ...tail, Buffer.from('never read')]);
    const body = timedBody(stream, hooks);
    await body[Symbol.asyncIterator]().next();
    body.settle();
    await end;
    expect(stream.readableEnded).toBe(false);
    expect(stream.destroyed).toBe(true);
    expect(seen.ends).toBe(1);
  });

  it('stops at a chunk its inspector refuses: the body is destroyed and the refusal reaches the consumer as is', async () => {
    const { seen, hooks } = watch();
    const stream = Readable.from([Buffer.from('small'), Buffer.from('far too large'), Buffer.from('never read')]);
    const refusal = new Error('too large');
    const inspect = (chunk: Buffer) => {
      if (chunk.length > 5) throw refusal;
    };
    const out: string[] = [];
    const read = async () => {
      for await (const chunk of timedBody(stream, { ...hooks, inspect })) out.push(chunk.toString());
    };
    await expect(read()).rejects.toBe(refusal);
    expect(out).toEqual(['small']);
    expect(stream.destroyed).toBe(true);
    expect(seen.ends).toBe(1);
  });

  it('fails a body that closes before its end, after handing out what came before', async () => {
    const { seen, hooks } = watch();
    const stream = new Readable({ read() {} });
    stream.push(Buffer.from('data: partial'));
    const body = timedBody(stream, hooks)[Symbol.asyncIterator]();
    expect((await body.next()).value?.toString()).toBe('data: partial');
    const pending = body.next();
    stream.destroy();
    await expect(pending).rejects.toThrow('classified: Premature close');
    expect(seen.ends).toBe(1);
  });

  it('holds a body that is not being read: a chunk waits, paused, until it is asked for', async () => {
    const { hooks } = watch();
    const stream = new Readable({ read() {} });
    const body = timedBody(stream, hooks)[Symbol.asyncIterator]();
    const first = body.next();
    stream.push(Buffer.from('a'));
    expect((await first).value?.toString()).toBe('a');
    stream.push(Buffer.from('b'));
    stream.push(Buffer.from('c'));
    stream.push(null);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.isPaused()).toBe(true);
    const rest: string[] = [];
    for (let r = await body.next(); !r.done; r = await body.next()) rest.push(r.value.toString());
    expect(rest).toEqual(['b', 'c']);
  });

  describe('read whole', () => {
    it('gives every chunk in one buffer, re-arming the idle deadline per chunk, and ends once', async () => {
      const { seen, hooks } = watch();
      const stream = Readable.from([Buffer.from('{"a":'), Buffer.from('1}')]);
      const body = timedBody(stream, hooks);
      expect((await body.readAll()).toString()).toBe('{"a":1}');
      expect(seen).toEqual({ progress: 3, ends: 1 });
      expect(body.started()).toBe(true);
      expect(stream.readableEnded).toBe(true);
    });

    it('turns a read failure into the classified error and ends once', async () => {
      const { seen, hooks } = watch();
      const stream = new Readable({
        read() {
          this.destroy(new Error('socket reset'));
        },
      });
      await expect(timedBody(stream, hooks).readAll()).rejects.toThrow('classified: socket reset');
      expect(seen.ends).toBe(1);
    });

    it('fails a body closed before its end without an error', async () => {
      const { seen, hooks } = watch();
      const stream = new Readable({
        read() {
          this.push('{"half":');
          this.destroy();
        },
      });
      await expect(timedBody(stream, hooks).readAll()).rejects.toThrow('classified: Premature close');
      expect(seen.ends).toBe(1);
    });

    it('stops at a chunk its inspector refuses: the body is destroyed and the refusal comes back as is', async () => {
      const { seen, hooks } = watch();
      const stream = Readable.from([Buffer.from('small'), Buffer.from('far too large'), Buffer.from('never read')]);
      const refusal = new Error('too large');
      const inspect = (chunk: Buffer) => {
        if (chunk.length > 5) throw refusal;
      };
      await expect(timedBody(stream, { ...hooks, inspect }).readAll()).rejects.toBe(refusal);
      expect(stream.destroyed).toBe(true);
      expect(seen.ends).toBe(1);
    });
  });
});
