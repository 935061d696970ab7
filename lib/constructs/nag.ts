/**
 * cdk-nag acknowledgements live next to the code they excuse, each with its reason, so that the
 * nag test (and anyone running cdk-nag on the app) sees the same decisions.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { IConstruct } from 'constructs';

/**
 * The validation plugin name cdk-nag's AwsSolutions pack reports under; an id without it would
 * be recorded as an annotation acknowledgement.
 */
const NAG_PLUGIN_PREFIX = 'AwsSolutions::';

/** Acknowledges one cdk-nag AwsSolutions finding on a construct, with the reason for it. */
export function acknowledgeNag(
  scope: IConstruct,
  id: `AwsSolutions-${string}`,
  reason: string,
): void {
  Validations.of(scope).acknowledge({ id: `${NAG_PLUGIN_PREFIX}${id}`, reason });
}

/**
 * The Lambda that runs every `AwsCustomResource` of a stack is a CDK-managed singleton; its role
 * has the AWS-managed basic execution policy (logs only). The calls it makes are scoped by each
 * custom resource's own policy.
 */
export function acknowledgeCustomResourceProvider(scope: IConstruct): void {
  const stack = Stack.of(scope);
  const provider = stack.node.tryFindChild(
    `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`,
  );
  if (provider === undefined) return;
  acknowledgeNag(
    provider,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    "The CDK's AwsCustomResource provider: the managed policy only lets it write its own logs; " +
      'the SDK calls it makes are scoped by each custom resource policy.',
  );
}
