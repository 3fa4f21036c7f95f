import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares a presented token with the admin token in constant time (both hashed, so lengths never leak). */
export class TokenCheck {
  private readonly expected: Buffer;

  constructor(token: string) {
    this.expected = digest(token);
  }

  /** The token of `Authorization: Bearer <token>`, or undefined for any other header. */
  static bearer(header: string): string | undefined {
    return /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  }

  matches(given: unknown): boolean {
    return typeof given === 'string' && given.length > 0 && timingSafeEqual(digest(given), this.expected);
  }
}
