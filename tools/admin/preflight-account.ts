/**
 * The account-wide items of `preflight`: who and where the credentials are, whether CDK can
 * deploy there (its bootstrap stack), and whether Lambda has room for the stack's reserved
 * concurrency. Read-only calls: STS GetCallerIdentity, CloudFormation DescribeStacks, Lambda
 * GetAccountSettings.
 */
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetAccountSettingsCommand } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AntirelouConfig } from '../../lib/config/schema';
import type { AwsClients } from './aws-clients';
import type { Check } from './checks';
import { AwsCallError, call, fail, ok } from './checks';

/** Where the credentials point: the account and region every other item is checked in. */
export interface Account {
  readonly id: string;
  readonly region: string;
}

/**
 * CDK's bootstrap stack (https://docs.aws.amazon.com/cdk/v2/guide/ref-cli-cmd-bootstrap.html),
 * its default qualifier and the oldest version aws-cdk-lib 2.276's default synthesizer deploys
 * with (`MIN_BOOTSTRAP_STACK_VERSION`, `core/lib/stack-synthesizers/default-synthesizer.js`).
 */
export const BOOTSTRAP = {
  stackName: 'CDKToolkit',
  qualifier: 'hnb659fds',
  minVersion: 6,
  /** The template's output and parameter (`bootstrap-template.yaml` of the aws-cdk CLI). */
  versionOutput: 'BootstrapVersion',
  qualifierParameter: 'Qualifier',
} as const;

/**
 * `PutFunctionConcurrency`: "you can reserve concurrency for as many functions as you like, as
 * long as you leave at least 100 simultaneous executions unreserved" (botocore Lambda model).
 */
export const UNRESERVED_MINIMUM = 100;

/** Region and credentials: STS GetCallerIdentity. */
export async function credentialsCheck(
  clients: AwsClients,
): Promise<{ check: Check; account?: Account }> {
  const item = 'region and credentials';
  const region = await call('sts:GetCallerIdentity', () => clients.region());
  const identity = await call('sts:GetCallerIdentity', () =>
    clients.sts.send(new GetCallerIdentityCommand({})),
  );
  const id = identity.Account ?? 'unknown';
  return {
    check: ok(item, `account ${id}, region ${region}, as ${identity.Arn ?? 'unknown'}`),
    account: { id, region },
  };
}

/** CDK bootstrap: the CDKToolkit stack, its version and qualifier. */
export async function bootstrapCheck(clients: AwsClients, account: Account): Promise<Check> {
  const item = 'CDK bootstrap';
  const fix = `run \`npx cdk bootstrap aws://${account.id}/${account.region}\``;
  let stack;
  try {
    const found = await call('cloudformation:DescribeStacks', () =>
      clients.cloudFormation.send(new DescribeStacksCommand({ StackName: BOOTSTRAP.stackName })),
    );
    stack = found.Stacks?.[0];
  } catch (error) {
    const cause =
      error instanceof AwsCallError ? (error.error as { name?: string; message?: string }) : {};
    if (!(cause.name === 'ValidationError' && /does not exist/.test(cause.message ?? '')))
      throw error;
  }
  if (stack === undefined) {
    return fail(
      item,
      `no ${BOOTSTRAP.stackName} stack in ${account.region}: CDK cannot deploy here; ${fix}`,
    );
  }
  const status = stack.StackStatus ?? 'UNKNOWN';
  if (!/_COMPLETE$/.test(status) || /^(ROLLBACK|DELETE)_COMPLETE$/.test(status)) {
    return fail(item, `${BOOTSTRAP.stackName} is ${status}: ${fix} again`);
  }
  const output = stack.Outputs?.find((o) => o.OutputKey === BOOTSTRAP.versionOutput)?.OutputValue;
  const version = Number(output);
  const qualifier =
    stack.Parameters?.find((p) => p.ParameterKey === BOOTSTRAP.qualifierParameter)
      ?.ParameterValue ?? BOOTSTRAP.qualifier;
  if (qualifier !== BOOTSTRAP.qualifier) {
    return fail(
      item,
      `${BOOTSTRAP.stackName} has qualifier "${qualifier}" but this app uses the default ` +
        `"${BOOTSTRAP.qualifier}" (SSM /cdk-bootstrap/${BOOTSTRAP.qualifier}/version): ${fix}`,
    );
  }
  if (!Number.isInteger(version) || version < BOOTSTRAP.minVersion) {
    return fail(
      item,
      `${BOOTSTRAP.stackName} version ${output ?? 'unknown'}, this app needs ${BOOTSTRAP.minVersion} or later: ${fix}`,
    );
  }
  return ok(item, `${BOOTSTRAP.stackName} version ${version}, qualifier ${qualifier}`);
}

/** The reserved concurrency the stack asks for: the responder, and the sender with a delay. */
export function reservedByStack(config: AntirelouConfig): { total: number; functions: number } {
  const functions = config.replyDelay.maxSeconds > 0 ? 2 : 1;
  return { total: functions * config.responder.reservedConcurrency, functions };
}

/** Lambda concurrency quota against the stack's reserved concurrency: GetAccountSettings. */
export async function concurrencyCheck(
  clients: AwsClients,
  config: AntirelouConfig,
): Promise<Check> {
  const item = 'Lambda concurrency';
  const settings = await call('lambda:GetAccountSettings', () =>
    clients.lambda.send(new GetAccountSettingsCommand({})),
  );
  const limit = settings.AccountLimit?.ConcurrentExecutions ?? 0;
  const unreserved = settings.AccountLimit?.UnreservedConcurrentExecutions ?? 0;
  const { total, functions } = reservedByStack(config);
  const left = unreserved - total;
  const asked =
    `the stack reserves ${total} (responder.reservedConcurrency ${config.responder.reservedConcurrency}` +
    ` × ${functions} function${functions > 1 ? 's' : ''})`;
  if (left < UNRESERVED_MINIMUM) {
    const most = Math.max(0, Math.floor((unreserved - UNRESERVED_MINIMUM) / functions));
    return fail(
      item,
      `the account allows ${limit} concurrent executions, ${unreserved} unreserved; ${asked}, and ` +
        `Lambda keeps ${UNRESERVED_MINIMUM} unreserved, so the deploy would be refused: request more ` +
        '"Concurrent executions" in Service Quotas (AWS Lambda; new accounts start lower and AWS ' +
        `raises them with use), or set responder.reservedConcurrency to ${most} or less. ` +
        '(Redeploying the same stack? Its own reservations are already out of the unreserved figure.)',
    );
  }
  return ok(item, `${unreserved} of ${limit} unreserved; ${asked}; ${left} stay unreserved`);
}
