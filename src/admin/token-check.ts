import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares a presented token with the admin token in constant time (both hashed, so lengths never leak). */
export class TokenCheck {
  private readonly expected: Buffer;

  constructor(token: string) {
    this.expected = digest(token);
  }

  matches(given: unknown): boolean {
    return typeof given === 'string' && given.length > 0 && timingSafeEqual(digest(given), this.expected);
  }

  /** True for `Authorization: Bearer <token>` carrying the admin token. */
  matchesHeader(header: string | undefined): boolean {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    return match !== null && this.matches(match[1]);
  }
}
