import { Aws, CfnRule, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as smsvoice from 'aws-cdk-lib/aws-smsvoice';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { IDependable } from 'constructs';
import { Construct } from 'constructs';
import { PLACEHOLDER_PHONE_NUMBER_ID } from '../config/number-rules';
import type { AntirelouConfig } from '../config/schema';
import { SMS_VOICE_PRINCIPAL } from './inbound-topic';
import { acknowledgeCustomResourceProvider } from './nag';

/** Properties of {@link InboundNumber}. */
export interface InboundNumberProps {
  /** The `number` section of the config: create one, or use an existing number or pool. */
  readonly number: AntirelouConfig['number'];
  /** Our number in E.164 as configured; used as is for an existing number. */
  readonly configuredOriginationNumber: string;
  /** The HELP keyword message CloudFormation requires on a created number. */
  readonly helpMessage: string;
  /** Where the number publishes inbound SMS. */
  readonly topic: sns.ITopic;
  /** The role End User Messaging SMS assumes to publish to {@link topic}. */
  readonly channelRole: iam.IRole;
  /**
   * What must exist before two-way is pointed at the topic (its policy, the role's policy).
   * @default none
   */
  readonly dependsOn?: IDependable;
  /**
   * Replies go through SNS `Publish` (`sendVia: "sns"`): a created number gets the resource
   * policy SNS needs to send from it. An existing number needs it applied by hand
   * (docs/deploy.md, "An existing number and SNS").
   * @default false
   */
  readonly shareWithSns?: boolean;
}

/** The logical id of the rule that stops a deploy of the placeholder number. */
export const NUMBER_IS_CONFIGURED_RULE = 'NumberIsConfigured';

/**
 * What SNS needs to send from a number: the SNS statement of AWS's "Example policy for sharing a
 * phone number with Amazon Pinpoint and Amazon SNS", as is (docs/aws-facts.md §2:
 * https://docs.aws.amazon.com/sms-voice/latest/userguide/shared-resources.html#sharing-policy-example-phone-number,
 * read 2026-11-29). "After September 24, 2024, all new Origination identities must have
 * permission through resource policies" (AWS Messaging blog, "A Guide to the New Resource
 * Policies for SMS Origination Identities"), "even if you are using the same AWS account"
 * (https://docs.aws.amazon.com/sns/latest/dg/channels-sms-awssupport-long-code.html).
 */
export function snsSendingPolicy(phoneNumberArn: string, account: string): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sms-voice:SendTextMessage',
        Resource: phoneNumberArn,
        Condition: { StringEquals: { 'aws:SourceAccount': account } },
      },
    ],
  };
}

const NUMBER_CAPABILITIES = ['SMS'];

/**
 * The public number, two-way to the inbound topic, with self-managed opt-outs (the responder
 * answers HELP and honours STOP itself, so AWS must not answer too: see the README, "Who answers
 * STOP and HELP").
 *
 * - `create`: an `AWS::SMSVOICE::PhoneNumber` and its opt-out list. CloudFormation cannot
 *   register a number; a country that requires registration needs it done in the console.
 * - `existing`: a custom resource calls `UpdatePhoneNumber` (or `UpdatePool`) to point two-way at
 *   the topic and to turn self-managed opt-outs on; on stack deletion it turns both off again,
 *   so that AWS answers STOP by itself once the responder is gone.
 */
export class InboundNumber extends Construct {
  /** `phone-…` (or `pool-…`) id. */
  readonly phoneNumberId: string;
  /** The number's (or pool's) ARN: the `OriginationIdentity` and the IAM resource for sends. */
  readonly phoneNumberArn: string;
  /** Our number in E.164: the destination of inbound SMS and the origination of replies. */
  readonly originationNumber: string;
  /** True when the origination identity is a pool. */
  readonly isPool: boolean;
  /** The created number (`create` mode only). */
  readonly cfnPhoneNumber?: smsvoice.CfnPhoneNumber;
  /** The policy that lets SNS send from the created number (`shareWithSns` only). */
  readonly snsPolicy?: smsvoice.CfnResourcePolicy;

  constructor(scope: Construct, id: string, props: InboundNumberProps) {
    super(scope, id);
    const { number } = props;
    if (number.mode === 'create') {
      const phone = createPhoneNumber(this, number, props);
      this.cfnPhoneNumber = phone;
      this.isPool = false;
      this.phoneNumberId = phone.attrPhoneNumberId;
      this.phoneNumberArn = phone.attrArn;
      this.originationNumber = phone.attrPhoneNumber;
      if (props.shareWithSns === true) {
        this.snsPolicy = new smsvoice.CfnResourcePolicy(this, 'SnsMaySend', {
          resourceArn: phone.attrArn,
          policyDocument: snsSendingPolicy(phone.attrArn, Stack.of(this).account),
        });
      }
      return;
    }
    if (number.phoneNumberId === PLACEHOLDER_PHONE_NUMBER_ID) stopDeployOfPlaceholder(this);

    const identity = existingIdentity(Stack.of(this), number.phoneNumberId);
    this.isPool = identity.isPool;
    this.phoneNumberId = identity.phoneNumberId;
    this.phoneNumberArn = identity.phoneNumberArn;
    this.originationNumber = props.configuredOriginationNumber;
    pointTwoWayAtTopic(this, identity, props);
    acknowledgeCustomResourceProvider(this);
  }
}

/** A number's or pool's id, ARN and kind. */
interface NumberIdentity {
  readonly phoneNumberId: string;
  readonly phoneNumberArn: string;
  readonly isPool: boolean;
}

/** A created number, two-way to the topic, with its own opt-out list. */
function createPhoneNumber(
  scope: Construct,
  number: Extract<AntirelouConfig['number'], { mode: 'create' }>,
  props: InboundNumberProps,
): smsvoice.CfnPhoneNumber {
  const removalPolicy = number.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  const optOutList = new smsvoice.CfnOptOutList(scope, 'OptOutList', {});
  // Deleting the list while a retained number still uses it would fail the stack's deletion.
  optOutList.applyRemovalPolicy(removalPolicy);
  const phone = new smsvoice.CfnPhoneNumber(scope, 'Resource', {
    isoCountryCode: number.isoCountryCode,
    numberType: number.numberType,
    numberCapabilities: NUMBER_CAPABILITIES,
    mandatoryKeywords: {
      help: { message: props.helpMessage },
      stop: { message: number.keywords.stop },
    },
    optOutListName: optOutList.ref,
    selfManagedOptOutsEnabled: true,
    twoWay: {
      enabled: true,
      channelArn: props.topic.topicArn,
      channelRole: props.channelRole.roleArn,
    },
    deletionProtectionEnabled: number.deletionProtection,
  });
  // The number is what people were given: losing it with the stack would be the real outage.
  phone.applyRemovalPolicy(removalPolicy);
  if (props.dependsOn) phone.node.addDependency(props.dependsOn);
  return phone;
}

/** An existing number or pool, from the id or ARN configured. */
function existingIdentity(stack: Stack, given: string): NumberIdentity {
  const isArn = given.startsWith('arn:');
  const isPool = isArn ? given.includes(':pool/') : given.startsWith('pool-');
  return {
    isPool,
    // The schema only lets through `arn:…:phone-number/phone-…` and `arn:…:pool/pool-…`.
    phoneNumberId: isArn ? given.slice(given.lastIndexOf('/') + 1) : given,
    phoneNumberArn: isArn
      ? given
      : stack.formatArn({
          service: 'sms-voice',
          resource: isPool ? 'pool' : 'phone-number',
          resourceName: given,
        }),
  };
}

/**
 * A custom resource that points an existing number's two-way at the topic with self-managed
 * opt-outs, and turns both off when the stack is deleted.
 */
function pointTwoWayAtTopic(
  scope: Construct,
  identity: NumberIdentity,
  props: InboundNumberProps,
): void {
  const action = identity.isPool ? 'UpdatePool' : 'UpdatePhoneNumber';
  const idParameter = identity.isPool ? 'PoolId' : 'PhoneNumberId';
  const twoWay = (enabled: boolean): cr.AwsSdkCall => ({
    service: 'PinpointSMSVoiceV2',
    action,
    parameters: enabled
      ? {
          // The ARN works for shared numbers too, where an id does not.
          [idParameter]: identity.phoneNumberArn,
          TwoWayEnabled: true,
          TwoWayChannelArn: props.topic.topicArn,
          TwoWayChannelRole: props.channelRole.roleArn,
          SelfManagedOptOutsEnabled: true,
        }
      : {
          [idParameter]: identity.phoneNumberArn,
          TwoWayEnabled: false,
          SelfManagedOptOutsEnabled: false,
        },
    physicalResourceId: cr.PhysicalResourceId.of(`${identity.phoneNumberId}-two-way`),
  });
  const resource = new cr.AwsCustomResource(scope, 'TwoWay', {
    onCreate: twoWay(true),
    onUpdate: twoWay(true),
    onDelete: twoWay(false),
    installLatestAwsSdk: false,
    policy: cr.AwsCustomResourcePolicy.fromStatements([
      new iam.PolicyStatement({
        actions: [`sms-voice:${action}`],
        resources: [identity.phoneNumberArn],
      }),
      // UpdatePhoneNumber passes the channel role to the SMS service.
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [props.channelRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': SMS_VOICE_PRINCIPAL } },
      }),
    ]),
  });
  if (props.dependsOn) resource.node.addDependency(props.dependsOn);
}

/**
 * Makes CloudFormation refuse the template before it creates anything: a config whose number is
 * still the placeholder synthesizes (offline synth, tests), but cannot deploy. CloudFormation
 * evaluates `Rules` "before CloudFormation creates or updates any resources"
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/rules-section-structure.html,
 * read 2026-11-29) and shows a false assertion's `AssertDescription`. AWS documents rules on
 * parameters; a rule on the `AWS::Region` pseudo parameter alone is known to stop a deployment
 * with its description (aws-samples/amazon-cloudfront-secure-static-site, pull request 50,
 * January 2022), while cfn-lint flags a comparison of two constants (W8003). No Region has this
 * name, so the assertion is false wherever the stack goes.
 */
function stopDeployOfPlaceholder(scope: Construct): void {
  const rule = new CfnRule(scope, 'IsConfigured', {
    assertions: [
      {
        assert: Fn.conditionEquals(Aws.REGION, `no-region-${PLACEHOLDER_PHONE_NUMBER_ID}`),
        assertDescription:
          `antirelou: number.phoneNumberId is the placeholder "${PLACEHOLDER_PHONE_NUMBER_ID}", ` +
          'so there is no number to deploy and nothing was created. France needs a short code ' +
          'from AWS Support (docs/number-france.md, docs/deploy.md "Go live"); once it is in the ' +
          'account, set number.phoneNumberId and originationNumber, run npx antirelou preflight, ' +
          'then deploy again.',
      },
    ],
  });
  rule.overrideLogicalId(NUMBER_IS_CONFIGURED_RULE);
}
