import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledgeNag } from './nag';

/**
 * 64 alphanumeric characters: about 380 bits (the functions refuse fewer than 16,
 * `MIN_SECRET_LENGTH` in lambda/sender-key.ts).
 */
const SENDER_KEY_LENGTH = 64;

/**
 * The principal tag of the break-glass step: only a principal (a role or user, or a session) that
 * carries this tag with the value `true` may change, rotate or delete the HMAC secret. Tag keys
 * may contain `:` (IAM `Tag.Key` pattern `[\p{L}\p{Z}\p{N}_.:/=+\-@]+`,
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_Tag.html, read 2026-11-29). See the
 * README, "The HMAC secret: break glass".
 */
export const BREAK_GLASS_TAG = 'antirelou:break-glass';

/**
 * What the guard denies (names from the Service Authorization Reference, "Actions, resources, and
 * condition keys for AWS Secrets Manager",
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html,
 * read 2026-11-29), each a way to make the key that hashed every stored number disappear:
 * - `PutSecretValue`: a new version, and AWSCURRENT moves to it;
 * - `UpdateSecret`: a new value (or another KMS key, or a new description: the template's
 *   properties are frozen too; see the README);
 * - `UpdateSecretVersionStage`: moves AWSCURRENT to another version, i.e. another key;
 * - `RotateSecret`: starts a rotation (or sets one up);
 * - `DeleteSecret`: CloudFormation never calls it, the secret being retained (a test holds both
 *   together), so only a person could.
 * Not denied: `CancelRotateSecret` (it stops a rotation, which can only help),
 * `PutResourcePolicy` and `DeleteResourcePolicy` (CloudFormation creates, changes and deletes
 * this very policy with them; the root user's break-glass is to delete it), reads, tags,
 * replication.
 */
export const SENDER_KEY_FROZEN_ACTIONS = [
  'secretsmanager:PutSecretValue',
  'secretsmanager:UpdateSecret',
  'secretsmanager:UpdateSecretVersionStage',
  'secretsmanager:RotateSecret',
  'secretsmanager:DeleteSecret',
] as const;

/** Properties of {@link SenderKey}. */
export interface SenderKeyProps {
  /**
   * The CloudFormation logical id to keep for the secret. A new logical id is a new secret, a new
   * random key, and every opt-out, window and block in the table forgotten: a stack that moves
   * the construct must pin the id the secret was first deployed under.
   * @default the id the CDK derives from the construct path
   */
  readonly logicalId?: string;
}

/**
 * The HMAC key phone numbers are hashed with before they reach the table, in Secrets Manager
 * (only its ARN ever reaches an environment). It must never change: every opt-out, window and
 * block is keyed by it, so a new key silently texts again everyone who sent STOP. Hence:
 * retained with the table when the stack is deleted or the secret replaced, and a resource
 * policy (retained with it) that denies every way of changing or deleting it to every principal,
 * CloudFormation included, except a principal tagged {@link BREAK_GLASS_TAG} = `true`.
 */
export class SenderKey extends Construct {
  /** The secret: a 64-character random string, no rotation, never rewritten. */
  readonly secret: secretsmanager.Secret;
  /** Its resource policy, with the deny that freezes it. */
  readonly guard: secretsmanager.ResourcePolicy;

  constructor(scope: Construct, id: string, props: SenderKeyProps = {}) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Resource', {
      description:
        'antirelou: HMAC key of the phone numbers in the table. Never rotate or delete it: ' +
        'opt-outs and windows are keyed by it.',
      generateSecretString: { passwordLength: SENDER_KEY_LENGTH, excludePunctuation: true },
      // Without it the retained table's opt-outs could no longer be matched to anyone. RETAIN is
      // the DeletionPolicy and the UpdateReplacePolicy: "CloudFormation keeps the resource
      // without deleting the resource or its contents when its stack is deleted"
      // (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html,
      // read 2026-11-29), so CloudFormation never calls DeleteSecret, which the guard denies.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (props.logicalId !== undefined) {
      (this.secret.node.defaultChild as secretsmanager.CfnSecret).overrideLogicalId(
        props.logicalId,
      );
    }

    // An explicit deny in a resource-based policy wins over every allow ("If a statement in any
    // policy with an explicit deny matches the request action and resource: The explicit deny
    // overrides everything else and blocks the action",
    // https://docs.aws.amazon.com/secretsmanager/latest/userguide/determine-acccess_examine-iam-policies.html),
    // the root user included: only implicit denies spare it ("all requests are implicitly denied
    // with the exception of the AWS account root user", and the deny evaluation covers
    // resource-based policies,
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html).
    // A negated operator on an absent key is true ("If the policy condition requires that the
    // key is not matched [...] and the right key is not present, the condition is true",
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html),
    // so an untagged principal, the root user (no tags), AWS services and CloudFormation (which
    // calls Secrets Manager with the deploying role) are all denied.
    // aws:PrincipalTag comes from the tags of the role or user, or from session tags
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html). All read 2026-11-29.
    const { policyDependable } = this.secret.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'TheSenderKeyNeverChanges',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: [...SENDER_KEY_FROZEN_ACTIONS],
        resources: ['*'],
        conditions: { StringNotEquals: { [`aws:PrincipalTag/${BREAK_GLASS_TAG}`]: 'true' } },
      }),
    );
    if (!(policyDependable instanceof secretsmanager.ResourcePolicy)) {
      throw new Error('SenderKey: the secret did not create its resource policy');
    }
    this.guard = policyDependable;
    // Kept with the secret: a retained secret without its guard could be rewritten by anyone.
    this.guard.applyRemovalPolicy(RemovalPolicy.RETAIN);

    acknowledgeNag(
      this.secret,
      'AwsSolutions-SMG4',
      'The HMAC key of phone numbers must never change: every opt-out, window and block in the ' +
        'table is keyed by it, and a rotated key would forget them (people who sent STOP would be texted again).',
    );
  }
}
