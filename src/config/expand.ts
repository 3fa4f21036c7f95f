/**
 * Shell-style `${VAR}` and `${VAR:-default}` expansion over a parsed YAML document.
 * Only values are expanded, never keys. As in the shell, `:-` applies its default when the
 * variable is unset or empty, and the default may itself contain `${...}`.
 */
export type Vars = Record<string, string | undefined>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export function expandValue(value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') return expandString(value, vars);
  if (Array.isArray(value)) return value.map((item) => expandValue(item, vars));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandValue(v, vars)]));
  }
  return value;
}

export function expandString(text: string, vars: Vars): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('${', i);
    if (start < 0) break;
    out += text.slice(i, start);
    const ref = readReference(text, start);
    if (!ref) {
      // Not a well-formed reference: kept literally, like the shell keeps a lone `$`.
      out += '${';
      i = start + 2;
      continue;
    }
    const value = vars[ref.name] ?? '';
    out += ref.fallback !== undefined && value === '' ? expandString(ref.fallback, vars) : value;
    i = ref.end;
  }
  return out + text.slice(i);
}

interface Reference {
  name: string;
  fallback?: string;
  /** Index just past the closing brace. */
  end: number;
}

function readReference(text: string, start: number): Reference | undefined {
  const name = NAME.exec(text.slice(start + 2))?.[0];
  if (!name) return undefined;
  const after = start + 2 + name.length;
  if (text[after] === '}') return { name, end: after + 1 };
  if (!text.startsWith(':-', after)) return undefined;
  const close = matchingBrace(text, after + 2);
  return close < 0 ? undefined : { name, fallback: text.slice(after + 2, close), end: close + 1 };
}

/** Index of the `}` closing a reference whose body starts at `from`, counting nested `${`. */
function matchingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    if (text.startsWith('${', i)) {
      depth++;
      i++;
    } else if (text[i] === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}
