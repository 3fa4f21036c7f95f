import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { GatewayError } from '#src/core/gateway-error.js';

/**
 * Checks a body against its DTO's class-validator rules and answers the first broken rule as an
 * `invalid_request` naming the field, which each API's filter renders in its own error shape.
 * Lenient in: fields the DTO does not declare pass untouched, and the body is handed on as sent.
 */
export const dtoValidationPipe = new ValidationPipe({
  whitelist: false,
  forbidUnknownValues: false,
  transform: false,
  stopAtFirstError: true,
  exceptionFactory: (errors) => firstProblem(errors),
});

function firstProblem(errors: ValidationError[], parent = ''): GatewayError {
  const error = errors[0];
  const param = parent ? `${parent}.${error?.property}` : (error?.property ?? '');
  const message = Object.values(error?.constraints ?? {})[0];
  if (message === undefined && error?.children?.length) return firstProblem(error.children, param);
  return GatewayError.invalid(param, message ?? 'The body does not have the expected shape');
}
