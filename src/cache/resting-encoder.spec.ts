import type { Embedding } from '#src/routing/matchers/semantic/embedding.js';
import type { SemanticEncoder } from '#src/routing/matchers/semantic/semantic-encoder.js';
import { encodePrompt } from './prompt-encoder.js';
import { RestingEncoder } from '#src/routing/matchers/semantic/resting-encoder.js';

/** An embedding model that counts its calls and can be switched off. */
class CountingModel implements SemanticEncoder {
  calls = 0;
  down = false;

  async encode(texts: readonly string[]): Promise<Embedding[]> {
    this.calls++;
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:11434');
    return texts.map(() => new Float32Array([1, 0]));
  }
}

describe('RestingEncoder', () => {
  it('after a failed call leaves the model alone for a while, then asks it again', async () => {
    let now = 0;
    const model = new CountingModel();
    const encoder = new RestingEncoder(model, 15_000, () => now);
    model.down = true;

    expect(await encodePrompt(encoder, 'first')).toBeUndefined();
    now += 5_000;
    expect(await encodePrompt(encoder, 'second')).toBeUndefined();
    expect(model.calls).toBe(1);

    model.down = false;
    now += 10_000;
    expect(await encodePrompt(encoder, 'third')).toBeDefined();
    expect(model.calls).toBe(2);
  });

  it('asks the model every time while it answers', async () => {
    const model = new CountingModel();
    const encoder = new RestingEncoder(model, 15_000, () => 0);
    await encodePrompt(encoder, 'a');
    await encodePrompt(encoder, 'b');
    expect(model.calls).toBe(2);
  });
});
