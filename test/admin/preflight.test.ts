/**
 * `npx antirelou preflight` on mocked AWS clients (aws-sdk-client-mock): a ready account passes;
 * each refusal AWS can give (the sandbox, a spend quota under the budget, Lambda's concurrency
 * quota, a missing number, a missing bootstrap, an access denied) becomes one line with its fix
 * and exit 1, thrown with the exact exception classes and fields of the SDK's service models.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  AccessDeniedException,
  DescribeAccountAttributesCommand,
  DescribeAccountLimitsCommand,
  DescribePhoneNumbersCommand,
  DescribePoolsCommand,
  DescribeRegistrationsCommand,
  DescribeSpendLimitsCommand,
  PinpointSMSVoiceV2Client,
  ResourceNotFoundException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import {
  AuthorizationErrorException,
  GetSMSAttributesCommand,
  GetSMSSandboxAccountStatusCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { ConfigInput } from '../../lib/config';
import { runAdmin } from './io';

const ACCOUNT = '123456789012';
const CALLER = `arn:aws:sts::${ACCOUNT}:assumed-role/Maintainer/alice`;
const NUMBER_ID = 'phone-0a1b2c3d4e5f';
/** An ARCEP "plateforme technique" number (09 37): allowed for automated replies. */
const OUR_NUMBER = '+33937123456';
const META = {
  httpStatusCode: 400,
  requestId: 'b7e1c2d4-0000-4000-8000-000000000001',
  attempts: 1,
  totalRetryDelay: 0,
};

/** A config that can go live: an existing French number, sent through End User Messaging. */
const READY: ConfigInput = {
  originationNumber: OUR_NUMBER,
  number: { mode: 'existing', phoneNumberId: NUMBER_ID },
  sendVia: 'sms-voice',
  budget: { currency: 'EUR', hour: 5, day: 40, month: 300 },
  alarmEmail: 'oncall@example.org',
};

const sts = mockClient(STSClient);
const cfn = mockClient(CloudFormationClient);
const smsVoice = mockClient(PinpointSMSVoiceV2Client);
const sns = mockClient(SNSClient);
const lambda = mockClient(LambdaClient);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'antirelou-preflight-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a config file and returns its path. */
function configFile(config: ConfigInput | string, name = 'config.json'): string {
  const file = join(dir, name);
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config));
  return file;
}

async function preflight(config: ConfigInput | string = READY, ...extra: string[]) {
  return runAdmin(['preflight', '--config', configFile(config), ...extra]);
}

/** The printed line of an item (`  FIX   SMS sandbox …: …`). */
function line(stdout: string, item: string): string {
  const found = stdout.split('\n').find((l) => l.slice(8).startsWith(item));
  if (found === undefined) throw new Error(`no line for ${item} in:\n${stdout}`);
  return found;
}

function readyAccount(): void {
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: ACCOUNT, Arn: CALLER, UserId: 'AROAEXAMPLE:alice' });
  cfn.on(DescribeStacksCommand, { StackName: 'CDKToolkit' }).resolves({
    Stacks: [
      {
        StackName: 'CDKToolkit',
        CreationTime: new Date('2026-01-01T00:00:00Z'),
        StackStatus: 'UPDATE_COMPLETE',
        Parameters: [{ ParameterKey: 'Qualifier', ParameterValue: 'hnb659fds' }],
        Outputs: [{ OutputKey: 'BootstrapVersion', OutputValue: '33' }],
      },
    ],
  });
  smsVoice.on(DescribeAccountAttributesCommand).resolves({
    AccountAttributes: [{ Name: 'ACCOUNT_TIER', Value: 'PRODUCTION' }],
  });
  smsVoice.on(DescribeSpendLimitsCommand).resolves({
    SpendLimits: [
      {
        Name: 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT',
        EnforcedLimit: 500,
        MaxLimit: 500,
        Overridden: false,
      },
      {
        Name: 'VOICE_MESSAGE_MONTHLY_SPEND_LIMIT',
        EnforcedLimit: 1,
        MaxLimit: 1,
        Overridden: false,
      },
    ],
  });
  lambda.on(GetAccountSettingsCommand).resolves({
    AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 },
    AccountUsage: { FunctionCount: 3, TotalCodeSize: 1_000_000 },
  });
  smsVoice.on(DescribePhoneNumbersCommand, { PhoneNumberIds: [NUMBER_ID] }).resolves({
    PhoneNumbers: [
      {
        PhoneNumberArn: `arn:aws:sms-voice:eu-west-3:${ACCOUNT}:phone-number/${NUMBER_ID}`,
        PhoneNumberId: NUMBER_ID,
        PhoneNumber: OUR_NUMBER,
        Status: 'ACTIVE',
        IsoCountryCode: 'FR',
        MessageType: 'TRANSACTIONAL',
        NumberCapabilities: ['SMS'],
        NumberType: 'LONG_CODE',
        MonthlyLeasingPrice: '2.00',
        TwoWayEnabled: false,
        SelfManagedOptOutsEnabled: false,
        OptOutListName: 'Default',
        DeletionProtectionEnabled: true,
        CreatedTimestamp: new Date('2026-10-01T00:00:00Z'),
      },
    ],
  });
}

beforeEach(() => {
  for (const mock of [sts, cfn, smsVoice, sns, lambda]) mock.reset();
  readyAccount();
});

test('a ready account: every item ok or a warning, exit 0, and only read calls', async () => {
  const result = await preflight();

  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(
    /^antirelou preflight of .*config\.json in 123456789012 \/ eu-west-3 \(read-only\):\n/,
  );
  expect(line(result.stdout, 'region and credentials')).toBe(
    `  ok    region and credentials: account ${ACCOUNT}, region eu-west-3, as ${CALLER}`,
  );
  expect(line(result.stdout, 'CDK bootstrap')).toBe(
    '  ok    CDK bootstrap: CDKToolkit version 33, qualifier hnb659fds',
  );
  expect(line(result.stdout, 'SMS sandbox')).toContain(
    'ok    SMS sandbox (sendVia sms-voice): End User Messaging ACCOUNT_TIER PRODUCTION: production',
  );
  expect(line(result.stdout, 'SMS spend limit')).toContain(
    'ok    SMS spend limit (End User Messaging): enforced USD 500 of at most USD 500 a month (quota TextMessageMonthlySpend); the month budget needs USD 300 (budget.month (300 EUR) read as 300 USD',
  );
  expect(line(result.stdout, 'Lambda concurrency')).toBe(
    '  ok    Lambda concurrency: 1000 of 1000 unreserved; the stack reserves 10 (responder.reservedConcurrency 5 × 2 functions); 990 stay unreserved',
  );
  expect(line(result.stdout, 'existing number')).toContain(
    `ok    existing number: ${NUMBER_ID} (${OUR_NUMBER}, FR LONG_CODE, TRANSACTIONAL, lease USD 2.00 a month)`,
  );
  expect(line(result.stdout, 'number two-way')).toMatch(
    /^ {2}warn {2}number two-way: off: the stack turns it on/,
  );
  expect(line(result.stdout, 'number registration')).toContain(
    'ok    number registration: no registration attached',
  );
  expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(
    'ready to deploy: npx cdk deploy; 1 warning(s) to read',
  );
  // Read-only: only Describe/Get/List calls went out.
  const names = [sts, cfn, smsVoice, sns, lambda].flatMap((m) =>
    m.calls().map((c) => c.args[0].constructor.name),
  );
  expect(names.every((name) => /^(Describe|Get|List)/.test(name))).toBe(true);
  expect(sns.calls()).toHaveLength(0);
});

test('the sandbox (End User Messaging): a fix saying how to leave it, exit 1', async () => {
  smsVoice.on(DescribeAccountAttributesCommand).resolves({
    AccountAttributes: [
      { Name: 'ACCOUNT_TIER', Value: 'SANDBOX' },
      { Name: 'DEFAULT_PROTECT_CONFIGURATION_ID', Value: 'protect-0123' },
    ],
  });

  const result = await preflight();

  expect(result.code).toBe(1);
  expect(line(result.stdout, 'SMS sandbox')).toBe(
    '  FIX   SMS sandbox (sendVia sms-voice): End User Messaging ACCOUNT_TIER SANDBOX: the account is in the sandbox: replies reach only verified numbers (10 at most) and spend stops at USD 1 a month. Ask for production access: a Support case, Service Quotas, AWS End User Messaging SMS, General Limits, quota "SMS Production Access" (AWS answers within 24 hours) (https://docs.aws.amazon.com/sms-voice/latest/userguide/sandbox.html)',
  );
  expect(result.stderr).toBe(
    'error: preflight: 1 fix(es) to make before `npx cdk deploy`; 1 warning(s) to read\n',
  );
});

test('the sandbox (SNS path): GetSMSSandboxAccountStatus, and the SNS spend limit', async () => {
  sns.on(GetSMSSandboxAccountStatusCommand).resolves({ IsInSandbox: true });
  sns.on(GetSMSAttributesCommand, { attributes: ['MonthlySpendLimit'] }).resolves({
    attributes: { MonthlySpendLimit: '1' },
  });

  const result = await preflight({ ...READY, sendVia: 'sns' });

  expect(result.code).toBe(1);
  expect(line(result.stdout, 'SMS sandbox')).toMatch(
    /^ {2}FIX {3}SMS sandbox \(sendVia sns\): SNS IsInSandbox true: the account is in the sandbox/,
  );
  expect(line(result.stdout, 'SMS spend limit')).toContain(
    'FIX   SMS spend limit (SNS MonthlySpendLimit): USD 1 a month, under the month budget (USD 300, budget.month (300 EUR) read as 300 USD',
  );
  expect(smsVoice).not.toHaveReceivedCommand(DescribeAccountAttributesCommand);
  expect(smsVoice).not.toHaveReceivedCommand(DescribeSpendLimitsCommand);
});

test.each([
  [
    'the quota is under the budget (a new account: USD 1)',
    { EnforcedLimit: 1, MaxLimit: 1, Overridden: false },
    'enforced USD 1 of at most USD 1 a month (quota TextMessageMonthlySpend); the month budget needs USD 300 (budget.month (300 EUR) read as 300 USD: the config has no exchange rate (the SMS spend alarm reads it the same way); allow for the rate): ask for more in Service Quotas, AWS End User Messaging, TextMessageMonthlySpend, "Request increase at account level"',
  ],
  [
    'an override under the budget, the quota above it',
    { EnforcedLimit: 100, MaxLimit: 1000, Overridden: true },
    'raise the override (aws pinpoint-sms-voice-v2 set-text-message-spend-limit-override --monthly-limit 300) or delete it',
  ],
])('the spend limit: %s', async (_name, limit, fix) => {
  smsVoice.on(DescribeSpendLimitsCommand).resolves({
    SpendLimits: [{ Name: 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT', ...limit }],
  });

  const result = await preflight();

  expect(result.code).toBe(1);
  expect(line(result.stdout, 'SMS spend limit')).toMatch(/^ {2}FIX /);
  expect(line(result.stdout, 'SMS spend limit')).toContain(fix);
});

test('a budget in USD needs no assumption', async () => {
  const result = await preflight({
    ...READY,
    budget: { currency: 'USD', hour: 5, day: 40, month: 300 },
  });
  expect(line(result.stdout, 'SMS spend limit')).toContain(
    'the month budget needs USD 300 (budget.month, in USD)',
  );
});

test("Lambda's concurrency quota leaves no room for the reservations plus the 100 unreserved", async () => {
  lambda.on(GetAccountSettingsCommand).resolves({
    AccountLimit: { ConcurrentExecutions: 100, UnreservedConcurrentExecutions: 100 },
    AccountUsage: { FunctionCount: 0 },
  });

  const result = await preflight();

  expect(result.code).toBe(1);
  expect(line(result.stdout, 'Lambda concurrency')).toBe(
    '  FIX   Lambda concurrency: the account allows 100 concurrent executions, 100 unreserved; the stack reserves 10 (responder.reservedConcurrency 5 × 2 functions), and Lambda keeps 100 unreserved, so the deploy would be refused: request more "Concurrent executions" in Service Quotas (AWS Lambda; new accounts start lower and AWS raises them with use), or set responder.reservedConcurrency to 0 or less. (Redeploying the same stack? Its own reservations are already out of the unreserved figure.)',
  );
});

test('without a reply delay only the responder reserves concurrency', async () => {
  const result = await preflight({ ...READY, replyDelay: 0 });
  expect(line(result.stdout, 'Lambda concurrency')).toContain(
    'the stack reserves 5 (responder.reservedConcurrency 5 × 1 function)',
  );
});

test('a missing number: ResourceNotFoundException with its fields, one line saying where it looked', async () => {
  smsVoice.on(DescribePhoneNumbersCommand).rejects(
    new ResourceNotFoundException({
      $metadata: { ...META, httpStatusCode: 404 },
      message: 'Resource not found',
      Message: 'Resource not found',
      ResourceType: 'phone-number',
      ResourceId: NUMBER_ID,
    }),
  );

  const result = await preflight();

  expect(result.code).toBe(1);
  expect(line(result.stdout, 'existing number')).toBe(
    `  FIX   existing number: number.phoneNumberId ${NUMBER_ID} is not in account ${ACCOUNT}, region eu-west-3 (ResourceNotFoundException: phone-number ${NUMBER_ID}, "Resource not found"): check the id (End User Messaging console, Phone numbers or Pools), AWS_REGION / --region and the profile`,
  );
  expect(smsVoice).not.toHaveReceivedCommand(DescribeRegistrationsCommand);
});

test('an existing number that is not ready: pending, not the configured number, registration under review', async () => {
  smsVoice.on(DescribePhoneNumbersCommand).resolves({
    PhoneNumbers: [
      {
        PhoneNumberArn: `arn:aws:sms-voice:eu-west-3:${ACCOUNT}:phone-number/${NUMBER_ID}`,
        PhoneNumberId: NUMBER_ID,
        PhoneNumber: '+33937999999',
        Status: 'PENDING',
        IsoCountryCode: 'FR',
        MessageType: 'TRANSACTIONAL',
        NumberCapabilities: ['SMS'],
        NumberType: 'LONG_CODE',
        MonthlyLeasingPrice: '2.00',
        TwoWayEnabled: true,
        TwoWayChannelArn: `arn:aws:sns:eu-west-3:${ACCOUNT}:other-topic`,
        SelfManagedOptOutsEnabled: true,
        OptOutListName: 'Default',
        DeletionProtectionEnabled: true,
        RegistrationId: 'registration-0abc',
        CreatedTimestamp: new Date('2026-11-20T00:00:00Z'),
      },
    ],
  });
  smsVoice.on(DescribeRegistrationsCommand, { RegistrationIds: ['registration-0abc'] }).resolves({
    Registrations: [
      {
        RegistrationArn: `arn:aws:sms-voice:eu-west-3:${ACCOUNT}:registration/registration-0abc`,
        RegistrationId: 'registration-0abc',
        RegistrationType: 'FR_SHORT_CODE',
        RegistrationStatus: 'REVIEWING',
        CurrentVersionNumber: 1,
        CreatedTimestamp: new Date('2026-11-20T00:00:00Z'),
      },
    ],
  });

  const result = await preflight();

  expect(result.code).toBe(1);
  expect(line(result.stdout, 'existing number')).toContain(
    `it is PENDING: deploy once AWS has made it ACTIVE; the config's originationNumber is ${OUR_NUMBER}: set it to +33937999999`,
  );
  expect(line(result.stdout, 'number two-way')).toContain(
    `ok    number two-way: on, to arn:aws:sns:eu-west-3:${ACCOUNT}:other-topic`,
  );
  expect(line(result.stdout, 'number registration')).toBe(
    '  FIX   number registration: registration-0abc is REVIEWING: the number cannot send until its registration is COMPLETE',
  );
});

test('a pool, by its ARN: DescribePools, active and two-way', async () => {
  const pool = `arn:aws:sms-voice:eu-west-3:${ACCOUNT}:pool/pool-0f1e2d3c`;
  smsVoice.on(DescribePoolsCommand, { PoolIds: [pool] }).resolves({
    Pools: [
      {
        PoolArn: pool,
        PoolId: 'pool-0f1e2d3c',
        Status: 'ACTIVE',
        MessageType: 'TRANSACTIONAL',
        TwoWayEnabled: true,
        TwoWayChannelArn: `arn:aws:sns:eu-west-3:${ACCOUNT}:Antirelou-InboundTopic-ABC`,
        SelfManagedOptOutsEnabled: true,
        OptOutListName: 'Default',
        SharedRoutesEnabled: false,
        DeletionProtectionEnabled: true,
        CreatedTimestamp: new Date('2026-10-01T00:00:00Z'),
      },
    ],
  });

  const result = await preflight({ ...READY, number: { mode: 'existing', phoneNumberId: pool } });

  expect(result.code).toBe(0);
  expect(line(result.stdout, 'existing number')).toBe(
    `  ok    existing number: pool pool-0f1e2d3c ACTIVE, TRANSACTIONAL; two-way on, to arn:aws:sns:eu-west-3:${ACCOUNT}:Antirelou-InboundTopic-ABC (the stack points it at its topic)`,
  );
  expect(smsVoice).not.toHaveReceivedCommand(DescribePhoneNumbersCommand);
});

test('access denied: the item says which permission is missing, the other items still run', async () => {
  smsVoice.on(DescribeSpendLimitsCommand).rejects(
    new AccessDeniedException({
      $metadata: { ...META, httpStatusCode: 403 },
      message: `User: ${CALLER} is not authorized to perform: sms-voice:DescribeSpendLimits`,
      Message: `User: ${CALLER} is not authorized to perform: sms-voice:DescribeSpendLimits`,
    }),
  );
  lambda.on(GetAccountSettingsCommand).rejects(
    Object.assign(
      new Error(`User: ${CALLER} is not authorized to perform: lambda:GetAccountSettings`),
      {
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: { ...META, httpStatusCode: 403 },
      },
    ),
  );

  const result = await preflight();

  expect(result.code).toBe(1);
  expect(line(result.stdout, 'SMS spend limit')).toBe(
    `  FIX   SMS spend limit: could not check: not allowed to call sms-voice:DescribeSpendLimits (AccessDeniedException: User: ${CALLER} is not authorized to perform: sms-voice:DescribeSpendLimits); grant sms-voice:DescribeSpendLimits to this identity, or use a profile that has it`,
  );
  expect(line(result.stdout, 'Lambda concurrency')).toContain(
    'could not check: not allowed to call lambda:GetAccountSettings',
  );
  expect(line(result.stdout, 'existing number')).toMatch(/^ {2}ok /);
  expect(result.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
});

test('access denied on the SNS path: AuthorizationErrorException', async () => {
  sns.on(GetSMSSandboxAccountStatusCommand).rejects(
    new AuthorizationErrorException({
      $metadata: { ...META, httpStatusCode: 403 },
      message: `User: ${CALLER} is not authorized to perform: SNS:GetSMSSandboxAccountStatus`,
    }),
  );
  sns.on(GetSMSAttributesCommand).resolves({ attributes: { MonthlySpendLimit: '500' } });

  const result = await preflight({ ...READY, sendVia: 'sns' });

  expect(line(result.stdout, 'SMS sandbox')).toContain(
    'FIX   SMS sandbox (sendVia sns): could not check: not allowed to call sns:GetSMSSandboxAccountStatus (AuthorizationErrorException',
  );
  expect(line(result.stdout, 'SMS spend limit')).toMatch(
    /^ {2}ok {4}SMS spend limit \(SNS MonthlySpendLimit\): USD 500 a month/,
  );
});

test('no CDK bootstrap: the command that bootstraps this account and region', async () => {
  cfn.on(DescribeStacksCommand, { StackName: 'CDKToolkit' }).rejects(
    new CloudFormationServiceException({
      name: 'ValidationError',
      $fault: 'client',
      $metadata: META,
      message: 'Stack with id CDKToolkit does not exist',
    }),
  );

  const result = await preflight();

  expect(result.code).toBe(1);
  expect(line(result.stdout, 'CDK bootstrap')).toBe(
    `  FIX   CDK bootstrap: no CDKToolkit stack in eu-west-3: CDK cannot deploy here; run \`npx cdk bootstrap aws://${ACCOUNT}/eu-west-3\``,
  );
});

test('an old bootstrap is refused', async () => {
  cfn.on(DescribeStacksCommand, { StackName: 'CDKToolkit' }).resolves({
    Stacks: [
      {
        StackName: 'CDKToolkit',
        CreationTime: new Date('2020-01-01T00:00:00Z'),
        StackStatus: 'CREATE_COMPLETE',
        Outputs: [{ OutputKey: 'BootstrapVersion', OutputValue: '4' }],
      },
    ],
  });
  const result = await preflight();
  expect(line(result.stdout, 'CDK bootstrap')).toContain(
    'CDKToolkit version 4, this app needs 6 or later',
  );
});

test('a French 06/07 number: the country rules say why and what to do, before any AWS call can help', async () => {
  const result = await preflight({ ...READY, originationNumber: '+33700000000' });

  expect(result.code).toBe(1);
  expect(line(result.stdout, 'country rules')).toMatch(
    /^ {2}FIX {3}country rules: originationNumber: \+33700000000 is a French mobile number \(06\/07\): since 1 January 2023 ARCEP \(decision 2022-1583\)/,
  );
  // The same problem is not repeated under "config".
  expect(line(result.stdout, 'config')).toMatch(/^ {2}ok {4}config: /);
});

test('create mode: the phone-number quota of the account', async () => {
  smsVoice.on(DescribeAccountLimitsCommand).resolves({
    AccountLimits: [
      { Name: 'PHONE_NUMBERS', Used: 5, Max: 5 },
      { Name: 'POOLS', Used: 0, Max: 5 },
    ],
  });
  const result = await preflight({
    ...READY,
    originationNumber: '+14255550100',
    number: { mode: 'create', isoCountryCode: 'US', numberType: 'SIMULATOR' },
    allowedCountries: ['US'],
    prices: { US: 0.01 },
    // At USD 0.01 the day's budget buys more texts than the budget item holds with receipts.
    receipts: { enabled: false },
  });
  expect(line(result.stdout, 'phone number quota')).toBe(
    '  FIX   phone number quota: 5 of 5 phone numbers used: release one or ask for more (Service Quotas, AWS End User Messaging)',
  );
  expect(smsVoice).not.toHaveReceivedCommand(DescribePhoneNumbersCommand);
});

test('no credentials: the account items are skipped, with why', async () => {
  sts.on(GetCallerIdentityCommand).rejects(
    Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    }),
  );

  const result = await preflight();

  expect(result.code).toBe(1);
  expect(line(result.stdout, 'region and credentials')).toContain(
    'FIX   region and credentials: could not check (sts:GetCallerIdentity): no AWS credentials found',
  );
  expect(line(result.stdout, 'the account checks')).toBe(
    '  skip  the account checks: they need a region and working credentials (above)',
  );
  expect(cfn.calls()).toHaveLength(0);
});

test.each([
  [
    'a config that is not JSON',
    '{"originationNumber": ',
    /^error: the config .*config\.json cannot be used: not valid JSON: /,
  ],
  [
    'a config with a wrong field',
    JSON.stringify({ ...READY, sendVia: 'fax' }),
    /^error: the config .*config\.json cannot be used: sendVia: sendVia must be one of "sns", "sms-voice" \(fix it, or pass another file with --config F\)$/,
  ],
])('%s: exit 2, one line, no AWS call', async (_name, text, message) => {
  const result = await preflight(text);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr.trimEnd()).toMatch(message);
  expect(sts.calls()).toHaveLength(0);
});

test.each([
  [
    'a config file that does not exist',
    ['preflight', '--config', '/nonexistent/antirelou.json'],
    /^error: the config \/nonexistent\/antirelou\.json cannot be used: cannot read the file/,
  ],
  [
    '--local',
    ['--local', '/tmp/x', 'preflight'],
    /^error: --local does not apply to preflight: it checks the AWS account/,
  ],
  ['--at', ['--at', '2h', 'preflight'], /^error: --at does not apply to preflight/],
  ['an unknown option', ['preflight', '--fix'], /^error: unknown option '--fix'/],
])('%s: exit 2', async (_name, args, message) => {
  const result = await runAdmin(args);
  expect(result.code).toBe(2);
  expect(result.stderr.split('\n')[0]).toMatch(message);
  expect(sts.calls()).toHaveLength(0);
});
