import { createHmac } from 'node:crypto';

/**
 * The only form in which a phone number reaches the table: HMAC-SHA-256 with the deployment's
 * secret, base64url. Without the secret, the keys cannot be tied back to numbers, even by
 * hashing every possible number (which a plain hash would allow).
 */
export function senderKeyFunction(secret: string): (e164: string) => string {
  if (secret.length < 16) {
    throw new Error('the sender HMAC secret must be at least 16 characters long');
  }
  return (e164) => createHmac('sha256', secret).update(e164).digest('base64url');
}
