import { z } from 'zod';
import { GatewayError } from '#src/core/gateway-error.js';
import type { KeySettings } from './client-key.types.js';

const count = z.number().int().positive();
const nameText = z.string().trim().min(1).max(100);

/** Lenient in: numbers, ISO dates and lists as JSON gives them; `null` clears an optional setting. */
const settingsSchema = z.strictObject({
  name: nameText.optional(),
  team: z.string().trim().max(100).nullable().optional(),
  allowed_models: z.array(z.string().trim().min(1).max(200)).max(200).optional(),
  rpm: count.nullable().optional(),
  tpm: count.nullable().optional(),
  max_concurrent: count.nullable().optional(),
  budget: z
    .strictObject({ usd: z.number().nonnegative(), period: z.enum(['day', 'month', 'total']) })
    .nullable()
    .optional(),
  expires_at: z.iso.datetime({ offset: true }).nullable().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  default_model: z.string().trim().min(1).max(200).nullable().optional(),
  may_route: z.boolean().optional(),
  disabled: z.boolean().optional(),
});

type Written = z.output<typeof settingsSchema>;

function toSettings(w: Written): KeySettings {
  const s: KeySettings = {};
  if (w.name !== undefined) s.name = w.name;
  if (w.team !== undefined) s.team = w.team === '' ? null : w.team;
  if (w.allowed_models !== undefined) s.allowedModels = w.allowed_models;
  if (w.rpm !== undefined || w.tpm !== undefined || w.max_concurrent !== undefined) {
    // A limit left out keeps its value: editing one must not clear the others.
    s.limits = {};
    if (w.rpm !== undefined) s.limits.rpm = w.rpm;
    if (w.tpm !== undefined) s.limits.tpm = w.tpm;
    if (w.max_concurrent !== undefined) s.limits.maxConcurrent = w.max_concurrent;
  }
  if (w.budget !== undefined) s.budget = w.budget;
  if (w.expires_at !== undefined) s.expiresAt = w.expires_at === null ? null : new Date(w.expires_at).toISOString();
  if (w.metadata !== undefined) s.metadata = w.metadata;
  if (w.default_model !== undefined) s.defaultModel = w.default_model;
  if (w.may_route !== undefined) s.mayRoute = w.may_route;
  if (w.disabled !== undefined) s.disabled = w.disabled;
  return s;
}

/** A key's settings from an admin API body (snake_case); a bad field is a 400 naming it. */
export function parseKeySettings(body: unknown, requireName: boolean): KeySettings {
  const parsed = settingsSchema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = issue.path.join('.') || 'body';
    throw GatewayError.invalid(param, `${param}: ${issue.message}`);
  }
  if (requireName && parsed.data.name === undefined) throw GatewayError.invalid('name', 'name: required');
  return toSettings(parsed.data);
}
