/**
 * One redaction function for everything that leaves the process: error messages, log lines,
 * exports. Known secrets (configured upstream keys, the admin token) are registered at start;
 * generic credential shapes are caught even when nobody registered them.
 */
const GENERIC = [
  /\b(sk|pk|rk)-[A-Za-z0-9_-]{8,}/g,
  /\b(sk-ant|sk-proj)-[A-Za-z0-9_-]+/g,
  /(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /([?&](?:key|api_key|apikey|token)=)[^&\s"']+/gi,
];

/**
 * Every text a GENERIC pattern matches contains one of these. It runs on every log line, so one
 * pass of this (joined with the registered secrets) tells the usual clean line apart without
 * running each pattern over it. The letters matched in either case are spelt out rather than left
 * to the `i` flag, which made V8 scan the line at half the speed.
 */
const MAYBE_GENERIC_SOURCE =
  '[spr]k-|[bB][eE][aA][rR][eE][rR]|[?&](?:[kK][eE][yY]|[aA][pP][iI]_?[kK][eE][yY]|[tT][oO][kK][eE][nN])=';
const MAYBE_GENERIC = new RegExp(MAYBE_GENERIC_SOURCE);

export const REDACTED = '[REDACTED]';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class SecretRedactor {
  private secrets: string[] = [];
  /** Matches any registered secret: one scan finds whether the per-secret replacing is needed at all. */
  private anySecret: RegExp | undefined;
  /** Matches wherever a registered secret or a credential shape might be: most texts need no more than this scan. */
  private maybeSecret = MAYBE_GENERIC;

  register(...secrets: Array<string | undefined>): void {
    for (const s of secrets) if (s && s.length >= 4 && !this.secrets.includes(s)) this.secrets.push(s);
    // Longest first, so a key that contains another is removed whole.
    this.secrets.sort((a, b) => b.length - a.length);
    const anySource = this.secrets.map(escapeRegExp).join('|');
    this.anySecret = this.secrets.length > 0 ? new RegExp(anySource) : undefined;
    this.maybeSecret = this.secrets.length > 0 ? new RegExp(`${anySource}|${MAYBE_GENERIC_SOURCE}`) : MAYBE_GENERIC;
  }

  redact(text: string): string {
    if (!this.maybeSecret.test(text)) return text;
    let out = text;
    if (this.anySecret?.test(out)) {
      for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
    }
    if (!MAYBE_GENERIC.test(out)) return out;
    for (const re of GENERIC) {
      out = out.replace(re, (match: string, lead: string) =>
        lead && /^(bearer\s+|[?&])/i.test(lead) ? lead + REDACTED : REDACTED,
      );
    }
    return out;
  }
}

/** The process-wide redactor; config registers every key into it while loading. */
export const redactor = new SecretRedactor();
