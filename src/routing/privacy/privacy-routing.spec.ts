import { aConfig, aModel, aRequest } from '../../../test/factories/gateway-config.factory.js';
import type { GatewayConfig } from '#src/config/gateway-config.types.js';
import { ModelCatalog } from '#src/catalog/model-catalog.js';
import { WeightsService } from '#src/catalog/weights.service.js';
import { Router } from '../router.service.js';
import { DefaultStep } from '../steps/default.step.js';
import { PrivacyPolicy } from './privacy-policy.js';
import { SecretScanner } from './secret-scanner.js';

function routerFor(config: GatewayConfig): Router {
  const catalog = new ModelCatalog(
    config,
    new WeightsService(config, { load: () => ({}), save: async () => undefined, history: async () => [] }),
  );
  return new Router(catalog, [new DefaultStep(config.routing.default)], PrivacyPolicy.from(config.routing.privacy));
}

const models = [aModel('cloud', { fallbacks: ['backup'] }), aModel('backup'), aModel('local')];
const routing = (privacy: { models: string[]; patterns: string[] }) => ({
  routing: { default: ['cloud'], strategy: 'weighted' as const, rules: [], privacy },
});

describe('SecretScanner', () => {
  const scanner = SecretScanner.create(['ACME-[0-9]{8}']);
  it.each([
    ['an AWS access key', 'key AKIAQ3EGRTZ7XK4N2PLW here', 'aws_access_key'],
    ['a PEM private key', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNz', 'private_key'],
    ['a GitHub token', 'token ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'github_token'],
    ['an Anthropic key', 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789', 'anthropic_key'],
    ['a Slack token', 'xoxb-1234567890-abcdefghij', 'slack_token'],
    ['a password assignment', 'DB_PASSWORD="correct-horse-battery"', 'password_assignment'],
    ['credentials in a URL', 'postgres://admin:s3cretpass@db.internal/app', 'url_credentials'],
    ['an operator pattern', 'customer ACME-12345678 called', 'pattern[0]'],
  ])('finds %s', (_, text, detector) => {
    expect(scanner.find([text])).toBe(detector);
  });

  it.each([
    'write a function that checks a password is at least 8 characters',
    'const password = readPassword(prompt);',
    'password = process.env.DB_PASSWORD',
    'see https://example.com/docs for the API key setup',
  ])('stays quiet on ordinary code and prose: %s', (text) => {
    expect(scanner.find([text])).toBeUndefined();
  });
});

describe('Router with routing.privacy', () => {
  it('sends a request carrying a secret only to the privacy models, without cloud fallbacks, even when it named a cloud model', async () => {
    const router = routerFor(aConfig(models, routing({ models: ['local'], patterns: [] })));
    const d = await router.route(aRequest('deploy with AKIAQ3EGRTZ7XK4N2PLW', { model: 'cloud' }));
    expect(d.candidates.map((m) => m.name)).toEqual(['local']);
    expect(d.candidates[0].fallbacks).toEqual([]);
    expect(d.explanation).toEqual({ reason: 'privacy', detector: 'aws_access_key' });
  });

  it('refuses it, naming the detector but not the secret, when no privacy model can take it', async () => {
    const router = routerFor(aConfig(models, routing({ models: [], patterns: ['ACME-[0-9]{8}'] })));
    const refusal = router.route(aRequest('customer ACME-12345678'));
    await expect(refusal).rejects.toMatchObject({ kind: 'invalid_request', param: 'messages' });
    await expect(refusal).rejects.toThrow(/pattern\[0\]/);
    await expect(refusal).rejects.not.toThrow(/12345678/);
  });

  it('routes everything as usual when the section is absent', async () => {
    const router = routerFor(aConfig(models, { routing: { default: ['cloud'], strategy: 'weighted', rules: [] } }));
    const d = await router.route(aRequest('deploy with AKIAQ3EGRTZ7XK4N2PLW'));
    expect(d.explanation.reason).toBe('default');
  });
});
