/**
 * Issue 16, receipts in the stack: the configuration set and its SNS event destination, the
 * topic only End User Messaging SMS may publish to for that set, the receipts function and its
 * grants, replies sent with the set, the PriceDrift alarm and the dashboard's billed chart.
 */
import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import { StackOutput } from '../../lib/antirelou-stack';
import { MetricName } from '../../lambda/metric-names';
import {
  dispatcherFunction,
  only,
  parseJsonProperty,
  receiptsFunction,
  responderFunction,
  roleOf,
  roleStatements,
  synth,
} from './synth';
import type { CfnJson } from './synth';

/** The configuration set's ARN as the template writes it. */
const setArn = (name: string): CfnJson => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      `:sms-voice:eu-west-3:123456789012:configuration-set/${name}`,
    ],
  ],
});

let template: Template;
beforeAll(() => {
  template = synth({ sendVia: 'sms-voice', alarms: { priceDriftPercent: 15 } });
});

const settingsOf = (fn: { resource: CfnJson }): Record<string, CfnJson> =>
  parseJsonProperty(fn.resource.Properties.Environment.Variables.ANTIRELOU_SETTINGS);

test('a configuration set whose one event destination sends every text event to the topic', () => {
  const set = only(template, 'AWS::SMSVOICE::ConfigurationSet').resource;
  const topicId = Object.keys(
    template.findResources('AWS::SNS::Topic', {
      Properties: { DisplayName: 'antirelou receipts of replies' },
    }),
  )[0];
  expect(set.Properties).toEqual({
    ConfigurationSetName: expect.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
    EventDestinations: [
      {
        EventDestinationName: 'receipts',
        Enabled: true,
        MatchingEventTypes: ['TEXT_ALL'],
        SnsDestination: { TopicArn: { Ref: topicId } },
      },
    ],
  });
  // After the topic's policy, so that the destination can be checked when it is made.
  expect(set.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/TopicPolicy/)]));
});

test('only End User Messaging SMS, for this configuration set, may publish receipts', () => {
  const policies = template.findResources('AWS::SNS::TopicPolicy');
  const statements = Object.values(policies)
    .flatMap((p: CfnJson) => p.Properties.PolicyDocument.Statement as CfnJson[])
    .filter((st) => String(st.Sid).endsWith('Receipts'));
  expect(statements).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        Sid: 'EndUserMessagingSmsMayPublishReceipts',
        Effect: 'Allow',
        Principal: { Service: 'sms-voice.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: {
          StringEquals: { 'aws:SourceAccount': '123456789012' },
          ArnLike: { 'aws:SourceArn': expect.objectContaining({ 'Fn::Join': expect.anything() }) },
        },
      }),
      expect.objectContaining({
        Sid: 'OnlyTheSmsServiceMayPublishReceipts',
        Effect: 'Deny',
        Condition: { StringNotEquals: { 'aws:PrincipalServiceName': 'sms-voice.amazonaws.com' } },
      }),
    ]),
  );
  // Encrypted with the key whose policy lets the SMS service use it.
  template.hasResourceProperties('AWS::SNS::Topic', {
    DisplayName: 'antirelou receipts of replies',
    KmsMasterKeyId: Match.anyValue(),
  });
});

test('the receipts function: its settings, two table calls, the secret, nothing to send with', () => {
  const fn = receiptsFunction(template);
  const settings = settingsOf(fn);
  expect(settings.receipts).toEqual({ perUsd: 1, maxPriceFactor: 2 });
  const statements = JSON.stringify(roleStatements(template, roleOf(fn)));
  expect(statements).toContain('"dynamodb:GetItem"');
  expect(statements).toContain('"dynamodb:UpdateItem"');
  expect(statements).not.toMatch(/dynamodb:(PutItem|Query|Scan|DeleteItem|BatchWriteItem)/);
  expect(statements).not.toMatch(/sms-voice:SendTextMessage|sns:Publish"/);
  expect(statements).toContain('secretsmanager:GetSecretValue');
  expect(fn.resource.Properties.ReservedConcurrentExecutions).toBe(2);
  template.hasResourceProperties('AWS::SNS::Subscription', {
    Protocol: 'lambda',
    Endpoint: { 'Fn::GetAtt': [fn.id, 'Arn'] },
    RedrivePolicy: Match.anyValue(),
  });
});

test('replies are sent with the configuration set, and may name it', () => {
  const setName = only(template, 'AWS::SMSVOICE::ConfigurationSet').resource.Properties
    .ConfigurationSetName as string;
  const atOnce = synth({ sendVia: 'sms-voice', replyDelay: 0 });
  // With the safety delay the dispatcher sends; without, the responder.
  for (const [t, fn] of [
    [template, dispatcherFunction(template)],
    [atOnce, responderFunction(atOnce)],
  ] as const) {
    expect(settingsOf(fn).configurationSetName).toBe(setName);
    expect(settingsOf(fn).receipts).toBeDefined();
    const send = roleStatements(t, roleOf(fn)).find((st) => st.Sid === 'SendRepliesFromOurNumber');
    expect(send.Resource).toEqual(expect.arrayContaining([setArn(setName)]));
  }
  expect(settingsOf(responderFunction(template)).configurationSetName).toBe(setName);
});

test('no receipts with SNS, with a configuration set of the config, or when turned off', () => {
  for (const overrides of [
    {},
    { sendVia: 'sms-voice' as const, configurationSetName: 'ours' },
    { sendVia: 'sms-voice' as const, receipts: { enabled: false } },
  ]) {
    const t = synth(overrides);
    expect(t.findResources('AWS::SMSVOICE::ConfigurationSet')).toEqual({});
    expect(() => receiptsFunction(t)).toThrow('found 0');
    expect(settingsOf(responderFunction(t)).receipts).toBeUndefined();
    expect(Object.keys(t.toJSON().Outputs)).not.toContain(StackOutput.ReceiptsFunctionName);
  }
});

test('the PriceDrift alarm: billed above estimated over a day, beyond the configured share', () => {
  const alarms = template.findResources('AWS::CloudWatch::Alarm');
  const drift = Object.values(alarms).find((a: CfnJson) =>
    String(a.Properties.AlarmDescription).startsWith('Price drift'),
  ) as CfnJson;
  expect(drift.Properties).toMatchObject({
    Threshold: 15,
    ComparisonOperator: 'GreaterThanThreshold',
    EvaluationPeriods: 1,
    TreatMissingData: 'notBreaching',
  });
  expect(drift.Properties.AlarmDescription).toContain('update `prices` in the config');
  const metrics = drift.Properties.Metrics as CfnJson[];
  expect(metrics.find((m) => m.Expression)?.Expression).toBe(
    '100 * (billed - estimated) / estimated',
  );
  for (const name of [MetricName.BilledMicros, MetricName.EstimatedMicros]) {
    const metric = metrics.find((m) => m.MetricStat?.Metric.MetricName === name);
    expect(metric.MetricStat).toMatchObject({ Period: 86_400, Stat: 'Sum' });
  }
  expect(JSON.stringify(alarms)).toContain('Receipts errors');
});

test('the dashboard charts billed and estimated', () => {
  const body = JSON.stringify(only(template, 'AWS::CloudWatch::Dashboard').resource);
  expect(body).toContain(MetricName.BilledMicros);
  expect(body).toContain(MetricName.EstimatedMicros);
  expect(body).toContain('Receipted replies: billed and estimated');
});
