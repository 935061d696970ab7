/** Stops the DynamoDB Local of global-setup.ts. */
export default async function globalTeardown(): Promise<void> {
  const stop = (globalThis as { stopSharedDynamoDbLocal?: () => Promise<void> })
    .stopSharedDynamoDbLocal;
  await stop?.();
}
