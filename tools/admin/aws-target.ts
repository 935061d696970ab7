/**
 * The deployed stack as a target. Names come from the stack's CloudFormation outputs (keys in
 * `StackOutput`, `lib/antirelou-stack.ts`); the responder's settings (hard caps, currency, time
 * zone, texts, how it sends) from its Lambda environment, so the CLI judges with exactly what
 * the deployed responder enforces, whatever config file is on this laptop. Region and
 * credentials come from the usual AWS environment (`AWS_REGION`, `AWS_PROFILE`, SSO…) or
 * `--region` / `--profile`.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SmsGateway } from '../../lambda/adapters/sms-gateway';
import { SmsVoiceGateway } from '../../lambda/adapters/sms-voice-gateway';
import { SnsSmsGateway } from '../../lambda/adapters/sns-gateway';
import { redactNumbers } from '../../lambda/domain/phone';
import type { ResponderSettings } from '../../lambda/domain/types';
import { ResponderEnvironment } from '../../lambda/env';
import { senderKeyFunction } from '../../lambda/sender-key';
import { AdminError } from './errors';
import { cloudWatchFigures } from './cloudwatch-figures';
import type { MetricFigures } from './metric-figures';
import type { GlobalOptions, Target } from './target';

/** The stack outputs the CLI reads (a subset of `StackOutput` in `lib/antirelou-stack.ts`). */
export const RequiredOutput = {
  TableName: 'TableName',
  SenderKeySecretArn: 'SenderKeySecretArn',
  ResponderFunctionName: 'ResponderFunctionName',
} as const;

/** The responder's environment variable holding its settings (`lambda/env.ts`). */
export const SETTINGS_VARIABLE = ResponderEnvironment.Settings;

/** One attempt per send: a retried send could go out twice (as in the responder). */
const SEND_ATTEMPTS = 1;

/** Turns an AWS SDK error into one line saying what to do; undefined when it is not one. */
export function explainAwsError(error: unknown, options: GlobalOptions): AdminError | undefined {
  const err = error as { name?: string; message?: string; code?: string };
  const name = err.name ?? '';
  // AWS quotes what it refused, phone numbers included: this line is printed, so mask them.
  const message = redactNumbers(err.message ?? String(error));
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  const withCause = { cause: error };
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    const profile = options.profile ?? process.env.AWS_PROFILE;
    return new AdminError(
      (profile
        ? `no usable AWS credentials for profile "${profile}": check it in ~/.aws/config or run \`aws sso login --profile ${profile}\``
        : 'no AWS credentials found: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run `aws sso login`') +
        '; or use --local DIR for a simulator state',
      withCause,
    );
  }
  if (/region is missing/i.test(message)) {
    return new AdminError('no AWS region: set AWS_REGION or pass --region', withCause);
  }
  if (/ExpiredToken/i.test(name) || /token .* expired/i.test(message)) {
    return new AdminError(
      'your AWS credentials have expired: log in again (e.g. `aws sso login`)',
      withCause,
    );
  }
  if (/UnrecognizedClient|InvalidClientTokenId|SignatureDoesNotMatch/.test(name)) {
    return new AdminError(
      `AWS rejected the credentials (${name}): check AWS_PROFILE or the access keys`,
      withCause,
    );
  }
  if (/AccessDenied/.test(name)) {
    return new AdminError(
      `not allowed: ${message} (ask for the permission, or use another profile)`,
      withCause,
    );
  }
  if (['ENOTFOUND', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN'].includes(err.code ?? '')) {
    return new AdminError(
      `cannot reach AWS${region ? ` in ${region}` : ''} (${err.code}): check the network`,
      withCause,
    );
  }
  if ((error as { $metadata?: unknown }).$metadata !== undefined) {
    return new AdminError(`AWS refused the call: ${name}: ${message}`, withCause);
  }
  // Not an AWS answer: a bug, reported as such (with its stack) by the CLI.
  return undefined;
}

/** The region, profile and retries every client of the target is made with. */
type ClientConfig = { region?: string; profile?: string };

/** Opens the deployed stack: resolves its outputs, or fails with what to do. */
export async function openAwsTarget(options: GlobalOptions): Promise<Target> {
  const clientConfig: ClientConfig = {
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
  };
  const { outputs, region } = await readStackOutputs(options, clientConfig);
  const tableName = outputs[RequiredOutput.TableName];
  const functionName = outputs[RequiredOutput.ResponderFunctionName];
  const secretArn = outputs[RequiredOutput.SenderKeySecretArn];

  const dynamo = new DynamoDBClient({ ...clientConfig, maxAttempts: 3 });
  // Every client made is destroyed by close().
  const clients: { destroy(): void }[] = [dynamo];
  const client = <T extends { destroy(): void }>(made: T): T => {
    clients.push(made);
    return made;
  };
  let settings: Promise<ResponderSettings> | undefined;
  let senderKey: Promise<(e164: string) => string> | undefined;
  return {
    kind: 'aws',
    label: `stack ${options.stack} (${region})`,
    tableName,
    documentClient: DynamoDBDocumentClient.from(dynamo),
    clock: 'wall',
    settings: () =>
      (settings ??= readDeployedSettings(client(new LambdaClient(clientConfig)), functionName)),
    senderKey: () =>
      (senderKey ??= readSenderKey(client(new SecretsManagerClient(clientConfig)), secretArn)),
    smsGateway: async (deployed): Promise<SmsGateway> =>
      createSmsGateway(deployed, clientConfig, client),
    metrics: async (fromMs, toMs): Promise<MetricFigures> =>
      cloudWatchFigures(client(new CloudWatchClient(clientConfig)), fromMs, toMs, Date.now()),
    callerArn: async () => {
      const sts = client(new STSClient(clientConfig));
      return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
    },
    close: async () => {
      for (const made of clients) made.destroy();
    },
  };
}

/** The stack's outputs the CLI needs ({@link RequiredOutput}), and the region it is in. */
async function readStackOutputs(
  options: GlobalOptions,
  clientConfig: ClientConfig,
): Promise<{ outputs: Record<keyof typeof RequiredOutput, string>; region: string }> {
  const cloudFormation = new CloudFormationClient(clientConfig);
  const outputs: Record<string, string> = {};
  let region = '';
  try {
    region = await cloudFormation.config.region();
    const described = await cloudFormation.send(
      new DescribeStacksCommand({ StackName: options.stack }),
    );
    const stack = described.Stacks?.[0];
    if (!stack) throw missingStack(options.stack, region);
    for (const output of stack.Outputs ?? []) {
      if (output.OutputKey && output.OutputValue) outputs[output.OutputKey] = output.OutputValue;
    }
  } catch (error) {
    if (error instanceof AdminError) throw error;
    const err = error as { name?: string; message?: string };
    if (err.name === 'ValidationError' && /does not exist/.test(err.message ?? '')) {
      throw missingStack(options.stack, region);
    }
    throw explainAwsError(error, options) ?? error;
  } finally {
    cloudFormation.destroy();
  }
  const missing = Object.values(RequiredOutput).filter((key) => outputs[key] === undefined);
  if (missing.length > 0) {
    throw new AdminError(
      `stack ${options.stack} has no ${missing.join(', ')} output: is it an antirelou stack? ` +
        'pass --stack NAME, or deploy the current version (npx cdk deploy)',
    );
  }
  return { outputs: outputs as Record<keyof typeof RequiredOutput, string>, region };
}

/** The deployed responder's settings, from its Lambda environment. */
async function readDeployedSettings(
  lambda: LambdaClient,
  functionName: string,
): Promise<ResponderSettings> {
  const config = await lambda.send(
    new GetFunctionConfigurationCommand({ FunctionName: functionName }),
  );
  const json = config.Environment?.Variables?.[SETTINGS_VARIABLE];
  if (!json) {
    throw new AdminError(
      `the responder ${functionName} has no ${SETTINGS_VARIABLE} in its environment: redeploy the stack`,
    );
  }
  try {
    return JSON.parse(json) as ResponderSettings;
  } catch (error) {
    throw new AdminError(
      `the responder ${functionName}'s ${SETTINGS_VARIABLE} is not valid JSON ` +
        `(${(error as Error).message}): redeploy the stack`,
      { cause: error },
    );
  }
}

/** The HMAC of phone numbers, keyed with the stack's secret. */
async function readSenderKey(
  secrets: SecretsManagerClient,
  secretArn: string,
): Promise<(e164: string) => string> {
  const secret = await secrets.send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (!secret.SecretString) {
    throw new AdminError(`the secret ${secretArn} has no value: redeploy the stack`);
  }
  return senderKeyFunction(secret.SecretString);
}

/** The way of sending the deployed responder uses, one attempt per send. */
function createSmsGateway(
  deployed: ResponderSettings,
  clientConfig: ClientConfig,
  client: <T extends { destroy(): void }>(made: T) => T,
): SmsGateway {
  if (deployed.sendVia === 'sms-voice') {
    return new SmsVoiceGateway(
      client(new PinpointSMSVoiceV2Client({ ...clientConfig, maxAttempts: SEND_ATTEMPTS })),
      {
        originationIdentity: deployed.originationIdentity ?? deployed.originationNumber,
        maxPriceUsd: deployed.maxPriceUsd,
        configurationSetName: deployed.configurationSetName,
        protectConfigurationId: deployed.protectConfigurationId,
      },
    );
  }
  return new SnsSmsGateway(client(new SNSClient({ ...clientConfig, maxAttempts: SEND_ATTEMPTS })), {
    originationNumber: deployed.originationNumber,
    maxPriceUsd: deployed.maxPriceUsd,
  });
}

function missingStack(stack: string, region: string): AdminError {
  return new AdminError(
    `stack ${stack} not found${region ? ` in ${region}` : ''}: check --stack (default Antirelou) ` +
      'and AWS_REGION / --region, or deploy it with npx cdk deploy',
  );
}
