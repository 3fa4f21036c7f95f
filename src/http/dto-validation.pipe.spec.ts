import { GatewayError } from '#src/core/gateway-error.js';
import { WeightsChangeDto } from '#src/models/weights-change.dto.js';
import { dtoValidationPipe } from './dto-validation.pipe.js';

const asWeightsChange = { type: 'body', metatype: WeightsChangeDto } as const;

async function problemOf(body: unknown): Promise<{ param?: string; message: string }> {
  try {
    await dtoValidationPipe.transform(body, asWeightsChange);
  } catch (error) {
    if (error instanceof GatewayError) return { param: error.param, message: error.message };
    throw error;
  }
  throw new Error('expected the body to be refused');
}

describe('the DTO validation pipe', () => {
  it('hands a valid body on, fields the DTO does not declare included', async () => {
    const body = { weights: { 'gpt-4o': 2 }, note: 'kept' };
    await expect(dtoValidationPipe.transform(body, asWeightsChange)).resolves.toEqual(body);
  });

  it.each([
    ['weights that are a list', { weights: [1, 2] }],
    ['weights that are a number', { weights: 5 }],
    ['no weights at all', {}],
    ['a body that is a list', [{ weights: { a: 1 } }]],
  ])('refuses %s as an invalid request naming weights', async (_name, body) => {
    await expect(problemOf(body)).resolves.toEqual({
      param: 'weights',
      message: 'Send {"weights": {"<model>": n, "<model>/<deployment>": n}}',
    });
  });

  it('says an empty change changes nothing', async () => {
    await expect(problemOf({ weights: {} })).resolves.toEqual({ param: 'weights', message: 'No weight to change' });
  });
});
