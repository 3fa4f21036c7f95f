import { Injectable } from '@nestjs/common';

/** A provider problem only the operator can fix (its key refused, its URL redirecting). */
export interface ProviderAlarm {
  /** Sanitised: names the provider and the upstream status, never a key or an address. */
  detail: string;
  /** When it was raised, epoch ms. */
  since: number;
}

/**
 * Operator problems seen on live traffic, by provider name, so `/health` shows them beside the
 * cached probe (which may well pass: a models list can answer while chat calls are refused). An
 * alarm lasts until a call to that provider succeeds again.
 */
@Injectable()
export class ProviderAlarms {
  private readonly alarms = new Map<string, ProviderAlarm>();

  raise(provider: string, detail: string, now: number): void {
    this.alarms.set(provider, { detail, since: now });
  }

  clear(provider: string): void {
    this.alarms.delete(provider);
  }

  get(provider: string): ProviderAlarm | undefined {
    return this.alarms.get(provider);
  }
}
