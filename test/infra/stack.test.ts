/**
 * The stack with a created number (the default config, plus an alarm e-mail and the account
 * backstop): every resource and property the issue asks for, asserted on the template.
 */
import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import { StackOutput } from '../../lib/antirelou-stack';
import { DEFAULT_HELP } from '../../lib/config/defaults';
import { DEFAULT_STOP_MESSAGE } from '../../lib/config/stack-defaults';
import { TTL_ATTRIBUTE } from '../../lambda/adapters/table-keys';
import {
  ACCOUNT,
  REGION,
  customResourceCalls,
  logicalId,
  only,
  responderFunction,
  responderSettings,
  roleOf,
  roleStatements,
  dispatcherFunction,
  synth,
  expectProperties,
  expectResource,
} from './synth';
import type { CfnJson } from './synth';

const SMS_VOICE = 'sms-voice.amazonaws.com';
/** Issue 14, defect 9: dead letters hold numbers and bodies, kept 4 days (alarm on the first). */
const DEAD_LETTER_RETENTION_SECONDS = 4 * 86_400;
const SMS_VOICE_SOURCE_ARN = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:sms-voice:${REGION}:${ACCOUNT}:*`]],
};

let template: Template;
let topicId: string;
let channelRoleId: string;
let inboundKeyId: string;
let inboundDlqId: string;
let responderDlqId: string;
let tableId: string;
let tableKeyId: string;
let secretId: string;
let functionId: string;
let numberId: string;
let alarmTopicId: string;

beforeAll(() => {
  template = synth({ alarmEmail: 'oncall@example.org', accountMonthlySpendLimitUsd: 200 });
  topicId = logicalId(template, 'AWS::SNS::Topic', { DisplayName: 'antirelou inbound SMS' });
  alarmTopicId = logicalId(template, 'AWS::SNS::Topic', { DisplayName: 'antirelou alarms' });
  channelRoleId = logicalId(template, 'AWS::IAM::Role', {
    Description: Match.stringLikeRegexp('assumes it to publish inbound SMS'),
  });
  inboundKeyId = logicalId(template, 'AWS::KMS::Key', {
    Description: Match.stringLikeRegexp('inbound SMS'),
  });
  tableKeyId = logicalId(template, 'AWS::KMS::Key', {
    Description: Match.stringLikeRegexp('responder table'),
  });
  const subscriptionId = logicalId(template, 'AWS::SNS::Subscription', { Protocol: 'lambda' });
  inboundDlqId =
    template.toJSON().Resources[subscriptionId].Properties.RedrivePolicy.deadLetterTargetArn[
      'Fn::GetAtt'
    ][0];
  tableId = only(template, 'AWS::DynamoDB::Table').id;
  secretId = only(template, 'AWS::SecretsManager::Secret').id;
  functionId = responderFunction(template).id;
  const invokeConfigId = logicalId(template, 'AWS::Lambda::EventInvokeConfig', {
    FunctionName: { Ref: functionId },
  });
  responderDlqId =
    template.toJSON().Resources[invokeConfigId].Properties.DestinationConfig.OnFailure.Destination[
      'Fn::GetAtt'
    ][0];
  numberId = only(template, 'AWS::SMSVOICE::PhoneNumber').id;
});

describe('inbound number (create)', () => {
  test('a two-way SMS long code in France, to the inbound topic through the channel role', () => {
    expectProperties(template, 'AWS::SMSVOICE::PhoneNumber', {
      IsoCountryCode: 'FR',
      NumberType: 'LONG_CODE',
      NumberCapabilities: ['SMS'],
      TwoWay: {
        Enabled: true,
        ChannelArn: { Ref: topicId },
        ChannelRole: { 'Fn::GetAtt': [channelRoleId, 'Arn'] },
      },
      DeletionProtectionEnabled: true,
    });
  });

  test('self-managed opt-outs: the responder answers HELP and STOP, AWS does not', () => {
    expectProperties(template, 'AWS::SMSVOICE::PhoneNumber', {
      SelfManagedOptOutsEnabled: true,
      // Required by CloudFormation; filled from the config's texts.
      MandatoryKeywords: {
        HELP: { Message: DEFAULT_HELP },
        STOP: { Message: DEFAULT_STOP_MESSAGE },
      },
    });
  });

  test('its own opt-out list, both retained with the number', () => {
    const listId = only(template, 'AWS::SMSVOICE::OptOutList').id;
    expectResource(template, 'AWS::SMSVOICE::PhoneNumber', {
      Properties: { OptOutListName: { Ref: listId } },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expectResource(template, 'AWS::SMSVOICE::OptOutList', { DeletionPolicy: 'Retain' });
  });

  test('is created after the topic, its policy and the channel role can take its messages', () => {
    const number = template.toJSON().Resources[numberId];
    // The topic and the role by reference (the topic after its key, which it names)...
    expect(number.Properties.TwoWay).toEqual({
      Enabled: true,
      ChannelArn: { Ref: topicId },
      ChannelRole: { 'Fn::GetAtt': [channelRoleId, 'Arn'] },
    });
    expect(template.toJSON().Resources[topicId].Properties.KmsMasterKeyId).toEqual({
      'Fn::GetAtt': [inboundKeyId, 'Arn'],
    });
    // ...their policies by DependsOn, and nothing redundant (cfn-lint W3005).
    expect([...(number.DependsOn as string[])].sort()).toEqual(
      [
        logicalId(template, 'AWS::SNS::TopicPolicy', { Topics: [{ Ref: topicId }] }),
        logicalId(template, 'AWS::IAM::Policy', { Roles: [{ Ref: channelRoleId }] }),
      ].sort(),
    );
  });

  test('keyword messages and number type come from the config', () => {
    const custom = synth({
      number: {
        mode: 'create',
        isoCountryCode: 'US',
        numberType: 'TOLL_FREE',
        deletionProtection: false,
        keywords: { help: 'Auto-reply line. Reply STOP to opt out.', stop: 'You are opted out.' },
      },
    });
    expectResource(custom, 'AWS::SMSVOICE::PhoneNumber', {
      Properties: {
        IsoCountryCode: 'US',
        NumberType: 'TOLL_FREE',
        DeletionProtectionEnabled: false,
        MandatoryKeywords: {
          HELP: { Message: 'Auto-reply line. Reply STOP to opt out.' },
          STOP: { Message: 'You are opted out.' },
        },
      },
      DeletionPolicy: 'Delete',
    });
  });
});

describe('protect configuration', () => {
  test('allows the allow-list and blocks every other country', () => {
    const rules = only(template, 'AWS::SMSVOICE::ProtectConfiguration').resource.Properties
      .CountryRuleSet.SMS as { CountryCode: string; ProtectStatus: string }[];
    expect(rules.filter((r) => r.ProtectStatus === 'ALLOW')).toEqual([
      { CountryCode: 'FR', ProtectStatus: 'ALLOW' },
    ]);
    expect(rules).toEqual(
      expect.arrayContaining([
        { CountryCode: 'US', ProtectStatus: 'BLOCK' },
        { CountryCode: 'BE', ProtectStatus: 'BLOCK' },
        // Premium-rate pumping favourites.
        { CountryCode: 'LV', ProtectStatus: 'BLOCK' },
        { CountryCode: 'UZ', ProtectStatus: 'BLOCK' },
      ]),
    );
    expect(rules.length).toBeGreaterThan(200);
    expect(rules.length).toBeLessThanOrEqual(300); // the API's maximum
    expect(new Set(rules.map((r) => r.CountryCode)).size).toBe(rules.length);
  });

  test('follows the allow-list', () => {
    const rules = only(
      synth({ allowedCountries: ['FR', 'BE'], prices: { FR: 0.075, BE: 0.09 } }),
      'AWS::SMSVOICE::ProtectConfiguration',
    ).resource.Properties.CountryRuleSet.SMS as { CountryCode: string; ProtectStatus: string }[];
    expect(rules.filter((r) => r.ProtectStatus === 'ALLOW').map((r) => r.CountryCode)).toEqual([
      'BE',
      'FR',
    ]);
  });

  test('is not made the account default unless asked', () => {
    expect(JSON.stringify(template.toJSON())).not.toContain(
      'SetAccountDefaultProtectConfiguration',
    );
    const withDefault = synth({ protectConfigurationAccountDefault: true });
    const protectId = only(withDefault, 'AWS::SMSVOICE::ProtectConfiguration').id;
    expect(customResourceCalls(withDefault)).toEqual([
      {
        Create: expect.objectContaining({
          service: 'PinpointSMSVoiceV2',
          action: 'SetAccountDefaultProtectConfiguration',
          parameters: { ProtectConfigurationId: `{{${protectId}.ProtectConfigurationId}}` },
        }),
        Update: expect.objectContaining({ action: 'SetAccountDefaultProtectConfiguration' }),
        Delete: expect.objectContaining({ action: 'DeleteAccountDefaultProtectConfiguration' }),
      },
    ]);
    expectProperties(withDefault, 'AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sms-voice:SetAccountDefaultProtectConfiguration',
            Resource: { 'Fn::GetAtt': [protectId, 'Arn'] },
          },
          {
            Effect: 'Allow',
            Action: 'sms-voice:DeleteAccountDefaultProtectConfiguration',
            Resource: '*',
          },
        ],
      },
    });
  });
});

describe('inbound topic', () => {
  test('encrypted with a customer-managed key that End User Messaging SMS may use', () => {
    expectProperties(template, 'AWS::SNS::Topic', {
      DisplayName: 'antirelou inbound SMS',
      KmsMasterKeyId: { 'Fn::GetAtt': [inboundKeyId, 'Arn'] },
    });
    expectProperties(template, 'AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('inbound SMS'),
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowEndUserMessagingSmsToPublishInbound',
            Effect: 'Allow',
            Principal: { Service: SMS_VOICE },
            Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
            Resource: '*',
            Condition: {
              StringEquals: { 'aws:SourceAccount': ACCOUNT },
              ArnLike: { 'aws:SourceArn': SMS_VOICE_SOURCE_ARN },
            },
          },
        ]),
      },
    });
  });

  test('only the SMS service may publish, with aws:SourceAccount and aws:SourceArn, over TLS', () => {
    expectProperties(template, 'AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          {
            Sid: 'EndUserMessagingSmsMayPublish',
            Effect: 'Allow',
            Principal: { Service: SMS_VOICE },
            Action: 'sns:Publish',
            Resource: { Ref: topicId },
            Condition: {
              StringEquals: { 'aws:SourceAccount': ACCOUNT },
              ArnLike: { 'aws:SourceArn': SMS_VOICE_SOURCE_ARN },
            },
          },
          {
            Sid: 'OnlyTheSmsServiceMayPublish',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'sns:Publish',
            Resource: { Ref: topicId },
            Condition: {
              StringNotEquals: { 'aws:PrincipalServiceName': SMS_VOICE },
              ArnNotEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': [channelRoleId, 'Arn'] } },
            },
          },
        ]),
      },
    });
  });

  test('the channel role: assumed by the SMS service of this account, publishes to this topic only', () => {
    expectProperties(template, 'AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: SMS_VOICE },
            Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
          },
        ],
      },
      Description: Match.stringLikeRegexp('publish inbound SMS'),
    });
    expectProperties(template, 'AWS::IAM::Policy', {
      Roles: [{ Ref: channelRoleId }],
      PolicyDocument: {
        Statement: [
          {
            Sid: 'PublishInboundSms',
            Effect: 'Allow',
            Action: 'sns:Publish',
            Resource: { Ref: topicId },
            Condition: { StringEquals: { 'aws:ResourceAccount': ACCOUNT } },
          },
          {
            Sid: 'UseTheTopicKeyThroughSns',
            Effect: 'Allow',
            Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
            Resource: { 'Fn::GetAtt': [inboundKeyId, 'Arn'] },
            Condition: {
              StringEquals: {
                'kms:EncryptionContext:aws:sns:topicArn': { Ref: topicId },
                'aws:CalledViaLast': 'sns.amazonaws.com',
              },
            },
          },
        ],
      },
    });
  });

  test('the responder subscription redrives to an encrypted, TLS-only dead-letter queue', () => {
    expectProperties(template, 'AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: topicId },
      Endpoint: { 'Fn::GetAtt': [functionId, 'Arn'] },
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [inboundDlqId, 'Arn'] } },
    });
    for (const queueId of [inboundDlqId, responderDlqId]) {
      expect(template.toJSON().Resources[queueId].Properties).toEqual({
        KmsMasterKeyId: { 'Fn::GetAtt': [inboundKeyId, 'Arn'] },
        MessageRetentionPeriod: DEAD_LETTER_RETENTION_SECONDS,
      });
      expectProperties(template, 'AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
    // SNS may send to its dead-letter queue, from this topic only.
    expectProperties(template, 'AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: inboundDlqId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Principal: { Service: 'sns.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': { Ref: topicId } } },
          }),
        ]),
      },
    });
  });
});

describe('table', () => {
  test('on demand, pk/sk, TTL on expiresAt, point-in-time recovery, its own KMS key', () => {
    expectProperties(template, 'AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [tableKeyId, 'Arn'] },
      },
      DeletionProtectionEnabled: true,
    });
  });

  test('the HMAC secret keeps the logical id it was first deployed under: a new one would be a new key', () => {
    expect(secretId).toBe('ResponderSenderKey8CDAB075');
  });

  test('the table, its key and the HMAC secret outlive the stack', () => {
    for (const id of [tableId, tableKeyId, secretId]) {
      expect(template.toJSON().Resources[id]).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    }
  });
});

describe('dead letters (issue 14, defect 9: numbers and bodies under AWS-owned keys for 14 days)', () => {
  const keyArn = () => ({ 'Fn::GetAtt': [inboundKeyId, 'Arn'] });

  test('every dead-letter queue: the inbound customer-managed key, kept 4 days, TLS only', () => {
    // The default config has the safety delay: the subscription's, the responder's, the
    // schedules' and the dispatcher's queues, and no other queue.
    const queues = template.findResources('AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(4);
    for (const [queueId, queue] of Object.entries<CfnJson>(queues)) {
      expect(queue.Properties).toEqual({
        KmsMasterKeyId: keyArn(),
        MessageRetentionPeriod: DEAD_LETTER_RETENTION_SECONDS,
      });
      expectProperties(template, 'AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  test('SNS may use the key for the subscription dead letters, from this account’s topics only', () => {
    expectProperties(template, 'AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('inbound SMS'),
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowSnsToSendDeadLettersOfInbound',
            Effect: 'Allow',
            Principal: { Service: 'sns.amazonaws.com' },
            Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
            Resource: '*',
            Condition: {
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': [
                    '',
                    ['arn:', { Ref: 'AWS::Partition' }, `:sns:${REGION}:${ACCOUNT}:*`],
                  ],
                },
              },
            },
          },
        ]),
      },
    });
  });

  test('each other producer may encrypt to it with its own role: the two functions, the scheduler', () => {
    const schedulerRole = logicalId(template, 'AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })],
      },
    });
    const producers = [
      roleOf(responderFunction(template)),
      roleOf(dispatcherFunction(template)),
      schedulerRole,
    ];
    for (const role of producers) {
      const onTheKey = roleStatements(template, role).filter(
        (statement) => JSON.stringify(statement.Resource) === JSON.stringify(keyArn()),
      );
      // kms:GenerateDataKey and kms:Decrypt, as the SQS guide asks of a producer; nothing else.
      expect(onTheKey).toEqual([
        expect.objectContaining({
          Effect: 'Allow',
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        }),
      ]);
    }
  });
});

describe('HMAC secret (issue 14, defect 11: a rotation or an overwrite forgets every STOP)', () => {
  let guard: CfnJson;
  beforeAll(() => {
    guard = only(template, 'AWS::SecretsManager::ResourcePolicy').resource;
  });

  test('a resource policy denies overwriting, rotating or deleting it to anyone without the break-glass tag', () => {
    expect(guard.Properties).toEqual({
      SecretId: { Ref: secretId },
      ResourcePolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'TheSenderKeyNeverChanges',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: [
              'secretsmanager:PutSecretValue',
              'secretsmanager:UpdateSecret',
              'secretsmanager:UpdateSecretVersionStage',
              'secretsmanager:RotateSecret',
              'secretsmanager:DeleteSecret',
            ],
            Resource: '*',
            Condition: { StringNotEquals: { 'aws:PrincipalTag/antirelou:break-glass': 'true' } },
          },
        ],
      },
    });
  });

  test('CloudFormation can still manage the policy, and never deletes the secret it denies deleting', () => {
    const denied = JSON.stringify(guard.Properties.ResourcePolicy);
    // The stack's own updates (PutResourcePolicy) and the root user's break-glass.
    expect(denied).not.toMatch(/ResourcePolicy|GetSecretValue|DescribeSecret/);
    // DeleteSecret is denied only because the secret, and its guard, are retained.
    for (const resource of [template.toJSON().Resources[secretId], guard]) {
      expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
    expect(template.findResources('AWS::SecretsManager::RotationSchedule')).toEqual({});
  });
});

describe('responder', () => {
  test('Node.js 22 on arm64, reserved concurrency and timeout from the config', () => {
    expect(responderFunction(template).resource.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      ReservedConcurrentExecutions: 5,
      Timeout: 30,
      MemorySize: 256,
      LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
    });
    const custom = synth({ responder: { reservedConcurrency: 2, timeoutSeconds: 10 } });
    expect(responderFunction(custom).resource.Properties).toMatchObject({
      ReservedConcurrentExecutions: 2,
      Timeout: 10,
    });
  });

  test('async invocations: 2 retries, 6 hours at most, then the on-failure dead-letter queue', () => {
    expectProperties(template, 'AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 3600,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [responderDlqId, 'Arn'] } },
      },
    });
  });

  test('environment: settings, table name and the secret ARN, never the secret itself', () => {
    const variables = responderFunction(template).resource.Properties.Environment
      .Variables as Record<string, unknown>;
    expect(variables).toMatchObject({
      ANTIRELOU_SETTINGS: expect.anything(),
      TABLE_NAME: { Ref: tableId },
      SENDER_KEY_SECRET_ARN: { Ref: secretId },
      NODE_OPTIONS: '--enable-source-maps',
    });
    expectProperties(template, 'AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
    });
    // The default config has the safety delay: the scheduler's four (reply-delay.test.ts).
    expect(Object.keys(variables).sort()).toEqual([
      'ANTIRELOU_SETTINGS',
      'DISPATCHER_ARN',
      'NODE_OPTIONS',
      'REPLY_SCHEDULER_ROLE_ARN',
      'REPLY_SCHEDULE_DLQ_ARN',
      'REPLY_SCHEDULE_GROUP',
      'SENDER_KEY_SECRET_ARN',
      'TABLE_NAME',
    ]);
    expect(JSON.stringify(variables)).not.toMatch(/SecretString|resolve:secretsmanager/);
  });

  test('settings: the config resolved, the number AWS assigns, the inbound topic, sns', () => {
    expect(responderSettings(template)).toMatchObject({
      originationNumber: `{{${numberId}.PhoneNumber}}`,
      inboundTopicArn: `{{${topicId}}}`,
      sendVia: 'sns',
      budget: { hourMicros: 5_000_000, dayMicros: 40_000_000, monthMicros: 300_000_000 },
      segmentPriceMicros: { FR: 75_000 },
      maxPriceUsd: 0.5,
      allowedCountries: ['FR'],
      senderWindowSeconds: 30 * 86_400,
      reply: { default: { encoding: 'GSM-7', segments: 2 } },
    });
  });

  test('least privilege: its logs, three table calls, its key, its secret, its dead letters', () => {
    const role = roleOf(responderFunction(template));
    expectProperties(template, 'AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      },
      ManagedPolicyArns: Match.absent(),
    });
    expectProperties(template, 'AWS::IAM::Policy', {
      Roles: [{ Ref: role }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: Match.anyValue(),
          },
          {
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Resource: { 'Fn::GetAtt': [responderDlqId, 'Arn'] },
          },
          {
            Effect: 'Allow',
            Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
            Resource: { 'Fn::GetAtt': [inboundKeyId, 'Arn'] },
          },
          {
            Effect: 'Allow',
            Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
            Resource: [{ 'Fn::GetAtt': [tableId, 'Arn'] }],
          },
          Match.objectLike({
            Effect: 'Allow',
            Action: Match.arrayWith(['kms:Decrypt', 'kms:Encrypt']),
            Resource: { 'Fn::GetAtt': [tableKeyId, 'Arn'] },
          }),
          {
            Effect: 'Allow',
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            Resource: { Ref: secretId },
          },
        ]),
      },
    });
  });

  test.each([
    ['the responder, replying at once', { replyDelay: 0 }, responderFunction],
    ['the dispatcher, with the safety delay', {}, dispatcherFunction],
  ] as const)(
    'sns: %s may Publish on "*" (phone numbers), paired with a Deny on every topic; no End User Messaging',
    (_who, overrides, sendingFunction) => {
      const sending = synth(overrides);
      expectProperties(sending, 'AWS::IAM::Policy', {
        Roles: [{ Ref: roleOf(sendingFunction(sending)) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Sid: 'SendSmsToPhoneNumbers',
              Effect: 'Allow',
              Action: 'sns:Publish',
              Resource: '*',
            },
            {
              Sid: 'NeverPublishToTopics',
              Effect: 'Deny',
              Action: 'sns:Publish',
              Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:*:*:*']] },
            },
          ]),
        },
      });
      expect(JSON.stringify(sending.findResources('AWS::IAM::Policy'))).not.toContain(
        'sms-voice:SendTextMessage',
      );
    },
  );
});

describe('account backstop (its failure mode: test/infra/go-live.test.ts)', () => {
  test("sends SNS's MonthlySpendLimit to its own handler, which may call SetSMSAttributes only", () => {
    expectProperties(template, 'Custom::AccountSmsSpendLimit', {
      SendVia: 'sns',
      MonthlySpendLimitUsd: 200,
    });
    expectProperties(template, 'AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'SetTheAccountSmsSpendLimit',
            Effect: 'Allow',
            Action: 'sns:SetSMSAttributes',
            Resource: '*',
          },
        ]),
      },
    });
  });

  test('is optional', () => {
    expect(synth().findResources('Custom::AccountSmsSpendLimit')).toEqual({});
  });
});

describe('outputs', () => {
  test('everything the maintainers CLI needs, under stable keys', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    // The receipts' outputs come with sendVia "sms-voice" only (test/infra/receipts.test.ts).
    const receiptsOutputs: string[] = [
      StackOutput.ConfigurationSetName,
      StackOutput.ReceiptsFunctionName,
    ];
    expect(Object.keys(outputs).sort()).toEqual(
      Object.values(StackOutput)
        .filter((key) => !receiptsOutputs.includes(key))
        .sort(),
    );
    expect(outputs).toMatchObject({
      TableName: { Value: { Ref: tableId } },
      InboundTopicArn: { Value: { Ref: topicId } },
      AlarmTopicArn: { Value: { Ref: alarmTopicId } },
      PhoneNumberId: { Value: { 'Fn::GetAtt': [numberId, 'PhoneNumberId'] } },
      PhoneNumberArn: { Value: { 'Fn::GetAtt': [numberId, 'Arn'] } },
      OriginationNumber: { Value: { 'Fn::GetAtt': [numberId, 'PhoneNumber'] } },
      SenderKeySecretArn: { Value: { Ref: secretId } },
      ResponderFunctionName: { Value: { Ref: functionId } },
      InboundDeadLetterQueueUrl: { Value: { Ref: inboundDlqId } },
      ResponderDeadLetterQueueUrl: { Value: { Ref: responderDlqId } },
      SendVia: { Value: 'sns' },
      StackName: { Value: 'Antirelou' },
      DashboardName: { Value: expect.anything() },
    });
    expect(JSON.stringify(outputs.DashboardUrl?.Value)).toContain(
      'console.aws.amazon.com/cloudwatch/home?region=',
    );
  });
});
