import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The shortest deployment secret the functions accept (the stack generates 64 characters,
 * `lib/constructs/sender-key.ts`): a shorter one would be guessable by trying every key.
 */
export const MIN_SECRET_LENGTH = 16;

/**
 * Refuses a deployment secret too short to key an HMAC, naming its use (`what`): the one check
 * of every key made from it, the sender keys here and the derived ones ({@link derivedKey}).
 */
export function assertSecretLength(secret: string, what: string): void {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`${what} must be at least ${MIN_SECRET_LENGTH} characters long`);
  }
}

/**
 * A key for one use (`label`), derived from the deployment's secret: the seal of scheduled
 * replies and the receipt tag each have their own, and neither is the sender key.
 */
export function derivedKey(secret: string, label: string, what: string): Buffer {
  assertSecretLength(secret, what);
  return createHmac('sha256', secret).update(label).digest();
}

/** Whether a MAC given in an event is the expected one, in constant time. */
export function macMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The only form in which a phone number reaches the table: HMAC-SHA-256 with the deployment's
 * secret, base64url. Without the secret, the keys cannot be tied back to numbers, even by
 * hashing every possible number (which a plain hash would allow).
 */
export function senderKeyFunction(secret: string): (e164: string) => string {
  assertSecretLength(secret, 'the sender HMAC secret');
  return (e164) => createHmac('sha256', secret).update(e164).digest('base64url');
}
