import { hostAllowList, hostName } from './host-allow-list.js';

describe('hostName', () => {
  it.each([
    ['localhost:3100', 'localhost'],
    ['LOCALHOST', 'localhost'],
    ['127.0.0.1:3100', '127.0.0.1'],
    ['[::1]:3100', '[::1]'],
    ['[::1]', '[::1]'],
    ['gateway.example.com.', 'gateway.example.com'],
  ])('reads %s as %s', (header, name) => {
    expect(hostName(header)).toBe(name);
  });

  it('reads nothing from an empty or broken header', () => {
    expect(hostName('')).toBeUndefined();
    expect(hostName('[::1')).toBeUndefined();
  });
});

describe('hostAllowList', () => {
  describe('bound to loopback', () => {
    const allows = hostAllowList('127.0.0.1', ['gateway.example.com', '*.tunnel.example'])!;

    it.each(['localhost:3100', '127.0.0.1:3100', '[::1]:3100', 'app.localhost:3100', 'LOCALHOST'])(
      'answers the loopback name %s',
      (host) => expect(allows(host)).toBe(true),
    );

    it.each(['gateway.example.com', 'gateway.example.com:443', 'abc.tunnel.example'])(
      'answers the allow-listed name %s',
      (host) => expect(allows(host)).toBe(true),
    );

    it.each(['evil.example', 'evil.example:3100', 'localhost.evil.example', 'tunnel.example', '10.0.0.5', ''])(
      'refuses %j',
      (host) => expect(allows(host)).toBe(false),
    );

    it('answers only loopback names when nothing is allow-listed', () => {
      const only = hostAllowList('localhost', [])!;
      expect([only('localhost:1'), only('gateway.example.com')]).toEqual([true, false]);
    });
  });

  describe('bound to another address', () => {
    it('answers any name when nothing is allow-listed', () => {
      expect(hostAllowList('0.0.0.0', [])).toBeUndefined();
    });

    it('answers the allow list, loopback names and the bound address when one is set', () => {
      const allows = hostAllowList('10.0.0.5', ['gateway.example.com'])!;
      expect(['gateway.example.com', 'localhost', '10.0.0.5:3100', 'evil.example'].map(allows)).toEqual([
        true,
        true,
        true,
        false,
      ]);
    });
  });
});
