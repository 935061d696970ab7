/**
 * The number rules (`lib/config/number-rules.ts`): which numbers the stack can create, and which
 * may run an automatic replier in France. Errors stop `cdk synth`; warnings are printed.
 */
import type { ConfigInput } from '../../lib/config';
import { parseConfig } from '../../lib/config';
import type { NumberProblem } from '../../lib/config/number-rules';
import {
  DESTINATION_SIMULATOR_NUMBERS,
  LONG_CODE_API_COUNTRIES,
  PLACEHOLDER_PHONE_NUMBER_ID,
  frenchShortCodeCaseText,
  numberProblems,
} from '../../lib/config/number-rules';

/** A config with a lawful, existing number unless the test says otherwise. */
function problems(overrides: Partial<ConfigInput>): NumberProblem[] {
  return numberProblems(
    parseConfig({
      originationNumber: '+33937000001',
      number: { mode: 'existing', phoneNumberId: 'phone-0123456789abcdef' },
      sendVia: 'sms-voice',
      ...overrides,
    }),
  );
}

const errors = (overrides: Partial<ConfigInput>): string[] =>
  problems(overrides)
    .filter((p) => p.level === 'error')
    .map((p) => p.message);
const warnings = (overrides: Partial<ConfigInput>): string[] =>
  problems(overrides)
    .filter((p) => p.level === 'warning')
    .map((p) => p.message);

const US_SIMULATOR = { mode: 'create', isoCountryCode: 'US', numberType: 'SIMULATOR' } as const;
const US_SIMULATORS = [
  DESTINATION_SIMULATOR_NUMBERS.US!.success,
  DESTINATION_SIMULATOR_NUMBERS.US!.failure,
];

describe('a number the stack cannot create', () => {
  test('a French long code: the Support case to open, its text, then "existing"', () => {
    const [message, ...rest] = errors({
      originationNumber: '+33937000001',
      number: { mode: 'create', isoCountryCode: 'FR', numberType: 'LONG_CODE' },
    });
    expect(rest).toEqual([]);
    expect(message).toContain('number: the stack cannot create a French LONG_CODE number');
    expect(message).toContain(
      'https://support.console.aws.amazon.com/support/home#/case/create?issueType=service-limit-increase',
    );
    expect(message).toContain('"Dedicated SMS Short Codes"');
    expect(message).toContain('Request for one dedicated SMS short code for France (FR), two-way');
    expect(message).toContain('"number": {"mode": "existing", "phoneNumberId": "phone-…"}');
  });

  test.each<[string, ConfigInput['number'], string]>([
    [
      'a long code where AWS provisions none by API',
      { mode: 'create', isoCountryCode: 'BE', numberType: 'LONG_CODE' },
      'AWS does not provision LONG_CODE numbers in BE by API',
    ],
    [
      'a long code where registration comes first',
      { mode: 'create', isoCountryCode: 'GB', numberType: 'LONG_CODE' },
      'GB requires a registration before AWS provisions a dedicated number',
    ],
    [
      'a US long code (the US has 10DLC instead)',
      { mode: 'create', isoCountryCode: 'US', numberType: 'LONG_CODE' },
      'AWS does not provision LONG_CODE numbers in US by API',
    ],
    [
      'a toll-free number outside the US and Canada',
      { mode: 'create', isoCountryCode: 'DE', numberType: 'TOLL_FREE' },
      'AWS does not provision TOLL_FREE numbers in DE by API (its list, read 2026-11-29: US, CA)',
    ],
    [
      'a simulator outside the US',
      { mode: 'create', isoCountryCode: 'GB', numberType: 'SIMULATOR' },
      'number.isoCountryCode: AWS offers SIMULATOR origination numbers in US only',
    ],
    [
      'a 10DLC number',
      { mode: 'create', isoCountryCode: 'US', numberType: 'TEN_DLC' },
      'number.numberType: a TEN_DLC number is requested against an approved 10DLC campaign',
    ],
  ])('%s is an error', (_name, number, message) => {
    expect(errors({ number })).toEqual([expect.stringContaining(message)]);
  });

  test('a Canadian long code is provisioned by API with no registration: no problem', () => {
    expect(LONG_CODE_API_COUNTRIES).toContain('CA');
    expect(problems({ number: { mode: 'create', isoCountryCode: 'CA' } })).toEqual([]);
  });

  test('a US toll-free number is created, and waits for its registration (warning)', () => {
    const number = { mode: 'create', isoCountryCode: 'US', numberType: 'TOLL_FREE' } as const;
    expect(errors({ number })).toEqual([]);
    expect(warnings({ number })).toEqual([
      expect.stringContaining('cannot send until its registration is approved'),
    ]);
  });
});

describe("France's rules (ARCEP 2022-1583)", () => {
  test.each(['+33612345678', '+33700000000'])(
    'an automatic replier may not answer from %s (06/07), whatever the number mode',
    (originationNumber) => {
      for (const number of [
        { mode: 'existing', phoneNumberId: 'phone-0123456789abcdef' } as const,
        US_SIMULATOR,
      ]) {
        expect(errors({ originationNumber, number, replyOnlyTo: US_SIMULATORS })).toEqual([
          expect.stringMatching(
            new RegExp(`^originationNumber: \\${originationNumber} is a French mobile number`),
          ),
        ]);
      }
    },
  );

  test.each(['+33937000001', '+33938123456', '+33939412345'])(
    "%s is one of ARCEP's 09 37–39 platform numbers: no problem",
    (originationNumber) => {
      expect(problems({ originationNumber })).toEqual([]);
    },
  );

  test.each(['+33142345678', '+33939512345', '+33912345678'])(
    'any other French number (%s) gets a warning',
    (originationNumber) => {
      expect(warnings({ originationNumber })).toEqual([
        expect.stringContaining("is neither a short code nor one of ARCEP's 09 37–39"),
      ]);
    },
  );
});

describe('an existing number', () => {
  test('the placeholder is a loud warning: deploy stops, and what to do', () => {
    const [message, ...rest] = warnings({
      number: { mode: 'existing', phoneNumberId: PLACEHOLDER_PHONE_NUMBER_ID },
    });
    expect(rest).toEqual([]);
    expect(message).toContain('`cdk deploy` stops before CloudFormation creates anything');
    expect(message).toContain('Request for one dedicated SMS short code for France');
  });

  test('with SNS, it needs a resource policy applied by hand', () => {
    expect(warnings({ sendVia: 'sns' })).toEqual([
      expect.stringContaining('resource policy for sns.amazonaws.com'),
    ]);
    expect(warnings({ sendVia: 'sms-voice' })).toEqual([]);
  });
});

describe('a SIMULATOR number (the rehearsal)', () => {
  const rehearsal: Partial<ConfigInput> = {
    originationNumber: '+12065550152',
    number: US_SIMULATOR,
    allowedCountries: ['US'],
    prices: { US: 0.01 },
    budget: { currency: 'USD', hour: 0.1, day: 0.2, month: 1 },
    replyOnlyTo: US_SIMULATORS,
  };

  test('US, replying to the US destination simulators only: one reminder, no error', () => {
    expect(errors(rehearsal)).toEqual([]);
    expect(warnings(rehearsal)).toEqual([
      expect.stringContaining('nobody can text it from a phone: simulate inbound SMS'),
    ]);
  });

  test('without US in the allow-list, or replying to other numbers: warnings', () => {
    expect(
      warnings({ ...rehearsal, allowedCountries: ['FR'], prices: { FR: 0.07 } }),
    ).toContainEqual(expect.stringContaining('allowedCountries has no US'));
    expect(
      warnings({ ...rehearsal, replyOnlyTo: ['+14254147755', '+12025550123'] }),
    ).toContainEqual(expect.stringContaining('(not +12025550123)'));
    const { replyOnlyTo: _, ...anyone } = rehearsal;
    expect(warnings(anyone)).toContainEqual(
      expect.stringContaining(`"replyOnlyTo": ${JSON.stringify(US_SIMULATORS)}`),
    );
  });
});

test('the Support case text carries the config figures', () => {
  const text = frenchShortCodeCaseText(
    parseConfig({
      originationNumber: '+33937000001',
      number: { mode: 'existing', phoneNumberId: PLACEHOLDER_PHONE_NUMBER_ID },
      budget: { month: 30, day: 30, hour: 5 },
      alarms: { smsSpendUsd: 40 },
    }),
  );
  // The default reply is 2 segments at EUR 0.075: EUR 30 buys 200 replies.
  expect(text).toContain('at most 200 replies per month');
  expect(text).toContain('raise TextMessageMonthlySpend to 40 USD');
});
