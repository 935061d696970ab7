/**
 * The deployment secret keys two HMACs (the sender keys and the seal of scheduled replies): both
 * refuse a secret shorter than MIN_SECRET_LENGTH, through the one check in lambda/sender-key.ts.
 */
import { ReplySeal } from '../../lambda/reply-seal';
import { MIN_SECRET_LENGTH, senderKeyFunction } from '../../lambda/sender-key';

const secretOf = (length: number): string => 'k'.repeat(length);

test.each([
  ['the sender keys', (secret: string) => senderKeyFunction(secret), 'the sender HMAC secret'],
  ['the reply seal', (secret: string) => new ReplySeal(secret), 'the seal secret'],
])('%s: a secret one character too short is refused, by name', (_use, make, what) => {
  // Prepare
  const short = secretOf(MIN_SECRET_LENGTH - 1);
  // Act / Assess
  expect(() => make(short)).toThrow(`${what} must be at least 16 characters long`);
  expect(() => make(secretOf(MIN_SECRET_LENGTH))).not.toThrow();
});

test('the sender key of a number depends on the secret', () => {
  const number = '+33612345678';
  const one = senderKeyFunction(secretOf(MIN_SECRET_LENGTH))(number);
  const other = senderKeyFunction(secretOf(MIN_SECRET_LENGTH + 1))(number);
  expect(one).not.toBe(other);
});
