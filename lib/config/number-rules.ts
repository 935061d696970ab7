/**
 * Which numbers the stack can create, and which numbers may run an automatic replier: the facts,
 * in one place, and the rules that follow from them ({@link numberProblems}). `cdk synth` refuses
 * the errors and prints the warnings (`deploy-checks.ts`); `npx antirelou preflight` prints both.
 *
 * Every list below was read on {@link NUMBER_FACTS_DATE} without an AWS account; the quotes and
 * the pages are in docs/aws-facts.md (§1, §5) and docs/number-france.md (§1–§3). AWS changes these
 * lists: when it does, change them here, with the new source and date.
 */
import { toMicros } from './money';
import { textCosts } from './resolve';
import type { AntirelouConfig } from './schema';

/** A list of ISO 3166 alpha-2 codes, written as AWS's pages list them. */
const countries = (codes: string): readonly string[] => codes.split(' ');

/** When the facts below were read. */
export const NUMBER_FACTS_DATE = '2026-11-29';

/**
 * Countries whose long codes AWS provisions from the console or API (so CloudFormation can ask
 * for one): "You can request a long code for the following countries through the AWS End User
 * Messaging SMS console or API." France is not among them.
 * https://docs.aws.amazon.com/sms-voice/latest/userguide/phone-numbers-request-long-code.html
 */
export const LONG_CODE_API_COUNTRIES: readonly string[] = countries(
  'AU AT CA CL DK FI DE HK HU IT NL NO PL PT ES SE GB',
);

/**
 * Countries whose short codes AWS provisions from the console or API ("Countries support through
 * console and APIs"); France is not among them. CloudFormation cannot create a short code in any
 * country: `AWS::SMSVOICE::PhoneNumber` `NumberType` is LONG_CODE, TOLL_FREE, TEN_DLC or SIMULATOR
 * (CloudFormation resource schema, cfn-lint 1.51.0).
 * https://docs.aws.amazon.com/sms-voice/latest/userguide/phone-numbers-request-short-code.html
 */
export const SHORT_CODE_API_COUNTRIES: readonly string[] = countries('CL FI DE IN NL ES GB US');

/**
 * "The following countries require you to complete a registration before you can obtain a
 * dedicated SMS number (both short and long codes)" (the US for 10DLC, toll-free and short codes).
 * CloudFormation cannot register: the registration, in the console, provisions the number.
 * https://docs.aws.amazon.com/sms-voice/latest/userguide/registrations-dedicated-number.html
 */
export const REGISTRATION_COUNTRIES: readonly string[] = countries(
  'AU AT CL DK FI DE HK HU IN IT NL NO PL PT ES SE GB US',
);

/**
 * "Toll-free numbers available in the United States and Canada. Requires registration before you
 * can send." https://docs.aws.amazon.com/end-user-messaging/latest/userguide/nx-sms-get-set-up-identities.html
 * US registration: "It can take up to 15 business days for your registration to be processed"
 * (https://docs.aws.amazon.com/sms-voice/latest/userguide/registrations-tfn.html).
 */
export const TOLL_FREE_COUNTRIES: readonly string[] = ['US', 'CA'];

/**
 * "AWS End User Messaging SMS currently supports origination simulator phone numbers in the
 * United States." https://docs.aws.amazon.com/sms-voice/latest/userguide/test-phone-numbers.html
 */
export const SIMULATOR_COUNTRIES: readonly string[] = ['US'];

/**
 * AWS's destination simulator numbers (same page): messages to them "stay within AWS End User
 * Messaging SMS", and "you can only send messages to the destination simulator phone number from
 * the same country". Only the two countries this project uses are listed.
 */
export const DESTINATION_SIMULATOR_NUMBERS: Readonly<
  Record<string, { readonly success: string; readonly failure: string }>
> = {
  US: { success: '+14254147755', failure: '+14254147167' },
  FR: { success: '+33755512501', failure: '+33755512502' },
};

/**
 * French mobile numbers (06, 07): since 1 January 2023 reserved for person-to-person use, and
 * barred for "systèmes automatisés" (ARCEP decision 2022-1583; an automatic replier is one, per
 * decision 2019-0954 as quoted by the Conseil d'État, n° 434538). Operators block A2P traffic from
 * them. docs/number-france.md §1.
 */
export const FRENCH_PERSON_TO_PERSON = /^\+33[67]/;

/**
 * ARCEP's numbers for conversations with a "plateforme technique": +33 9 37 CC CC CC,
 * +33 9 38 CC CC CC, +33 9 39 0C CC CC to +33 9 39 4C CC CC (docs/number-france.md §1). No AWS
 * page mentions them (§2): they come from a French operator, outside End User Messaging.
 */
export const FRENCH_PLATFORM = /^\+339(?:37|38|39[0-4])/;

/**
 * The `phoneNumberId` of a config whose number is still to come (the shipped config, until AWS
 * Support provisions a French short code). Synth accepts it with a warning; the template then
 * carries a rule that stops `cdk deploy` before CloudFormation creates anything.
 */
export const PLACEHOLDER_PHONE_NUMBER_ID = 'phone-placeholder';

/** One finding: an error stops synth, a warning is printed. */
export interface NumberProblem {
  readonly level: 'error' | 'warning';
  readonly message: string;
}

const error = (message: string): NumberProblem => ({ level: 'error', message });
const warning = (message: string): NumberProblem => ({ level: 'warning', message });

const SHORT_CODE_CASE_URL =
  'https://support.console.aws.amazon.com/support/home#/case/create?issueType=service-limit-increase';

/** What a month of replies buys at the config's prices, for the Support case text. */
function repliesPerMonth(config: AntirelouConfig, country: string): number | undefined {
  const reply = textCosts(config).find((cost) => cost.name === 'reply' && cost.country === country);
  if (reply === undefined || reply.costMicros <= 0) return undefined;
  return Math.floor(toMicros(config.budget.month) / reply.costMicros);
}

/**
 * The text to paste in the AWS Support case for a French short code (docs/number-france.md §3),
 * with the config's own figures.
 */
export function frenchShortCodeCaseText(config: AntirelouConfig): string {
  const replies = repliesPerMonth(config, 'FR');
  const spendUsd = config.alarms.smsSpendUsd ?? config.budget.month;
  return (
    'Request for one dedicated SMS short code for France (FR), two-way, Transactional. Use: a ' +
    'volunteer-run automatic reply line; people text the number, each sender gets one ' +
    'informational reply, HELP/STOP honoured, no marketing, no outbound campaigns. Expected ' +
    `volume: at most ${replies ?? 'N'} replies per month. Region: <the Region you deploy to, ` +
    'e.g. eu-west-3>. Please also move the account out of the SMS sandbox and raise ' +
    `TextMessageMonthlySpend to ${spendUsd} USD.`
  );
}

/** How to get a French number, for every message that needs it. */
function frenchRoute(config: AntirelouConfig): string {
  return (
    `France needs a short code from AWS Support (none is provisioned by API, ${NUMBER_FACTS_DATE}; ` +
    'no SLA, about 10 weeks; docs/number-france.md). Open a case at ' +
    `${SHORT_CODE_CASE_URL} (Service Quotas, "AWS End User Messaging SMS (Pinpoint)", Resource ` +
    'Type "Dedicated SMS Short Codes", Quota "Transactional") and paste: ' +
    `"${frenchShortCodeCaseText(config)}" Once the number is in the account, set ` +
    '"number": {"mode": "existing", "phoneNumberId": "phone-…"} and originationNumber to it'
  );
}

/** A number CloudFormation would create: can AWS provision it by API, here? */
function createdNumberProblems(
  config: AntirelouConfig,
  number: Extract<AntirelouConfig['number'], { mode: 'create' }>,
): NumberProblem[] {
  const { isoCountryCode: country, numberType: type } = number;
  const existing = 'then use {"mode": "existing", "phoneNumberId": "phone-…"}';
  const problems: NumberProblem[] = [];
  if (number.registrationId !== undefined) {
    problems.push(
      error(
        'number.registrationId: CloudFormation cannot register a number or attach it to a ' +
          'registration: complete the registration in the End User Messaging SMS console (it ' +
          `provisions or links the number), ${existing}`,
      ),
    );
  }
  if (country === 'FR') {
    return [
      ...problems,
      error(`number: the stack cannot create a French ${type} number. ${frenchRoute(config)}`),
    ];
  }
  if (type === 'TEN_DLC') {
    problems.push(
      error(
        'number.numberType: a TEN_DLC number is requested against an approved 10DLC campaign ' +
          'registration, which CloudFormation cannot do: register and request the number in the ' +
          `End User Messaging SMS console, ${existing}`,
      ),
    );
  } else if (type === 'SIMULATOR') {
    problems.push(...simulatorProblems(config, country));
  } else {
    const listed = type === 'LONG_CODE' ? LONG_CODE_API_COUNTRIES : TOLL_FREE_COUNTRIES;
    problems.push(...listedTypeProblems(type, country, listed, existing));
  }
  return problems;
}

/** LONG_CODE and TOLL_FREE: the country must be listed, and registered first where required. */
function listedTypeProblems(
  type: string,
  country: string,
  listed: readonly string[],
  existing: string,
): NumberProblem[] {
  if (!listed.includes(country)) {
    return [
      error(
        `number: AWS does not provision ${type} numbers in ${country} by API (its list, read ` +
          `${NUMBER_FACTS_DATE}: ${listed.join(', ')}): ask AWS Support for a two-way number ` +
          `there (docs/number-france.md §3 shows the case for France), ${existing}`,
      ),
    ];
  }
  if (type === 'TOLL_FREE') {
    return [
      warning(
        `number: a ${country} TOLL_FREE number cannot send until its registration is approved ` +
          '(up to 15 business days in the US); CloudFormation cannot register it: register it in ' +
          'the End User Messaging SMS console once it exists (docs/deploy.md, "Go live")',
      ),
    ];
  }
  if (REGISTRATION_COUNTRIES.includes(country)) {
    return [
      error(
        `number: ${country} requires a registration before AWS provisions a dedicated number, ` +
          'and CloudFormation cannot register: complete it in the End User Messaging SMS console ' +
          `(it provisions the number), ${existing}`,
      ),
    ];
  }
  return [];
}

/** A SIMULATOR number: US only, and it reaches only destination simulator numbers. */
function simulatorProblems(config: AntirelouConfig, country: string): NumberProblem[] {
  const simulators = DESTINATION_SIMULATOR_NUMBERS[country];
  if (!SIMULATOR_COUNTRIES.includes(country) || simulators === undefined) {
    return [
      error(
        `number.isoCountryCode: AWS offers SIMULATOR origination numbers in ` +
          `${SIMULATOR_COUNTRIES.join(', ')} only (${NUMBER_FACTS_DATE}), not ${country}: ` +
          'use "isoCountryCode": "US" (see config/rehearsal.json)',
      ),
    ];
  }
  const reachable = [simulators.success, simulators.failure];
  const problems: NumberProblem[] = [
    warning(
      'number.numberType is SIMULATOR: a rehearsal number. Its messages never leave AWS, it ' +
        `reaches only ${country}'s destination simulator numbers (${reachable.join(', ')}), and ` +
        'nobody can text it from a phone: simulate inbound SMS with `npx antirelou verify`',
    ),
  ];
  if (!config.allowedCountries.includes(country)) {
    problems.push(
      warning(
        `allowedCountries has no ${country}: the responder drops every message from ` +
          `${country}'s simulator numbers (country_not_allowed); add "${country}"`,
      ),
    );
  }
  const unreachable = (config.replyOnlyTo ?? []).filter((to) => !reachable.includes(to));
  if (config.replyOnlyTo === undefined || unreachable.length > 0) {
    problems.push(
      warning(
        'replyOnlyTo: a SIMULATOR number can only reach destination simulator numbers; set ' +
          `"replyOnlyTo": ${JSON.stringify(reachable)}` +
          (unreachable.length > 0 ? ` (not ${unreachable.join(', ')})` : ''),
      ),
    );
  }
  return problems;
}

/** The number the deployed responder answers and replies from, against France's rules. */
function frenchOriginationProblems(config: AntirelouConfig): NumberProblem[] {
  const origination = config.originationNumber;
  if (FRENCH_PERSON_TO_PERSON.test(origination)) {
    return [
      error(
        `originationNumber: ${origination} is a French mobile number (06/07): since 1 January ` +
          '2023 ARCEP (decision 2022-1583) reserves them for person-to-person use, and operators ' +
          `block automated replies from them. ${frenchRoute(config)}`,
      ),
    ];
  }
  if (config.number.mode === 'existing' && origination.startsWith('+33')) {
    if (FRENCH_PLATFORM.test(origination)) return [];
    return [
      warning(
        `originationNumber: ${origination} is neither a short code nor one of ARCEP's 09 37–39 ` +
          '"plateforme technique" numbers, the French numbers meant for automated conversations ' +
          '(docs/number-france.md §1): check that automated replies may come from it',
      ),
    ];
  }
  return [];
}

/** An existing number or pool: the placeholder, and what SNS needs to use it. */
function existingNumberProblems(
  config: AntirelouConfig,
  number: Extract<AntirelouConfig['number'], { mode: 'existing' }>,
): NumberProblem[] {
  const problems: NumberProblem[] = [];
  if (number.phoneNumberId === PLACEHOLDER_PHONE_NUMBER_ID) {
    problems.push(
      warning(
        `number.phoneNumberId is the placeholder "${PLACEHOLDER_PHONE_NUMBER_ID}": synth works, ` +
          '`cdk deploy` stops before CloudFormation creates anything (rule NumberIsConfigured). ' +
          frenchRoute(config),
      ),
    );
  } else if (config.sendVia === 'sns') {
    problems.push(
      warning(
        'sendVia is "sns" with an existing number: SNS may send from it only once the number has ' +
          'a resource policy for sns.amazonaws.com; apply it by hand (docs/deploy.md, "An existing ' +
          'number and SNS")',
      ),
    );
  }
  return problems;
}

/**
 * Everything wrong or risky with the config's number: errors for what cannot work (a number AWS
 * does not provision by API, a French 06/07 number), warnings for what needs a step outside the
 * stack. Pure: no AWS call; `preflight` adds what only the account can tell.
 */
export function numberProblems(config: AntirelouConfig): NumberProblem[] {
  const { number } = config;
  return [
    ...frenchOriginationProblems(config),
    ...(number.mode === 'create'
      ? createdNumberProblems(config, number)
      : existingNumberProblems(config, number)),
  ];
}
