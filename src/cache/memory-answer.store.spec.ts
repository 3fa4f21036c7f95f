import { MemoryAnswerStore } from './memory-answer.store.js';

const clock = { now: () => 1_000, monotonic: () => 1_000 };
const label = { model: 'gpt', scope: 'anonymous', storedAt: 1_000 };

describe('MemoryAnswerStore', () => {
  it('keeps an answer within an eighth of its bound, and says so', async () => {
    const store = new MemoryAnswerStore(8_000, clock);
    await expect(store.set('k', 'x'.repeat(100), 60_000, label)).resolves.toBeUndefined();
    await expect(store.get('k')).resolves.toBe('x'.repeat(100));
  });

  it('refuses an answer over an eighth of its bound, which its LRU would drop without a word', async () => {
    const store = new MemoryAnswerStore(8_000, clock);
    await expect(store.set('k', 'x'.repeat(600), 60_000, label)).rejects.toThrow('too large');
    await expect(store.get('k')).resolves.toBeUndefined();
  });
});
