import * as path from 'node:path';
import { CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { SendVia } from '../config/stack-defaults';
import { acknowledgeNag } from './nag';

/** The custom resource's handler: `lambda/account-backstop.ts`. */
export const ACCOUNT_BACKSTOP_ENTRY = path.join(
  __dirname,
  '..',
  '..',
  'lambda',
  'account-backstop.ts',
);

/**
 * The calls of each send path. All act on account settings, with no resource type to scope them
 * to (hence `*`): End User Messaging `DescribeSpendLimits` and `SetTextMessageSpendLimitOverride`
 * (botocore pinpoint-sms-voice-v2 model), SNS `SetSMSAttributes`.
 */
export const BACKSTOP_ACTIONS: Readonly<Record<SendVia, readonly string[]>> = {
  'sms-voice': ['sms-voice:DescribeSpendLimits', 'sms-voice:SetTextMessageSpendLimitOverride'],
  sns: ['sns:SetSMSAttributes'],
};

/** Logs of a deploy-time function: a month covers the deploy and its review. */
const LOG_RETENTION = logs.RetentionDays.ONE_MONTH;

/** Properties of {@link AccountBackstop}. */
export interface AccountBackstopProps {
  /** The account's monthly SMS spend limit to set, whole USD. */
  readonly monthlySpendLimitUsd: number;
  /**
   * The send path whose limit is set: End User Messaging's text spend limit (`sms-voice`) or
   * SNS's `MonthlySpendLimit` (`sns`).
   * @default 'sns'
   */
  readonly sendVia?: SendVia;
}

/**
 * The last backstop: AWS's own monthly SMS spend limit on the stack's send path. AWS stops
 * sending only minutes after a limit is crossed, so the responder's budget is the real stop; this
 * only bounds a disaster (a bug, another sender in the account).
 *
 * It never rolls a deploy back: its handler validates first (End User Messaging's `MaxLimit`),
 * and a refusal is reported, not failed: `status` and `detail` (stack output `AccountSpendLimit`)
 * and a warning in the function's log. See `lambda/account-backstop.ts`.
 */
export class AccountBackstop extends Construct {
  readonly resource: CustomResource;
  /** `SET`, `REFUSED`, `FAILED`: what AWS did with the limit. */
  readonly status: string;
  /** What happened, and what to do about a refusal. */
  readonly detail: string;

  constructor(scope: Construct, id: string, props: AccountBackstopProps) {
    super(scope, id);
    if (!Number.isInteger(props.monthlySpendLimitUsd) || props.monthlySpendLimitUsd <= 0) {
      throw new Error(
        'AccountBackstop: monthlySpendLimitUsd must be a whole number of USD above 0',
      );
    }
    const sendVia = props.sendVia ?? 'sns';
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.createHandler(sendVia),
      logGroup: new logs.LogGroup(this, 'ProviderLogs', {
        retention: LOG_RETENTION,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    this.resource = new CustomResource(this, 'MonthlySpendLimit', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::AccountSmsSpendLimit',
      properties: { SendVia: sendVia, MonthlySpendLimitUsd: props.monthlySpendLimitUsd },
    });
    this.status = this.resource.getAttString('Status');
    this.detail = this.resource.getAttString('Detail');
    acknowledgeProviderFramework(provider, provider.onEventHandler);
  }

  private createHandler(sendVia: SendVia): lambda.IFunction {
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, 'Role', {
      description: "antirelou: sets the account's monthly SMS spend limit at deploy time",
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    logGroup.grantWrite(role);
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'SetTheAccountSmsSpendLimit',
        actions: [...BACKSTOP_ACTIONS[sendVia]],
        resources: ['*'],
      }),
    );
    acknowledgeNag(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'The SMS spend limit is an account setting (End User Messaging DescribeSpendLimits and ' +
        'SetTextMessageSpendLimitOverride, SNS SetSMSAttributes): no resource to scope it to.',
    );
    const fn = new nodejs.NodejsFunction(this, 'Function', {
      description: "antirelou account backstop: the account's monthly SMS spend limit",
      entry: ACCOUNT_BACKSTOP_ENTRY,
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: Duration.seconds(30),
      role,
      logGroup,
      bundling: { minify: true, target: 'node22', externalModules: ['@aws-sdk/*'] },
    });
    acknowledgeNag(
      fn,
      'AwsSolutions-L1',
      "Pinned to Node.js 22 on purpose, as the stack's other functions: move to a newer " +
        'runtime deliberately, with the tests.',
    );
    return fn;
  }
}

/** The CDK's custom resource provider framework: its own function, role and policy. */
function acknowledgeProviderFramework(provider: cr.Provider, handler: lambda.IFunction): void {
  const framework = provider.node.findChild('framework-onEvent');
  const handlerId = Stack.of(handler).getLogicalId(handler.node.defaultChild as lambda.CfnFunction);
  acknowledgeNag(
    framework,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    "The CDK's custom resource provider framework: the managed policy only lets it write its " +
      'own logs; the call it makes (invoking the backstop handler) is scoped by its own policy.',
  );
  acknowledgeNag(
    framework,
    `AwsSolutions-IAM5[Resource::<${handlerId}.Arn>:*]`,
    "The CDK's provider framework invokes the backstop handler, any version of it: the " +
      'wildcard is the version qualifier of that one function.',
  );
  acknowledgeNag(
    framework,
    'AwsSolutions-L1',
    "The CDK's provider framework function: its runtime is the one aws-cdk-lib pins.",
  );
}
