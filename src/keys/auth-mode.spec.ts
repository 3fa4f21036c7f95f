import type { AppEnv, GatewayConfig } from '#src/config/gateway-config.types.js';
import { AuthModeState, exposureProblem } from './auth-mode.js';

const env = (host: string, allowUnauthenticated = false) => ({ host, allowUnauthenticated }) as AppEnv;
const unset = {} as GatewayConfig;

describe('AuthModeState', () => {
  it('keeps keys off while none exists, and turns them on with the first one', () => {
    const mode = new AuthModeState(undefined, false);
    expect(mode.mode).toBe('off');
    mode.keyCreated();
    expect(mode.mode).toBe('keys');
  });

  it('lets the store’s first answer undo the guess a non-loopback gateway starts with, when open is allowed', () => {
    const mode = AuthModeState.from(env('0.0.0.0', true), unset, true);
    mode.learned(false);
    expect(mode.mode).toBe('off');
  });

  it('keeps asking a network-wide gateway for keys when a slow store answers none after the start', () => {
    const exposed = env('0.0.0.0');
    // Bound beyond loopback, keys are assumed on until the store answers: the start check passes.
    const mode = AuthModeState.from(exposed, unset, true);
    expect(exposureProblem(exposed, mode.learnedMode)).toBeUndefined();
    mode.learned(false);
    expect(mode.mode).toBe('keys');
    expect(mode.reason).toContain('beyond loopback');
    // What the start checks still says the gateway must not serve open.
    expect(exposureProblem(exposed, mode.learnedMode)).toBeDefined();
  });

  it('leaves a loopback gateway open while no key exists', () => {
    const mode = AuthModeState.from(env('127.0.0.1'), unset, false);
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
