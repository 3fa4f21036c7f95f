import { fromAnthropicError } from '#src/providers/anthropic/anthropic.error.mapper.js';
import { classifyStatus } from './classify-status.js';
import { classifyErrorBody } from './upstream-response.js';

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

  describe('an upstream refusing the gateway’s account for billing', () => {
    const QUOTA = 'You exceeded your current quota, please check your plan and billing details.';
    const BILLED =
      'The upstream provider "azure" refused the gateway\'s account for billing reasons (credit or quota used up)';

    it('tells OpenAI’s insufficient_quota 429 apart from a rate limit, by its code, with no wait', () => {
      const err = classifyStatus(429, 'Quota gone', { 'retry-after': '20' }, 'azure', {
        codes: ['insufficient_quota'],
      });
      expect(err).toMatchObject({ kind: 'upstream_billing', status: 503, upstreamStatus: 429, message: BILLED });
      expect(err.retryAfterMs).toBeUndefined();
      expect(err.detail).toBe('Quota gone');
    });

    it.each([
      [400, 'Your credit balance is too low to access the Anthropic API.', ['invalid_request_error']],
      [400, 'You have reached your specified API usage limits. You will regain access on 2026-01-01.', []],
      [402, 'Insufficient Balance', []],
      [400, 'Account suspended', ['billing_error']],
    ])('classifies a %i saying "%s" (codes %j) the same way', (status, message, codes) => {
      expect(classifyStatus(status, message, {}, 'azure', { codes })).toMatchObject({
        kind: 'upstream_billing',
        message: BILLED,
      });
    });

    it('leaves an ordinary rate limit, and a server error that mentions quota, as they were', () => {
      expect(classifyStatus(429, 'Rate limit reached', {}, 'azure', { codes: ['rate_limit_exceeded'] }).kind).toBe(
        'rate_limited',
      );
      expect(classify(500, QUOTA).kind).toBe('upstream_5xx');
    });

    it('reads a 429 in billing words but without the code as the rate limit some servers mean by it', () => {
      const err = classifyStatus(429, QUOTA, { 'retry-after': '20' }, 'gemini');
      expect(err).toMatchObject({ kind: 'rate_limited', retryAfterMs: 20_000 });
    });

    it('leaves a validation error that quotes the billing sentence (a client naming a field after it) to the client', () => {
      const quoted = 'Your credit balance is too low to access the Anthropic API: Extra inputs are not permitted';
      expect(classifyStatus(400, quoted, {}, 'anthropic', { codes: ['invalid_request_error'] }).kind).toBe(
        'bad_request',
      );
      const openai = 'Unrecognized request argument supplied: You have reached your specified API usage limits';
      expect(classifyStatus(400, openai, {}, 'openai', { codes: ['invalid_request_error'] }).kind).toBe('bad_request');
    });
  });

  describe('a 404', () => {
    const openai = (message: string, code: string | null, param: string | null = null) =>
      JSON.stringify({ error: { message, type: 'invalid_request_error', param, code } });
    const anthropic = (message: string) => ({ type: 'not_found_error', message });
    const azureNotFound = JSON.stringify({ error: { code: '404', message: 'Resource not found' } });

    it.each([
      [
        'OpenAI’s model_not_found',
        openai('The model `gpt-9` does not exist or you do not have access to it.', 'model_not_found'),
      ],
      ['OpenAI’s wrong path', openai('Invalid URL (POST /v1/v1/chat/completions)', null)],
      ['a gateway’s unmatched route', '{"message":"no Route matched with those values"}'],
      ['Azure’s resource not found', azureNotFound],
      ['Azure’s DeploymentNotFound', JSON.stringify({ error: { code: 'DeploymentNotFound', message: 'Not there.' } })],
      ['an error about the model field', openai('No such model', null, 'model')],
      ['a server’s plain "Not Found" page (a wrong path)', '404 page not found'],
      ['an HTML page', '<html><body><h1>404 Not Found</h1></body></html>'],
      ['a sentence that only quotes a known one', openai("Sorry: Item with id 'rs_1' not found.", null)],
    ])('is the operator’s unless the upstream says it is about what the client named (%s)', (_, body) => {
      const err = classifyErrorBody(404, body, {}, 'azure');
      expect(err).toMatchObject({ kind: 'not_found', status: 404, upstreamStatus: 404 });
      expect(err.message).toBe('The upstream provider "azure" has no such model or path');
    });

    it.each([
      [
        'by its param',
        "Item with id 'rs_123' not found. Items are not persisted when `store` is set to false.",
        null,
        'input',
      ],
      ['by its code', 'No such response.', 'previous_response_not_found', null],
      ['by its sentence alone', "Previous response with id 'resp_bogus' not found.", null, null],
    ])('about what a relayed client named is the client’s, in the upstream’s words (%s)', (_, message, code, param) => {
      const err = classifyErrorBody(404, openai(message, code, param), {}, 'azure');
      expect(err).toMatchObject({ kind: 'bad_request', status: 404, message });
    });

    it('about a previous response whose id holds the upstream model name is still the client’s', () => {
      const message = "Previous response with id 'resp_gpt-4o' not found.";
      const body = openai(message, 'previous_response_not_found', 'previous_response_id');
      expect(classifyErrorBody(404, body, {}, 'azure')).toMatchObject({ kind: 'bad_request', status: 404, message });
    });

    it('from Anthropic, whose 404s name no field, is the operator’s, its words kept for the log', () => {
      const err = fromAnthropicError(404, anthropic('Not Found'), {}, 'claude');
      expect(err).toMatchObject({ kind: 'not_found', detail: 'Not Found' });
      expect(err.message).toBe('The upstream provider "claude" has no such model or path');
    });

    it('from Anthropic, on a request that named stored objects, is the client’s in Anthropic’s words, unless no Anthropic error', () => {
      const said = 'File not found: file_011CNha8iCJcU1wXNR6q4V8w';
      const err = fromAnthropicError(404, anthropic(said), {}, 'claude', { namedStored: true });
      expect(err).toMatchObject({ kind: 'bad_request', status: 404, upstreamStatus: 404, message: said });
      // A proxy's page (a wrong base_url) is not Anthropic speaking of an object.
      expect(fromAnthropicError(404, { message: '' }, {}, 'claude', { namedStored: true })).toMatchObject({
        kind: 'not_found',
      });
    });

    it('on a request that named stored objects, is the client’s unless the upstream says it is about the model or is no vendor', () => {
      const err = classifyErrorBody(404, openai('No such object.', null), {}, 'azure', { namedStored: true });
      expect(err).toMatchObject({ kind: 'bad_request', status: 404, message: 'No such object.' });
      const operators = [
        openai('The model `gpt-9` does not exist.', 'model_not_found'),
        openai('No such model', null, 'model'),
        JSON.stringify({ error: { code: 'DeploymentNotFound', message: 'Not there.' } }),
        '<html><body><h1>404 Not Found</h1></body></html>',
        '404 page not found',
      ];
      const kinds = operators.map((body) => classifyErrorBody(404, body, {}, 'azure', { namedStored: true }).kind);
      expect(kinds).toEqual(operators.map(() => 'not_found'));
    });

    describe('on a request that named stored objects', () => {
      const sent = { namedStored: true, sentModel: 'qwen-7b' };
      const vllm = (message: string) => JSON.stringify({ object: 'error', type: 'NotFoundError', message, code: 404 });
      const fromAnthropic = (message: string) => fromAnthropicError(404, anthropic(message), {}, 'claude', sent);
      const fromOpenAI = (body: string) => classifyErrorBody(404, body, {}, 'azure', sent);

      it.each([
        ['Anthropic’s wrong model, named as the gateway sent it', () => fromAnthropic('model: qwen-7b')],
        ['Anthropic’s wrong path', () => fromAnthropic('Not Found')],
        ['OpenAI’s wrong path', () => fromOpenAI(openai('Invalid URL (POST /v1/v1/responses)', null))],
        ['Azure’s resource not found, whose code is only the status', () => fromOpenAI(azureNotFound)],
        [
          'a server’s unknown model, quoted as the gateway sent it',
          () => fromOpenAI(vllm('The model `qwen-7b` does not exist.')),
        ],
      ])('is the operator’s when the vendor says it is about what the gateway chose (%s)', (_, classified) => {
        const err = classified();
        expect(err).toMatchObject({ kind: 'not_found', status: 404, upstreamStatus: 404 });
        expect(err.message).toMatch(/has no such model or path$/);
      });

      it.each([
        ['a model other than the one sent', () => fromAnthropic('model: claude-other'), 'model: claude-other'],
        ['“Not Found” with more words', () => fromAnthropic('Not Found: file_1'), 'Not Found: file_1'],
        [
          'an id that quotes the sent model, past the opening',
          () => fromOpenAI(vllm("File 'The model `qwen-7b`' does not exist.")),
          "File 'The model `qwen-7b`' does not exist.",
        ],
        [
          'an id that quotes a wrong path, past the opening',
          () => fromOpenAI(openai("No file 'Invalid URL (x)' found.", null)),
          "No file 'Invalid URL (x)' found.",
        ],
        [
          'a vendor whose only code restates the status',
          () => fromOpenAI(JSON.stringify({ error: { code: '404', message: 'File not found.' } })),
          'File not found.',
        ],
        [
          'Azure’s resource sentence with more words',
          () => fromOpenAI(JSON.stringify({ error: { code: '404', message: 'Resource not found: file-1' } })),
          'Resource not found: file-1',
        ],
        [
          'a longer model name that opens with the sent one',
          () => fromOpenAI(vllm('The model `qwen-7b-chat` does not exist.')),
          'The model `qwen-7b-chat` does not exist.',
        ],
        [
          'a status code beside a vendor’s own type',
          () =>
            fromOpenAI(
              JSON.stringify({ error: { code: '404', type: 'invalid_request_error', message: 'No such file.' } }),
            ),
          'No such file.',
        ],
      ])('is the client’s, in the vendor’s words, otherwise (%s)', (_, classified, said) => {
        expect(classified()).toMatchObject({ kind: 'bad_request', status: 404, message: said });
      });

      it('never takes an empty model name for the one the gateway sent', () => {
        const unnamed = { namedStored: true, sentModel: '' };
        const err = classifyErrorBody(404, vllm('The model `` does not exist.'), {}, 'azure', unnamed);
        expect(err).toMatchObject({ kind: 'bad_request', status: 404 });
      });
    });
  });
});
