import { startGateway } from '../support/gateway-process.js';

/** A gateway anyone on the network could spend through does not start unless the operator says so. */

const T = 30_000;
const config = {
  providers: { mock: { type: 'mock' } },
  models: [{ name: 'demo', provider: 'mock', upstream_model: 'demo' }],
};

describe('binding beyond loopback', () => {
  it(
    'refuses to start with client keys off, in one line that says how out',
    async () => {
      const failed = await startGateway({ config, env: { HOST: '0.0.0.0' } }).then(
        async (g) => {
          await g.stop();
          return '';
        },
        (err: Error) => err.message,
      );
      const lines = failed.split('\n').filter((l) => l.includes('ALLOW_UNAUTHENTICATED=true'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('AUTH_MODE=keys');
    },
    T,
  );

  it(
    'starts when the operator allows it explicitly',
    async () => {
      const gateway = await startGateway({ config, env: { HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED: 'true' } });
      await gateway.stop();
    },
    T,
  );

  it(
    'starts with client keys on, and asks for one',
    async () => {
      const gateway = await startGateway({ config, env: { HOST: '0.0.0.0', AUTH_MODE: 'keys' } });
      try {
        const res = await fetch(`${gateway.url}/v1/models`);
        expect(res.status).toBe(401);
      } finally {
        await gateway.stop();
      }
    },
    T,
  );
});
