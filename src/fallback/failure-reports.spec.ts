import type { DeploymentRef } from '#src/catalog/model-catalog.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import { aModel } from '../../test/factories/gateway-config.factory.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { BreakerBoard } from './breaker-board.js';
import { FailureReports } from './failure-reports.js';

function setup() {
  const clock = new ManualClock(1_000);
  const breakers = new BreakerBoard(clock, { failures: 1, cooldownMs: 5_000 });
  const reports = new FailureReports(breakers, clock);
  const model = aModel('main', { deployments: [{ provider: 'up', upstreamModel: 'm', weight: 1 }] });
  const deployment: DeploymentRef = { key: 'main/0', model, index: 0, provider: 'up', upstreamModel: 'm', weight: 1 };
  return { reports, breakers, clock, deployment };
}

describe('FailureReports.nothingAvailable', () => {
  it('names what is left of the cool-down while every deployment cools down', () => {
    const { reports, breakers, clock, deployment } = setup();
    breakers.get(deployment.key).recordFailure({ reason: 'upstream_5xx' });
    clock.advance(2_000);
    expect(reports.nothingAvailable([deployment])).toMatchObject({ kind: 'unavailable', retryAfterMs: 3_000 });
  });

  it('asks for a short wait, not an operator, while a probe decides whether the deployment is back', async () => {
    const { reports, breakers, clock, deployment } = setup();
    breakers.get(deployment.key).recordFailure({ reason: 'upstream_5xx' });
    clock.advance(5_000);
    // The probe is out: the next request is not admitted until it answers.
    expect(await breakers.admit(deployment.key)).toBeDefined();
    expect(await breakers.admit(deployment.key)).toBeUndefined();
    const told = reports.nothingAvailable([deployment]);
    expect(told).toMatchObject({ kind: 'unavailable', retryAfterMs: 1_000 });
    expect(told.message).toContain('being tried again');
  });

  it('names the short wait of a probe under way before a longer cool-down elsewhere', async () => {
    const { reports, breakers, clock, deployment } = setup();
    const other = { ...deployment, key: 'main/1', index: 1 };
    breakers.get(deployment.key).recordFailure({ reason: 'upstream_5xx' });
    clock.advance(4_000);
    breakers.get(other.key).recordFailure({ reason: 'upstream_5xx' });
    clock.advance(1_000);
    expect(await breakers.admit(deployment.key)).toBeDefined();
    expect(reports.nothingAvailable([deployment, other])).toMatchObject({ retryAfterMs: 1_000 });
  });

  it('names no wait when no deployment can take the request at all', () => {
    const { reports } = setup();
    expect(reports.nothingAvailable([])).toMatchObject({ kind: 'unavailable', retryAfterMs: undefined });
  });
});

describe('FailureReports.reported', () => {
  it('tells of a failure a retry may cure rather than an upstream 404 that came after it', () => {
    const { reports, deployment } = setup();
    const failed = new GatewayError('upstream_5xx', 'failed (500)', { upstreamStatus: 500 });
    const missing = new GatewayError('not_found', 'has no such model or path', { upstreamStatus: 404 });
    const failures = new Map([
      ['main/0', failed],
      ['main/1', missing],
    ]);
    expect(reports.reported(missing, failures, [deployment])).toBe(failed);
  });

  it('tells of an upstream 404 when every deployment tried answered one', () => {
    const { reports, deployment } = setup();
    const missing = new GatewayError('not_found', 'has no such model or path', { upstreamStatus: 404 });
    expect(reports.reported(missing, new Map([['main/0', missing]]), [deployment])).toBe(missing);
  });

  it('tells of deployments cooling down, not an upstream 404, when the others were skipped for an open breaker', () => {
    const { reports, breakers, clock, deployment } = setup();
    const other = { ...deployment, key: 'main/1', index: 1 };
    breakers.get(other.key).recordFailure({ reason: 'upstream_5xx' });
    clock.advance(1_000);
    const missing = new GatewayError('not_found', 'has no such model or path', { upstreamStatus: 404 });
    breakers.get(deployment.key).recordFailure({ reason: missing.message, decisive: true });
    const told = reports.reported(missing, new Map([['main/0', missing]]), [deployment, other]);
    expect(told).toMatchObject({ kind: 'unavailable', status: 503, retryAfterMs: 4_000 });
  });

  it('tells a client to retry, not of an upstream 404, when another deployment was not reached', () => {
    const { reports, deployment } = setup();
    const other = { ...deployment, key: 'main/1', index: 1 };
    const missing = new GatewayError('not_found', 'has no such model or path', { upstreamStatus: 404 });
    const told = reports.reported(missing, new Map([['main/0', missing]]), [deployment, other]);
    expect(told).toMatchObject({ kind: 'unavailable', status: 503, retryAfterMs: 1_000 });
  });

  it('tells of an upstream 404, not of a cool-down, when the other deployment tried refused the gateway’s key', () => {
    const { reports, breakers, clock, deployment } = setup();
    const other = { ...deployment, key: 'main/1', index: 1 };
    const missing = new GatewayError('not_found', 'has no such model or path', { upstreamStatus: 404 });
    const refused = new GatewayError('auth', "rejected the gateway's credentials", { upstreamStatus: 401 });
    breakers.get(other.key).recordFailure({ reason: refused.message, decisive: true });
    clock.advance(1_000);
    breakers.get(deployment.key).recordFailure({ reason: missing.message, decisive: true });
    const failures = new Map([
      ['main/1', refused],
      ['main/0', missing],
    ]);
    expect(reports.reported(missing, failures, [deployment, other])).toBe(missing);
  });

  it('tells of a prompt too long for the other deployment tried rather than of an upstream 404', () => {
    const { reports, deployment } = setup();
    const other = { ...deployment, key: 'main/1', index: 1 };
    const missing = new GatewayError('not_found', 'has no such model or path', { upstreamStatus: 404 });
    const tooLong = new GatewayError('context_length', 'prompt is too long', { upstreamStatus: 400 });
    const failures = new Map([
      ['main/1', tooLong],
      ['main/0', missing],
    ]);
    expect(reports.reported(missing, failures, [deployment, other])).toBe(tooLong);
  });
});
