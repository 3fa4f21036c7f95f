import Fastify, { type FastifyInstance } from 'fastify';
import { SCHEMA_COMPILERS_ON_DEMAND } from './schema-compilers.js';

describe('fastify with its schema compilers loaded on demand', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify({ schemaController: { compilersFactory: SCHEMA_COMPILERS_ON_DEMAND } });
    app.post(
      '/echo',
      {
        schema: {
          body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
          response: { 200: { type: 'object', properties: { name: { type: 'string' } } } },
        },
      },
      async (req) => ({ ...(req.body as object), secret: 'not in the response schema' }),
    );
    await app.ready();
  });
  afterAll(() => app.close());

  it('still refuses a body its route schema rejects', async () => {
    const answer = await app.inject({ method: 'POST', url: '/echo', payload: { other: 1 } });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ message: "body must have required property 'name'" });
  });

  it('still writes answers through the response schema', async () => {
    const answer = await app.inject({ method: 'POST', url: '/echo', payload: { name: 'x' } });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ name: 'x' });
  });
});
