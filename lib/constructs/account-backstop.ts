import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeCustomResourceProvider, acknowledgeNag } from './nag';

/** Properties of {@link AccountBackstop}. */
export interface AccountBackstopProps {
  /** The account's SNS SMS `MonthlySpendLimit`, whole USD. */
  readonly monthlySpendLimitUsd: number;
}

/**
 * The last backstop: the account's SNS SMS `MonthlySpendLimit`, set with `SetSMSAttributes`.
 * SNS stops sending only minutes after the limit is crossed, and says nothing to the sender
 * when it does, so the responder's own budget is the real stop; this only bounds a disaster
 * (a bug, another sender in the account).
 * https://docs.aws.amazon.com/sns/latest/api/API_SetSMSAttributes.html
 *
 * The limit is an account setting: deleting the stack leaves it as it was last set.
 */
export class AccountBackstop extends Construct {
  readonly resource: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: AccountBackstopProps) {
    super(scope, id);
    if (!Number.isInteger(props.monthlySpendLimitUsd) || props.monthlySpendLimitUsd <= 0) {
      throw new Error(
        'AccountBackstop: monthlySpendLimitUsd must be a whole number of USD above 0',
      );
    }
    const setLimit: cr.AwsSdkCall = {
      service: 'SNS',
      action: 'SetSMSAttributes',
      parameters: { attributes: { MonthlySpendLimit: String(props.monthlySpendLimitUsd) } },
      physicalResourceId: cr.PhysicalResourceId.of('sms-monthly-spend-limit'),
    };
    this.resource = new cr.AwsCustomResource(this, 'MonthlySpendLimit', {
      onCreate: setLimit,
      onUpdate: setLimit,
      installLatestAwsSdk: false,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          // An account-level setting: the action has no resource type to scope it to.
          actions: ['sns:SetSMSAttributes'],
          resources: ['*'],
        }),
      ]),
    });
    acknowledgeNag(
      this.resource,
      'AwsSolutions-IAM5[Resource::*]',
      'SetSMSAttributes changes an account setting (MonthlySpendLimit) and has no resource to scope it to.',
    );
    acknowledgeCustomResourceProvider(this);
  }
}
