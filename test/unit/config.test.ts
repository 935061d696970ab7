import {
  costReport,
  loadConfigFile,
  parseConfig,
  textCosts,
  toResponderSettings,
} from '../../lib/config';
import { DEFAULT_REPLY } from '../../lib/config/defaults';
import { testConfigInput } from '../support/settings';

describe('config', () => {
  test('the shipped config file is valid: France, End User Messaging, the number still to come', () => {
    const config = loadConfigFile('config/antirelou.json');
    expect(config.allowedCountries).toEqual(['FR']);
    expect(config.senderWindowDays).toBe(30);
    expect(config.sendVia).toBe('sms-voice');
    expect(config.number).toEqual({ mode: 'existing', phoneNumberId: 'phone-placeholder' });
  });

  test('the rehearsal config: a US SIMULATOR number, replies to the destination simulators only', () => {
    const config = loadConfigFile('config/rehearsal.json');
    expect(config.number).toMatchObject({
      mode: 'create',
      isoCountryCode: 'US',
      numberType: 'SIMULATOR',
    });
    expect(config.replyOnlyTo).toEqual(['+14254147755', '+14254147167']);
    expect(config.allowedCountries).toEqual(['US']);
    expect(config.budget).toMatchObject({ currency: 'USD', month: 1 });
    expect(toResponderSettings(config).replyOnlyTo).toEqual(config.replyOnlyTo);
  });

  test('the default reply is 2 GSM-7 segments; with curly apostrophes it is 5 UCS-2 segments', () => {
    const straight = textCosts(parseConfig(testConfigInput()));
    const curly = textCosts(
      parseConfig(testConfigInput({ reply: DEFAULT_REPLY.replace(/'/g, '’') })),
    );
    expect(straight[0]).toMatchObject({
      name: 'reply',
      costMicros: 150_000,
      analysis: { encoding: 'GSM-7', segments: 2 },
    });
    expect(curly[0]).toMatchObject({
      costMicros: 375_000,
      gsmEquivalentCostMicros: 150_000,
      analysis: {
        encoding: 'UCS-2',
        segments: 5,
        gsmEquivalentSegments: 2,
        nonGsmCharacters: ['’'],
      },
    });
  });

  test('the cost report warns when a GSM-7 equivalent text would be cheaper', () => {
    const report = costReport(
      parseConfig(testConfigInput({ reply: 'C’est non. “Non” veut dire non.' })),
    );
    expect(report.lines[0]).toMatch(
      /^reply \(FR\): UCS-2, .* 1 segment\(s\), EUR 0.075 each, 533 per day/,
    );
    // One segment either way: no cheaper equivalent, no warning.
    expect(report.warnings).toEqual([]);
    const long = costReport(
      parseConfig(testConfigInput({ reply: DEFAULT_REPLY.replace(/'/g, '’') })),
    );
    expect(long.warnings).toEqual([expect.stringContaining('would be 2 segment(s) instead of 5')]);
  });

  test('an emoji makes a text UCS-2 with no cheaper equivalent', () => {
    const [reply] = textCosts(parseConfig(testConfigInput({ reply: 'Non. 🙅' })));
    expect(reply?.analysis.encoding).toBe('UCS-2');
    expect(reply?.gsmEquivalentCostMicros).toBeUndefined();
  });

  test('amounts become exact integer micro-units', () => {
    const settings = toResponderSettings(
      parseConfig(
        testConfigInput({
          budget: { hour: 0.3, day: 1.1, month: 33.333333 },
          prices: { FR: 0.0735 },
        }),
      ),
    );
    expect(settings.budget).toMatchObject({
      hourMicros: 300_000,
      dayMicros: 1_100_000,
      monthMicros: 33_333_333,
    });
    expect(settings.segmentPriceMicros).toEqual({ FR: 73_500 });
  });

  test.each([
    [
      { originationNumber: '0700000000' },
      'originationNumber: must be a phone number in E.164 form',
    ],
    [{ budget: { hour: 1.0000001 } }, 'budget.hour: budget.hour has more than 6 decimals'],
    [{ budget: { hour: -1 } }, 'budget.hour: budget.hour cannot be negative'],
    [{ budget: { hour: 30, day: 20 } }, 'budget.hour: budget.hour is above budget.day'],
    [{ budget: { timeZone: 'Paris' } }, 'budget.timeZone: unknown time zone "Paris"'],
    [
      { allowedCountries: ['FR', 'BE'] },
      'prices.BE: allowedCountries has BE but prices has no price for it',
    ],
    [{ allowedCountries: ['fr'] }, 'allowedCountries.0: must be an ISO 3166 alpha-2 country code'],
    [{ prices: { FR: 0.07, france: 1 } }, 'prices.france: is not a valid key here'],
    [{ number: { mode: 'buy' } }, 'number.mode must be "create" or "existing"'],
    [
      { number: { mode: 'existing', phoneNumberId: '+33700000000' } },
      'number.phoneNumberId: must be a phone number id',
    ],
    [{ alarmEmail: 'oncall' }, 'alarmEmail: alarmEmail must be an e-mail address'],
    [{ replyOnlyTo: [] }, 'replyOnlyTo: replyOnlyTo needs at least one number'],
    [{ replyOnlyTo: ['4254147755'] }, 'replyOnlyTo.0: must be a phone number in E.164 form'],
    [{ replyText: 'typo' }, '(root): unknown field(s) "replyText"'],
    [{ reply: '   ' }, 'reply: default text is empty'],
  ])('%j is refused with a message naming the field', (overrides, message) => {
    expect(() => parseConfig({ ...testConfigInput(), ...overrides }, 'test.json')).toThrow(message);
  });

  test('a missing or broken file says so', () => {
    expect(() => loadConfigFile('does/not/exist.json')).toThrow('cannot read the file');
    expect(() => loadConfigFile('package-lock.json')).toThrow(/originationNumber/);
  });
});
