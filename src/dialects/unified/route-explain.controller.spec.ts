import type { FastifyRequest } from 'fastify';
import { GatewayError } from '#src/core/gateway-error.js';
import type { RouteExplainer } from '#src/gateway/route-explainer.js';
import { RouteExplainController } from './route-explain.controller.js';

/** An explainer that answers with the one user message it was asked about. */
const explainer = {
  explain: (request: { messages: { content: unknown }[] }) => ({ asked: request.messages[0].content }),
} as unknown as RouteExplainer;
const controller = new RouteExplainController(explainer);
const req = {} as FastifyRequest;

function refusal(text: unknown): GatewayError | undefined {
  try {
    controller.explainText(text, req);
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  return undefined;
}

describe('GET /api/route/explain', () => {
  it('routes the text as one user message', () => {
    expect(controller.explainText('hello', req)).toEqual({ asked: [{ type: 'text', text: 'hello' }] });
  });

  it.each([
    ['a missing', undefined],
    ['an empty', ''],
    ['a repeated', ['a', 'b']],
  ])('refuses %s text by the name of the query parameter', (_what, text) => {
    expect(refusal(text)).toMatchObject({
      kind: 'invalid_request',
      param: 'text',
      message: "'text' must be given once, as a non-empty string",
    });
  });
});
