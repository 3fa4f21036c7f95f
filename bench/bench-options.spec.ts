import { parseBenchOptions } from './bench-options.js';

describe('the bench’s blocks of fresh processes', () => {
  it('gives every two rounds of a full run processes of their own unless told otherwise', () => {
    expect(parseBenchOptions(['--rounds', '7'])).toMatchObject({ rounds: 7, instances: 4 });
    expect(parseBenchOptions(['--rounds', '7', '--instances', '3'])).toMatchObject({ rounds: 7, instances: 3 });
  });

  it('keeps one set of processes for a quick run', () => {
    expect(parseBenchOptions(['--quick'])).toMatchObject({ rounds: 2, instances: 1 });
  });

  it('names the option that is not a whole number of at least 1', () => {
    expect(() => parseBenchOptions(['--rounds', 'two'])).toThrow(
      '--rounds: expected a whole number of at least 1, got "two"',
    );
    expect(() => parseBenchOptions(['--duration-ms', '0'])).toThrow('--duration-ms: expected a whole number');
  });

  it('refuses more blocks than rounds before it starts anything', () => {
    expect(() => parseBenchOptions(['--rounds', '4', '--instances', '5'])).toThrow('needs a round of its own');
  });

  it('runs a control only beside a baseline build', () => {
    expect(() => parseBenchOptions(['--control'])).toThrow('--control needs --baseline');
    expect(parseBenchOptions(['--baseline', 'other/dist/main.js', '--control']).baseline?.control).toBe(true);
  });

  it('runs the baseline build on another Node only beside a baseline build', () => {
    expect(() => parseBenchOptions(['--baseline-node', '/opt/node22/bin/node'])).toThrow(
      '--baseline-node needs --baseline',
    );
    expect(() => parseBenchOptions(['--baseline-node-flags=--max-semi-space-size=8'])).toThrow(
      '--baseline-node-flags needs --baseline',
    );
    const options = parseBenchOptions(['--baseline', 'dist/main.js', '--baseline-node', '/opt/node22/bin/node']);
    expect(options.baseline?.node).toBe('/opt/node22/bin/node');
    expect(parseBenchOptions(['--baseline', 'dist/main.js', '--baseline-node', 'node22']).baseline?.node).toBe(
      'node22',
    );
    expect(parseBenchOptions(['--baseline', 'dist/main.js']).baseline?.node).toBeUndefined();
  });
});
