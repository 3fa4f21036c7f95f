import { z } from 'zod';
import { closest, describeValue, type Findings } from './findings.js';

export type IssuePath = ReadonlyArray<PropertyKey>;

export interface LocatedProblem {
  path: IssuePath;
  message: string;
}

/** `models[1].deployments[0].weight`, the way problems name a place in the document. */
export function formatPath(path: IssuePath): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out;
}

/** Said for anything a field's own messages do not cover. */
export const fallbackMessage: z.core.$ZodErrorMap = (iss) =>
  iss.code === 'invalid_type' ? `expected ${iss.expected}, got ${describeValue(iss.input)}` : undefined;

/**
 * One problem per issue; an unknown key becomes one problem per key, hinting the closest
 * allowed key of the mapping it sits in.
 */
export function toProblems(issues: readonly z.core.$ZodIssue[], schema: z.ZodType): LocatedProblem[] {
  return issues.flatMap((iss): LocatedProblem[] => {
    if (iss.code !== 'unrecognized_keys') return [{ path: iss.path, message: iss.message }];
    const allowed = keysAt(schema, iss.path);
    return iss.keys.map((key) => {
      const guess = closest(key, allowed);
      const hint = guess ? `did you mean "${guess}"?` : `expected one of: ${allowed.join(', ')}`;
      return { path: [...iss.path, key], message: `unknown key (${hint})` };
    });
  });
}

/** The keys the mapping at `path` allows, found by walking the schema along the path. */
function keysAt(schema: z.ZodType, path: IssuePath): string[] {
  let at: z.ZodType | undefined = unwrap(schema);
  for (const key of path) {
    if (at instanceof z.ZodObject) at = (at.shape as Record<string, z.ZodType>)[String(key)];
    else if (at instanceof z.ZodArray) at = at.element as z.ZodType;
    else if (at instanceof z.ZodRecord) at = at.valueType as z.ZodType;
    else return [];
    at = at && unwrap(at);
  }
  return at instanceof z.ZodObject ? Object.keys(at.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let at = schema;
  for (;;) {
    if (at instanceof z.ZodPipe) at = at.out as z.ZodType;
    else if (at instanceof z.ZodOptional) at = at.unwrap() as z.ZodType;
    else return at;
  }
}

/**
 * Problems in the order their places appear in the file, so one reads the list top to bottom;
 * a missing key sorts at its mapping. Without positions the schema's own order stays.
 */
export function report(problems: LocatedProblem[], findings: Findings, offsetOf?: (path: IssuePath) => number): void {
  const placed = problems.map((p, i) => ({ ...p, i, at: offsetOf?.(p.path) ?? 0 }));
  placed.sort((a, b) => a.at - b.at || a.i - b.i);
  for (const p of placed) findings.problem(formatPath(p.path), p.message);
}
