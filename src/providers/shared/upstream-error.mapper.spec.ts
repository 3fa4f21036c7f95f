import { upstreamErrorMessage } from './upstream-error.mapper.js';

describe('upstreamErrorMessage', () => {
  it.each([
    [
      '{"error":{"message":"Incorrect model","type":"invalid_request_error","code":"model_not_found"}}',
      'Incorrect model',
    ],
    ['{"error":"model \'llama9\' not found"}', "model 'llama9' not found"],
    ['{"message":"Bad gateway key"}', 'Bad gateway key'],
    ['upstream connect error', 'upstream connect error'],
  ])('reads %s', (body, message) => {
    expect(upstreamErrorMessage(body)).toBe(message);
  });

  it('never echoes an HTML error page', () => {
    expect(upstreamErrorMessage('<html><body><h1>502 Bad Gateway</h1></body></html>')).toBe('');
  });
});
