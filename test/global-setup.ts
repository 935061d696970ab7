/**
 * One DynamoDB Local (a JVM, seconds of CPU to start) for the whole run instead of one per test
 * file: the files that test on it create their own tables, so they share it safely.
 * `startDynamoDbLocal` (support/dynamo.ts) uses it through ANTIRELOU_TEST_DYNAMODB_LOCAL; when it
 * could not start here (no `java`), each file starts its own and reports the reason.
 */
import '../tools/node-warnings';
import { startDynamoDbLocal } from '../tools/local/dynamodb-local';
import { SHARED_DYNAMODB_LOCAL } from './support/shared-emulator';

export default async function globalSetup(): Promise<void> {
  try {
    const { endpoint, stop } = await startDynamoDbLocal();
    process.env[SHARED_DYNAMODB_LOCAL] = endpoint;
    (globalThis as { stopSharedDynamoDbLocal?: () => Promise<void> }).stopSharedDynamoDbLocal =
      stop;
  } catch {
    // Each file that needs DynamoDB Local starts its own, and fails with the reason.
  }
}
