/**
 * The stack with an existing number or pool (no `AWS::SMSVOICE::PhoneNumber`: a custom resource
 * points two-way at the topic), and with the second way of sending (`sendVia: "sms-voice"`).
 */
import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
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
} from './synth';

const PHONE_ID = 'phone-0123456789abcdef0123456789abcdef';
const POOL_ID = 'pool-0123456789abcdef0123456789abcdef';
const ORIGINATION = '+33700000000';
const PHONE_ARN = `arn:aws:sms-voice:${REGION}:${ACCOUNT}:phone-number/${PHONE_ID}`;

const arnOf = (resource: string, id: string) => ({
  'Fn::Join': [
    '',
    ['arn:', { Ref: 'AWS::Partition' }, `:sms-voice:${REGION}:${ACCOUNT}:${resource}/${id}`],
  ],
});
const renderedArnOf = (resource: string, id: string) =>
  `arn:{{AWS::Partition}}:sms-voice:${REGION}:${ACCOUNT}:${resource}/${id}`;

function ids(template: Template) {
  return {
    topicId: logicalId(template, 'AWS::SNS::Topic', { DisplayName: 'antirelou inbound SMS' }),
    channelRoleId: logicalId(template, 'AWS::IAM::Role', {
      Description: Match.stringLikeRegexp('publish inbound SMS'),
    }),
  };
}

describe('existing phone number', () => {
  let template: Template;
  beforeAll(() => {
    template = synth({ number: { mode: 'existing', phoneNumberId: PHONE_ID } });
  });

  test('creates no number, no opt-out list', () => {
    expect(template.findResources('AWS::SMSVOICE::PhoneNumber')).toEqual({});
    expect(template.findResources('AWS::SMSVOICE::OptOutList')).toEqual({});
  });

  test('UpdatePhoneNumber points two-way at the topic, with self-managed opt-outs; deletion undoes both', () => {
    const { topicId, channelRoleId } = ids(template);
    const target = renderedArnOf('phone-number', PHONE_ID);
    expect(customResourceCalls(template)).toEqual([
      {
        Create: {
          service: 'PinpointSMSVoiceV2',
          action: 'UpdatePhoneNumber',
          parameters: {
            PhoneNumberId: target,
            TwoWayEnabled: true,
            TwoWayChannelArn: `{{${topicId}}}`,
            TwoWayChannelRole: `{{${channelRoleId}.Arn}}`,
            SelfManagedOptOutsEnabled: true,
          },
          physicalResourceId: { id: `${PHONE_ID}-two-way` },
        },
        Update: expect.objectContaining({
          action: 'UpdatePhoneNumber',
          parameters: expect.objectContaining({ TwoWayChannelArn: `{{${topicId}}}` }),
        }),
        Delete: {
          service: 'PinpointSMSVoiceV2',
          action: 'UpdatePhoneNumber',
          parameters: {
            PhoneNumberId: target,
            TwoWayEnabled: false,
            SelfManagedOptOutsEnabled: false,
          },
          physicalResourceId: { id: `${PHONE_ID}-two-way` },
        },
      },
    ]);
  });

  test('the custom resource may update this number and pass the channel role to the SMS service only', () => {
    const { channelRoleId } = ids(template);
    expectProperties(template, 'AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sms-voice:UpdatePhoneNumber',
            Resource: arnOf('phone-number', PHONE_ID),
          },
          {
            Effect: 'Allow',
            Action: 'iam:PassRole',
            Resource: { 'Fn::GetAtt': [channelRoleId, 'Arn'] },
            Condition: { StringEquals: { 'iam:PassedToService': 'sms-voice.amazonaws.com' } },
          },
        ],
      },
    });
  });

  test('runs after the topic policy and the channel role exist', () => {
    const { topicId, channelRoleId } = ids(template);
    const customId = Object.keys(template.findResources('Custom::AWS'))[0]!;
    const custom = template.toJSON().Resources[customId];
    // The topic and the role by reference, their policies by DependsOn (nothing redundant).
    expect(customResourceCalls(template)[0]?.Create).toMatchObject({
      parameters: {
        TwoWayChannelArn: `{{${topicId}}}`,
        TwoWayChannelRole: `{{${channelRoleId}.Arn}}`,
      },
    });
    expect(custom.DependsOn).toEqual(
      expect.arrayContaining([
        logicalId(template, 'AWS::SNS::TopicPolicy', { Topics: [{ Ref: topicId }] }),
        logicalId(template, 'AWS::IAM::Policy', { Roles: [{ Ref: channelRoleId }] }),
      ]),
    );
    expect(custom.DependsOn).not.toContain(topicId);
  });

  test('the responder answers the configured number; outputs name the given number', () => {
    expect(responderSettings(template)).toMatchObject({
      originationNumber: ORIGINATION,
      sendVia: 'sns',
    });
    expect(template.toJSON().Outputs).toMatchObject({
      PhoneNumberId: { Value: PHONE_ID },
      PhoneNumberArn: { Value: arnOf('phone-number', PHONE_ID) },
      OriginationNumber: { Value: ORIGINATION },
    });
  });
});

describe('existing number given by ARN, and pools', () => {
  test('an ARN is used as is (shared numbers need it)', () => {
    const template = synth({ number: { mode: 'existing', phoneNumberId: PHONE_ARN } });
    expect(customResourceCalls(template)[0]?.Create.parameters.PhoneNumberId).toBe(PHONE_ARN);
    expect(template.toJSON().Outputs).toMatchObject({
      PhoneNumberId: { Value: PHONE_ID },
      PhoneNumberArn: { Value: PHONE_ARN },
    });
  });

  test('a pool is updated with UpdatePool', () => {
    const template = synth({ number: { mode: 'existing', phoneNumberId: POOL_ID } });
    const [calls] = customResourceCalls(template);
    expect(calls?.Create).toMatchObject({
      action: 'UpdatePool',
      parameters: {
        PoolId: renderedArnOf('pool', POOL_ID),
        TwoWayEnabled: true,
        SelfManagedOptOutsEnabled: true,
      },
    });
    expect(calls?.Delete).toMatchObject({ action: 'UpdatePool' });
    expectProperties(template, 'AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Effect: 'Allow', Action: 'sms-voice:UpdatePool', Resource: arnOf('pool', POOL_ID) },
        ]),
      },
    });
  });
});

describe('sendVia "sms-voice"', () => {
  let template: Template;
  let protectId: string;
  beforeAll(() => {
    template = synth({
      number: { mode: 'existing', phoneNumberId: PHONE_ID },
      sendVia: 'sms-voice',
      configurationSetName: 'antirelou-events',
    });
    protectId = only(template, 'AWS::SMSVOICE::ProtectConfiguration').id;
  });

  test('settings: origination identity = the number ARN, the protect configuration, the configuration set', () => {
    expect(responderSettings(template)).toMatchObject({
      sendVia: 'sms-voice',
      originationNumber: ORIGINATION,
      originationIdentity: renderedArnOf('phone-number', PHONE_ID),
      protectConfigurationId: `{{${protectId}.ProtectConfigurationId}}`,
      configurationSetName: 'antirelou-events',
      maxPriceUsd: 0.5,
    });
  });

  test.each([
    ['the dispatcher, with the safety delay', {}, dispatcherFunction],
    ['the responder, replying at once', { replyDelay: 0 }, responderFunction],
  ] as const)(
    'IAM: %s may SendTextMessage from the number, with the protect configuration and the configuration set only; no SNS Publish',
    (_who, overrides, sendingFunction) => {
      const sending =
        Object.keys(overrides).length === 0
          ? template
          : synth({
              number: { mode: 'existing', phoneNumberId: PHONE_ID },
              sendVia: 'sms-voice',
              configurationSetName: 'antirelou-events',
              ...overrides,
            });
      const role = roleOf(sendingFunction(sending));
      expectProperties(sending, 'AWS::IAM::Policy', {
        Roles: [{ Ref: role }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Sid: 'SendRepliesFromOurNumber',
              Effect: 'Allow',
              Action: 'sms-voice:SendTextMessage',
              Resource: [
                arnOf('phone-number', PHONE_ID),
                { 'Fn::GetAtt': [only(sending, 'AWS::SMSVOICE::ProtectConfiguration').id, 'Arn'] },
                arnOf('configuration-set', 'antirelou-events'),
              ],
            },
          ]),
        },
      });
      expect(JSON.stringify(roleStatements(sending, role))).not.toContain('sns:Publish');
    },
  );

  test('with a created number, the identity is the new number’s ARN', () => {
    const created = synth({ sendVia: 'sms-voice' });
    const numberId = only(created, 'AWS::SMSVOICE::PhoneNumber').id;
    expect(responderSettings(created)).toMatchObject({
      originationIdentity: `{{${numberId}.Arn}}`,
      originationNumber: `{{${numberId}.PhoneNumber}}`,
    });
  });

  test('outputs say how replies are sent', () => {
    expect(template.toJSON().Outputs.SendVia).toMatchObject({ Value: 'sms-voice' });
  });
});
