/**
 * Issue 13, the stack side of going live: the SNS resource policy of a created number, the spend
 * alarm and the backstop on each send path, no Region baked into the template, and the rule that
 * stops a deploy of the placeholder number. Real synths (no bundling), assertions on properties.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AntirelouStack } from '../../lib/antirelou-stack';
import type { ConfigInput } from '../../lib/config';
import { loadConfigFile } from '../../lib/config';
import { PLACEHOLDER_PHONE_NUMBER_ID } from '../../lib/config/number-rules';
import { NUMBER_IS_CONFIGURED_RULE } from '../../lib/constructs/inbound-number';
import { SMS_SPEND_METRIC } from '../../lib/constructs/monitoring-metrics';
import type { CfnJson } from './synth';
import { expectProperties, only, synth, testApp } from './synth';

const EXISTING = { mode: 'existing', phoneNumberId: 'phone-0123456789abcdef' } as const;

/** A shipped config file's template, with no account or Region (as `cdk synth` offline). */
function shipped(file: string): Template {
  const app = testApp();
  return Template.fromStack(new AntirelouStack(app, 'Antirelou', { config: loadConfigFile(file) }));
}

/** A test config's template with no account or Region. */
function regionless(overrides: Partial<ConfigInput>): Template {
  const app = testApp();
  const config = loadConfigFile('config/rehearsal.json');
  return Template.fromStack(
    new AntirelouStack(app, 'Antirelou', { config: { ...config, ...overrides } as never }),
  );
}

describe('SNS may send from a created number (AWS::SMSVOICE::ResourcePolicy)', () => {
  test('sendVia sns: the SNS statement of AWS example policy, on the number, for this account', () => {
    const template = synth({ sendVia: 'sns' });
    const number = only(template, 'AWS::SMSVOICE::PhoneNumber').id;
    expectProperties(template, 'AWS::SMSVOICE::ResourcePolicy', {
      ResourceArn: { 'Fn::GetAtt': [number, 'Arn'] },
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'sns.amazonaws.com' },
            Action: 'sms-voice:SendTextMessage',
            Resource: { 'Fn::GetAtt': [number, 'Arn'] },
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          },
        ],
      },
    });
  });

  test.each<[string, Partial<ConfigInput>]>([
    ['sendVia sms-voice (the responder calls SendTextMessage itself)', { sendVia: 'sms-voice' }],
    ['an existing number (its policy is applied by hand)', { sendVia: 'sns', number: EXISTING }],
  ])('none for %s', (_name, overrides) => {
    expect(synth(overrides).findResources('AWS::SMSVOICE::ResourcePolicy')).toEqual({});
  });
});

describe('the spend alarm follows the send path', () => {
  test.each(['sns', 'sms-voice'] as const)('%s', (sendVia) => {
    const template = synth({ sendVia, alarms: { smsSpendUsd: 120 } });
    const { namespace, metricName } = SMS_SPEND_METRIC[sendVia];
    expectProperties(template, 'AWS::CloudWatch::Alarm', {
      Namespace: namespace,
      MetricName: metricName,
      Statistic: 'Maximum',
      // The account total: no dimension.
      Dimensions: Match.absent(),
      Threshold: 120,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'ignore',
      AlarmActions: [Match.anyValue()],
    });
    const other = sendVia === 'sns' ? SMS_SPEND_METRIC['sms-voice'] : SMS_SPEND_METRIC.sns;
    expect(JSON.stringify(template.toJSON())).not.toContain(other.metricName);
  });

  test('sms-voice: AWS/SMSVoice TextMessageMonthlySpend, also on the dashboard', () => {
    expect(SMS_SPEND_METRIC['sms-voice']).toMatchObject({
      namespace: 'AWS/SMSVoice',
      metricName: 'TextMessageMonthlySpend',
      statistic: 'Maximum',
    });
    const dashboard = only(synth({ sendVia: 'sms-voice' }), 'AWS::CloudWatch::Dashboard');
    expect(JSON.stringify(dashboard.resource.Properties.DashboardBody)).toContain(
      '\\"AWS/SMSVoice\\",\\"TextMessageMonthlySpend\\"',
    );
  });
});

describe('the account backstop follows the send path and never fails the deploy', () => {
  test.each<[string, string[]]>([
    ['sms-voice', ['sms-voice:DescribeSpendLimits', 'sms-voice:SetTextMessageSpendLimitOverride']],
    ['sns', ['sns:SetSMSAttributes']],
  ])('%s: its own handler, allowed only %j', (sendVia, actions) => {
    const template = synth({ sendVia: sendVia as never, accountMonthlySpendLimitUsd: 50 });
    expectProperties(template, 'Custom::AccountSmsSpendLimit', {
      SendVia: sendVia,
      MonthlySpendLimitUsd: 50,
    });
    expectProperties(template, 'AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'SetTheAccountSmsSpendLimit',
            Effect: 'Allow',
            Action: actions.length === 1 ? actions[0] : actions,
            Resource: '*',
          },
        ]),
      },
    });
    // Not an AwsCustomResource, whose failed call would roll the stack back.
    expect(template.findResources('Custom::AWS')).toEqual({});
  });

  test('what AWS did is a stack output: status and detail, never a failure', () => {
    const template = synth({ sendVia: 'sms-voice', accountMonthlySpendLimitUsd: 50 });
    const resource = Object.keys(template.findResources('Custom::AccountSmsSpendLimit'))[0]!;
    expect(template.toJSON().Outputs.AccountSpendLimit.Value).toEqual({
      'Fn::Join': [
        ': ',
        [{ 'Fn::GetAtt': [resource, 'Status'] }, { 'Fn::GetAtt': [resource, 'Detail'] }],
      ],
    });
  });
});

describe('no Region baked into the template (none configured)', () => {
  const REGION_NAME = /\b(?:us|eu|ap|sa|ca|me|af|il|mx|cn)-(?:[a-z]+-)+\d\b/;

  test.each<[string, () => Template]>([
    ['the shipped config', () => shipped('config/antirelou.json')],
    ['the rehearsal', () => shipped('config/rehearsal.json')],
    ['a created number sent through SNS', () => regionless({ sendVia: 'sns' })],
  ])('%s: no Region name anywhere', (_name, template) => {
    expect(JSON.stringify(template().toJSON())).not.toMatch(REGION_NAME);
  });

  test("the topic's and the key's sms-voice source ARN is built on AWS::Region", () => {
    const template = shipped('config/rehearsal.json');
    const sourceArn = {
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':sms-voice:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':*',
        ],
      ],
    };
    const fromSms = Match.objectLike({
      Principal: { Service: 'sms-voice.amazonaws.com' },
      Condition: Match.objectLike({ ArnLike: { 'aws:SourceArn': sourceArn } }),
    });
    expectProperties(template, 'AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([fromSms]) },
    });
    expectProperties(template, 'AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([fromSms]) },
    });
  });
});

describe('the placeholder number: synth works, deploy stops before anything is created', () => {
  test('the shipped config carries the rule: false in every Region, with what to do', () => {
    const rules = shipped('config/antirelou.json').toJSON().Rules as Record<string, CfnJson>;
    expect(rules[NUMBER_IS_CONFIGURED_RULE]).toEqual({
      Assertions: [
        {
          Assert: {
            'Fn::Equals': [{ Ref: 'AWS::Region' }, `no-region-${PLACEHOLDER_PHONE_NUMBER_ID}`],
          },
          AssertDescription: expect.stringContaining(
            `number.phoneNumberId is the placeholder "${PLACEHOLDER_PHONE_NUMBER_ID}"`,
          ),
        },
      ],
    });
    expect(rules[NUMBER_IS_CONFIGURED_RULE].Assertions[0].AssertDescription).toContain(
      'France needs a short code from AWS Support',
    );
  });

  test.each<[string, Partial<ConfigInput>]>([
    ['a real existing number', { number: EXISTING }],
    ['a created number', {}],
  ])('no rule for %s', (_name, overrides) => {
    expect(Object.keys(synth(overrides).toJSON().Rules ?? {})).not.toContain(
      NUMBER_IS_CONFIGURED_RULE,
    );
  });
});
