/**
 * The CLI against the deployed stack, with every AWS client mocked (aws-sdk-client-mock):
 * the stack's outputs are resolved, the table is addressed by name, the settings come from the
 * responder's environment, and a missing stack or missing credentials give one line to act on.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CLOCK_SKEW_DAYS, TTL_GRACE_DAYS } from '../../lambda/adapters/evidence-store';
import {
  budgetAttribute,
  budgetItemKey,
  CONTROL_KEY,
  senderItemKey,
} from '../../lambda/adapters/table-keys';
import { periodKeys } from '../../lambda/domain/calendar';
import { evidenceRecord, verifyEvidence } from '../../lambda/domain/evidence';
import type { ResponderSettings } from '../../lambda/domain/types';
import { senderKeyFunction } from '../../lambda/sender-key';
import type { ConfigInput } from '../../lib/config';
import { parseConfig, toResponderSettings } from '../../lib/config';
import { StackOutput } from '../../lib/antirelou-stack';
import { ResponderEnvironment } from '../../lambda/env';
import { RequiredOutput, SETTINGS_VARIABLE } from '../../tools/admin/aws-target';
import { readCsvExport } from '../../tools/evidence/export';
import { runTs } from '../support/cli';
import { runAdmin } from './io';

const TABLE = 'Antirelou-ResponderTable-1AB2C3';
const FUNCTION = 'Antirelou-ResponderFunction-XYZ';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:antirelou-key-abc';
const SECRET = 'a-test-hmac-secret-of-enough-length';
const CALLER = 'arn:aws:sts::123456789012:assumed-role/Maintainer/alice';
const NUMBER = '+33612345678';

const shipped = JSON.parse(readFileSync('config/antirelou.json', 'utf8')) as ConfigInput;

function deployedSettings(overrides: Partial<ResponderSettings> = {}): ResponderSettings {
  return { ...toResponderSettings(parseConfig(shipped)), sendVia: 'sns', ...overrides };
}

const cfn = mockClient(CloudFormationClient);
const dynamo = mockClient(DynamoDBDocumentClient);
const lambda = mockClient(LambdaClient);
const secrets = mockClient(SecretsManagerClient);
const cloudWatch = mockClient(CloudWatchClient);
const sts = mockClient(STSClient);
const sns = mockClient(SNSClient);
const smsVoice = mockClient(PinpointSMSVoiceV2Client);

function stackWithOutputs(name = 'Antirelou'): void {
  cfn.on(DescribeStacksCommand, { StackName: name }).resolves({
    Stacks: [
      {
        StackName: name,
        CreationTime: new Date(),
        StackStatus: 'UPDATE_COMPLETE',
        Outputs: [
          { OutputKey: 'StackName', OutputValue: name },
          { OutputKey: 'TableName', OutputValue: TABLE },
          { OutputKey: 'ResponderFunctionName', OutputValue: FUNCTION },
          { OutputKey: 'SenderKeySecretArn', OutputValue: SECRET_ARN },
          { OutputKey: 'OriginationNumber', OutputValue: '+33700000000' },
        ],
      },
    ],
  });
}

function responderEnvironment(settings: ResponderSettings = deployedSettings()): void {
  lambda.on(GetFunctionConfigurationCommand, { FunctionName: FUNCTION }).resolves({
    Environment: {
      Variables: { [SETTINGS_VARIABLE]: JSON.stringify(settings), TABLE_NAME: TABLE },
    },
  });
}

beforeEach(() => {
  for (const mock of [cfn, dynamo, lambda, secrets, cloudWatch, sts, sns, smsVoice]) mock.reset();
  stackWithOutputs();
  responderEnvironment();
  secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: SECRET });
  sts.on(GetCallerIdentityCommand).resolves({ Arn: CALLER });
  dynamo.on(UpdateCommand).resolves({ Attributes: {} });
  dynamo.on(PutCommand).resolves({});
  dynamo.on(GetCommand).resolves({});
  dynamo.on(ScanCommand).resolves({ Items: [] });
  dynamo.on(QueryCommand).resolves({ Items: [] });
  cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
});

test('the names come from the stack outputs: pause addresses the table by name, with an audit record', async () => {
  // Act
  const result = await runAdmin(['pause', '--reason', 'raid in progress', '--who', 'alice']);

  // Assess
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(cfn).toHaveReceivedCommandWith(DescribeStacksCommand, { StackName: 'Antirelou' });
  expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
    TableName: TABLE,
    Key: CONTROL_KEY,
    ExpressionAttributeValues: expect.objectContaining({ ':reason': 'raid in progress' }),
  });
  const audit = dynamo.commandCalls(PutCommand)[0]!.args[0].input;
  expect(audit.TableName).toBe(TABLE);
  expect(audit.Item).toMatchObject({
    pk: expect.stringMatching(/^AUDIT#\d{4}-\d{2}$/),
    who: 'alice',
    callerArn: CALLER,
    command: 'pause',
    args: { reason: 'raid in progress' },
    after: { paused: true, pausedReason: 'raid in progress' },
  });
  expect(result.stdout).toContain('stack Antirelou (eu-west-3)');
});

test('an audit record that cannot be written: exit 1, saying the change was applied', async () => {
  dynamo.on(PutCommand).rejects(
    Object.assign(new Error('not authorized to PutItem'), {
      name: 'AccessDeniedException',
      $metadata: {},
    }),
  );
  const result = await runAdmin(['resume']);
  expect(result.code).toBe(1);
  expect(result.stderr).toBe(
    'error: resume was applied, but its audit record could not be written (AccessDeniedException: not authorized to PutItem); note it by hand\n',
  );
});

test('--stack names another stack; its outputs are used', async () => {
  // Prepare
  stackWithOutputs('AntirelouProd');

  // Act
  const result = await runAdmin(['--stack', 'AntirelouProd', 'raid', 'on']);

  // Assess
  expect(result.code).toBe(0);
  expect(cfn).toHaveReceivedCommandWith(DescribeStacksCommand, { StackName: 'AntirelouProd' });
  expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
    TableName: TABLE,
    UpdateExpression: 'SET #raidOverride = :mode',
    ExpressionAttributeValues: { ':mode': 'on' },
  });
});

test('a missing stack: one line saying what to do, exit 1, nothing written', async () => {
  // Prepare
  cfn
    .on(DescribeStacksCommand)
    .rejects(
      Object.assign(new Error('Stack with id Nope does not exist'), { name: 'ValidationError' }),
    );

  // Act
  const result = await runAdmin(['--stack', 'Nope', 'pause']);

  // Assess
  expect(result.code).toBe(1);
  expect(result.stderr).toBe(
    'error: stack Nope not found in eu-west-3: check --stack (default Antirelou) and AWS_REGION / --region, or deploy it with npx cdk deploy\n',
  );
  expect(dynamo.calls()).toHaveLength(0);
});

test('a stack without the antirelou outputs is refused', async () => {
  cfn.on(DescribeStacksCommand).resolves({
    Stacks: [
      { StackName: 'Other', CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE', Outputs: [] },
    ],
  });
  const result = await runAdmin(['--stack', 'Other', 'status']);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(
    /^error: stack Other has no TableName, SenderKeySecretArn, ResponderFunctionName output/,
  );
  expect(dynamo.calls()).toHaveLength(0);
});

test('credentials refused or expired: one line', async () => {
  cfn.on(DescribeStacksCommand).rejects(
    Object.assign(new Error('The security token included in the request is expired'), {
      name: 'ExpiredTokenException',
    }),
  );
  const result = await runAdmin(['status']);
  expect(result.code).toBe(1);
  expect(result.stderr).toBe(
    'error: your AWS credentials have expired: log in again (e.g. `aws sso login`)\n',
  );
});

test.each([
  [
    'no credentials',
    { AWS_REGION: 'eu-west-3' },
    'error: no AWS credentials found: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run `aws sso login`; or use --local DIR for a simulator state\n',
  ],
  [
    'a profile that does not exist',
    { AWS_REGION: 'eu-west-3', AWS_PROFILE: 'ops' },
    'error: no usable AWS credentials for profile "ops": check it in ~/.aws/config or run `aws sso login --profile ops`; or use --local DIR for a simulator state\n',
  ],
  ['no region', {}, 'error: no AWS region: set AWS_REGION or pass --region\n'],
])(
  '%s (the real SDK, in a subprocess, no network): one line, exit 1',
  async (_name, extra, message) => {
    // No AWS variables and no config files: the SDK fails before any request is made.
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: '/nonexistent-home',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_SESSION_TOKEN: undefined,
      AWS_PROFILE: undefined,
      AWS_REGION: undefined,
      AWS_DEFAULT_REGION: undefined,
      ...extra,
    };
    const result = await runTs('tools/admin/cli.ts', ['pause'], { env });
    expect(result.stderr).toBe(message);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
  },
);

test('budget set above the deployed hard cap: exit 2, nothing written', async () => {
  const result = await runAdmin(['budget', 'set', '--day', '50']);
  expect(result.code).toBe(2);
  expect(result.stderr).toBe(
    "error: --day EUR 50.00 is above the config's hard cap of EUR 40.00: budget set only lowers caps; to raise it, use antirelou budget raise (up to budget.ceiling.day), or change budget.day in the config and deploy\n",
  );
  expect(lambda).toHaveReceivedCommandWith(GetFunctionConfigurationCommand, {
    FunctionName: FUNCTION,
  });
  expect(dynamo).not.toHaveReceivedCommand(UpdateCommand);
  expect(dynamo).not.toHaveReceivedCommand(PutCommand);
});

test('budget set within the caps writes micro-units into the override map', async () => {
  const result = await runAdmin(['budget', 'set', '--day', '5', '--month', '50']);
  expect(result.code).toBe(0);
  expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
    TableName: TABLE,
    Key: CONTROL_KEY,
    UpdateExpression:
      'SET #budgetOverride.#dayMicros = :dayMicros, #budgetOverride.#monthMicros = :monthMicros',
    ExpressionAttributeValues: { ':dayMicros': 5_000_000, ':monthMicros': 50_000_000 },
    ConditionExpression: 'attribute_exists(#budgetOverride)',
  });
  expect(result.stdout).toContain('day EUR 5.00 (override; config EUR 40.00)');
});

test('block keys the sender item with the HMAC from the stack secret; no number stored', async () => {
  const result = await runAdmin(['block', NUMBER]);
  expect(result.code).toBe(0);
  const key = senderKeyFunction(SECRET)(NUMBER);
  expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: SECRET_ARN });
  expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
    TableName: TABLE,
    Key: senderItemKey(key),
  });
  const audit = JSON.stringify(dynamo.commandCalls(PutCommand)[0]!.args[0].input.Item);
  expect(audit).not.toContain(NUMBER);
  expect(audit).toContain('+336******78');
});

test('status reads CloudWatch for drops by reason, addressed like the alarms', async () => {
  // Prepare
  cloudWatch.on(GetMetricDataCommand).resolves({
    MetricDataResults: [
      { Id: 'replies', Values: [3, 4] },
      { Id: 'dropped_window', Values: [10] },
      { Id: 'dropped_budget_day', Values: [2, 0] },
    ],
  });
  dynamo.on(GetCommand, { Key: CONTROL_KEY }).resolves({
    Item: {
      ...CONTROL_KEY,
      paused: true,
      pausedReason: 'maintenance',
      budgetOverride: { dayMicros: 5_000_000 },
    },
  });
  dynamo.on(ScanCommand).resolves({
    Items: [
      { optedOut: true, lastSeenMs: 1 },
      { optedOut: true, blocked: true, lastSeenMs: 2 },
      { flagged: true, lastSeenMs: 3 },
      { lastSeenMs: 4 },
      { blocked: true }, // blocked before it ever texted: not a sender yet
    ],
  });

  // Act
  const result = await runAdmin(['status', '--json']);

  // Assess
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const report = JSON.parse(result.stdout);
  expect(report).toMatchObject({
    target: 'stack Antirelou (eu-west-3)',
    paused: true,
    pausedReason: 'maintenance',
    budget: {
      currency: 'EUR',
      day: {
        capMicros: 5_000_000,
        capSource: 'override',
        hardCapMicros: 40_000_000,
        dropped: { window: 10, budget_day: 2 },
      },
    },
    stopList: { optedOut: 2, blocked: 2, flagged: 1, senders: 4 },
  });
  const query = cloudWatch.commandCalls(GetMetricDataCommand)[0]!.args[0].input;
  const window = query.MetricDataQueries!.find((q) => q.Id === 'dropped_window')!;
  expect(window.MetricStat!.Metric).toEqual({
    Namespace: 'Antirelou',
    MetricName: 'Dropped',
    Dimensions: [
      { Name: 'service', Value: 'antirelou' },
      { Name: 'Reason', Value: 'window' },
    ],
  });
  expect(dynamo).toHaveReceivedCommandWith(ScanCommand, { TableName: TABLE });
});

test('send-test reserves in the budget, then publishes with SNS from our number', async () => {
  sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
  dynamo.on(UpdateCommand).resolves({ Attributes: { m: 150_000, d2026: 150_000 } });
  const result = await runAdmin(['send-test', NUMBER]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
    TableName: TABLE,
    Key: { pk: expect.stringMatching(/^B#\d{4}-\d{2}$/), sk: 'B' },
    ExpressionAttributeValues: expect.objectContaining({ ':cost': 150_000 }),
  });
  expect(sns).toHaveReceivedCommandWith(PublishCommand, { PhoneNumber: NUMBER });
  expect(result.stdout).toContain('message id msg-1');
});

test('send-test with sendVia sms-voice uses SendTextMessage; a refusal gives the money back', async () => {
  responderEnvironment(
    deployedSettings({
      sendVia: 'sms-voice',
      originationIdentity: 'arn:aws:sms-voice:eu-west-3:123456789012:phone-number/phone-1',
    }),
  );
  smsVoice.on(SendTextMessageCommand).rejects(
    Object.assign(new Error('destination not allowed'), {
      name: 'ValidationException',
      $fault: 'client',
    }),
  );
  const result = await runAdmin(['send-test', NUMBER]);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(
    /^error: the SMS service refused the reply .* the money was given back\n$/,
  );
  expect(smsVoice).toHaveReceivedCommandWith(SendTextMessageCommand, {
    DestinationPhoneNumber: NUMBER,
  });
  // The reservation, then its release (ADD of the negative cost).
  expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
    ExpressionAttributeValues: expect.objectContaining({ ':neg': -150_000 }),
  });
});

test('the CLI reads the output keys and environment variable the stack really sets', () => {
  for (const key of Object.values(RequiredOutput))
    expect(Object.values(StackOutput)).toContain(key);
  expect(ResponderEnvironment.Settings).toBe(SETTINGS_VARIABLE);
});

describe('issue 14 (hardening), against the deployed stack', () => {
  test('send-test --at: exit 2 before anything is read or written; no SMS', async () => {
    const result = await runAdmin(['--at', '2026-01-01T00:00:00Z', 'send-test', NUMBER]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --at does not apply to send-test: /);
    expect(cfn.calls()).toHaveLength(0);
    expect(dynamo.calls()).toHaveLength(0);
    expect(sns.calls()).toHaveLength(0);
  });

  test('send-test reserves in the current hour, day and month (the wall clock)', async () => {
    // Prepare
    sns.on(PublishCommand).resolves({ MessageId: 'msg-2' });
    dynamo.on(UpdateCommand).resolves({ Attributes: { m: 150_000 } });
    const timeZone = deployedSettings().budget.timeZone;
    const before = periodKeys(Date.now(), timeZone);

    // Act
    const result = await runAdmin(['send-test', NUMBER]);

    // Assess: the month's budget item, and the day and hour attributes of now.
    const after = periodKeys(Date.now(), timeZone);
    expect(result.code).toBe(0);
    const reserve = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect([budgetItemKey(before.month), budgetItemKey(after.month)]).toContainEqual(reserve.Key);
    const names = reserve.ExpressionAttributeNames!;
    expect([budgetAttribute.day(before.day), budgetAttribute.day(after.day)]).toContain(
      names['#d'],
    );
    expect([budgetAttribute.hour(before.hour), budgetAttribute.hour(after.hour)]).toContain(
      names['#h'],
    );
  });

  test('export-evidence --since 2020-01-01: the range is cut to the retention, and it works', async () => {
    // Prepare
    const work = mkdtempSync(join(tmpdir(), 'antirelou-aws-export-'));
    const out = join(work, 'evidence.csv');
    const record = evidenceRecord({
      receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
      inboundMessageId: 'in-1',
      from: NUMBER,
      to: '+33700000000',
      body: '+33612345678 =1+1',
      reasons: ['insult:test'],
    });
    const partition = `E#${record.receivedAt.slice(0, 10)}`;
    dynamo
      .on(QueryCommand)
      .callsFake((input: { ExpressionAttributeValues: { ':pk': string } }) => ({
        Items:
          input.ExpressionAttributeValues[':pk'] === partition
            ? [{ ...record, sk: `${record.receivedAt}#in-1` }]
            : [],
      }));

    try {
      // Act
      const result = await runAdmin([
        'export-evidence',
        '--since',
        '2020-01-01',
        '--format',
        'csv',
        '--out',
        out,
      ]);

      // Assess: one query per day the table can hold (365 days + the margins), not 2,000.
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const queries = dynamo.commandCalls(QueryCommand).length;
      expect(queries).toBeGreaterThanOrEqual(365);
      expect(queries).toBeLessThanOrEqual(365 + TTL_GRACE_DAYS + CLOCK_SKEW_DAYS + 2);
      expect(result.stdout).toContain('1 evidence record(s)');
      expect(result.stdout).toMatch(/^Note: evidence is kept 365 days/m);
      expect(statSync(out).mode & 0o777).toBe(0o600);
      const [row] = readCsvExport(readFileSync(out, 'utf8'));
      expect(row).toEqual(record);
      expect(verifyEvidence(row!)).toBe(true);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  test('pause --reason with a number: masked in the control item and the audit record', async () => {
    const result = await runAdmin(['pause', '--reason', `raid, meneur ${NUMBER}`]);
    expect(result.code).toBe(0);
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      Key: CONTROL_KEY,
      ExpressionAttributeValues: expect.objectContaining({
        ':reason': 'raid, meneur +336******78',
      }),
    });
    const audit = dynamo.commandCalls(PutCommand)[0]!.args[0].input.Item;
    expect(audit).toMatchObject({ args: { reason: 'raid, meneur +336******78' } });
    expect(JSON.stringify(audit)).not.toContain(NUMBER);
  });

  test('an AWS refusal that quotes a number: one line, the number masked', async () => {
    dynamo.on(UpdateCommand).rejects(
      Object.assign(new Error(`User is not authorized for sender ${NUMBER}`), {
        name: 'AccessDeniedException',
        $metadata: {},
      }),
    );
    const result = await runAdmin(['pause']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: not allowed: User is not authorized for sender +336******78 (ask for the permission, or use another profile)\n',
    );
  });

  test('settings that are not JSON: one line saying to redeploy, exit 1', async () => {
    lambda.on(GetFunctionConfigurationCommand).resolves({
      Environment: { Variables: { [SETTINGS_VARIABLE]: '{not json' } },
    });
    const result = await runAdmin(['status']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^error: the responder ${FUNCTION}'s ${SETTINGS_VARIABLE} is not valid JSON .*: redeploy the stack\\n$`,
      ),
    );
  });

  test('an unexpected failure (a bug): one line, no stack trace unless ANTIRELOU_DEBUG is set', async () => {
    dynamo.on(UpdateCommand).rejects(new TypeError(`cannot read ${NUMBER}`));
    const result = await runAdmin(['pause']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: unexpected failure (TypeError: cannot read +336******78); this is a bug in antirelou: run again with ANTIRELOU_DEBUG=1 to see where, and report it\n',
    );

    process.env.ANTIRELOU_DEBUG = '1';
    try {
      const debug = await runAdmin(['pause']);
      expect(debug.stderr).toMatch(/\n\s+at /);
    } finally {
      delete process.env.ANTIRELOU_DEBUG;
    }
  });
});
