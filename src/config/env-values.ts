/**
 * Readers for single environment values. Each returns the parsed value, or records a problem
 * naming the variable and what it should look like; an empty value counts as unset.
 */
import type { Vars } from './expand.js';

export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly vars: Vars) {}

  text(name: string): string | undefined {
    const raw = this.vars[name]?.trim();
    return raw ? raw : undefined;
  }

  port(name: string, fallback: number): number {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
    // 0 asks the OS for a free port, which tests rely on.
    if (Number.isInteger(n) && n >= 0 && n <= 65535) return n;
    return this.fail(name, `expected a port number 0-65535, got "${raw}"`, fallback);
  }

  positiveInteger(name: string, fallback: number): number {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (Number.isSafeInteger(n) && n > 0) return n;
    return this.fail(name, `expected a positive whole number, got "${raw}"`, fallback);
  }

  flag(name: string, fallback: boolean): boolean {
    const raw = this.text(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    return this.fail(name, `expected true or false (1/0, yes/no also accepted), got "${raw}"`, fallback);
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const raw = this.text(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    const hit = values.find((v) => v === raw);
    if (hit) return hit;
    return this.fail(name, `expected one of ${values.join(', ')}, got "${raw}"`, fallback);
  }

  url(name: string, protocols: readonly string[]): string | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    const protocol = URL.canParse(raw) ? new URL(raw).protocol : '';
    if (protocols.includes(protocol)) return raw;
    const expected = protocols.map((p) => `${p}//`).join(' or ');
    // The value is not echoed: connection URLs usually carry a password.
    return this.fail(name, `expected a ${expected} URL`, undefined);
  }

  fail<T>(name: string, message: string, fallback: T): T {
    this.problems.push(`${name}: ${message}`);
    return fallback;
  }
}
