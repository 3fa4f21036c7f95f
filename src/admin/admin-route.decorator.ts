import { applyDecorators, Delete, Get, HttpCode, Post, type Type } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiUnauthorizedResponse,
} from '#src/core/api-docs.js';

export interface QueryDoc {
  name: string;
  description: string;
  enum?: string[];
}

export interface AdminRouteDoc {
  summary: string;
  description?: string;
  query?: QueryDoc[];
  body?: Type<unknown>;
}

function documented(doc: AdminRouteDoc): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary: doc.summary, description: doc.description }),
    ApiBearerAuth(),
    ApiOkResponse({ description: 'See the summary' }),
    ApiUnauthorizedResponse({ description: 'Missing or wrong admin token: `{error: {message, type, param, code}}`' }),
    ApiBadRequestResponse({ description: 'A bad parameter; `error.param` names it' }),
    ...(doc.query ?? []).map((q) => ApiQuery({ ...q, required: false })),
    ...(doc.body ? [ApiBody({ type: doc.body })] : []),
  );
}

/** An admin API read, documented once. */
export const AdminGet = (path: string, doc: AdminRouteDoc) => applyDecorators(Get(path), documented(doc));

/** An admin API action: POST answering 200. */
export const AdminPost = (path: string, doc: AdminRouteDoc) =>
  applyDecorators(Post(path), HttpCode(200), documented(doc));

export const AdminDelete = (path: string, doc: AdminRouteDoc) => applyDecorators(Delete(path), documented(doc));
