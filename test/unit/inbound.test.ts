import { parseRecord, parseSmsPayload } from '../../lambda/domain/inbound';
import { checkSenderNumber, maskNumber } from '../../lambda/domain/phone';
import { AWS_DOC_INBOUND_SMS, inboundMessage, snsRecord } from '../support/events';
import { testSettings } from '../support/settings';

const settings = testSettings();

describe('parseSmsPayload', () => {
  test('reads the sample from the AWS documentation', () => {
    const result = parseSmsPayload(JSON.stringify(AWS_DOC_INBOUND_SMS), {
      ...settings,
      originationNumber: AWS_DOC_INBOUND_SMS.destinationNumber,
    });
    expect(result).toEqual({
      ok: true,
      sms: {
        from: '+14255550182',
        country: 'US',
        to: '+12125550101',
        body: 'EXAMPLE',
        keyword: 'JOIN',
        inboundMessageId: 'cae173d2-66b9-564c-8309-21f858e9fb84',
      },
    });
  });

  test('accepts a missing messageKeyword (it is often empty)', () => {
    const payload = JSON.parse(inboundMessage({ from: '+33612345678', body: 'hi' }));
    delete payload.messageKeyword;
    const result = parseSmsPayload(JSON.stringify(payload), settings);
    expect(result.ok && result.sms.keyword).toBe('');
  });

  test('accepts tabs, new lines, accents and emoji in the body', () => {
    const body = 'Ligne 1\nLigne\t2\r\nça va ? 🙂';
    const result = parseSmsPayload(inboundMessage({ from: '+33612345678', body }), settings);
    expect(result.ok && result.sms.body).toBe(body);
  });

  test('the body limit is inclusive', () => {
    const at = parseSmsPayload(
      inboundMessage({ from: '+33612345678', body: 'a'.repeat(1600) }),
      settings,
    );
    const over = parseSmsPayload(
      inboundMessage({ from: '+33612345678', body: 'a'.repeat(1601) }),
      settings,
    );
    expect(at.ok).toBe(true);
    expect(over).toMatchObject({ ok: false, reason: 'body_too_long' });
  });

  // Issue 14: ids are logged and stored in full, so one must not be able to carry a number.
  test.each(['+33612345678', '33612345678', 'id-0612345678'])(
    'an inbound id %s is refused: it may carry a number',
    (id) => {
      const message = inboundMessage({ from: '+33612345678', body: 'hi', id });
      expect(parseSmsPayload(message, settings)).toMatchObject({
        ok: false,
        reason: 'bad_field',
        detail: expect.stringContaining('looks like a phone number'),
      });
    },
  );

  test.each(['12345678-1234-4234-9234-123456789012', 'trace-000123'])(
    'an inbound id %s is accepted',
    (id) => {
      const message = inboundMessage({ from: '+33612345678', body: 'hi', id });
      expect(parseSmsPayload(message, settings).ok).toBe(true);
    },
  );
});

describe('parseRecord', () => {
  test('checks the topic when the settings name one', () => {
    const message = inboundMessage({ from: '+33612345678', body: 'x' });
    expect(parseRecord(snsRecord(message), settings).ok).toBe(true);
    expect(
      parseRecord(snsRecord(message, 'arn:aws:sns:eu-west-3:1:other'), settings),
    ).toMatchObject({
      ok: false,
      reason: 'wrong_topic',
    });
  });
});

describe('phone numbers', () => {
  test.each([
    ['+33612345678', { ok: true, e164: '+33612345678', country: 'FR' }],
    ['+447400123456', { ok: true, e164: '+447400123456', country: 'GB' }],
    ['+33142345678', { ok: false, reason: 'not_mobile' }],
    ['+33612345678 ', { ok: false, reason: 'invalid_sender' }],
    ['0612345678', { ok: false, reason: 'invalid_sender' }],
    ['+0612345678', { ok: false, reason: 'invalid_sender' }],
  ])('%s', (raw, expected) => {
    expect(checkSenderNumber(raw)).toEqual(expected);
  });

  // AWS's destination simulator numbers (docs/aws-facts.md §5), which a rehearsal replies to.
  // libphonenumber's full metadata types the US ones FIXED_LINE_OR_MOBILE: North American fixed
  // and mobile numbers share their patterns, so the mobile-only check lets them through as is.
  test.each([
    ['+14254147755', 'US'],
    ['+14254147167', 'US'],
    ['+33755512501', 'FR'],
    ['+33755512502', 'FR'],
  ])('the destination simulator number %s passes the sender check (%s)', (raw, country) => {
    expect(checkSenderNumber(raw)).toEqual({ ok: true, e164: raw, country });
  });

  test('masking keeps the country prefix and the last two digits only', () => {
    expect(maskNumber('+33612345678')).toBe('+336******78');
    expect(maskNumber('+331')).toBe('+***');
  });
});
