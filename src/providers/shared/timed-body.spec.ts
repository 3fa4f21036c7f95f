import type { ChunkSource } from './pushed-answer.js';
import { SETTLE_LIMIT_BYTES, timedBody } from './timed-body.js';

/** A body whose chunks are all in already, ending as scripted: at its end, or with a failure. */
class ScriptedBody implements ChunkSource {
  destroyed = false;
  readToEnd = false;
  private readonly chunks: Buffer[];

  constructor(
    chunks: Array<string | Buffer>,
    private readonly failure?: Error,
  ) {
    this.chunks = chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c));
  }

  next(): Promise<IteratorResult<Buffer>> {
    if (this.destroyed) return Promise.reject(new Error('read after destroy'));
    const chunk = this.chunks.shift();
    if (chunk !== undefined) return Promise.resolve({ done: false, value: chunk });
    if (this.failure) return Promise.reject(this.failure);
    this.readToEnd = true;
    return Promise.resolve({ done: true, value: undefined });
  }

  destroy(): void {
    this.destroyed = true;
  }
}

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

const refuseOver5 = (refusal: Error) => (chunk: Buffer) => {
  if (chunk.length > 5) throw refusal;
};

describe('timedBody', () => {
  it('hands out every chunk in order, re-arming the idle deadline per chunk, and ends once', async () => {
    const { seen, hooks } = watch();
    const source = new ScriptedBody(['a', 'b']);
    const out: string[] = [];
    for await (const chunk of timedBody(source, hooks)) out.push(chunk.toString());
    expect(out).toEqual(['a', 'b']);
    expect(seen).toEqual({ progress: 3, ends: 1 });
    expect(source.destroyed).toBe(false);
  });

  it('gives the body up when the consumer stops early', async () => {
    const { seen, hooks } = watch();
    const source = new ScriptedBody(['a', 'b']);
    for await (const chunk of timedBody(source, hooks)) {
      expect(chunk.toString()).toBe('a');
      break;
    }
    expect(source.destroyed).toBe(true);
    expect(seen.ends).toBe(1);
  });

  it('turns a read failure into the classified error, gives the body up and ends once', async () => {
    const { seen, hooks } = watch();
    const source = new ScriptedBody(['data: partial'], new Error('socket reset'));
    const out: string[] = [];
    const read = async () => {
      for await (const chunk of timedBody(source, hooks)) out.push(chunk.toString());
    };
    await expect(read()).rejects.toThrow('classified: socket reset');
    expect(out).toEqual(['data: partial']);
    expect(source.destroyed).toBe(true);
    expect(seen.ends).toBe(1);
  });

  it('reads what trails a settled answer to the end without giving the body up, and ends once', async () => {
    const { seen, hooks, end } = watch();
    const source = new ScriptedBody(['data: [DONE]\n\n', '\n']);
    const body = timedBody(source, hooks);
    const iterator = body[Symbol.asyncIterator]();
    await iterator.next();
    body.settle();
    await iterator.return?.();
    await end;
    expect(source.readToEnd).toBe(true);
    expect(source.destroyed).toBe(false);
    expect(seen.ends).toBe(1);
  });

  it('gives up a settled body whose tail runs past the limit', async () => {
    const { seen, hooks, end } = watch();
    const tail = Array.from({ length: 3 }, () => Buffer.alloc(SETTLE_LIMIT_BYTES / 2));
    const source = new ScriptedBody(['head', ...tail, 'never read']);
    const body = timedBody(source, hooks);
    await body[Symbol.asyncIterator]().next();
    body.settle();
    await end;
    expect(source.readToEnd).toBe(false);
    expect(source.destroyed).toBe(true);
    expect(seen.ends).toBe(1);
  });

  it('stops at a chunk its inspector refuses: the body is given up and the refusal reaches the consumer as is', async () => {
    const { seen, hooks } = watch();
    const source = new ScriptedBody(['small', 'far too large', 'never read']);
    const refusal = new Error('too large');
    const out: string[] = [];
    const read = async () => {
      for await (const chunk of timedBody(source, { ...hooks, inspect: refuseOver5(refusal) })) {
        out.push(chunk.toString());
      }
    };
    await expect(read()).rejects.toBe(refusal);
    expect(out).toEqual(['small']);
    expect(source.destroyed).toBe(true);
    expect(seen.ends).toBe(1);
  });

  describe('read whole', () => {
    it('gives every chunk in one buffer, re-arming the idle deadline per chunk, and ends once', async () => {
      const { seen, hooks } = watch();
      const source = new ScriptedBody(['{"a":', '1}']);
      const body = timedBody(source, hooks);
      expect((await body.readAll()).toString()).toBe('{"a":1}');
      expect(seen).toEqual({ progress: 3, ends: 1 });
      expect(body.started()).toBe(true);
      expect(source.readToEnd).toBe(true);
    });

    it('turns a read failure into the classified error and ends once', async () => {
      const { seen, hooks } = watch();
      const source = new ScriptedBody(['{"half":'], new Error('socket reset'));
      await expect(timedBody(source, hooks).readAll()).rejects.toThrow('classified: socket reset');
      expect(source.destroyed).toBe(true);
      expect(seen.ends).toBe(1);
    });

    it('stops at a chunk its inspector refuses: the body is given up and the refusal comes back as is', async () => {
      const { seen, hooks } = watch();
      const source = new ScriptedBody(['small', 'far too large', 'never read']);
      const refusal = new Error('too large');
      await expect(timedBody(source, { ...hooks, inspect: refuseOver5(refusal) }).readAll()).rejects.toBe(refusal);
      expect(source.destroyed).toBe(true);
      expect(seen.ends).toBe(1);
    });
  });
});
