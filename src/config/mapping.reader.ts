import { Findings, closest, describeValue, indexPath, isMapping, keyPath } from './findings.js';

export interface NumberRule {
  integer?: boolean;
  min?: number;
  /** Exclusive lower bound. */
  above?: number;
  max?: number;
}

const NUMERIC = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?\s*$/i;

/**
 * Typed reads from one YAML mapping. A wrong value records a problem at its path and reads as
 * undefined, so the caller applies its default and carries on collecting further problems.
 */
export class MappingReader {
  private constructor(
    readonly value: Record<string, unknown>,
    readonly path: string,
    readonly findings: Findings,
  ) {}

  static of(value: unknown, path: string, findings: Findings): MappingReader | undefined {
    if (isMapping(value)) return new MappingReader(value, path, findings);
    findings.problem(path, `expected a mapping, got ${describeValue(value)}`);
    return undefined;
  }

  at(key: string): string {
    return keyPath(this.path, key);
  }

  /** Present with a value; `key: ~` or `key:` alone count as absent. */
  has(key: string): boolean {
    return this.value[key] !== undefined && this.value[key] !== null;
  }

  problem(key: string, message: string): void {
    this.findings.problem(this.at(key), message);
  }

  allowOnly(allowed: readonly string[]): void {
    for (const key of Object.keys(this.value)) {
      if (allowed.includes(key)) continue;
      const guess = closest(key, allowed);
      const hint = guess ? `did you mean "${guess}"?` : `expected one of: ${allowed.join(', ')}`;
      this.problem(key, `unknown key (${hint})`);
    }
  }

  require(key: string, what: string): boolean {
    if (this.has(key)) return true;
    this.problem(key, `required (${what})`);
    return false;
  }

  string(key: string): string | undefined {
    if (!this.has(key)) return undefined;
    const v = this.value[key];
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
    this.problem(key, `expected a string, got ${describeValue(v)}`);
    return undefined;
  }

  name(key: string): string | undefined {
    if (!this.require(key, 'a non-empty name')) return undefined;
    const v = this.string(key)?.trim();
    if (v === '') this.problem(key, 'expected a non-empty name');
    return v || undefined;
  }

  number(key: string, rule: NumberRule = {}): number | undefined {
    const v = this.value[key];
    // An expanded `${VAR}` that was unset reads as absent, so the default applies.
    if (!this.has(key) || v === '') return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && NUMERIC.test(v) ? Number(v) : undefined;
    const broken = n === undefined ? 'expected a number' : numberProblem(n, rule);
    if (!broken) return n;
    this.problem(key, `${broken}, got ${describeValue(v)}`);
    return undefined;
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T | undefined {
    if (!this.has(key)) return undefined;
    const v = this.value[key];
    const hit = values.find((x) => x === v);
    if (hit === undefined) this.problem(key, `expected one of ${values.join(', ')}, got ${describeValue(v)}`);
    return hit;
  }

  list(key: string): unknown[] | undefined {
    if (!this.has(key)) return undefined;
    const v = this.value[key];
    if (Array.isArray(v)) return v;
    this.problem(key, `expected a list, got ${describeValue(v)}`);
    return undefined;
  }

  stringList(key: string): string[] | undefined {
    const items = this.list(key);
    if (!items) return undefined;
    const out: string[] = [];
    items.forEach((item, i) => {
      if (typeof item === 'string' && item.trim() !== '') out.push(item.trim());
      else this.findings.problem(indexPath(this.at(key), i), `expected a non-empty string, got ${describeValue(item)}`);
    });
    return out;
  }

  mapping(key: string): MappingReader | undefined {
    return this.has(key) ? MappingReader.of(this.value[key], this.at(key), this.findings) : undefined;
  }
}

function numberProblem(n: number, rule: NumberRule): string | undefined {
  if (!Number.isFinite(n)) return 'expected a finite number';
  if (rule.integer && !Number.isInteger(n)) return 'expected a whole number';
  if (rule.min !== undefined && n < rule.min) return `expected a number >= ${rule.min}`;
  if (rule.above !== undefined && n <= rule.above) return `expected a number > ${rule.above}`;
  if (rule.max !== undefined && n > rule.max) return `expected a number <= ${rule.max}`;
  return undefined;
}
