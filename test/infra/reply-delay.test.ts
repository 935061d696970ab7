/**
 * The safety delay (`replyDelay`, on by default): a schedule group, the scheduler's execution
 * role, the dispatcher and two dead-letter queues, wired into the responder's
 * environment and permissions; and, with `replyDelay: 0`, none of it.
 */
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { AntirelouStack } from '../../lib/antirelou-stack';
import { StackOutput } from '../../lib/antirelou-stack';
import type { ReplySchedule } from '../../lib/constructs/reply-schedule';
import type { Dispatcher } from '../../lib/constructs/dispatcher';
import { METRICS_NAMESPACE, METRICS_SERVICE, MetricName } from '../../lambda/metric-names';
import {
  ACCOUNT,
  buildStack,
  logicalId,
  only,
  parseJsonProperty,
  responderFunction,
  roleOf,
  roleStatements,
  dispatcherFunction,
  synth,
} from './synth';
import type { CfnJson } from './synth';

const SCHEDULER = 'scheduler.amazonaws.com';
const DELAY_OUTPUTS: string[] = [
  StackOutput.DispatcherFunctionName,
  StackOutput.ScheduleGroupName,
  StackOutput.ScheduleDeadLetterQueueUrl,
  StackOutput.DispatcherDeadLetterQueueUrl,
];
const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });

let stack: AntirelouStack;
let template: Template;
let groupId: string;
let groupName: string;
let schedulerRoleId: string;
let scheduleDlqId: string;
let senderId: string;
let senderDlqId: string;
let responderId: string;
let responderDlqId: string;
let tableId: string;
let tableKeyId: string;
let inboundKeyId: string;
let secretId: string;

/** The logical id of the CloudFormation resource behind an L2 construct. */
function idOf(construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}

/** The on-failure destination (queue logical id) of a function's asynchronous invocations. */
function onFailureQueue(functionId: string): string {
  const configId = logicalId(template, 'AWS::Lambda::EventInvokeConfig', {
    FunctionName: { Ref: functionId },
  });
  return template.toJSON().Resources[configId].Properties.DestinationConfig.OnFailure.Destination[
    'Fn::GetAtt'
  ][0];
}

/** Allowed actions of a role's statements, flattened and sorted. */
function allowedActions(roleId: string, t: Template = template): string[] {
  return roleStatements(t, roleId)
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) => [statement.Action].flat() as string[])
    .sort();
}

beforeAll(() => {
  stack = buildStack();
  template = Template.fromStack(stack);
  const schedule = stack.node.findChild('ReplySchedule') as ReplySchedule;
  const group = only(template, 'AWS::Scheduler::ScheduleGroup');
  groupId = group.id;
  groupName = group.resource.Properties.Name;
  schedulerRoleId = logicalId(template, 'AWS::IAM::Role', {
    AssumeRolePolicyDocument: {
      Statement: [Match.objectLike({ Principal: { Service: SCHEDULER } })],
    },
  });
  scheduleDlqId = idOf(schedule.deadLetterQueue);
  senderId = dispatcherFunction(template).id;
  senderDlqId = onFailureQueue(senderId);
  responderId = responderFunction(template).id;
  responderDlqId = onFailureQueue(responderId);
  tableId = only(template, 'AWS::DynamoDB::Table').id;
  tableKeyId = logicalId(template, 'AWS::KMS::Key', {
    Description: Match.stringLikeRegexp('responder table'),
  });
  inboundKeyId = logicalId(template, 'AWS::KMS::Key', {
    Description: Match.stringLikeRegexp('inbound SMS'),
  });
  secretId = only(template, 'AWS::SecretsManager::Secret').id;
});

test('the constructs and the template agree on what is what', () => {
  const schedule = stack.node.findChild('ReplySchedule') as ReplySchedule;
  const sender = stack.node.findChild('Dispatcher') as Dispatcher;
  expect(idOf(sender.function)).toBe(senderId);
  expect(idOf(schedule.group)).toBe(groupId);
  expect(idOf(schedule.role)).toBe(schedulerRoleId);
  expect(idOf(sender.deadLetterQueue)).toBe(senderDlqId);
});

describe('schedule group', () => {
  test('one of its own, with a valid scheduler name, deleted with the stack', () => {
    expect(groupName).toMatch(/^[0-9A-Za-z_.-]{1,64}$/);
    expect(groupName).not.toBe('default');
    expect(template.toJSON().Resources[groupId]).toMatchObject({
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
  });
});

describe('scheduler execution role', () => {
  test('assumed by EventBridge Scheduler for this account’s reply group only', () => {
    const role = template.toJSON().Resources[schedulerRoleId].Properties;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: SCHEDULER },
        Condition: {
          StringEquals: { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': getAtt(groupId) },
        },
      },
    ]);
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(role.Policies).toBeUndefined();
  });

  test('may invoke the dispatcher and dead-letter to the encrypted schedule queue, nothing else', () => {
    expect(roleStatements(template, schedulerRoleId)).toEqual([
      {
        Sid: 'InvokeTheDispatcher',
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: getAtt(senderId),
      },
      {
        Sid: 'DeadLetterUndeliveredReplies',
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: getAtt(scheduleDlqId),
      },
      {
        Sid: 'EncryptUndeliveredReplies',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: getAtt(inboundKeyId),
      },
    ]);
    expect(template.toJSON().Resources[scheduleDlqId].Properties).toEqual({
      KmsMasterKeyId: getAtt(inboundKeyId),
      MessageRetentionPeriod: 4 * 86_400,
    });
  });
});

describe('responder with a delay', () => {
  test('its environment names the group, the execution role, the sender and the schedule DLQ', () => {
    const variables = responderFunction(template).resource.Properties.Environment.Variables;
    expect(variables).toMatchObject({
      REPLY_SCHEDULE_GROUP: groupName,
      REPLY_SCHEDULER_ROLE_ARN: getAtt(schedulerRoleId),
      DISPATCHER_ARN: getAtt(senderId),
      REPLY_SCHEDULE_DLQ_ARN: getAtt(scheduleDlqId),
    });
    // Two queues, two roles: a mix-up would still be "some ARN".
    expect(scheduleDlqId).not.toBe(senderDlqId);
    expect(scheduleDlqId).not.toBe(responderDlqId);
  });

  test('may create schedules in the group only, and pass the execution role to the scheduler only', () => {
    const statements = roleStatements(template, roleOf(responderFunction(template)));
    const schedulerOrIam = statements.filter((statement) =>
      ([statement.Action].flat() as string[]).some((action) => /^(scheduler|iam):/.test(action)),
    );
    expect(schedulerOrIam).toEqual([
      {
        Sid: 'ScheduleDelayedReplies',
        Effect: 'Allow',
        Action: 'scheduler:CreateSchedule',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':scheduler:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              `:schedule/${groupName}/*`,
            ],
          ],
        },
      },
      {
        Sid: 'PassTheSchedulerRole',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: getAtt(schedulerRoleId),
        Condition: { StringEquals: { 'iam:PassedToService': SCHEDULER } },
      },
    ]);
  });

  test('may not send SMS itself: every reply goes through the dispatcher', () => {
    for (const overrides of [{}, { sendVia: 'sms-voice' as const }]) {
      const delayed = synth(overrides);
      const statements = JSON.stringify(
        roleStatements(delayed, roleOf(responderFunction(delayed))),
      );
      expect(statements).not.toContain('sns:Publish');
      expect(statements).not.toContain('sms-voice:');
    }
  });

  test('no other role may create schedules or pass the execution role (the dispatcher only with the waiting list)', () => {
    const withList = (t: Template) => [
      roleOf(responderFunction(t)),
      ...(t === template ? [roleOf(dispatcherFunction(t))] : []),
    ];
    for (const t of [template, synth({ waitingList: { enabled: false } })]) {
      const scheduling = withList(t);
      const policies = Object.values(t.findResources('AWS::IAM::Policy')) as CfnJson[];
      const elsewhere = policies
        .filter((policy) => !scheduling.includes(policy.Properties.Roles[0].Ref))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement as CfnJson[])
        .filter((statement) =>
          ([statement.Action].flat() as string[]).some(
            (action) => action.startsWith('scheduler:') || action === 'iam:PassRole',
          ),
        );
      // The custom resources' PassRole (channel role) only, never the scheduler's role.
      expect(JSON.stringify(elsewhere)).not.toContain(schedulerRoleId);
      expect(JSON.stringify(elsewhere)).not.toContain('scheduler:');
    }
  });
});

describe('dispatcher', () => {
  test('Node.js 22 on arm64, reserved concurrency and timeout from the config, own log group', () => {
    expect(dispatcherFunction(template).resource.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      ReservedConcurrentExecutions: 5,
      Timeout: 30,
      MemorySize: 256,
    });
    const logGroup = dispatcherFunction(template).resource.Properties.LoggingConfig.LogGroup.Ref;
    expect(logGroup).not.toBe(
      responderFunction(template).resource.Properties.LoggingConfig.LogGroup.Ref,
    );
    expect(template.toJSON().Resources[logGroup]).toMatchObject({
      Type: 'AWS::Logs::LogGroup',
      Properties: { RetentionInDays: 30 },
    });
    const custom = synth({ responder: { reservedConcurrency: 2, timeoutSeconds: 10 } });
    expect(dispatcherFunction(custom).resource.Properties).toMatchObject({
      ReservedConcurrentExecutions: 2,
      Timeout: 10,
    });
  });

  test('environment: the responder’s settings, the table and the HMAC secret’s ARN (never the secret)', () => {
    const variables = dispatcherFunction(template).resource.Properties.Environment.Variables;
    const noList = dispatcherFunction(synth({ waitingList: { enabled: false } }));
    expect(Object.keys(noList.resource.Properties.Environment.Variables).sort()).toEqual([
      'ANTIRELOU_SETTINGS',
      'NODE_OPTIONS',
      'SENDER_KEY_SECRET_ARN',
      'TABLE_NAME',
    ]);
    // The waiting list: where a waiting reply is scheduled again, as the responder schedules.
    expect(Object.keys(variables).sort()).toEqual([
      'ANTIRELOU_SETTINGS',
      'NODE_OPTIONS',
      'REPLY_SCHEDULER_ROLE_ARN',
      'REPLY_SCHEDULE_DLQ_ARN',
      'REPLY_SCHEDULE_GROUP',
      'SENDER_KEY_SECRET_ARN',
      'TABLE_NAME',
    ]);
    const responderVars = responderFunction(template).resource.Properties.Environment.Variables;
    for (const name of [
      'REPLY_SCHEDULER_ROLE_ARN',
      'REPLY_SCHEDULE_DLQ_ARN',
      'REPLY_SCHEDULE_GROUP',
    ]) {
      expect(variables[name]).toEqual(responderVars[name]);
    }
    expect(variables.TABLE_NAME).toEqual({ Ref: tableId });
    // The same secret as the responder's: the signature key is derived from it on both sides.
    expect(variables.SENDER_KEY_SECRET_ARN).toEqual({ Ref: secretId });
    expect(responderFunction(template).resource.Properties.Environment.Variables).toMatchObject({
      SENDER_KEY_SECRET_ARN: { Ref: secretId },
    });
    expect(JSON.stringify(variables)).not.toMatch(/SecretString|resolve:secretsmanager/);
    expect(variables.NODE_OPTIONS).toBe('--enable-source-maps');
    const responderVariables =
      responderFunction(template).resource.Properties.Environment.Variables;
    expect(parseJsonProperty(variables.ANTIRELOU_SETTINGS)).toEqual(
      parseJsonProperty(responderVariables.ANTIRELOU_SETTINGS),
    );
    expect(parseJsonProperty(variables.ANTIRELOU_SETTINGS)).toMatchObject({
      replyDelay: { minSeconds: 1200, maxSeconds: 1200 },
    });
  });

  test('async invocations: 2 retries, 6 hours at most, then its own dead-letter queue', () => {
    const configId = logicalId(template, 'AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: senderId },
    });
    expect(template.toJSON().Resources[configId].Properties).toMatchObject({
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 3600,
      DestinationConfig: { OnFailure: { Destination: getAtt(senderDlqId) } },
    });
    expect(senderDlqId).not.toBe(responderDlqId);
    expect(template.toJSON().Resources[senderDlqId]).toMatchObject({
      Type: 'AWS::SQS::Queue',
      Properties: { KmsMasterKeyId: getAtt(inboundKeyId), MessageRetentionPeriod: 4 * 86_400 },
    });
  });

  test('least privilege: its logs and dead letters, GetItem and UpdateItem, the table key, the HMAC secret, sending SMS', () => {
    const noList = synth({ waitingList: { enabled: false } });
    const role = roleOf(dispatcherFunction(noList));
    const roleProperties = noList.toJSON().Resources[role].Properties;
    expect(roleProperties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({ Principal: { Service: 'lambda.amazonaws.com' } }),
    ]);
    expect(roleProperties.ManagedPolicyArns).toBeUndefined();
    const statements = roleStatements(noList, role);
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
          Resource: [getAtt(tableId)],
        },
        expect.objectContaining({
          Effect: 'Allow',
          Action: expect.arrayContaining(['kms:Decrypt', 'kms:Encrypt']),
          Resource: getAtt(tableKeyId),
        }),
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: getAtt(senderDlqId) },
        {
          Effect: 'Allow',
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Resource: getAtt(inboundKeyId),
        },
        // Read only, this secret only (aws/secretsmanager: no KMS grant to add).
        {
          Effect: 'Allow',
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          Resource: { Ref: secretId },
        },
        { Sid: 'SendSmsToPhoneNumbers', Effect: 'Allow', Action: 'sns:Publish', Resource: '*' },
        expect.objectContaining({ Sid: 'NeverPublishToTopics', Effect: 'Deny' }),
      ]),
    );
    expect(allowedActions(role, noList)).toEqual([
      'dynamodb:GetItem',
      'dynamodb:UpdateItem',
      'kms:Decrypt', // the dead letters' key
      'kms:Decrypt', // the table's key, with the four below
      'kms:DescribeKey',
      'kms:Encrypt',
      'kms:GenerateDataKey',
      'kms:GenerateDataKey*',
      'kms:ReEncrypt*',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
      'sns:Publish',
      'sqs:SendMessage',
    ]);
    expect(JSON.stringify(statements)).not.toMatch(/scheduler|iam:|PutSecretValue|UpdateSecret/);
  });

  test('with the waiting list: CreateSchedule in the reply group and PassRole to the scheduler only, as the responder', () => {
    const sender = roleStatements(template, roleOf(dispatcherFunction(template)));
    const responder = roleStatements(template, roleOf(responderFunction(template)));
    const scheduling = (statements: CfnJson[]) =>
      statements.filter((statement) =>
        ['ScheduleDelayedReplies', 'PassTheSchedulerRole'].includes(statement.Sid),
      );
    expect(scheduling(sender)).toHaveLength(2);
    expect(scheduling(sender)).toEqual(scheduling(responder));
    expect(scheduling(sender)).toContainEqual(
      expect.objectContaining({
        Action: 'iam:PassRole',
        Resource: getAtt(schedulerRoleId),
        Condition: { StringEquals: { 'iam:PassedToService': SCHEDULER } },
      }),
    );
  });

  test('sms-voice: the SendTextMessage scope the responder has when replying at once, no SNS Publish', () => {
    const voice = synth({ sendVia: 'sms-voice' });
    const voiceAtOnce = synth({ sendVia: 'sms-voice', replyDelay: 0 });
    const sendText = (roleId: string) =>
      roleStatements(voice, roleId).filter(
        (statement) => statement.Sid === 'SendRepliesFromOurNumber',
      );
    const senderStatements = sendText(roleOf(dispatcherFunction(voice)));
    expect(senderStatements).toHaveLength(1);
    expect(senderStatements[0]).toMatchObject({
      Effect: 'Allow',
      Action: 'sms-voice:SendTextMessage',
    });
    expect(senderStatements).toEqual(
      roleStatements(voiceAtOnce, roleOf(responderFunction(voiceAtOnce))).filter(
        (statement) => statement.Sid === 'SendRepliesFromOurNumber',
      ),
    );
    // With the delay, the responder itself texts no one.
    expect(sendText(roleOf(responderFunction(voice)))).toEqual([]);
    expect(JSON.stringify(roleStatements(voice, roleOf(dispatcherFunction(voice))))).not.toContain(
      'sns:Publish',
    );
  });
});

describe('monitoring', () => {
  test('the dashboard charts scheduled, sent and cancelled replies', () => {
    const dashboard = only(template, 'AWS::CloudWatch::Dashboard').resource;
    const body = parseJsonProperty(dashboard.Properties.DashboardBody);
    const widget = (body.widgets as CfnJson[]).find(
      (w) => w.properties.title === 'Replies: scheduled, sent, cancelled (per 5 minutes)',
    );
    expect(widget).toBeDefined();
    const metrics = widget.properties.metrics as CfnJson[][];
    for (const name of [MetricName.RepliesScheduled, MetricName.Replies]) {
      expect(metrics).toContainEqual([
        METRICS_NAMESPACE,
        name,
        'service',
        METRICS_SERVICE,
        { stat: 'Sum' }, // every 5 minutes: the dashboard's default period
      ]);
    }
    expect(metrics).toContainEqual([
      expect.objectContaining({
        expression: `SEARCH('{${METRICS_NAMESPACE},Reason,service} MetricName="${MetricName.RepliesCancelled}"', 'Sum', 300)`,
      }),
    ]);
  });

  test('dead letters and sender errors raise alarms on the right queues and function', () => {
    const alarm = (props: object) => logicalId(template, 'AWS::CloudWatch::Alarm', props);
    for (const queueId of [scheduleDlqId, senderDlqId]) {
      expect(() =>
        alarm({
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: getAtt(queueId, 'QueueName') }],
        }),
      ).not.toThrow();
    }
    expect(() =>
      alarm({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: senderId } }],
      }),
    ).not.toThrow();
  });
});

describe('outputs', () => {
  test('the dispatcher, the schedule group and both dead-letter queues', () => {
    expect(template.toJSON().Outputs).toMatchObject({
      [StackOutput.DispatcherFunctionName]: { Value: { Ref: senderId } },
      [StackOutput.ScheduleGroupName]: { Value: groupName },
      [StackOutput.ScheduleDeadLetterQueueUrl]: { Value: { Ref: scheduleDlqId } },
      [StackOutput.DispatcherDeadLetterQueueUrl]: { Value: { Ref: senderDlqId } },
    });
  });
});

describe('replyDelay: 0 (replies at once)', () => {
  let immediate: Template;
  beforeAll(() => {
    immediate = synth({ replyDelay: 0 });
  });

  test('no schedule group, no scheduler role, no dispatcher', () => {
    expect(immediate.findResources('AWS::Scheduler::ScheduleGroup')).toEqual({});
    expect(
      immediate.findResources('AWS::IAM::Role', {
        Properties: {
          AssumeRolePolicyDocument: {
            Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: SCHEDULER } })]),
          },
        },
      }),
    ).toEqual({});
    expect(() => dispatcherFunction(immediate)).toThrow('found 0');
    expect(JSON.stringify(immediate.toJSON())).not.toMatch(/scheduler|REPLY_/i);
  });

  test('the responder has no scheduler environment or permission', () => {
    const responder = responderFunction(immediate);
    expect(Object.keys(responder.resource.Properties.Environment.Variables).sort()).toEqual([
      'ANTIRELOU_SETTINGS',
      'NODE_OPTIONS',
      'SENDER_KEY_SECRET_ARN',
      'TABLE_NAME',
    ]);
    const statements = JSON.stringify(roleStatements(immediate, roleOf(responder)));
    expect(statements).not.toContain('scheduler:');
    expect(statements).not.toContain('iam:PassRole');
    expect(
      parseJsonProperty(responder.resource.Properties.Environment.Variables.ANTIRELOU_SETTINGS),
    ).not.toHaveProperty('replyDelay');
  });

  test('no delay alarms, widget or outputs', () => {
    const body = JSON.stringify(only(immediate, 'AWS::CloudWatch::Dashboard').resource);
    expect(body).not.toContain(MetricName.RepliesScheduled);
    expect(body).not.toContain(MetricName.RepliesCancelled);
    const outputs = Object.keys(immediate.toJSON().Outputs as object);
    expect(outputs.sort()).toEqual(
      Object.values(StackOutput)
        .filter((key) => !DELAY_OUTPUTS.includes(key))
        // Only with an account backstop, which this test config does not ask for; and only with
        // receipts (sendVia "sms-voice").
        .filter((key) => key !== StackOutput.AccountSpendLimit)
        .filter((key) => key !== StackOutput.ConfigurationSetName)
        .filter((key) => key !== StackOutput.ReceiptsFunctionName)
        .sort(),
    );
    const alarms = JSON.stringify(immediate.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).not.toMatch(/Dead letters in (Schedule|Sender)|Dispatcher errors/);
  });
});
