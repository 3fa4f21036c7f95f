import { MemorySharedState } from '#src/state/memory-shared-state.js';
import { anAnswer } from '../../test/factories/cached-answer.factory.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import type { PurgeLink, PurgeMessage } from './purge-link.js';
import { PurgeMarks } from './purge-marks.js';
import { PurgeRelay, type PurgePeer } from './purge-relay.js';

type Timer = { fn: () => void; cancelled: boolean };

/**
 * Workers of `WORKERS=N` without Redis, each with marks of its own, and their supervisor's relay;
 * messages go over in order, a turn later, as over node:cluster's IPC. A worker can be held: what
 * the supervisor sends it waits until it is let go.
 */
function aCluster(count: number) {
  const clock = new ManualClock();
  const timers: Timer[] = [];
  const schedule = (_ms: number, fn: () => void) => {
    const timer = { fn, cancelled: false };
    timers.push(timer);
    return () => void (timer.cancelled = true);
  };
  const relay = new PurgeRelay(schedule);
  const peers: PurgePeer[] = [];
  const workers = Array.from({ length: count }, () => {
    let listener: (message: PurgeMessage) => void = () => undefined;
    const held: { on: boolean; inbox: PurgeMessage[] } = { on: false, inbox: [] };
    const peer: PurgePeer = {
      send: (message) => {
        if (held.on) held.inbox.push(message);
        else setImmediate(() => listener(structuredClone(message)));
      },
    };
    const link: PurgeLink = {
      send: (message) => void setImmediate(() => relay.received(peer, structuredClone(message), peers)),
      listen: (l) => {
        listener = l;
        return () => undefined;
      },
    };
    peers.push(peer);
    const marks = new PurgeMarks(new MemorySharedState(clock), clock, { workers: link, schedule });
    const letGo = () => {
      held.on = false;
      held.inbox.splice(0).forEach((m) => peer.send(m));
    };
    return { marks, hold: () => void (held.on = true), letGo };
  });
  const turns = async (n = 5) => {
    for (let i = 0; i < n; i++) await new Promise((next) => setImmediate(next));
  };
  const expire = () => timers.filter((t) => !t.cancelled).forEach((t) => t.fn());
  return { clock, workers, turns, expire };
}

describe('purges across the workers of WORKERS=N without Redis', () => {
  it('reaches every worker, and is answered once each of them holds it', async () => {
    const { clock, workers, turns } = aCluster(3);
    const [a, b, c] = workers;
    await turns();
    const older = anAnswer(clock.now());
    clock.advance(1);
    c.hold();
    let answered = false;
    const purged = a.marks.purge({ model: 'gpt' }).then(() => (answered = true));
    await turns();
    expect([b.marks.covers(older), c.marks.covers(older), answered]).toEqual([true, false, false]);
    c.letGo();
    await purged;
    expect([a.marks.covers(older), b.marks.covers(older), c.marks.covers(older)]).toEqual([true, true, true]);
  });

  it('is answered after a short bound when a worker does not take it up', async () => {
    const { clock, workers, turns, expire } = aCluster(2);
    const [a, b] = workers;
    await turns();
    b.hold();
    const older = anAnswer(clock.now());
    clock.advance(1);
    let answered = false;
    const purged = a.marks.purge({ all: true }).then(() => (answered = true));
    await turns();
    expect(answered).toBe(false);
    expire();
    await purged;
    expect([a.marks.covers(older), b.marks.covers(older)]).toEqual([true, false]);
  });
});
