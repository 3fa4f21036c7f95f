import type { ResponseMeta } from '#src/dialects/dialect.types.js';
import { routedHeaders } from './routed-headers.js';

const meta = (route: ResponseMeta['route']): ResponseMeta => ({
  model: 'coder',
  provider: 'east',
  requestId: 'req_1',
  route,
  attempts: [],
});

describe('routedHeaders', () => {
  it('names the rule a request matched, percent-encoded', () => {
    const headers = routedHeaders(meta({ reason: 'rule', rule: 'fix;bug=é' }));
    expect(headers['x-switchyard-route']).toBe('rule;fix%3Bbug%3D%C3%A9');
  });

  it('names the semantic route or detector behind a choice, percent-encoded, the rule first when there is one', () => {
    for (let pass = 0; pass < 2; pass++) {
      expect(routedHeaders(meta({ reason: 'semantic', route: 'code review;é' }))['x-switchyard-route']).toBe(
        'semantic;code%20review%3B%C3%A9',
      );
      expect(routedHeaders(meta({ reason: 'privacy', detector: 'long\udc00' }))['x-switchyard-route']).toBe(
        'privacy;long%EF%BF%BD',
      );
    }
    const both = meta({ reason: 'rule', rule: 'r=1', route: 'ignored' });
    expect(routedHeaders(both)['x-switchyard-route']).toBe('rule;r%3D1');
  });

  it('keeps the header valid for a client pattern holding a lone surrogate', () => {
    const headers = routedHeaders(meta({ reason: 'request_rule', rule: '\ud800|hello' }));
    expect(headers['x-switchyard-route']).toBe('request_rule;%EF%BF%BD%7Chello');
  });

  it('names each answer’s model and provider percent-encoded, however many names have answered', () => {
    const names = Array.from({ length: 2_500 }, (_, i) => `team/model ${i}`);
    const shown = names.map((name) =>
      routedHeaders({ ...meta({ reason: 'default' }), model: name, provider: `p${name}` }),
    );
    expect(shown.map((h) => h['x-switchyard-model'])).toEqual(names.map((n) => `team%2Fmodel%20${n.slice(11)}`));
    expect(shown.map((h) => h['x-switchyard-provider'])).toEqual(names.map((n) => `pteam%2Fmodel%20${n.slice(11)}`));
    expect(routedHeaders(meta({ reason: 'default' }))['x-switchyard-model']).toBe('coder');
  });

  it('keeps the header valid for a configured model name holding a lone surrogate', () => {
    const headers = routedHeaders({
      ...meta({ reason: 'default', affinity: 'kept', routedModel: 'b\udc00' }),
      model: 'a\ud800',
    });
    expect(headers['x-switchyard-model']).toBe('a%EF%BF%BD');
    expect(headers['x-switchyard-route']).toBe('default;affinity=kept;routed=b%EF%BF%BD');
  });
});
