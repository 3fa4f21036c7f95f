import { aModel, aProvider } from '../../test/factories/gateway-config.factory.js';
import { defaultRoute } from './gateway-config.derive.js';

describe('the default route', () => {
  const providers = { on: aProvider('on'), off: aProvider('off', false) };
  const on = (name: string, capabilities: string[] = []) =>
    aModel(name, { capabilities, deployments: [{ provider: 'on', upstreamModel: name, weight: 1 }] });

  it('lists callable models first, in written order', () => {
    const parked = aModel('parked', { deployments: [{ provider: 'off', upstreamModel: 'x', weight: 1 }] });
    expect(defaultRoute([parked, on('a'), on('b')], providers)).toEqual(['a', 'b', 'parked']);
  });

  it('leaves out embedding models, which cannot answer a chat', () => {
    expect(defaultRoute([on('embed', ['embeddings']), on('chat')], providers)).toEqual(['chat']);
  });
});
