import type { AppEnv } from '#src/config/gateway-config.types.js';
import { AuthModeState, exposureProblem } from './auth-mode.js';

const env = (host: string, allowUnauthenticated = false) => ({ host, allowUnauthenticated }) as AppEnv;

describe('AuthModeState', () => {
  it('keeps keys off while none exists, and turns them on with the first one', () => {
    const mode = new AuthModeState(undefined, false);
    expect(mode.mode).toBe('off');
    mode.keyCreated();
    expect(mode.mode).toBe('keys');
  });

  it('lets the store’s first answer undo the guess a non-loopback gateway starts with', () => {
    const mode = new AuthModeState(undefined, true);
    mode.learned(false);
    expect(mode.mode).toBe('off');
  });

  it('keeps keys on when a key was created before a count that missed it came back', () => {
    const mode = new AuthModeState(undefined, false);
    // Created here (or announced by another instance) while the store's count was on its way.
    mode.keyCreated();
    mode.learned(false);
    expect(mode.mode).toBe('keys');
  });

  it('follows a configured mode whatever keys exist', () => {
    expect(new AuthModeState('off', true).mode).toBe('off');
    expect(new AuthModeState('keys', false).mode).toBe('keys');
  });
});

describe('exposureProblem', () => {
  it('lets a loopback bind run without keys', () => {
    expect(exposureProblem(env('127.0.0.1'), 'off')).toBeUndefined();
  });

  it('refuses a network-wide bind without keys, saying both ways out', () => {
    const problem = exposureProblem(env('0.0.0.0'), 'off');
    expect(problem).toContain('AUTH_MODE=keys');
    expect(problem).toContain('ALLOW_UNAUTHENTICATED=true');
  });

  it('accepts a network-wide bind with keys on, or when the operator says so', () => {
    expect(exposureProblem(env('0.0.0.0'), 'keys')).toBeUndefined();
    expect(exposureProblem(env('0.0.0.0', true), 'off')).toBeUndefined();
  });
});
