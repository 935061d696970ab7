/**
 * An embedded DynamoDB API for local mode: dynalite (pure Node) on a random loopback port, in
 * memory or persisted in a folder (`--state DIR`) so the maintainers' CLI can read it later.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Credentials that only mean something to the emulator. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'LOCAL', secretAccessKey: 'LOCAL' };
export const LOCAL_REGION = 'eu-west-3';

export interface LocalDynamo {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
  stop(): Promise<void>;
}

/**
 * dynalite runs in a worker thread: it is single-threaded JavaScript, and on its own thread it
 * uses a second core while the responder and the SDK use the first.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const dynalite = require('dynalite');
const server = dynalite({ path: workerData.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.on('error', (error) => parentPort.postMessage({ error: String(error) }));
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (message) => {
  if (message === 'stop') server.close(() => parentPort.postMessage({ stopped: true }));
});
`;

/** Starts dynalite; with `dataDir`, its LevelDB files live (and persist) there. */
export async function startLocalDynamo(dataDir?: string): Promise<LocalDynamo> {
  let path: string | undefined;
  if (dataDir !== undefined) {
    path = join(dataDir, 'dynalite');
    mkdirSync(path, { recursive: true });
  }
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (message: { port?: number; error?: string }) =>
      message.port !== undefined ? resolve(message.port) : reject(new Error(message.error)),
    );
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 2,
  });
  return {
    endpoint,
    client,
    documentClient: DynamoDBDocumentClient.from(client),
    stop: async () => {
      client.destroy();
      const stopped = new Promise((resolve) => worker.once('message', resolve));
      worker.postMessage('stop');
      await stopped;
      // Closing the server flushes LevelDB; then the thread can go.
      await worker.terminate();
    },
  };
}

/** Creates the responder's table (pk/sk) unless it exists. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (
      !(error instanceof ResourceNotFoundException) &&
      (error as Error).name !== 'ResourceNotFoundException'
    ) {
      throw error;
    }
  }
  await createResponderTable(client, tableName);
}

/** Creates a table with the responder's layout (pk/sk, on demand), as the stack does. */
export async function createResponderTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
}
