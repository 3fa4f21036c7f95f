import { resolveLogFormat } from './log-format.js';

describe('resolveLogFormat', () => {
  it('writes for people on a terminal and JSON anywhere else, by default', () => {
    expect(resolveLogFormat({ logFormat: 'auto', logPretty: false }, true)).toBe('pretty');
    expect(resolveLogFormat({ logFormat: 'auto', logPretty: false }, false)).toBe('json');
  });

  it('does what LOG_FORMAT says wherever it runs', () => {
    expect(resolveLogFormat({ logFormat: 'json', logPretty: false }, true)).toBe('json');
    expect(resolveLogFormat({ logFormat: 'pretty', logPretty: false }, false)).toBe('pretty');
  });

  it('still honours the older LOG_PRETTY when LOG_FORMAT is left to auto', () => {
    expect(resolveLogFormat({ logFormat: 'auto', logPretty: true }, false)).toBe('pretty');
    expect(resolveLogFormat({ logFormat: 'json', logPretty: true }, true)).toBe('json');
  });
});
