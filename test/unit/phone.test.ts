/**
 * Phone numbers in free text (reasons, `--who`, AWS error messages): every written form of a
 * number is masked, and what only looks like digits (digests, UUIDs, dates, amounts) is not.
 */
import fc from 'fast-check';
import { maskNumber, redactNumbers } from '../../lambda/domain/phone';

describe('redactNumbers masks every written form of a number', () => {
  test.each([
    ['E.164', 'pause: +33612345678 harcèle', 'pause: +336******78 harcèle'],
    ['E.164 at the end of a sentence', 'tel:+33612345678.', 'tel:+336******78.'],
    ['E.164, spaced', '+33 6 12 34 56 78', '+336******78'],
    ['E.164 with the (0) trunk', '+33 (0)6 12 34 56 78', '+336******78'],
    ['E.164, one group', '+33 612345678', '+336******78'],
    ['the 00 prefix', 'appelle le 0033612345678', 'appelle le +336******78'],
    ['the 00 prefix, spaced', '0033 6 12 34 56 78', '+336******78'],
    ['E.164 without its +', 'PhoneNumber 33612345678 refused', 'PhoneNumber +336******78 refused'],
    ['national', '0612345678', '+336******78'],
    ['national, spaced', 'appelle le 06 12 34 56 78 stp', 'appelle le +336******78 stp'],
    ['national, dotted', '06.12.34.56.78', '+336******78'],
    ['national, dashed', '06-12-34-56-78', '+336******78'],
    ['a French landline', 'bureau: 01 42 68 53 00', 'bureau: +331******00'],
    ['a UK number, spaced', '+44 7700 900123', '+447*******23'],
    ['a US number with its area code', '+1 (555) 123-4567', '+155******67'],
    ['an invalid, short number', 'Reason: +3361234 is not valid', 'Reason: +336**34 is not valid'],
    [
      'an SNS refusal',
      'InvalidParameterException: Invalid parameter: PhoneNumber Reason: +33612345678 is not valid to publish to',
      'InvalidParameterException: Invalid parameter: PhoneNumber Reason: +336******78 is not valid to publish to',
    ],
    ['two numbers', '+33612345678 et 0698765432', '+336******78 et +336******32'],
    ['a number followed by a count', '+33612345678 12 messages', '+336******78 12 messages'],
  ])('%s', (_name, text, redacted) => {
    expect(redactNumbers(text)).toBe(redacted);
  });
});

describe('redactNumbers leaves alone what is not a number', () => {
  test.each([
    ['a SHA-256 digest', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['a digest starting with 00 and digits', '0061234567abcdef0061234567abcdef'],
    ['a digest made of digits', '0033612345678901234567890123456789012345678901234567890123456789'],
    ['a UUID', '8f3e0612-3456-7890-abcd-ef0612345678'],
    ['an ISO time with its offset', '2026-11-02T07:04:00.000+01:00'],
    ['a date and time, dotted', 'pause until 01.02.2026 10:00'],
    ['an amount', 'EUR 0.15, +2 500 EUR'],
    ['a small count', '+15 SMS'],
    ['an epoch in milliseconds', 'at 1762066800000'],
    ['an AWS account id', 'arn:aws:sts::123456789012:assumed-role/Maintainer/alice'],
    ['digits glued to a word', 'x0612345678'],
    ['a masked number', '+336******78'],
  ])('%s', (_name, text) => {
    expect(redactNumbers(text)).toBe(text);
  });
});

/** A French mobile, E.164, from its nine national digits. */
const frenchMobile = fc
  .tuple(fc.constantFrom('6', '7'), fc.stringMatching(/^\d{8}$/))
  .map(([first, rest]) => `+33${first}${rest}`);

/** The ways people write it. */
function written(e164: string, style: number): string {
  const national = `0${e164.slice(3)}`;
  const pairs = national.match(/\d\d/g)!;
  return [
    e164,
    `+33 ${e164[3]} ${e164.slice(4).match(/\d\d/g)!.join(' ')}`,
    `+33 (0)${e164[3]} ${e164.slice(4).match(/\d\d/g)!.join(' ')}`,
    `00${e164.slice(1)}`,
    national,
    pairs.join(' '),
    pairs.join('.'),
    pairs.join('-'),
  ][style % 8]!;
}

test('property: a French mobile, however written, inside any text, is masked as maskNumber masks it', () => {
  const filler = fc.string({ unit: fc.constantFrom('a', 'é', ' ', ',', ':', '(', '\n', '!') });
  fc.assert(
    fc.property(frenchMobile, fc.nat(), filler, filler, (e164, style, before, after) => {
      const text = `${before} ${written(e164, style)} ${after}`;
      const redacted = redactNumbers(text);
      expect(redacted).toBe(`${before} ${maskNumber(e164)} ${after}`);
      expect(redacted).not.toContain(e164.slice(4, 10));
    }),
  );
});

test('property: idempotent, and hex digests are never changed', () => {
  fc.assert(
    fc.property(fc.string(), (text) => {
      const once = redactNumbers(text);
      expect(redactNumbers(once)).toBe(once);
    }),
  );
  fc.assert(
    fc.property(fc.stringMatching(/^[0-9a-f]{64}$/), (digest) => {
      expect(redactNumbers(digest)).toBe(digest);
      expect(redactNumbers(`manifest ${digest}.`)).toBe(`manifest ${digest}.`);
    }),
  );
});

test('a long text of digits and separators is handled at once (no catastrophic backtracking)', () => {
  const text = `${'+1'.padEnd(60, '1')} `.repeat(2000) + '+1 12 '.repeat(5000) + '00 '.repeat(5000);
  const started = Date.now();
  redactNumbers(text);
  expect(Date.now() - started).toBeLessThan(2000);
});
