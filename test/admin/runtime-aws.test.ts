/**
 * `budget raise` and `reply set` against the deployed stack (`--stack`), every AWS client
 * mocked (aws-sdk-client-mock): the ceiling comes from the responder's environment, the writes
 * go to the stack's table, and a refused command writes nothing.
 */
import { readFileSync } from 'node:fs';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CONTROL_KEY } from '../../lambda/adapters/table-keys';
import type { ResponderSettings } from '../../lambda/domain/types';
import type { ConfigInput } from '../../lib/config';
import { parseConfig, toResponderSettings } from '../../lib/config';
import { SETTINGS_VARIABLE } from '../../tools/admin/aws-target';
import { runAdmin } from './io';

const STACK = 'Donations';
const TABLE = 'Donations-ResponderTable-1AB2C3';
const FUNCTION = 'Donations-ResponderFunction-XYZ';
const CALLER = 'arn:aws:sts::123456789012:assumed-role/Maintainer/alice';

const shipped = JSON.parse(readFileSync('config/antirelou.json', 'utf8')) as ConfigInput;
const settings: ResponderSettings = {
  ...toResponderSettings(
    parseConfig({ ...shipped, budget: { ...shipped.budget, ceiling: { day: 60, month: 400 } } }),
  ),
  sendVia: 'sns',
};

const cfn = mockClient(CloudFormationClient);
const dynamo = mockClient(DynamoDBDocumentClient);
const lambda = mockClient(LambdaClient);
const sts = mockClient(STSClient);

beforeEach(() => {
  for (const mock of [cfn, dynamo, lambda, sts]) mock.reset();
  cfn.on(DescribeStacksCommand, { StackName: STACK }).resolves({
    Stacks: [
      {
        StackName: STACK,
        CreationTime: new Date(),
        StackStatus: 'UPDATE_COMPLETE',
        Outputs: [
          { OutputKey: 'StackName', OutputValue: STACK },
          { OutputKey: 'TableName', OutputValue: TABLE },
          { OutputKey: 'ResponderFunctionName', OutputValue: FUNCTION },
          { OutputKey: 'SenderKeySecretArn', OutputValue: 'arn:aws:secretsmanager:x' },
          { OutputKey: 'OriginationNumber', OutputValue: '+33700000000' },
        ],
      },
    ],
  });
  lambda.on(GetFunctionConfigurationCommand, { FunctionName: FUNCTION }).resolves({
    Environment: {
      Variables: { [SETTINGS_VARIABLE]: JSON.stringify(settings), TABLE_NAME: TABLE },
    },
  });
  sts.on(GetCallerIdentityCommand).resolves({ Arn: CALLER });
  dynamo.on(UpdateCommand).resolves({ Attributes: {} });
  dynamo.on(PutCommand).resolves({});
  dynamo.on(GetCommand).resolves({});
});

const admin = (...args: string[]) => runAdmin(['--stack', STACK, '--who', 'alice', ...args]);

test('budget raise within the deployed ceiling writes micro-units into the raise map, audited', async () => {
  const result = await admin('budget', 'raise', '--day', '55', '--month', '400');
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
    TableName: TABLE,
    Key: CONTROL_KEY,
    UpdateExpression:
      'SET #budgetRaise.#dayMicros = :dayMicros, #budgetRaise.#monthMicros = :monthMicros',
    ExpressionAttributeValues: { ':dayMicros': 55_000_000, ':monthMicros': 400_000_000 },
    ConditionExpression: 'attribute_exists(#budgetRaise)',
  });
  expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input.Item).toMatchObject({
    command: 'budget raise',
    callerArn: CALLER,
    after: { budgetRaise: { dayMicros: 55_000_000, monthMicros: 400_000_000 } },
  });
  expect(result.stdout).toContain('day EUR 55.00 (raised; config EUR 40.00, ceiling EUR 60.00)');
});

test('budget raise above the deployed ceiling: exit 2, says how to change it, nothing written', async () => {
  const result = await admin('budget', 'raise', '--day', '61');
  expect(result.code).toBe(2);
  expect(result.stderr).toBe(
    'error: --day EUR 61.00 is above the ceiling of EUR 60.00 (budget.ceiling.day in the ' +
      'config); to allow it, raise budget.ceiling.day in the config and deploy (npx cdk deploy)\n',
  );
  expect(dynamo).not.toHaveReceivedCommand(UpdateCommand);
  expect(dynamo).not.toHaveReceivedCommand(PutCommand);
});

test('reply set --yes: one versioned write of the texts on the control item, and an audit record', async () => {
  const result = await admin('reply', 'set', '--text', 'Bien recu.', '--country', 'FR', '--yes');
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('FR: EUR 0.075 a reply');
  expect(dynamo).toHaveReceivedCommandWith(GetCommand, { TableName: TABLE, ConsistentRead: true });
  expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
    TableName: TABLE,
    Key: CONTROL_KEY,
    UpdateExpression: 'SET #texts = :texts, #textsVersion = :next',
    ConditionExpression: 'attribute_not_exists(#textsVersion)',
    ExpressionAttributeValues: {
      ':texts': {
        reply: { byCountry: { FR: { body: 'Bien recu.', encoding: 'GSM-7', segments: 1 } } },
      },
      ':next': 1,
    },
  });
  expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input.Item).toMatchObject({
    command: 'reply set',
    args: { text: 'reply', country: 'FR' },
    after: { text: { body: 'Bien recu.', segments: 1 } },
  });
});

test('reply set with no terminal and no --yes: priced, exit 2, nothing written', async () => {
  const result = await admin('reply', 'set', '--help', '--text', 'Aide.');
  expect(result.code).toBe(2);
  expect(result.stdout).toContain('new HELP text (default): GSM-7, 5 characters, 1 segment(s)');
  expect(dynamo).not.toHaveReceivedCommand(UpdateCommand);
  expect(dynamo).not.toHaveReceivedCommand(PutCommand);
});
