/**
 * The Lambda entry point as deployed: settings from the environment, the HMAC secret from
 * Secrets Manager (mocked), DynamoDB on a local emulator (via the SDK's endpoint variable),
 * SNS mocked.
 */
import type * as SecretsManager from '@aws-sdk/client-secrets-manager';
import type * as Sns from '@aws-sdk/client-sns';
import type * as HandlerExports from '../../lambda/handler';
import { mockClient } from 'aws-sdk-client-mock';
import type { Emulator } from '../support/dynamo';
import { createTable, startDynalite } from '../support/dynamo';
import { smsEvent } from '../support/events';
import { TEST_SECRET } from '../support/harness';
import { testSettings } from '../support/settings';

let emulator: Emulator;
const savedEnv = { ...process.env };

beforeAll(async () => {
  emulator = await startDynalite();
});
afterAll(async () => {
  await emulator.stop();
  process.env = savedEnv;
});
type HandlerModule = typeof HandlerExports;

/**
 * Loads the handler as a fresh container would, with the SDK clients of that module registry
 * mocked (a fresh registry has its own copies of the SDK classes).
 */
function loadHandler() {
  let loaded;
  jest.isolateModules(() => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const sm = require('@aws-sdk/client-secrets-manager') as typeof SecretsManager;
    const sn = require('@aws-sdk/client-sns') as typeof Sns;
    const secrets = mockClient(sm.SecretsManagerClient);
    const sns = mockClient(sn.SNSClient);
    const module = require('../../lambda/handler') as HandlerModule;
    /* eslint-enable @typescript-eslint/no-require-imports */
    loaded = {
      module,
      secrets,
      sns,
      GetSecretValueCommand: sm.GetSecretValueCommand,
      PublishCommand: sn.PublishCommand,
    };
  });
  return loaded!;
}

test('wires the responder from its environment and replies', async () => {
  process.env.ANTIRELOU_SETTINGS = JSON.stringify(testSettings());
  process.env.TABLE_NAME = await createTable(emulator.endpoint);
  process.env.SENDER_KEY_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:key';
  process.env.AWS_ENDPOINT_URL_DYNAMODB = emulator.endpoint;
  const { module, secrets, sns, GetSecretValueCommand, PublishCommand } = loadHandler();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: TEST_SECRET });
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  const { handler } = module;

  const first = await handler(smsEvent({ from: '+33612345678', body: 'salut' }));
  const second = await handler(smsEvent({ from: '+33612345678', body: 'encore' }));

  expect(first.outcomes).toEqual([expect.objectContaining({ kind: 'replied' })]);
  expect(second.outcomes).toEqual([{ kind: 'dropped', reason: 'window' }]);
  expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  // The secret is read once per container.
  expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input.SecretId).toBe(
    process.env.SENDER_KEY_SECRET_ARN,
  );
});

test('a missing secret fails the invocation (retried) and sends nothing', async () => {
  process.env.ANTIRELOU_SETTINGS = JSON.stringify(testSettings());
  process.env.TABLE_NAME = await createTable(emulator.endpoint);
  const { module, secrets, sns, GetSecretValueCommand, PublishCommand } = loadHandler();
  secrets
    .on(GetSecretValueCommand)
    .rejectsOnce(new Error('AccessDenied'))
    .resolves({ SecretString: TEST_SECRET });
  const { handler } = module;

  await expect(handler(smsEvent({ from: '+33612345679', body: 'salut' }))).rejects.toThrow(
    'AccessDenied',
  );
  expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  // The next invocation tries again and succeeds.
  sns.on(PublishCommand).resolves({ MessageId: 'm-2' });
  const retry = await handler(smsEvent({ from: '+33612345679', body: 'salut' }));
  expect(retry.outcomes).toEqual([expect.objectContaining({ kind: 'replied' })]);
});

test('refuses to start without its environment, naming the variable', async () => {
  delete process.env.TABLE_NAME;
  expect(() => loadHandler()).toThrow('TABLE_NAME');
});
