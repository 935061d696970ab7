import { createHmac } from 'node:crypto';

/**
 * The shortest deployment secret the functions accept (the stack generates 64 characters,
 * `lib/constructs/sender-key.ts`): a shorter one would be guessable by trying every key.
 */
export const MIN_SECRET_LENGTH = 16;

/**
 * Refuses a deployment secret too short to key an HMAC, naming its use (`what`): the one check
 * of both keys made from it, the sender keys here and the seal of scheduled replies.
 */
export function assertSecretLength(secret: string, what: string): void {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`${what} must be at least ${MIN_SECRET_LENGTH} characters long`);
  }
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
