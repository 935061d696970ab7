/**
 * The DynamoDB API the benchmark runs against, on loopback: dynalite in its own worker thread
 * (as `npm start` runs it), or AWS's DynamoDB Local (Java, a child process).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../local/dynamodb-local';
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
