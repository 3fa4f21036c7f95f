import type { Clock } from '#src/core/clock.js';
import type { SharedState } from '#src/state/shared-state.types.js';
import type { CachedAnswer } from './cached-answer.js';

/** What a purge covers: everything, the answers of one model, or one partition (client key or team). */
export type PurgeTarget = { all: true } | { model: string } | { scope: string };

const MARKS_KEY = 'cache:purges';
const CHANNEL = 'cache:purge';
/** Marks outlive every entry they could hide (the longest TTL is far shorter). */
const MARKS_TTL_MS = 30 * 24 * 3600 * 1000;
const MAX_MARKS = 1000;

const nameOf = (t: PurgeTarget) => ('all' in t ? 'all' : 'model' in t ? `model:${t.model}` : `scope:${t.scope}`);

/**
 * When each purge happened: an answer stored before a mark that covers it is never served again.
 * Marks are kept in the shared store and announced on the change bus, so every instance honours
 * a purge made on any of them, including on entries it never held itself.
 */
export class PurgeMarks {
  private marks = new Map<string, number>();

  constructor(
    private readonly state: SharedState,
    private readonly clock: Clock,
  ) {
    state.bus.subscribe(CHANNEL, (message) => this.merge(message));
  }

  /** Reads the marks made before this instance started; a store that does not answer leaves none. */
  async load(): Promise<void> {
    this.merge((await this.state.kv.get(MARKS_KEY).catch(() => undefined)) ?? '{}');
  }

  covers(answer: CachedAnswer): boolean {
    const at = (name: string) => this.marks.get(name) ?? -Infinity;
    const mark = Math.max(at('all'), at(`model:${answer.model}`), at(`scope:${answer.scope}`));
    return answer.storedAt <= mark;
  }

  async purge(target: PurgeTarget): Promise<void> {
    this.marks.set(nameOf(target), this.clock.now());
    this.prune();
    const text = JSON.stringify(Object.fromEntries(this.marks));
    await this.state.kv.set(MARKS_KEY, text, MARKS_TTL_MS);
    await this.state.bus.publish(CHANNEL, text);
  }

  private merge(text: string): void {
    try {
      const incoming = JSON.parse(text) as Record<string, unknown>;
      for (const [name, at] of Object.entries(incoming)) {
        if (typeof at === 'number' && at > (this.marks.get(name) ?? -Infinity)) this.marks.set(name, at);
      }
      this.prune();
    } catch {
      // A foreign message on the channel is ignored.
    }
  }

  private prune(): void {
    if (this.marks.size <= MAX_MARKS) return;
    const newest = [...this.marks].sort((a, b) => b[1] - a[1]).slice(0, MAX_MARKS);
    this.marks = new Map(newest);
  }
}
