import { classifyStatus } from './classify-status.js';

const classify = (status: number, message = 'upstream text') => classifyStatus(status, message, {}, 'azure');

describe('classifyStatus', () => {
  it.each([301, 302, 307, 308])('treats a %i redirect as the operator’s problem, naming base_url', (status) => {
    const err = classify(status, '<a href="https://login.example.internal/">moved</a>');
    expect(err).toMatchObject({ kind: 'auth', status: 502, upstreamStatus: status, provider: 'azure' });
    expect(err.message).toBe(
      `The upstream provider "azure" answered with a redirect (${status}), which the gateway does not follow: check its base_url`,
    );
  });

  it.each([401, 403])('never tells a client what the upstream said about the gateway’s key (%i)', (status) => {
    const err = classify(status, 'Incorrect API key provided: sk-abc***xyz');
    expect(err).toMatchObject({ kind: 'auth', status: 502 });
    expect(err.message).toBe('The upstream provider "azure" rejected the gateway\'s credentials');
    expect(err.detail).toContain('Incorrect API key');
  });

  it.each([
    [500, 'upstream_5xx', 'The upstream provider "azure" failed (500)'],
    [503, 'overloaded', 'The upstream provider "azure" is overloaded'],
    [504, 'timeout', 'The upstream provider "azure" timed out'],
    [429, 'rate_limited', 'The upstream provider "azure" is rate limiting the gateway'],
  ])('answers a %i with a classified message, keeping the upstream’s text for the log', (status, kind, message) => {
    const err = classify(status, 'dial tcp 10.0.3.7:443: connect: connection refused');
    expect(err).toMatchObject({ kind, message, detail: 'dial tcp 10.0.3.7:443: connect: connection refused' });
  });

  it('passes the upstream’s own words about the client’s request on unchanged', () => {
    const err = classify(400, 'messages.1.content: Input should be a valid list');
    expect(err).toMatchObject({
      kind: 'bad_request',
      status: 400,
      message: 'messages.1.content: Input should be a valid list',
    });
    expect(classify(400, 'prompt is too long: 210000 tokens > 200000 maximum')).toMatchObject({
      kind: 'context_length',
      message: 'prompt is too long: 210000 tokens > 200000 maximum',
    });
  });
});
