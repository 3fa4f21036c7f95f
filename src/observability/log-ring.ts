/** pino's numeric levels and their names. */
export const LOG_LEVEL_VALUES = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
export type LogLevelName = keyof typeof LOG_LEVEL_VALUES;

const NAME_OF = new Map<number, LogLevelName>(
  Object.entries(LOG_LEVEL_VALUES).map(([name, value]) => [value, name as LogLevelName]),
);

/** Longest line kept; a longer one is cut (and then kept as text, since it is no longer JSON). */
const MAX_LINE_CHARS = 16 * 1024;

export interface LogItem {
  time: string;
  level: LogLevelName | string;
  msg: string;
  context: string | null;
  request_id: string | null;
  raw: Record<string, unknown>;
}

export interface LogQuery {
  /** Lines at this level or above. */
  minLevel?: LogLevelName;
  /** At most this many, newest first. */
  limit: number;
}

/**
 * The last `capacity` log lines, in memory, for the admin UI. It is a pino destination: lines
 * arrive already redacted (the logger's write hook runs before any destination). Lines are
 * parsed only when read.
 */
export class LogRing {
  private readonly lines: string[] = [];
  private next = 0;

  constructor(readonly capacity = 2_000) {}

  write(line: string): void {
    const text = line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line.trimEnd();
    if (this.lines.length < this.capacity) this.lines.push(text);
    else this.lines[this.next] = text;
    this.next = (this.next + 1) % this.capacity;
  }

  get size(): number {
    return this.lines.length;
  }

  recent(query: LogQuery): LogItem[] {
    const min = query.minLevel ? LOG_LEVEL_VALUES[query.minLevel] : 0;
    const out: LogItem[] = [];
    for (let i = 1; i <= this.lines.length && out.length < query.limit; i++) {
      const item = toItem(this.lines[(this.next - i + this.capacity) % this.capacity]);
      if (levelValue(item) >= min) out.push(item);
    }
    return out;
  }
}

function levelValue(item: LogItem): number {
  const known = LOG_LEVEL_VALUES[item.level as LogLevelName];
  return known ?? 0;
}

function toItem(line: string): LogItem {
  let raw: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    raw = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : { msg: line };
  } catch {
    raw = { msg: line };
  }
  const req = raw.req as { id?: unknown } | undefined;
  const requestId = raw.request_id ?? req?.id ?? raw.reqId;
  return {
    time: new Date(typeof raw.time === 'number' ? raw.time : Date.now()).toISOString(),
    level: typeof raw.level === 'number' ? (NAME_OF.get(raw.level) ?? String(raw.level)) : 'info',
    msg: typeof raw.msg === 'string' ? raw.msg : '',
    context: typeof raw.context === 'string' ? raw.context : null,
    request_id: typeof requestId === 'string' ? requestId : null,
    raw,
  };
}
