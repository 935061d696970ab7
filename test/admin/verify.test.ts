/**
 * `npx antirelou verify` on mocked AWS clients: the wiring is read from the stack's outputs, one
 * synthetic inbound message from AWS's French success simulator is handed to the responder with
 * the stack's topic ARN, and what it wrote is undone exactly: the schedule deleted by its name,
 * the very reservation given back (its held entry), the sender item deleted. Refusals (a number
 * that is gone, two-way to another topic, an access denied, a drop) fail the run with one line.
 */
import { readFileSync } from 'node:fs';
import {
  CloudFormationClient,
  DescribeStacksCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import type { InvokeCommandInput, InvokeCommandOutput } from '@aws-sdk/client-lambda';
import {
  DescribePhoneNumbersCommand,
  DescribeSpendLimitsCommand,
  PinpointSMSVoiceV2Client,
  ResourceNotFoundException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import {
  DeleteScheduleCommand,
  GetScheduleGroupCommand,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { SNSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { heldEntry, reservationId } from '../../lambda/items/budget-ledger';
import { senderItemKey } from '../../lambda/adapters/table-keys';
import { periodKeys } from '../../lambda/domain/calendar';
import { scheduleName } from '../../lambda/domain/scheduled-reply';
import type { Outcome, ResponderSettings } from '../../lambda/domain/types';
import { senderKeyFunction } from '../../lambda/sender-key';
import type { ConfigInput } from '../../lib/config';
import { parseConfig, toResponderSettings } from '../../lib/config';
import { SETTINGS_VARIABLE } from '../../tools/admin/aws-target';
import { runAdmin } from './io';

const ACCOUNT = '123456789012';
const STACK = 'Antirelou';
const TABLE = 'Antirelou-ResponderTable-1AB2C3';
const FUNCTION = 'Antirelou-ResponderFunction-XYZ';
const SECRET_ARN = `arn:aws:secretsmanager:eu-west-3:${ACCOUNT}:secret:antirelou-key-abc`;
const SECRET = 'a-test-hmac-secret-of-enough-length';
const TOPIC = `arn:aws:sns:eu-west-3:${ACCOUNT}:Antirelou-InboundTopic-ABC`;
const ALARM_TOPIC = `arn:aws:sns:eu-west-3:${ACCOUNT}:Antirelou-AlarmTopic-DEF`;
const NUMBER_ID = 'phone-0a1b2c3d4e5f';
const OUR_NUMBER = '+33937123456';
const GROUP = 'Antirelou-ReplySchedules';
const SIMULATOR = '+33755512501';
const REPLY_MICROS = 150_000;
const ALARMS = ['Antirelou-MonitoringFlood-1A', 'Antirelou-MonitoringBudgetDay100-2B'];
const META = { httpStatusCode: 404, requestId: 'req-0001', attempts: 1, totalRetryDelay: 0 };

const shipped = JSON.parse(readFileSync('config/antirelou.json', 'utf8')) as ConfigInput;
const config: ConfigInput = {
  ...shipped,
  originationNumber: OUR_NUMBER,
  number: { mode: 'existing', phoneNumberId: NUMBER_ID },
  sendVia: 'sms-voice',
};
const SETTINGS: ResponderSettings = {
  ...toResponderSettings(parseConfig(config), TOPIC),
  sendVia: 'sms-voice',
};
const TZ = SETTINGS.budget.timeZone;

const cfn = mockClient(CloudFormationClient);
const lambda = mockClient(LambdaClient);
const secrets = mockClient(SecretsManagerClient);
const sts = mockClient(STSClient);
const dynamo = mockClient(DynamoDBDocumentClient);
const smsVoice = mockClient(PinpointSMSVoiceV2Client);
const sns = mockClient(SNSClient);
const cloudWatch = mockClient(CloudWatchClient);
const scheduler = mockClient(SchedulerClient);

/** The table as the fake responder leaves it. */
let table: {
  spent: number;
  held: Map<string, Set<string>>;
  inboundId?: string;
  decidedAtMs?: number;
};

function outputs(extra: Record<string, string> = {}) {
  return Object.entries({
    StackName: STACK,
    TableName: TABLE,
    ResponderFunctionName: FUNCTION,
    SenderKeySecretArn: SECRET_ARN,
    PhoneNumberId: NUMBER_ID,
    OriginationNumber: OUR_NUMBER,
    InboundTopicArn: TOPIC,
    AlarmTopicArn: ALARM_TOPIC,
    ScheduleGroupName: GROUP,
    SendVia: 'sms-voice',
    ...extra,
  }).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue }));
}

/** A Lambda response payload (the SDK's blob adapter is a Uint8Array with helpers). */
const payload = (value: unknown): InvokeCommandOutput['Payload'] =>
  new TextEncoder().encode(JSON.stringify(value)) as InvokeCommandOutput['Payload'];

/** The responder, as the mocked Lambda runs it: decides, reserves, answers `outcome`. */
function responderAnswers(outcome: (inboundId: string, nowMs: number) => Outcome): void {
  lambda.on(InvokeCommand).callsFake((input: InvokeCommandInput) => {
    const event = JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array)) as SNSEvent;
    const message = JSON.parse(event.Records[0]!.Sns.Message) as { inboundMessageId: string };
    const nowMs = Date.now();
    const result = outcome(message.inboundMessageId, nowMs);
    if ('costMicros' in result) {
      const periods = periodKeys(nowMs, TZ);
      const entry = heldEntry({
        id: reservationId(message.inboundMessageId, nowMs),
        periods,
        costMicros: result.costMicros,
      });
      table.held.set(periods.day, new Set([entry]));
      table.spent += result.costMicros;
    }
    table.inboundId = message.inboundMessageId;
    table.decidedAtMs = nowMs;
    return {
      StatusCode: 200,
      ExecutedVersion: '$LATEST',
      Payload: payload({ outcomes: [result] }),
    };
  });
}

const scheduled = (_id: string, nowMs: number): Outcome => ({
  kind: 'scheduled',
  text: 'reply',
  costMicros: REPLY_MICROS,
  sendAtMs: nowMs + 20 * 60_000,
});

function wiredStack(): void {
  cfn.on(DescribeStacksCommand, { StackName: STACK }).resolves({
    Stacks: [
      {
        StackName: STACK,
        CreationTime: new Date(),
        StackStatus: 'UPDATE_COMPLETE',
        Outputs: outputs(),
      },
    ],
  });
  cfn.on(ListStackResourcesCommand, { StackName: STACK }).resolves({
    StackResourceSummaries: [
      ...ALARMS.map((name, i) => ({
        LogicalResourceId: `MonitoringAlarm${i}`,
        PhysicalResourceId: name,
        ResourceType: 'AWS::CloudWatch::Alarm',
        ResourceStatus: 'CREATE_COMPLETE' as const,
        LastUpdatedTimestamp: new Date(),
      })),
      {
        LogicalResourceId: 'Table',
        PhysicalResourceId: TABLE,
        ResourceType: 'AWS::DynamoDB::Table',
        ResourceStatus: 'CREATE_COMPLETE',
        LastUpdatedTimestamp: new Date(),
      },
    ],
  });
  lambda.on(GetFunctionConfigurationCommand, { FunctionName: FUNCTION }).resolves({
    Environment: {
      Variables: { [SETTINGS_VARIABLE]: JSON.stringify(SETTINGS), TABLE_NAME: TABLE },
    },
  });
  secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: SECRET });
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Maintainer/alice` });
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
        TwoWayEnabled: true,
        TwoWayChannelArn: TOPIC,
        SelfManagedOptOutsEnabled: true,
        OptOutListName: 'Default',
        DeletionProtectionEnabled: true,
        CreatedTimestamp: new Date(),
      },
    ],
  });
  smsVoice.on(DescribeSpendLimitsCommand).resolves({
    SpendLimits: [
      {
        Name: 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT',
        EnforcedLimit: 400,
        MaxLimit: 500,
        Overridden: true,
      },
    ],
  });
  sns.on(ListSubscriptionsByTopicCommand, { TopicArn: TOPIC }).resolves({
    Subscriptions: [
      {
        SubscriptionArn: `${TOPIC}:0b1c2d3e`,
        Protocol: 'lambda',
        Endpoint: `arn:aws:lambda:eu-west-3:${ACCOUNT}:function:${FUNCTION}`,
        TopicArn: TOPIC,
        Owner: ACCOUNT,
      },
    ],
  });
  sns.on(ListSubscriptionsByTopicCommand, { TopicArn: ALARM_TOPIC }).resolves({
    Subscriptions: [
      {
        SubscriptionArn: `${ALARM_TOPIC}:9f8e`,
        Protocol: 'email',
        Endpoint: 'oncall@example.org',
        TopicArn: ALARM_TOPIC,
      },
    ],
  });
  cloudWatch.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: ALARMS.map((AlarmName) => ({
      AlarmName,
      ActionsEnabled: true,
      AlarmActions: [ALARM_TOPIC],
      StateValue: 'OK',
    })),
  });
  scheduler.on(GetScheduleGroupCommand, { Name: GROUP }).resolves({ Name: GROUP, State: 'ACTIVE' });
  scheduler.on(DeleteScheduleCommand).resolves({});
}

function fakeTable(): void {
  dynamo.on(GetCommand).callsFake((input: { Key: { pk: string } }) => {
    if (!input.Key.pk.startsWith('B#')) return {};
    const item: Record<string, unknown> = { pk: input.Key.pk, sk: 'B', m: table.spent };
    for (const [day, entries] of table.held) {
      item[`r${day}`] = entries;
      item[`d${day}`] = table.spent;
    }
    return { Item: item };
  });
  dynamo.on(UpdateCommand).callsFake(() => {
    table.spent -= REPLY_MICROS;
    table.held.clear();
    return {};
  });
  dynamo.on(DeleteCommand).resolves({});
  dynamo.on(PutCommand).resolves({});
}

beforeEach(() => {
  for (const mock of [cfn, lambda, secrets, sts, dynamo, smsVoice, sns, cloudWatch, scheduler])
    mock.reset();
  table = { spent: 0, held: new Map() };
  wiredStack();
  fakeTable();
  responderAnswers(scheduled);
});

/** The printed line of an item. */
function line(stdout: string, item: string): string {
  const found = stdout.split('\n').find((l) => l.slice(8).startsWith(item));
  if (found === undefined) throw new Error(`no line for ${item} in:\n${stdout}`);
  return found;
}

test('a wired stack: every item ok, one message end to end, everything it wrote undone, exit 0', async () => {
  const result = await runAdmin(['verify', '--stack', STACK]);

  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(line(result.stdout, 'number two-way')).toBe(
    `  ok    number two-way: ${NUMBER_ID} (${OUR_NUMBER}) sends inbound SMS to ${TOPIC}`,
  );
  expect(line(result.stdout, 'responder topic')).toContain('ok ');
  expect(line(result.stdout, 'topic subscription')).toBe(
    `  ok    topic subscription: ${TOPIC} → ${FUNCTION}`,
  );
  expect(line(result.stdout, 'alarms')).toBe(
    `  ok    alarms: 2 alarms, each notifying ${ALARM_TOPIC}; none in ALARM`,
  );
  expect(line(result.stdout, 'alarm receivers')).toBe(
    '  ok    alarm receivers: 1 confirmed subscription(s) (email)',
  );
  expect(line(result.stdout, 'SMS spend limit')).toContain(
    'ok    SMS spend limit (End User Messaging): enforced USD 400 of at most USD 500',
  );
  expect(line(result.stdout, 'schedule group')).toBe(`  ok    schedule group: ${GROUP} ACTIVE`);
  expect(line(result.stdout, 'number → topic')).toMatch(
    /^ {2}skip {2}number → topic: AWS offers no inbound simulator for a French number/,
  );
  expect(line(result.stdout, 'responder decision')).toMatch(
    /^ {2}ok {4}responder decision: reply to \+337\*{6}01 \(EUR 0\.15\) scheduled for \S+ \(in about 20 min\)$/,
  );
  expect(line(result.stdout, 'money counted')).toContain(
    'this day EUR 0.00 → EUR 0.15 (+EUR 0.15) of EUR 40.00',
  );
  expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(/^all good: /);

  // The event: the stack's topic ARN, AWS's French success simulator, our number.
  const invoke = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
  expect(invoke).toMatchObject({ FunctionName: FUNCTION, InvocationType: 'RequestResponse' });
  const event = JSON.parse(new TextDecoder().decode(invoke.Payload as Uint8Array)) as SNSEvent;
  expect(event.Records).toHaveLength(1);
  expect(event.Records[0]!.Sns.TopicArn).toBe(TOPIC);
  expect(JSON.parse(event.Records[0]!.Sns.Message)).toMatchObject({
    originationNumber: SIMULATOR,
    destinationNumber: OUR_NUMBER,
    inboundMessageId: table.inboundId,
  });

  // The clean-up: the schedule by name, the exact reservation, the sender item.
  const inboundId = table.inboundId!;
  expect(scheduler).toHaveReceivedCommandWith(DeleteScheduleCommand, {
    Name: scheduleName(inboundId),
    GroupName: GROUP,
  });
  const periods = periodKeys(table.decidedAtMs!, TZ);
  const entry = heldEntry({
    id: reservationId(inboundId, table.decidedAtMs!),
    periods,
    costMicros: REPLY_MICROS,
  });
  expect(dynamo).toHaveReceivedCommandTimes(UpdateCommand, 1);
  expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
    TableName: TABLE,
    Key: { pk: `B#${periods.month}`, sk: 'B' },
    ConditionExpression: 'contains(#r, :entry)',
    ExpressionAttributeValues: {
      ':neg': -REPLY_MICROS,
      ':held': new Set([entry]),
      ':entry': entry,
    },
  });
  const key = senderKeyFunction(SECRET)(SIMULATOR);
  expect(dynamo).toHaveReceivedCommandWith(DeleteCommand, {
    TableName: TABLE,
    Key: senderItemKey(key),
  });
  expect(line(result.stdout, 'clean-up')).toContain(
    `EUR 0.15 given back (reservation ${inboundId}@${table.decidedAtMs})`,
  );
  expect(table.spent).toBe(0);

  // The audit trail has the test, with the simulator number masked.
  const audit = dynamo.commandCalls(PutCommand)[0]!.args[0].input.Item;
  expect(audit).toMatchObject({ command: 'verify', args: { sender: '+337******01', inboundId } });
});

test('without a reply delay: the reply is sent at once, no schedule, the group skipped', async () => {
  const immediate: ResponderSettings = { ...SETTINGS };
  delete (immediate as { replyDelay?: unknown }).replyDelay;
  lambda.on(GetFunctionConfigurationCommand, { FunctionName: FUNCTION }).resolves({
    Environment: { Variables: { [SETTINGS_VARIABLE]: JSON.stringify(immediate) } },
  });
  responderAnswers(() => ({ kind: 'replied', text: 'reply', costMicros: REPLY_MICROS }));

  const result = await runAdmin(['verify']);

  expect(result.code).toBe(0);
  expect(line(result.stdout, 'schedule group')).toBe(
    '  skip  schedule group: no reply delay in the deployed settings: replies go out at once',
  );
  expect(line(result.stdout, 'responder decision')).toContain(
    "reply sent now to +337******01, AWS's success simulator (EUR 0.15)",
  );
  expect(scheduler).not.toHaveReceivedCommand(DeleteScheduleCommand);
  expect(line(result.stdout, 'clean-up')).toContain('EUR 0.15 given back');
  expect(line(result.stdout, 'clean-up')).toContain(
    'AWS may bill the simulated send (undocumented)',
  );
});

test('a sender item left by an unfinished verify is deleted first, and said', async () => {
  const key = senderKeyFunction(SECRET)(SIMULATOR);
  dynamo.on(GetCommand, { Key: senderItemKey(key) }).resolves({
    Item: { ...senderItemKey(key), replyAtMs: Date.now() - 60_000 },
  });

  const result = await runAdmin(['verify']);

  expect(result.code).toBe(0);
  expect(line(result.stdout, 'earlier test')).toBe(
    '  warn  earlier test: the simulator number +337******01 had a sender item (an unfinished verify?): deleted first',
  );
  expect(dynamo).toHaveReceivedCommandTimes(DeleteCommand, 2);
});

test('two-way pointed elsewhere and a number that is gone: FAIL with what to do, exit 1', async () => {
  smsVoice.on(DescribePhoneNumbersCommand).resolves({
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
        TwoWayEnabled: true,
        TwoWayChannelArn: 'connect.eu-west-3.amazonaws.com',
        SelfManagedOptOutsEnabled: true,
        OptOutListName: 'Default',
        DeletionProtectionEnabled: true,
        CreatedTimestamp: new Date(),
      },
    ],
  });

  const result = await runAdmin(['verify']);

  expect(result.code).toBe(1);
  expect(line(result.stdout, 'number two-way')).toBe(
    `  FAIL  number two-way: ${NUMBER_ID}: two-way goes to connect.eu-west-3.amazonaws.com, not to the stack's topic ${TOPIC}: inbound SMS never reach the responder; redeploy (the stack sets it)`,
  );
  expect(result.stderr).toBe('error: verify: 1 item(s) failed (listed above)\n');

  smsVoice.on(DescribePhoneNumbersCommand).rejects(
    new ResourceNotFoundException({
      $metadata: META,
      message: 'Resource not found',
      Message: 'Resource not found',
      ResourceType: 'phone-number',
      ResourceId: NUMBER_ID,
    }),
  );
  const gone = await runAdmin(['verify']);
  expect(line(gone.stdout, 'number two-way')).toBe(
    `  FAIL  number two-way: the number ${NUMBER_ID} does not exist (ResourceNotFoundException: Resource not found): redeploy the stack`,
  );
});

test('access denied on the alarms: the item says which permission, the rest still runs', async () => {
  cloudWatch.on(DescribeAlarmsCommand).rejects(
    Object.assign(
      new Error(
        'User: arn:aws:sts::123456789012:assumed-role/ReadOnly/bob is not authorized to perform: cloudwatch:DescribeAlarms',
      ),
      {
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { ...META, httpStatusCode: 403 },
      },
    ),
  );

  const result = await runAdmin(['verify']);

  expect(result.code).toBe(1);
  expect(line(result.stdout, 'alarms')).toMatch(
    /^ {2}FAIL {2}alarms: could not check: not allowed to call cloudwatch:DescribeAlarms \(AccessDenied: .*\); grant cloudwatch:DescribeAlarms to this identity, or use a profile that has it$/,
  );
  expect(line(result.stdout, 'responder decision')).toMatch(/^ {2}ok /);
});

test('alarms without their action, and nobody subscribed to the alarm topic', async () => {
  cloudWatch.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: [
      {
        AlarmName: ALARMS[0],
        ActionsEnabled: false,
        AlarmActions: [ALARM_TOPIC],
        StateValue: 'ALARM',
      },
    ],
  });
  sns.on(ListSubscriptionsByTopicCommand, { TopicArn: ALARM_TOPIC }).resolves({
    Subscriptions: [
      { SubscriptionArn: 'PendingConfirmation', Protocol: 'email', Endpoint: 'oncall@example.org' },
    ],
  });

  const result = await runAdmin(['verify']);

  expect(line(result.stdout, 'alarms')).toBe(
    `  FAIL  alarms: missing in CloudWatch: ${ALARMS[1]}; without an enabled action to ${ALARM_TOPIC}: ${ALARMS[0]}: redeploy (or re-enable their actions)`,
  );
  expect(line(result.stdout, 'alarm receivers')).toBe(
    '  warn  alarm receivers: nobody receives the alarms (1 subscription(s) pending confirmation): click the link in the e-mail AWS sent',
  );
});

test('the responder drops the message (paused): FAIL with the hint, nothing to give back', async () => {
  responderAnswers(() => ({ kind: 'dropped', reason: 'paused' }));

  const result = await runAdmin(['verify']);

  expect(result.code).toBe(1);
  expect(line(result.stdout, 'responder decision')).toBe(
    '  FAIL  responder decision: no reply: dropped as paused (replies are paused: `npx antirelou resume`)',
  );
  expect(dynamo).not.toHaveReceivedCommand(UpdateCommand);
  expect(dynamo).toHaveReceivedCommand(DeleteCommand);
});

test('the responder fails (FunctionError): its error, masked, and the sender item still cleaned', async () => {
  lambda.on(InvokeCommand).resolves({
    StatusCode: 200,
    FunctionError: 'Unhandled',
    Payload: payload({
      errorType: 'ProvisionedThroughputExceededException',
      errorMessage: 'Rate exceeded for +33612345678',
    }),
  });

  const result = await runAdmin(['verify']);

  expect(result.code).toBe(1);
  expect(line(result.stdout, 'responder decision')).toBe(
    '  FAIL  responder decision: the responder failed (ProvisionedThroughputExceededException: Rate exceeded for +336******78)',
  );
  expect(dynamo).toHaveReceivedCommand(DeleteCommand);
});

test('a stack deployed before the schedule group output: that item fails, the rest runs', async () => {
  cfn.on(DescribeStacksCommand, { StackName: STACK }).resolves({
    Stacks: [
      {
        StackName: STACK,
        CreationTime: new Date(),
        StackStatus: 'UPDATE_COMPLETE',
        Outputs: outputs().filter((o) => o.OutputKey !== 'ScheduleGroupName'),
      },
    ],
  });
  const result = await runAdmin(['verify']);
  expect(line(result.stdout, 'schedule group')).toBe(
    '  FAIL  schedule group: the stack has no ScheduleGroupName output: deploy the current version (npx cdk deploy)',
  );
});

test.each([
  [
    '--local',
    ['--local', '/tmp/x', 'verify'],
    /^error: --local does not apply to verify: it checks the AWS account and the deployed stack/,
  ],
  ['--at', ['verify', '--at', '1h'], /^error: --at does not apply to verify/],
  ['an argument', ['verify', 'Antirelou'], /^error: too many arguments/],
])('%s: exit 2, nothing invoked', async (_name, args, message) => {
  const result = await runAdmin(args);
  expect(result.code).toBe(2);
  expect(result.stderr.split('\n')[0]).toMatch(message);
  expect(lambda).not.toHaveReceivedCommand(InvokeCommand);
});
