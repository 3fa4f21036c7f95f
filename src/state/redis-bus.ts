import type { Redis } from 'ioredis';
import type { ChangeBus } from './shared-state.types.js';

type Listener = (message: string) => void;

/**
 * Redis pub/sub: PUBLISH on the command connection, listening on a connection of its own (a
 * subscribed connection can do nothing else). Channels carry the deployment prefix; ioredis
 * subscribes again by itself after a reconnect.
 */
export class RedisBus implements ChangeBus {
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly prefix: string,
    private readonly warn: (message: string) => void,
  ) {
    subscriber.on('message', (channel: string, message: string) => this.deliver(channel, message));
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.publisher.publish(this.prefix + channel, message);
  }

  subscribe(channel: string, listener: Listener): () => void {
    const name = this.prefix + channel;
    let set = this.listeners.get(name);
    if (set === undefined) {
      this.listeners.set(name, (set = new Set()));
      this.subscriber.subscribe(name).catch((err: Error) => {
        // A subscription still queued when this instance closes its connection is no failure.
        if (this.subscriber.status !== 'end') this.warn(`Cannot subscribe to ${name}: ${err.message}`);
      });
    }
    set.add(listener);
    return () => this.unsubscribe(name, listener);
  }

  private unsubscribe(name: string, listener: Listener): void {
    const set = this.listeners.get(name);
    if (set === undefined || !set.delete(listener) || set.size > 0) return;
    this.listeners.delete(name);
    this.subscriber.unsubscribe(name).catch(() => undefined);
  }

  private deliver(channel: string, message: string): void {
    for (const listener of this.listeners.get(channel) ?? []) {
      try {
        listener(message);
      } catch (err) {
        this.warn(`A listener on ${channel} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}
