import { Body, Controller, Param, Query, Req } from '@nestjs/common';
import { ApiTags } from '#src/core/api-docs.js';
import type { FastifyRequest } from 'fastify';
import { GatewayError } from '#src/core/gateway-error.js';
import { JsonBodyPipe } from '#src/http/body-parsers.js';
import { readKeySettings } from '#src/keys/key-settings.reader.js';
import { AllowlistCheck } from '#src/keys/allowlist-check.js';
import { KeyService } from '#src/keys/key.service.js';
import { AuthModeState } from '#src/keys/auth-mode.js';
import { adminActor } from './admin-actor.js';
import { AdminGet, AdminPost } from './admin-route.decorator.js';
import { oneOfParam, textParam, type QueryBag } from './query-params.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `from`: the first UTC day to include, `YYYY-MM-DD`. */
function fromDay(value: string | undefined): string | undefined {
  if (value === undefined || DAY.test(value)) return value;
  throw GatewayError.invalid('from', 'from: expected a day as YYYY-MM-DD');
}

/** Nothing used yet in the period. */
const NO_SPEND = { requests: 0, tokens: 0, usd: 0, unpricedRequests: 0 };

/**
 * Client keys: create (the secret is in that answer only), edit, disable, revoke; spend and audit.
 * Each key comes with `unmatchedModels`, its allowlist entries no configured model matches; in the
 * list, also with `spend`, its use within its current budget period, unless asked without (`?spend=0`).
 */
@ApiTags('admin')
@Controller('admin/api/keys')
export class AdminKeysController {
  constructor(
    private readonly keys: KeyService,
    private readonly auth: AuthModeState,
    private readonly allowlists: AllowlistCheck,
  ) {}

  @AdminGet('', {
    summary:
      'Every client key (never a secret) with its spend in its budget period (the last 30 days without a budget), and whether keys are required',
    query: [
      {
        name: 'spend',
        description:
          '0 lists the keys without `spend`, skipping its sums (for key pickers); 1, the default, includes it',
        enum: ['0', '1'],
      },
    ],
  })
  async list(@Query() query: QueryBag) {
    if (oneOfParam(query, 'spend', ['0', '1'] as const) === '0') {
      const keys = await this.keys.list();
      return { mode: this.auth.mode, keys: keys.map((k) => this.allowlists.view(k)) };
    }
    const [keys, spend] = await Promise.all([this.keys.list(), this.keys.spendInPeriods()]);
    return {
      mode: this.auth.mode,
      keys: keys.map((k) => ({ ...this.allowlists.view(k), spend: spend.get(k.id) ?? NO_SPEND })),
    };
  }

  @AdminPost('', { summary: 'Create a key; the answer carries its secret, shown this once' })
  async create(@Body(JsonBodyPipe) body: unknown, @Req() req: FastifyRequest) {
    const { key, secret } = await this.keys.create(await readKeySettings(body, true), adminActor(req));
    return { key: this.allowlists.view(key), secret };
  }

  @AdminGet('spend', {
    summary: 'Tokens and dollars per key, model and UTC day',
    query: [
      { name: 'key', description: 'One key id' },
      { name: 'from', description: 'First day included, YYYY-MM-DD' },
    ],
  })
  spend(@Query() query: QueryBag) {
    return this.keys.spend({ keyId: textParam(query, 'key'), fromDay: fromDay(textParam(query, 'from')) });
  }

  @AdminGet('audit', {
    summary: 'What was done to keys, newest first',
    query: [{ name: 'key', description: 'One key id' }],
  })
  audit(@Query() query: QueryBag) {
    return this.keys.audit(textParam(query, 'key'));
  }

  @AdminGet(':id', { summary: 'One key' })
  async get(@Param('id') id: string) {
    return this.allowlists.view(await this.keys.get(id));
  }

  @AdminPost(':id', { summary: 'Change a key: limits, allowlist, budget, expiry, disabled (null clears a setting)' })
  async update(@Param('id') id: string, @Body(JsonBodyPipe) body: unknown, @Req() req: FastifyRequest) {
    return this.allowlists.view(await this.keys.update(id, await readKeySettings(body, false), adminActor(req)));
  }

  @AdminPost(':id/revoke', { summary: 'Revoke a key for good; refused everywhere within a second' })
  async revoke(@Param('id') id: string, @Req() req: FastifyRequest) {
    return this.allowlists.view(await this.keys.revoke(id, adminActor(req)));
  }
}
