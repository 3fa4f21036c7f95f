import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SECRET_PREFIX = 'sk-sy-';
/** 32 random bytes: 256 bits, far past guessing; base64url keeps the secret one token in every header. */
const SECRET_BYTES = 32;
/** `sk-sy-` and four characters: enough to tell keys apart in a list, far too little to use. */
const DISPLAY_LENGTH = SECRET_PREFIX.length + 4;

export function newSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64url');
}

/**
 * What is stored and looked up: the secret's SHA-256, hex (a secret this random needs no slow hash).
 * The one-shot form, with no Hash object per request; its hex output costs a third of its raw one.
 */
export function hashSecret(secret: string): string {
  return hash('sha256', secret, 'hex');
}

export function displayPrefix(secret: string): string {
  return secret.slice(0, DISPLAY_LENGTH);
}

/** Compares a stored raw digest with a presented secret's hex hash, without an early exit. */
export function sameDigest(stored: Buffer, hashHex: string): boolean {
  const given = Buffer.from(hashHex, 'hex');
  return stored.length === given.length && timingSafeEqual(stored, given);
}

/** Whether a presented credential is shaped like a client key at all (others are not looked up). */
export function looksLikeSecret(given: string): boolean {
  return given.startsWith(SECRET_PREFIX) && given.length > SECRET_PREFIX.length + 20 && given.length < 200;
}
