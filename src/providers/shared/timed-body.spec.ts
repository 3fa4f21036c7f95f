import { Readable } from 'node:stream';
import { timedBody } from './timed-body.js';

function watch() {
  const seen = { progress: 0, ends: 0 };
  const hooks = {
    onProgress: () => (seen.progress += 1),
    onEnd: () => (seen.ends += 1),
    classify: (err: unknown) => new Error(`classified: ${(err as Error).message}`),
  };
  return { seen, hooks };
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
});
