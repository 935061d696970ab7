/**
 * One DynamoDB Local (a JVM, seconds of CPU to start) for the whole run instead of one per test
 * file: the files that test on it create their own tables, so they share it safely.
 * `startDynamoDbLocal` (support/dynamo.ts) uses it through ANTIRELOU_TEST_DYNAMODB_LOCAL. It is
 * started only when the run holds a file that names `dynamodb-local` (a unit file run alone
 * starts no JVM); when it cannot start (no `java`), each such file tries its own and fails with
 * the reason, and the other files run as usual.
 */
import '../tools/node-warnings';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDynamoDbLocal } from '../tools/local/dynamodb-local';
import { SHARED_DYNAMODB_LOCAL } from './support/shared-emulator';

/** What the global setup reads of Jest 29's global config: the test path pattern of the run. */
interface RunSelection {
  readonly testPathPattern?: string;
}

/** The run's test files that use DynamoDB Local, as Jest's path pattern selects them. */
function needsDynamoDbLocal(globalConfig: RunSelection): boolean {
  const selected = new RegExp(globalConfig.testPathPattern ?? '', 'i');
  const files = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => join(__dirname, name))
    .filter((file) => selected.test(file));
  return files.some((file) => readFileSync(file, 'utf8').includes("'dynamodb-local'"));
}

export default async function globalSetup(globalConfig: RunSelection): Promise<void> {
  if (!needsDynamoDbLocal(globalConfig)) return;
  try {
    const { endpoint, stop } = await startDynamoDbLocal();
    process.env[SHARED_DYNAMODB_LOCAL] = endpoint;
    (globalThis as { stopSharedDynamoDbLocal?: () => Promise<void> }).stopSharedDynamoDbLocal =
      stop;
  } catch {
    // Each file that needs DynamoDB Local starts its own, and fails with the reason.
  }
}
