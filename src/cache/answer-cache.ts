import type { IncomingHttpHeaders } from 'node:http';
import type { ChatEvent, ChatRequest, CacheDirectives } from '#src/core/chat.types.js';
import type { Clock } from '#src/core/clock.js';
import type { CacheConfig } from '#src/config/gateway-config.types.js';
import type { InboundBody } from '#src/providers/relay.types.js';
import { withDeadline } from '#src/state/store-guard.js';
import type { SemanticEncoder } from '#src/routing/matchers/semantic/semantic-encoder.js';
import type { AnswerStore } from './answer-store.js';
import type { CacheLookup, LiveAnswer, StorePlan } from './answer-cache.types.js';
import { answerKey, contextKey, lastUserText } from './cache-key.js';
import { cacheDirectives } from './cache-directives.js';
import { ineligible, isSampled, scopeOf, settingsFor, type CacheSettings } from './cache-settings.js';
import { decodeCachedAnswer, encodeCachedAnswer, type CachedAnswer } from './cached-answer.js';
import { AnswerRecorder } from './answer-recorder.js';
import { numberSignature } from './number-signature.js';
import { encodePrompt } from './prompt-encoder.js';
import type { PurgeMarks, PurgeTarget } from './purge-marks.js';
import type { IndexedPrompt, SemanticIndex } from './semantic-index.js';

/** How long a lookup may wait for the shared store before it counts as a miss. */
const READ_DEADLINE_MS = 150;
/** Prompts tried by meaning per lookup: each one whose answer is gone is forgotten before the next. */
const SEMANTIC_TRIES = 3;
const GONE = Symbol('gone');
const UNANSWERED = Symbol('unanswered');

export interface AnswerCacheParts {
  config: CacheConfig;
  store: AnswerStore;
  marks: PurgeMarks;
  clock: Clock;
  /** Present when any model may match by meaning (and its encoder could be built). */
  semantic?: { encoder: SemanticEncoder; index: SemanticIndex };
  /**
   * What stands behind a model name (see `answerSources`): part of the key, so an answer kept in a
   * shared store is not served once the name points at another upstream model. The name alone when absent.
   */
  sources?: (model: string) => string;
}

/** What a lookup is about: the routed request, the client's body and headers, the models it may go to. */
export interface LookupInput {
  request: ChatRequest;
  /** The client's body as it came; what it says beyond the canonical request can rule the cache out. */
  inbound?: InboundBody;
  models: readonly string[];
  headers?: IncomingHttpHeaders;
}

/**
 * The response cache: looks a routed request up (exactly, then by meaning when enabled) before
 * any upstream is asked, and keeps a fresh answer once it has gone out complete. Never fails a
 * request: a store that errs or is slow reads as a miss, and a write that fails is forgotten.
 */
export class AnswerCache {
  /** Whether any model caches at all (read on every request, so worked out once). */
  readonly enabled: boolean;

  constructor(private readonly parts: AnswerCacheParts) {
    const { config } = parts;
    this.enabled =
      config.mode !== 'off' || Object.values(config.models).some((o) => o.mode !== undefined && o.mode !== 'off');
    // Every indexed prompt then leads to a purged answer, whichever instance purged; narrower purges
    // are forgotten as lookups find them.
    parts.marks.onEverythingPurged(() => parts.semantic?.index.clear());
    // What a purge covers is freed here, whichever process made it.
    parts.marks.onRaised(() => parts.store.forget((label) => parts.marks.covers(label)));
  }

  async lookup({ request, inbound, models, headers }: LookupInput): Promise<CacheLookup> {
    const settings = settingsFor(this.parts.config, models);
    if (ineligible(request, inbound, settings) !== undefined) return { status: 'bypass' };
    const directives = cacheDirectives(headers, request.cache);
    const refresh = directives.noCache === true || directives.maxAgeS === 0;
    // Neither read nor kept: no key to work out, no prompt to embed.
    if (refresh && directives.noStore) return { status: 'refresh' };
    const scope = scopeOf(request.caller, this.parts.config.scope);
    const sources = models.map((m) => this.parts.sources?.(m) ?? m);
    const key = answerKey(request, inbound, sources, scope);
    // Stamped now, not when the answer is complete: a purge made while it streams covers it too.
    const askedAt = this.parts.clock.now();
    const plan: StorePlan = { key, scope, models, sampled: isSampled(request), askedAt };
    const semantic = this.semanticFor(request, settings, directives);
    if (!refresh) {
      const exact = await this.held(key, models);
      if (typeof exact === 'object' && this.young(exact, directives)) return { status: 'hit', answer: exact };
    }
    if (semantic) {
      const context = contextKey(request, inbound, sources, scope);
      const vector = await encodePrompt(semantic.encoder, semantic.text);
      if (vector) {
        const prompt = { vector, numbers: numberSignature(semantic.text) };
        plan.semantic = { context, prompt };
        const near = refresh
          ? undefined
          : await this.nearest(semantic.index, context, prompt, settings.threshold, models);
        if (near && this.young(near.answer, directives)) return { status: 'semantic-hit', ...near };
      }
    }
    if (directives.noStore) return { status: refresh ? 'refresh' : 'bypass' };
    return { status: refresh ? 'refresh' : 'miss', plan };
  }

  /**
   * The answer as it will go out, kept on the side once complete when the lookup planned it and a
   * model the request was routed to gave it, under that model's own settings (its mode, its TTL,
   * whether it caches sampled requests). An answer from elsewhere (a fallback, a session's pin) is
   * not kept: the key names the routed models only, and a caller that may use just those would be
   * served it.
   */
  keep<A extends LiveAnswer>(lookup: CacheLookup, answer: A, origin: { model: string; provider: string }): A {
    const plan = lookup.plan;
    if (!plan || !plan.models.includes(origin.model)) return answer;
    const settings = settingsFor(this.parts.config, [origin.model]);
    if (settings.mode === 'off' || (plan.sampled && !settings.sampled)) return answer;
    const ttlMs = settings.ttlS * 1000;
    const recorder = new AnswerRecorder(this.maxEntryBytes(), (events) => this.save(plan, origin, ttlMs, events));
    if (answer.events) return { ...answer, events: recorder.events$(answer.events) };
    if (answer.relay.kind === 'sse')
      return { ...answer, relay: { ...answer.relay, frames: recorder.frames$(answer.relay.frames) } };
    for (const event of answer.relay.seen) recorder.add(event);
    recorder.finish();
    return answer;
  }

  async purge(target: PurgeTarget): Promise<void> {
    await this.parts.marks.purge(target);
  }

  /** What this process holds: bytes of stored answers (memory store only) and prompts indexed. */
  holdings(): { store: 'memory' | 'shared'; bytes: number; indexed: number } {
    return {
      store: this.parts.store.kind,
      bytes: this.parts.store.bytes(),
      indexed: this.parts.semantic?.index.size ?? 0,
    };
  }

  private semanticFor(request: ChatRequest, settings: CacheSettings, directives: CacheDirectives) {
    const semantic = this.parts.semantic;
    const wanted = directives.semantic ?? settings.mode === 'semantic';
    if (!semantic || !wanted) return undefined;
    const text = lastUserText(request, this.parts.config.semantic.nonText);
    return text === undefined ? undefined : { ...semantic, text };
  }

  /**
   * The closest indexed prompt whose answer is still held, with that answer. A prompt whose answer
   * is gone (expired, evicted, purged) is forgotten and the next closest tried, a few at most: a
   * store that does not answer in time ends the search.
   */
  private async nearest(
    index: SemanticIndex,
    context: string,
    prompt: IndexedPrompt,
    threshold: number,
    models: readonly string[],
  ): Promise<{ answer: CachedAnswer; score: number } | undefined> {
    for (let tries = 0; tries < SEMANTIC_TRIES; tries++) {
      const near = index.nearest(context, prompt, threshold);
      if (!near) return undefined;
      const held = await this.held(near.key, models);
      if (held === UNANSWERED) return undefined;
      if (held !== GONE) return { answer: held, score: near.score };
      index.forget(near.key);
    }
    return undefined;
  }

  /** The answer held under `key` that may be served for a request routed to `models`, if any. */
  private async held(key: string, models: readonly string[]): Promise<CachedAnswer | typeof GONE | typeof UNANSWERED> {
    const text = await withDeadline(this.parts.store.get(key), READ_DEADLINE_MS).catch(
      (): typeof UNANSWERED => UNANSWERED,
    );
    if (text === UNANSWERED) return UNANSWERED;
    const answer = text === undefined ? undefined : decodeCachedAnswer(text);
    if (!answer || !models.includes(answer.model) || this.parts.marks.covers(answer)) return GONE;
    return answer;
  }

  /** Whether the answer is no older than the request's `max-age` allows. */
  private young(answer: CachedAnswer, directives: CacheDirectives): boolean {
    const maxAgeS = directives.maxAgeS;
    return maxAgeS === undefined || this.parts.clock.now() - answer.storedAt <= maxAgeS * 1000;
  }

  /**
   * Stores a complete answer, unless a purge made while it streamed already covers it: it would never
   * be served, yet would take room (and a shared store's write) until its TTL.
   */
  private save(plan: StorePlan, origin: { model: string; provider: string }, ttlMs: number, events: ChatEvent[]): void {
    const answer: CachedAnswer = { v: 1, ...origin, storedAt: plan.askedAt, scope: plan.scope, events };
    if (this.parts.marks.covers(answer)) return;
    this.parts.store.set(plan.key, encodeCachedAnswer(answer), ttlMs, answer).then(
      () => plan.semantic && this.parts.semantic?.index.add(plan.semantic.context, plan.key, plan.semantic.prompt),
      () => undefined,
    );
  }

  private maxEntryBytes(): number {
    return Math.min(4 * 1024 * 1024, Math.floor(this.parts.config.maxBytes / 8));
  }
}
