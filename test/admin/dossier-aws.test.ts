/**
 * Issue 17 against the deployed stack, every AWS client mocked (aws-sdk-client-mock): `dossier`
 * finds the table through the stack's outputs, queries the evidence by day partition (by the
 * sender's HMAC with --sender), reads the flood counters (BatchGetItem) and the control item,
 * writes a folder that verifies, and records an audit item; `senders --flagged` lists numbers.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { evidencePartition } from '../../lambda/adapters/evidence-store';
import { CONTROL_KEY, floodItemKey } from '../../lambda/adapters/table-keys';
import { evidenceRecord } from '../../lambda/domain/evidence';
import { senderKeyFunction } from '../../lambda/sender-key';
import type { ConfigInput } from '../../lib/config';
import { parseConfig, toResponderSettings } from '../../lib/config';
import { SETTINGS_VARIABLE } from '../../tools/admin/aws-target';
import { parseManifest } from '../../tools/evidence/manifest';
import { BASE } from './dossier-fixture';
import { runAdmin } from './io';

const TABLE = 'Antirelou-ResponderTable-1AB2C3';
const FUNCTION = 'Antirelou-ResponderFunction-XYZ';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:antirelou-key-abc';
const SECRET = 'a-test-hmac-secret-of-enough-length';
const ABUSER = '+33612000001';
const shipped = JSON.parse(readFileSync('config/antirelou.json', 'utf8')) as ConfigInput;

const RECORDS = [0, 1, 2].map((i) =>
  evidenceRecord({
    receivedAt: new Date(BASE + 60_000 + i * 20_000).toISOString(),
    inboundMessageId: `in-${i}`,
    from: i === 2 ? '+33612000002' : ABUSER,
    to: '+33937000000',
    body: ['Connard', 'Sale pute', 'Crève'][i]!,
    reasons: ['insult:test'],
  }),
);

const cfn = mockClient(CloudFormationClient);
const dynamo = mockClient(DynamoDBDocumentClient);
const lambda = mockClient(LambdaClient);
const secrets = mockClient(SecretsManagerClient);
const sts = mockClient(STSClient);

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'antirelou-dossier-aws-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeEach(() => {
  for (const mock of [cfn, dynamo, lambda, secrets, sts]) mock.reset();
  cfn.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: 'Antirelou',
        CreationTime: new Date(),
        StackStatus: 'UPDATE_COMPLETE',
        Outputs: [
          { OutputKey: 'TableName', OutputValue: TABLE },
          { OutputKey: 'ResponderFunctionName', OutputValue: FUNCTION },
          { OutputKey: 'SenderKeySecretArn', OutputValue: SECRET_ARN },
        ],
      },
    ],
  });
  const settings = { ...toResponderSettings(parseConfig(shipped)), sendVia: 'sns' };
  lambda.on(GetFunctionConfigurationCommand).resolves({
    Environment: {
      Variables: { [SETTINGS_VARIABLE]: JSON.stringify(settings), TABLE_NAME: TABLE },
    },
  });
  secrets.on(GetSecretValueCommand).resolves({ SecretString: SECRET });
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Arn: 'arn:aws:sts::123456789012:assumed-role/M/alice' });
  dynamo.on(PutCommand).resolves({});
  const key = senderKeyFunction(SECRET);
  const items = RECORDS.map((record) => ({
    ...record,
    pk: evidencePartition(record.receivedAt),
    sk: `${record.receivedAt}#${record.inboundMessageId}`,
    senderKey: key(record.from),
  }));
  dynamo
    .on(QueryCommand)
    .callsFake((input: { ExpressionAttributeValues: Record<string, string> }) => {
      const values = input.ExpressionAttributeValues;
      return {
        Items: items.filter(
          (item) =>
            item.pk === values[':pk'] &&
            (values[':sender'] === undefined || item.senderKey === values[':sender']),
        ),
      };
    });
  dynamo.on(BatchGetCommand).resolves({
    Responses: { [TABLE]: [{ ...floodItemKey('2026-10-19T14'), m01: 70, m02: 12, n: 82 }] },
  });
  dynamo.on(GetCommand, { Key: CONTROL_KEY }).resolves({
    Item: {
      ...CONTROL_KEY,
      raid: { active: false, sinceMs: BASE + 61_000, endedMs: BASE + 1_500_000 },
    },
  });
});

test('dossier --stack: the evidence, counters and control item of the deployed table, in a folder that verifies', async () => {
  // Act
  const out = join(work, 'all');
  const result = await runAdmin([
    'dossier',
    '--since',
    '2026-10-19',
    '--until',
    '2026-10-19',
    '--out',
    out,
    '--who',
    'alice',
  ]);

  // Assess
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^stack Antirelou .*: dossier of 3 evidence record\(s\)/);
  expect(dynamo).toHaveReceivedCommandWith(BatchGetCommand, {
    RequestItems: { [TABLE]: { Keys: expect.arrayContaining([floodItemKey('2026-10-19T14')]) } },
  });
  const manifest = parseManifest(readFileSync(join(out, 'manifest.json'), 'utf8'));
  expect(manifest.records).toBe(3);
  expect(manifest.source).toMatch(/^stack Antirelou/);
  const html = readFileSync(join(out, 'dossier.html'), 'utf8');
  expect(html).toContain('data-series="inbound" data-points=');
  expect(html).toContain('li data-source="recorded"');
  const audit = dynamo.commandCalls(PutCommand).map((call) => call.args[0].input.Item);
  expect(audit).toEqual([
    expect.objectContaining({
      command: 'dossier',
      who: 'alice',
      after: expect.objectContaining({ records: 3 }),
    }),
  ]);
  expect((await runAdmin(['verify-evidence', out])).code).toBe(0);
});

test('dossier --sender queries by the HMAC of the number; senders --flagged shows full numbers', async () => {
  const out = join(work, 'one');
  const one = await runAdmin([
    'dossier',
    '--since',
    '2026-10-19',
    '--until',
    '2026-10-19',
    '--sender',
    ABUSER,
    '--out',
    out,
  ]);
  const senders = await runAdmin(['senders', '--flagged', '--since', '2026-10-19', '--json']);

  expect(one.code).toBe(0);
  expect(dynamo).toHaveReceivedCommandWith(QueryCommand, {
    TableName: TABLE,
    FilterExpression: 'senderKey = :sender',
    ExpressionAttributeValues: expect.objectContaining({
      ':sender': senderKeyFunction(SECRET)(ABUSER),
    }),
  });
  expect(parseManifest(readFileSync(join(out, 'manifest.json'), 'utf8')).records).toBe(2);
  expect(JSON.parse(senders.stdout)).toMatchObject({
    senders: [
      { number: ABUSER, messages: 2 },
      { number: '+33612000002', messages: 1 },
    ],
  });
});
