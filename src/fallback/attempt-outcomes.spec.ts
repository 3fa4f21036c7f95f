import { Logger } from '@nestjs/common';
import { jest } from '@jest/globals';
import { GatewayError } from '#src/core/gateway-error.js';
import type { DeploymentRef } from '#src/catalog/model-catalog.js';
import { ProviderAlarms } from '#src/providers/provider-alarms.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import { aModel } from '../../test/factories/gateway-config.factory.js';
import { AttemptOutcomes } from './attempt-outcomes.js';
import { BreakerBoard } from './breaker-board.js';

function setup() {
  const clock = new ManualClock(1_000);
  const breakers = new BreakerBoard(clock, { failures: 2, cooldownMs: 5_000 });
  const alarms = new ProviderAlarms();
  const outcomes = new AttemptOutcomes(breakers, alarms, clock);
  const model = aModel('main', { deployments: [{ provider: 'up', upstreamModel: 'm', weight: 1 }] });
  const deployment: DeploymentRef = {
    key: 'main/0',
    model,
    index: 0,
    provider: 'up',
    upstreamModel: 'qwen-7b',
    weight: 1,
  };
  return { outcomes, breakers, alarms, deployment, clock };
}

describe('AttemptOutcomes', () => {
  it('leaves the breaker and the alarms alone for failures the client caused', () => {
    const { outcomes, breakers, alarms, deployment } = setup();
    for (let i = 0; i < 3; i += 1) {
      const badRequest = new GatewayError('bad_request', 'messages[0].role is wrong', { upstreamStatus: 400 });
      outcomes.failed(deployment, badRequest, 0);
    }
    expect(breakers.get('main/0').state()).toBe('closed');
    expect(alarms.get('up')).toBeUndefined();
  });

  it('counts an upstream failure against the breaker without raising an alarm', () => {
    const { outcomes, breakers, alarms, deployment } = setup();
    outcomes.failed(deployment, new GatewayError('upstream_5xx', 'upstream error', { upstreamStatus: 502 }), 0);
    expect(breakers.get('main/0').state()).toBe('closed');
    outcomes.failed(deployment, new GatewayError('upstream_5xx', 'upstream error', { upstreamStatus: 502 }), 0);
    expect(breakers.get('main/0').state()).toBe('open');
    expect(alarms.get('up')).toBeUndefined();
  });

  it('benches a deployment whose key was refused at once, and clears the alarm when a call succeeds', async () => {
    const { outcomes, breakers, alarms, deployment, clock } = setup();
    outcomes.failed(deployment, new GatewayError('auth', 'The upstream refused the key', { upstreamStatus: 401 }), 0);
    expect(breakers.get('main/0').state()).toBe('open');
    expect(alarms.get('up')?.detail).toBe('The upstream refused the key');
    clock.advance(5_000);
    expect(await breakers.admit('main/0')).toBeDefined();
    outcomes.succeeded(deployment);
    expect(breakers.get('main/0').state()).toBe('closed');
    expect(alarms.get('up')).toBeUndefined();
  });

  describe('for a 404 left to the client', () => {
    const warnings = (): string[] => warn.mock.calls.map(([message]) => String(message));
    let warn: jest.Spied<Logger['warn']>;
    beforeEach(() => (warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined)));
    afterEach(() => warn.mockRestore());
    const clients404 = (message: string) =>
      new GatewayError('bad_request', message, { status: 404, upstreamStatus: 404 });

    it('warns, naming the deployment and the model but not the client’s words, when it quotes the upstream model', () => {
      const { outcomes, breakers, deployment } = setup();
      outcomes.failed(deployment, clients404("Model 'qwen-7b' has no file 'file-secret-name'"), 0);
      outcomes.failed(deployment, clients404("Model 'qwen-7b' has no file 'file-other'"), 0);
      expect(warnings()).toEqual([
        'a 404 left to the client (upstream status 404) quotes upstream model "qwen-7b": provider "up", deployment main/0; check its upstream_model (said once per deployment)',
      ]);
      expect(breakers.get('main/0').state()).toBe('closed');
    });

    it('says nothing when it does not quote the model, or is no upstream 404', () => {
      const { outcomes, deployment } = setup();
      outcomes.failed(deployment, clients404("No file 'file-1'"), 0);
      outcomes.failed(deployment, clients404("No file 'file-qwen-7b-notes'"), 0);
      outcomes.failed(deployment, new GatewayError('bad_request', 'qwen-7b: bad field', { upstreamStatus: 400 }), 0);
      expect(warnings()).toEqual([]);
    });
  });
});
