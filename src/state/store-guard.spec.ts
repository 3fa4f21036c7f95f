import { ManualClock } from '../../test/factories/manual-clock.js';
import { StoreGuard } from './store-guard.js';

describe('StoreGuard', () => {
  const setup = (connected = true) => {
    const clock = new ManualClock();
    const said: string[] = [];
    const state = { connected };
    const guard = new StoreGuard({
      deadlineMs: 5,
      warnIntervalMs: 30_000,
      clock,
      connected: () => state.connected,
      warn: (m) => said.push(`warn: ${m}`),
      info: (m) => said.push(`info: ${m}`),
    });
    return { clock, said, state, guard };
  };
  const local = () => Promise.resolve('local');

  it('answers from the store while it answers', async () => {
    const { guard, said } = setup();
    expect(await guard.call('get', () => Promise.resolve('remote'), local)).toBe('remote');
    expect(guard.degraded()).toBe(false);
    expect(said).toEqual([]);
  });

  it('answers locally when the store does not answer within the deadline, and is degraded', async () => {
    const { guard } = setup();
    expect(await guard.call('get', () => new Promise<string>(() => undefined), local)).toBe('local');
    expect(guard.degraded()).toBe(true);
  });

  it('answers locally when the store fails, without calling it while disconnected', async () => {
    const { guard, state } = setup();
    expect(await guard.call('get', () => Promise.reject(new Error('READONLY')), local)).toBe('local');
    state.connected = false;
    let called = false;
    await guard.call('get', () => Promise.resolve(String((called = true))), local);
    expect(called).toBe(false);
  });

  it('warns once per interval while failing, and says when the store is back', async () => {
    const { guard, clock, said } = setup(false);
    for (let i = 0; i < 10; i++) await guard.call('get', local, local);
    clock.advance(30_000);
    await guard.call('set', local, local);
    expect(said).toHaveLength(2);
    expect(said[0]).toMatch(/^warn: Redis is unreachable or slow \(get: not connected\)/);
    guard.succeeded();
    expect(said[2]).toBe('info: Redis answers again; shared state is back');
  });

  it('tells its recovery listeners each time the store answers again, not on every answer', async () => {
    const { guard, state } = setup(false);
    let recoveries = 0;
    guard.onRecovery(() => recoveries++);
    await guard.call('get', local, local);
    state.connected = true;
    for (let i = 0; i < 3; i++) await guard.call('get', () => Promise.resolve('remote'), local);
    expect(recoveries).toBe(1);
    await guard.call('get', () => Promise.reject(new Error('reset')), local);
    await guard.call('get', () => Promise.resolve('remote'), local);
    expect(recoveries).toBe(2);
  });
});
