import { Controller, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '#src/core/api-docs.js';
import type { FastifyReply } from 'fastify';
import { AdminRequestsService } from './admin-requests.service.js';
import { AdminDelete, AdminGet, type QueryDoc } from './admin-route.decorator.js';
import type { QueryBag } from './query-params.js';

const FILTERS: QueryDoc[] = [
  { name: 'model', description: 'The model that answered' },
  { name: 'instance', description: 'The gateway instance that served it' },
  { name: 'key', description: 'The client key id the request came with' },
  { name: 'status', description: 'An HTTP status, `ok` or `error`' },
  { name: 'since', description: 'ISO time with its zone (Z or ±hh:mm), or epoch milliseconds' },
  {
    name: 'q',
    description:
      'Text searched in names, errors, request id and bodies (with SQLite, of the newest 20,000 requests as of the first page; the answer says so in `search_window`)',
  },
  {
    name: 'cursor',
    description:
      'The `next` of the previous page: the page after it, in the rows the first page saw (rows logged since stay out)',
  },
  { name: 'before', description: 'Rows with a smaller id (the window is not kept: prefer `cursor`)' },
  { name: 'limit', description: 'Page size, 1..500 (default 100); an export takes up to 10000' },
];

/** The request log. */
@ApiTags('admin')
@Controller('admin/api/requests')
export class AdminRequestsController {
  constructor(private readonly requests: AdminRequestsService) {}

  @AdminGet('', {
    summary: 'Logged requests, newest first, with the total that match and the cursor of the `next` page',
    query: FILTERS,
  })
  list(@Query() query: QueryBag) {
    return this.requests.list(query);
  }

  @AdminGet('export', {
    summary:
      'The matching requests as a CSV or JSON download, the newest 10,000 at most: `x-export-rows` and `x-export-total` say when there were more',
    query: [{ name: 'format', description: 'csv (default) or json', enum: ['csv', 'json'] }, ...FILTERS],
  })
  export(@Query() query: QueryBag, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.requests.export(query, reply);
  }

  @AdminGet(':id', { summary: 'One request: route, attempts, redacted headers, bodies when logged' })
  detail(@Param('id') id: string) {
    return this.requests.detail(id);
  }

  @AdminDelete('', { summary: 'Delete every logged request' })
  clear() {
    return this.requests.clear();
  }
}
