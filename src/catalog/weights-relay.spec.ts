import { SHARE_WAIT_MS } from './weights-messages.js';
import { WeightsRelay, type RelayPeer } from './weights-relay.js';
import { WEIGHTS_MESSAGE, type WeightsMessage } from './worker-link.js';

/** A worker that keeps what the supervisor sent it. */
const aWorker = (): RelayPeer & { got: WeightsMessage[] } => {
  const got: WeightsMessage[] = [];
  return { got, send: (message) => void got.push(message) };
};

const listening = { type: WEIGHTS_MESSAGE, event: 'listening' };
const saved = (id: number) => ({ type: WEIGHTS_MESSAGE, event: 'saved', id });
const takeUp = (round: number) => ({ type: WEIGHTS_MESSAGE, event: 'take-up', round });
const takenUp = (round: number) => ({ type: WEIGHTS_MESSAGE, event: 'taken-up', round });
const shared = (id: number) => ({ type: WEIGHTS_MESSAGE, event: 'shared', id });

describe('WeightsRelay (the supervisor of WORKERS=N without Redis)', () => {
  let relay: WeightsRelay;
  let timers: Array<{ ms: number; fn: () => void; cancelled: boolean }>;
  const [a, b, c] = [aWorker(), aWorker(), aWorker()];
  const alive = [a, b, c];

  beforeEach(() => {
    timers = [];
    relay = new WeightsRelay((ms, fn) => {
      const timer = { ms, fn, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    });
    alive.forEach((w) => w.got.splice(0));
  });

  it('has every other worker take up a saved change, and tells the one that saved once each did', () => {
    alive.forEach((w) => relay.received(w, listening, alive));
    relay.received(a, saved(7), alive);
    expect([a.got, b.got, c.got]).toEqual([[], [takeUp(1)], [takeUp(1)]]);
    relay.received(b, takenUp(1), alive);
    expect(a.got).toEqual([]);
    relay.received(c, takenUp(1), alive);
    expect(a.got).toEqual([shared(7)]);
    expect(timers.map((t) => t.cancelled)).toEqual([true]);
  });

  it('tells a worker that does not listen yet (it reads the file once it does), without waiting for it', () => {
    relay.received(b, listening, alive);
    relay.received(a, saved(1), alive);
    expect(c.got).toEqual([takeUp(1)]);
    relay.received(b, takenUp(1), alive);
    expect(a.got).toEqual([shared(1)]);
  });

  it(`answers after ${SHARE_WAIT_MS} ms when a worker does not take the change up, and at once when it exits`, () => {
    alive.forEach((w) => relay.received(w, listening, alive));
    relay.received(a, saved(1), alive);
    relay.received(a, saved(2), alive);
    relay.received(c, takenUp(1), alive);
    relay.received(c, takenUp(2), alive);
    expect(timers.map((t) => t.ms)).toEqual([SHARE_WAIT_MS, SHARE_WAIT_MS]);
    timers[0].fn();
    expect(a.got).toEqual([shared(1)]);
    relay.gone(b);
    expect(a.got).toEqual([shared(1), shared(2)]);
  });

  it('ignores what is not a weights message, or an answer to no open round', () => {
    relay.received(b, listening, alive);
    relay.received(a, 'switchyard:serving', alive);
    relay.received(a, { type: WEIGHTS_MESSAGE, event: 'saved', id: 'x' }, alive);
    relay.received(b, takenUp(9), alive);
    expect([a.got, b.got, c.got]).toEqual([[], [], []]);
  });
});
