/** What one gateway instance says about itself in every heartbeat. Times are epoch milliseconds. */
export interface InstanceEntry {
  id: string;
  /** Where its proxy listens, as it sees itself. */
  proxyUrl: string;
  version: string;
  startedAt: number;
  lastHeartbeat: number;
  load: {
    inFlight: number;
    requestsLastMinute: number;
  };
}

/** The live instances: each announces itself with an expiry; one that stops announcing drops out. */
export interface InstanceDirectory {
  announce(entry: InstanceEntry, ttlMs: number): Promise<void>;
  /** Every instance whose last announcement has not expired, by id. */
  list(): Promise<InstanceEntry[]>;
  withdraw(id: string): Promise<void>;
}

export const INSTANCE_DIRECTORY = Symbol('InstanceDirectory');

/** One instance alone (or Redis unreachable): only what this process announced. */
export class MemoryInstanceDirectory implements InstanceDirectory {
  private readonly entries = new Map<string, { entry: InstanceEntry; expiresAt: number }>();

  constructor(private readonly now: () => number) {}

  announce(entry: InstanceEntry, ttlMs: number): Promise<void> {
    this.entries.set(entry.id, { entry, expiresAt: this.now() + ttlMs });
    return Promise.resolve();
  }

  list(): Promise<InstanceEntry[]> {
    const now = this.now();
    const live = [...this.entries.values()].filter((e) => e.expiresAt > now).map((e) => e.entry);
    return Promise.resolve(live.sort((a, b) => a.id.localeCompare(b.id)));
  }

  withdraw(id: string): Promise<void> {
    this.entries.delete(id);
    return Promise.resolve();
  }
}
