/**
 * Bad configs and the message each one gets: the field it names and how to fix it. The schema's
 * own checks (shared with the local tools) first, then the checks that only deploying needs
 * (`lib/config/deploy-checks.ts`), which `cdk synth` runs after the schema.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigInput } from '../../lib/config';
import { ConfigError, loadConfigFile, parseConfig } from '../../lib/config';
import { DEFAULT_PRICES } from '../../lib/config/sms-prices';
import {
  assertDeployable,
  deployProblems,
  deployWarnings,
  synthReport,
} from '../../lib/config/deploy-checks';
import { DEFAULT_STOP_MESSAGE } from '../../lib/config/stack-defaults';
import { testConfigInput } from '../support/settings';

const create = (extra: Record<string, unknown>) => ({
  number: { mode: 'create', isoCountryCode: 'FR', ...extra },
});

/** Validates like `cdk synth` does: the schema, then the deploy checks. */
function synthCheck(overrides: Record<string, unknown>): void {
  const config = parseConfig({ ...testConfigInput(), ...overrides }, 'test.json');
  assertDeployable(config, 'test.json');
}

describe('a bad config is refused with a message that names the field', () => {
  test.each<[string, Record<string, unknown>, string]>([
    [
      'unknown sendVia',
      { sendVia: 'pinpoint' },
      'sendVia: sendVia must be one of "sns", "sms-voice"',
    ],
    [
      'configuration set without sms-voice',
      { configurationSetName: 'antirelou' },
      'configurationSetName: configurationSetName is used only by sendVia "sms-voice": set "sendVia": "sms-voice" or remove it',
    ],
    [
      'malformed configuration set',
      { sendVia: 'sms-voice', configurationSetName: 'my set!' },
      'configurationSetName: configurationSetName must be a configuration set name',
    ],
    [
      'empty STOP keyword message',
      create({ keywords: { stop: '  ' } }),
      'number.keywords.stop: number.keywords.stop is empty',
    ],
    [
      'HELP keyword message too long',
      create({ keywords: { help: 'x'.repeat(1601) } }),
      'number.keywords.help: number.keywords.help is over 1600 characters',
    ],
    [
      'misspelt keyword',
      create({ keywords: { aide: 'Aide' } }),
      'number.keywords: unknown field(s) "aide" (check the spelling)',
    ],
    [
      'number type CloudFormation does not know',
      create({ numberType: 'SHORT_CODE' }),
      'number.numberType: Invalid option: expected one of "LONG_CODE"|"TOLL_FREE"|"TEN_DLC"|"SIMULATOR"',
    ],
    [
      'country name instead of code',
      create({ isoCountryCode: 'France' }),
      'number.isoCountryCode: must be an ISO 3166 alpha-2 country code in capitals',
    ],
    [
      'pool ARN of the wrong shape',
      { number: { mode: 'existing', phoneNumberId: 'arn:aws:sms-voice:eu-west-3:123:pool/x' } },
      'number.phoneNumberId: must be a phone number id ("phone-…"), a pool id ("pool-…") or their ARN',
    ],
    [
      'flood threshold of zero',
      { alarms: { floodInboundPerMinute: 0 } },
      'alarms.floodInboundPerMinute: alarms.floodInboundPerMinute must be at least 1',
    ],
    [
      'fractional flood threshold',
      { alarms: { floodInboundPerMinute: 2.5 } },
      'alarms.floodInboundPerMinute: alarms.floodInboundPerMinute must be a whole number',
    ],
    [
      'negative spend alarm',
      { alarms: { smsSpendUsd: -5 } },
      'alarms.smsSpendUsd: alarms.smsSpendUsd must be above 0',
    ],
    [
      'account default as a string',
      { protectConfigurationAccountDefault: 'yes' },
      'protectConfigurationAccountDefault: Invalid input: expected boolean, received string',
    ],
    [
      'fractional account spend limit',
      { accountMonthlySpendLimitUsd: 10.5 },
      'accountMonthlySpendLimitUsd: Invalid input: expected int, received number',
    ],
    // Deploy checks: what CloudFormation cannot do, and Lambda's limits.
    [
      '10DLC number created by CloudFormation',
      { number: { mode: 'create', isoCountryCode: 'US', numberType: 'TEN_DLC' } },
      'number.numberType: a TEN_DLC number is requested against an approved 10DLC campaign registration, which CloudFormation cannot do',
    ],
    [
      'registration id on a created number',
      {
        number: {
          mode: 'create',
          isoCountryCode: 'US',
          numberType: 'TOLL_FREE',
          registrationId: 'registration-1',
        },
      },
      'number.registrationId: CloudFormation cannot register a number or attach it to a registration',
    ],
    [
      'texts too large for the Lambda environment',
      {
        reply: {
          default: 'Non.',
          byCountry: Object.fromEntries(['BE', 'CH', 'LU'].map((c) => [c, 'é'.repeat(800)])),
        },
        allowedCountries: ['FR', 'BE', 'CH', 'LU'],
        prices: { FR: 0.075, BE: 0.08, CH: 0.08, LU: 0.08 },
      },
      "reply: the texts make the responder's settings",
    ],
  ])('%s', (_name, overrides, message) => {
    let thrown: unknown;
    try {
      synthCheck(overrides);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).message).toContain(message);
    // Every message ends with where to look.
    expect((thrown as ConfigError).message).toContain('Fix these fields');
  });

  test('every wrong field is listed, not just the first', () => {
    expect(() =>
      parseConfig({ ...testConfigInput(), sendVia: 'fax', alarms: { floodInboundPerMinute: 0 } }),
    ).toThrow(/sendVia: .*\n.*alarms\.floodInboundPerMinute: /s);
  });
});

describe('a price must be above 0 (issue 14, defect 6: at 0 every cap is meaningless)', () => {
  /** The ConfigError message of a config, or undefined when it is accepted. */
  function refusal(overrides: Record<string, unknown>): string | undefined {
    try {
      parseConfig({ ...testConfigInput(), ...overrides }, 'test.json');
      return undefined;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return error.message;
    }
  }

  test.each<[string, Record<string, unknown>, string]>([
    ['a free SMS to France', { prices: { FR: 0 } }, 'prices.FR: prices.FR must be above 0, not 0'],
    ['a negative price', { prices: { FR: -0.075 } }, 'prices.FR must be above 0, not -0.075'],
    [
      'a free per-country override next to a real price',
      { allowedCountries: ['FR', 'BE'], prices: { FR: 0.075, BE: 0 } },
      'prices.BE: prices.BE must be above 0, not 0',
    ],
    [
      'a free price for a country that is not even allowed',
      { prices: { FR: 0.075, DE: 0 } },
      'prices.DE must be above 0',
    ],
    [
      'a price as a string',
      { prices: { FR: '0.075' } },
      'prices.FR: prices.FR must be the price of one SMS segment, a number in currency units',
    ],
    [
      'below a micro-unit, so 0 once stored',
      { prices: { FR: 0.0000004 } },
      'prices.FR: prices.FR has more than 6 decimals',
    ],
  ])('%s is refused, naming the field', (_name, overrides, message) => {
    expect(refusal(overrides)).toContain(message);
  });

  test('the message says why and how to fix it', () => {
    expect(refusal({ prices: { FR: 0 } })).toContain(
      'prices.FR must be above 0, not 0: at that price every budget cap is meaningless. ' +
        'Put the price of one SMS segment to FR, in the budget\'s currency, e.g. "FR": 0.075',
    );
  });

  test('the smallest positive price, one micro-unit, is accepted', () => {
    // With a day's budget the budget item can track (lib/config/budget-item.ts).
    const budget = { hour: 0.001, day: 0.002, month: 0.002 };
    expect(refusal({ prices: { FR: 0.000001 }, budget })).toBeUndefined();
  });

  test('the default price table goes through the same check (a zero there is refused too)', () => {
    expect(Object.values(DEFAULT_PRICES).every((value) => value > 0)).toBe(true);
    const table = DEFAULT_PRICES as Record<string, number>;
    const shipped = table.FR;
    table.FR = 0;
    try {
      expect(refusal({})).toContain('prices.FR must be above 0');
    } finally {
      table.FR = shipped!;
    }
    expect(refusal({})).toBeUndefined();
  });

  test('a config file (the simulator’s --config, cdk synth) with a zero price is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'antirelou-price-'));
    try {
      const file = join(dir, 'config.json');
      writeFileSync(file, JSON.stringify({ ...testConfigInput(), prices: { FR: 0 } }));
      expect(() => loadConfigFile(file)).toThrow(/prices\.FR: prices\.FR must be above 0/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the stack fields have defaults', () => {
  test('sns, no configuration set, not the account default, a flood at 60 a minute, a STOP text', () => {
    const config = parseConfig(testConfigInput());
    expect(config).toMatchObject({
      sendVia: 'sns',
      protectConfigurationAccountDefault: false,
      alarms: { floodInboundPerMinute: 60 },
      number: { mode: 'create', keywords: { stop: DEFAULT_STOP_MESSAGE } },
    });
    expect(config.configurationSetName).toBeUndefined();
    expect(config.alarms.smsSpendUsd).toBeUndefined();
  });

  test.each(['config/antirelou.json', 'config/rehearsal.json'])(
    'the shipped %s deploys',
    (file) => {
      expect(deployProblems(loadConfigFile(file))).toEqual([]);
    },
  );
});

describe('synth warnings', () => {
  const warnings = (overrides: Partial<ConfigInput>) =>
    deployWarnings(parseConfig(testConfigInput(overrides)));

  test('a created number answers the number AWS assigns, not originationNumber', () => {
    expect(warnings({})).toContainEqual(
      expect.stringContaining('the deployed responder answers the number AWS assigns'),
    );
    expect(
      warnings({ number: { mode: 'existing', phoneNumberId: 'phone-abc' } }).join('\n'),
    ).not.toContain('AWS assigns');
  });

  test('US toll-free numbers need a registration CloudFormation cannot do', () => {
    expect(
      warnings({ number: { mode: 'create', isoCountryCode: 'US', numberType: 'TOLL_FREE' } }),
    ).toContainEqual(expect.stringContaining('cannot send until its registration is approved'));
  });

  test('no alarm e-mail, protect configuration not applied to SNS, spend alarm in USD', () => {
    expect(warnings({})).toEqual(
      expect.arrayContaining([
        expect.stringContaining('alarmEmail is not set'),
        expect.stringContaining('does not apply to SNS sends'),
        expect.stringContaining('the SMS spend alarm fires at 300 USD'),
      ]),
    );
    expect(
      warnings({
        alarmEmail: 'oncall@example.org',
        sendVia: 'sms-voice',
        alarms: { smsSpendUsd: 160 },
      }).join('\n'),
    ).not.toMatch(/alarmEmail|SNS sends|spend alarm/);
  });

  test('an account spend limit below the month budget', () => {
    expect(warnings({ accountMonthlySpendLimitUsd: 100 })).toContainEqual(
      expect.stringContaining('accountMonthlySpendLimitUsd (100 USD) is below budget.month'),
    );
  });

  test('the synth report: encoding, segments, cost, replies per day, then the GSM-7 warning', () => {
    const report = synthReport(parseConfig(testConfigInput({ reply: 'C’est non. '.repeat(10) })));
    expect(report.lines[0]).toMatch(
      /^reply \(FR\): UCS-2, 110 characters, 2 segment\(s\), EUR 0.15 each, 266 per day/,
    );
    expect(report.warnings[0]).toContain('is UCS-2 only because of "’"');
  });
});
