import type { BreakerPass } from './breaker.types.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { ManualClock } from '../../test/factories/manual-clock.js';

const START = Date.UTC(2025, 0, 1);

/** The pass a call was let through with; a refused call fails the spec. */
function passOf(pass: BreakerPass | undefined): BreakerPass {
  if (pass === undefined) throw new Error('the call was refused');
  return pass;
}

describe('CircuitBreaker', () => {
  let clock: ManualClock;
  let breaker: CircuitBreaker;

  beforeEach(() => {
    clock = new ManualClock(START);
    breaker = new CircuitBreaker(clock, { failures: 3, cooldownMs: 30_000 });
  });

  const fail = (times: number) => {
    for (let i = 0; i < times; i++) breaker.recordFailure({ reason: 'upstream answered 502' });
  };

  /** Opens the breaker, lets the cooldown pass and takes the probe. */
  const probe = () => {
    fail(3);
    clock.advance(30_000);
    expect(breaker.allow()).toBe(true);
  };

  it('starts closed and allows calls', () => {
    expect(breaker.allow()).toBe(true);
    expect(breaker.snapshot()).toEqual({ state: 'closed', consecutiveFailures: 0 });
  });

  it('opens after the configured number of consecutive failures', () => {
    fail(2);
    expect(breaker.state()).toBe('closed');
    fail(1);
    expect(breaker.state()).toBe('open');
    expect(breaker.snapshot()).toEqual({
      state: 'open',
      consecutiveFailures: 3,
      openedAt: START,
      retryAt: START + 30_000,
      lastError: 'upstream answered 502',
    });
  });

  it('opens on one decisive failure (its key refused), for the usual cooldown', () => {
    breaker.recordFailure({ reason: 'credentials refused (401)', decisive: true });
    expect(breaker.allow()).toBe(false);
    expect(breaker.snapshot()).toMatchObject({ state: 'open', retryAt: START + 30_000 });
    clock.advance(30_000);
    expect(breaker.allow()).toBe(true);
  });

  it('counts only consecutive failures: a success in between starts the count again', () => {
    fail(2);
    breaker.recordSuccess();
    fail(2);
    expect(breaker.state()).toBe('closed');
  });

  it('allows no call while open, until the cooldown has passed', () => {
    fail(3);
    clock.advance(29_999);
    expect(breaker.allow()).toBe(false);
    clock.advance(1);
    expect(breaker.state()).toBe('half_open');
  });

  it('admits exactly one probe when half open', () => {
    probe();
    expect(breaker.allow()).toBe(false);
    expect(breaker.allow()).toBe(false);
  });

  it('closes when the probe succeeds, with the failure count reset', () => {
    probe();
    breaker.recordSuccess();
    expect(breaker.state()).toBe('closed');
    expect(breaker.allow()).toBe(true);
    expect(breaker.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    fail(2);
    expect(breaker.state()).toBe('closed');
  });

  it('reopens for a full cooldown when the probe fails', () => {
    probe();
    clock.advance(5_000);
    breaker.recordFailure();
    expect(breaker.state()).toBe('open');
    expect(breaker.snapshot().retryAt).toBe(START + 65_000);
    clock.advance(29_999);
    expect(breaker.allow()).toBe(false);
    clock.advance(1);
    expect(breaker.allow()).toBe(true);
  });

  it('admits another probe when the first never reports back', () => {
    breaker = new CircuitBreaker(clock, { failures: 3, cooldownMs: 30_000, probeTimeoutMs: 10_000 });
    probe();
    clock.advance(9_999);
    expect(breaker.allow()).toBe(false);
    clock.advance(1);
    expect(breaker.allow()).toBe(true);
  });

  it('keeps the slot of the probe sent after one that outlived its timeout, when that one ends telling nothing', () => {
    breaker = new CircuitBreaker(clock, { failures: 3, cooldownMs: 30_000, probeTimeoutMs: 10_000 });
    fail(3);
    clock.advance(30_000);
    const late = passOf(breaker.admit());
    clock.advance(10_000);
    const next = passOf(breaker.admit());
    expect(breaker.probeEnded(late)).toBe(false);
    expect(breaker.allow()).toBe(false);
    expect(breaker.probeEnded(next)).toBe(true);
    expect(breaker.allow()).toBe(true);
  });

  it('stays open when a call admitted before it opened succeeds late', () => {
    fail(3);
    breaker.recordSuccess();
    expect(breaker.allow()).toBe(false);
  });

  it('does not open on one rate-limit answer alone', () => {
    breaker.recordFailure({ retryAfterMs: 2_000 });
    expect(breaker.allow()).toBe(true);
  });

  it("stays open for the tripping failure's retry-after instead of the cooldown", () => {
    fail(2);
    breaker.recordFailure({ retryAfterMs: 2_000 });
    expect(breaker.snapshot()).toMatchObject({ state: 'open', retryAt: START + 2_000 });
    clock.advance(1_999);
    expect(breaker.allow()).toBe(false);
    clock.advance(1);
    expect(breaker.allow()).toBe(true);
  });

  it('lets a later, longer retry-after extend the open period but never shorten it', () => {
    fail(2);
    breaker.recordFailure({ retryAfterMs: 5_000 });
    breaker.recordFailure({ retryAfterMs: 1_000 });
    expect(breaker.snapshot().retryAt).toBe(START + 5_000);
    breaker.recordFailure({ retryAfterMs: 8_000 });
    expect(breaker.snapshot().retryAt).toBe(START + 8_000);
  });

  it('caps an upstream-requested open period at maxOpenMs', () => {
    breaker = new CircuitBreaker(clock, { failures: 1, maxOpenMs: 60_000 });
    breaker.recordFailure({ retryAfterMs: 3_600_000 });
    expect(breaker.snapshot().retryAt).toBe(START + 60_000);
  });

  it('stays open for maxOpenMs after a failure only the operator can end, whatever wait it names', () => {
    breaker = new CircuitBreaker(clock, { failures: 3, cooldownMs: 30_000, maxOpenMs: 300_000 });
    breaker.recordFailure({ decisive: true, lasting: true, retryAfterMs: 1_000 });
    expect(breaker.snapshot()).toMatchObject({ state: 'open', retryAt: START + 300_000 });
    clock.advance(299_999);
    expect(breaker.allow()).toBe(false);
    clock.advance(1);
    expect(breaker.allow()).toBe(true);
  });

  it('says it waits for the operator while so opened, and no longer once an ordinary failure reopens it', () => {
    breaker = new CircuitBreaker(clock, { failures: 3, cooldownMs: 30_000, maxOpenMs: 300_000 });
    breaker.recordFailure({ decisive: true, lasting: true });
    expect(breaker.snapshot().untilOperatorActs).toBe(true);
    clock.advance(300_000);
    expect(breaker.allow()).toBe(true);
    breaker.recordFailure({ reason: 'a 502' });
    expect(breaker.snapshot()).toMatchObject({ state: 'open', retryAt: START + 330_000 });
    expect(breaker.snapshot().untilOperatorActs).toBeUndefined();
  });

  it('benches for the cool-down when the operator set it longer than maxOpenMs', () => {
    breaker = new CircuitBreaker(clock, { failures: 3, cooldownMs: 600_000, maxOpenMs: 300_000 });
    breaker.recordFailure({ decisive: true, lasting: true });
    expect(breaker.snapshot()).toMatchObject({ state: 'open', retryAt: START + 600_000 });
  });

  it('lengthens an ordinary open period to the longest when a lasting failure comes in it', () => {
    breaker = new CircuitBreaker(clock, { failures: 1, cooldownMs: 30_000, maxOpenMs: 300_000 });
    breaker.recordFailure();
    breaker.recordFailure({ lasting: true });
    expect(breaker.snapshot()).toMatchObject({ state: 'open', retryAt: START + 300_000, untilOperatorActs: true });
  });

  it('keeps waiting for the operator when another instance reports a longer ordinary opening', () => {
    breaker = new CircuitBreaker(clock, { failures: 3, cooldownMs: 30_000, maxOpenMs: 300_000 });
    breaker.recordFailure({ decisive: true, lasting: true });
    breaker.adopt({ state: 'open', retryAt: START + 400_000 });
    expect(breaker.snapshot()).toMatchObject({ state: 'open', retryAt: START + 400_000, untilOperatorActs: true });
  });

  describe('failure rate', () => {
    beforeEach(() => {
      breaker = new CircuitBreaker(clock, { failures: 5, windowMs: 60_000, minRequests: 10, failureRate: 0.5 });
    });

    const alternate = (pairs: number) => {
      for (let i = 0; i < pairs; i++) {
        breaker.recordSuccess();
        breaker.recordFailure();
      }
    };

    it('opens when half of at least minRequests calls in the window failed, with no long failure streak', () => {
      alternate(4);
      breaker.recordSuccess();
      expect(breaker.state()).toBe('closed');
      breaker.recordFailure();
      expect(breaker.state()).toBe('open');
    });

    it('does not judge a rate on fewer than minRequests calls', () => {
      fail(4);
      breaker.recordSuccess();
      expect(breaker.state()).toBe('closed');
    });

    it('forgets outcomes older than the window', () => {
      alternate(4);
      clock.advance(60_000);
      alternate(1);
      expect(breaker.state()).toBe('closed');
    });
  });

  describe('shared with other instances', () => {
    it('reports opening until the time it admits a probe, a retry-after lengthening it, and closing', () => {
      const changes: unknown[] = [];
      breaker = new CircuitBreaker(clock, { failures: 1, cooldownMs: 30_000 }, (c) => changes.push(c));
      breaker.recordFailure({ reason: 'upstream answered 502' });
      breaker.recordFailure({ reason: 'upstream answered 429', retryAfterMs: 90_000 });
      clock.advance(90_000);
      expect(breaker.allow()).toBe(true);
      breaker.recordSuccess();
      expect(changes).toEqual([
        { state: 'open', retryAt: START + 30_000, reason: 'upstream answered 502' },
        { state: 'open', retryAt: START + 90_000, reason: 'upstream answered 429' },
        { state: 'closed' },
      ]);
    });

    it('refuses calls until an adopted opening ends, then admits one probe', () => {
      breaker.adopt({ state: 'open', retryAt: START + 10_000, reason: 'upstream answered 503' });
      expect(breaker.allow()).toBe(false);
      expect(breaker.snapshot()).toMatchObject({ state: 'open', retryAt: START + 10_000 });
      clock.advance(10_000);
      expect(breaker.allow()).toBe(true);
      expect(breaker.allow()).toBe(false);
    });

    it('never shortens its own open period for an adopted one, and closes when told', () => {
      fail(3);
      breaker.adopt({ state: 'open', retryAt: START + 5_000 });
      clock.advance(5_000);
      expect(breaker.allow()).toBe(false);
      breaker.adopt({ state: 'closed' });
      expect(breaker.allow()).toBe(true);
      expect(breaker.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    });
  });
});
