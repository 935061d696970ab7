/**
 * The Lambda entry point as deployed: settings from the environment, the HMAC secret from
 * Secrets Manager (mocked), DynamoDB on a local emulator (via the SDK's endpoint variable),
 * SNS mocked.
 */
import type { Emulator } from '../support/dynamo';
import { startDynalite } from '../support/dynamo';
import {
  loadHandlerWithMockedAws,
  loadDispatchHandlerWithMockedAws,
  setHandlerEnvironment,
  setScheduleEnvironment,
} from '../support/handler';
import { smsEvent } from '../support/events';
import { TEST_SCHEDULE_TARGET, TEST_SECRET } from '../support/harness';
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
afterEach(() => {
  jest.restoreAllMocks();
});

test('wires the responder from its environment and replies', async () => {
  await setHandlerEnvironment(emulator.endpoint, testSettings());
  const { handler, secrets, sns, GetSecretValueCommand, PublishCommand } =
    loadHandlerWithMockedAws();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: TEST_SECRET });
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });

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
  await setHandlerEnvironment(emulator.endpoint, testSettings());
  const { handler, secrets, sns, GetSecretValueCommand, PublishCommand } =
    loadHandlerWithMockedAws();
  secrets
    .on(GetSecretValueCommand)
    .rejectsOnce(new Error('AccessDenied'))
    .resolves({ SecretString: TEST_SECRET });

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
  expect(() => loadHandlerWithMockedAws()).toThrow('TABLE_NAME');
});

test('with a safety delay: the responder schedules, the dispatcher sends once', async () => {
  await setHandlerEnvironment(emulator.endpoint, testSettings({ replyDelay: '20m' }));
  setScheduleEnvironment(TEST_SCHEDULE_TARGET);
  const responder = loadHandlerWithMockedAws();
  responder.secrets.on(responder.GetSecretValueCommand).resolves({ SecretString: TEST_SECRET });
  responder.scheduler.on(responder.CreateScheduleCommand).resolves({ ScheduleArn: 'arn:s' });

  const decided = await responder.handler(smsEvent({ from: '+33612345670', body: 'salut' }));
  expect(decided.outcomes).toEqual([expect.objectContaining({ kind: 'scheduled' })]);
  expect(responder.sns.commandCalls(responder.PublishCommand)).toHaveLength(0);
  const [create] = responder.scheduler.commandCalls(responder.CreateScheduleCommand);
  expect(create?.args[0].input).toMatchObject({
    GroupName: TEST_SCHEDULE_TARGET.groupName,
    Target: {
      Arn: TEST_SCHEDULE_TARGET.targetArn,
      RoleArn: TEST_SCHEDULE_TARGET.roleArn,
      DeadLetterConfig: { Arn: TEST_SCHEDULE_TARGET.deadLetterArn },
    },
  });

  // EventBridge Scheduler invokes the dispatcher with the schedule's Input as its event.
  const sender = loadDispatchHandlerWithMockedAws();
  sender.secrets.on(sender.GetSecretValueCommand).resolves({ SecretString: TEST_SECRET });
  sender.sns.on(sender.PublishCommand).resolves({ MessageId: 'm-3' });
  const event = JSON.parse(create!.args[0].input.Target!.Input!) as { sendAtMs: number };
  // The schedule runs when the delay is over (the function refuses a reply that is not due).
  jest.spyOn(Date, 'now').mockReturnValue(event.sendAtMs);
  expect(await sender.handler(event)).toEqual(expect.objectContaining({ kind: 'sent' }));
  expect(await sender.handler(event)).toEqual({ kind: 'repeat' });
  const publishes = sender.sns.commandCalls(sender.PublishCommand);
  expect(publishes.map((call) => call.args[0].input.PhoneNumber)).toEqual(['+33612345670']);
  // The dispatcher reads the secret once per container, to check the responder's seal.
  expect(sender.secrets.commandCalls(sender.GetSecretValueCommand)).toHaveLength(1);
  // An event the responder did not seal sends nothing.
  const forged = { ...(event as object), to: '+33698765432' };
  expect(await sender.handler(forged)).toMatchObject({ kind: 'cancelled', reason: 'forged' });
  expect(sender.sns.commandCalls(sender.PublishCommand)).toHaveLength(1);
});

test('with a safety delay, the responder refuses to start without the schedule settings', async () => {
  await setHandlerEnvironment(emulator.endpoint, testSettings({ replyDelay: '20m' }));
  delete process.env.DISPATCHER_ARN;
  expect(() => loadHandlerWithMockedAws()).toThrow('DISPATCHER_ARN');
});
