/**
 * Counts the DynamoDB commands of the document clients that the local host and the simulator
 * build out of reach, with SDK middleware: the calls behind a figure are measured, not assumed.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** What the counted clients sent since the last reset (item reads and writes only). */
export interface CommandCounts {
  readonly calls: number;
  readonly writes: number;
  /**
   * Request units as the emulator reports them (`ReturnConsumedCapacity`): DynamoDB bills a
   * write by the size of the item it changes, 1 unit per KB, so a big item costs more per write.
   */
  readonly writeUnits: number;
  readonly readUnits: number;
}

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);
const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan']);
const NONE: CommandCounts = { calls: 0, writes: 0, writeUnits: 0, readUnits: 0 };

type Capacity = { CapacityUnits?: number };
/** Units of one response (a batch answers with one entry per table). */
const unitsOf = (consumed: Capacity | Capacity[] | undefined): number =>
  [consumed ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);

/**
 * Runs `create` while every `DynamoDBDocumentClient.from` gets a counting middleware; the
 * counter goes on counting those clients afterwards.
 */
export async function countClientsCreatedDuring<T>(create: () => T | Promise<T>) {
  let counts = NONE;
  const original = Object.getOwnPropertyDescriptor(DynamoDBDocumentClient, 'from');
  if (!original) throw new Error('DynamoDBDocumentClient.from not found: the SDK changed');
  const from = DynamoDBDocumentClient.from.bind(DynamoDBDocumentClient);
  const counting: typeof DynamoDBDocumentClient.from = (client, translateConfig) => {
    const documentClient = from(client, translateConfig);
    documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        const command = (context.commandName ?? '').replace(/Command$/, '');
        const write = WRITES.has(command);
        if (!write && !READS.has(command)) return next(args);
        const input = args.input as { ReturnConsumedCapacity?: string };
        input.ReturnConsumedCapacity ??= 'TOTAL';
        const result = await next(args);
        const units = unitsOf((result.output as { ConsumedCapacity?: Capacity }).ConsumedCapacity);
        counts = {
          calls: counts.calls + 1,
          writes: counts.writes + (write ? 1 : 0),
          writeUnits: counts.writeUnits + (write ? units : 0),
          readUnits: counts.readUnits + (write ? 0 : units),
        };
        return result;
      },
      { step: 'initialize', name: 'antirelouBenchCounter', override: true },
    );
    return documentClient;
  };
  Object.defineProperty(DynamoDBDocumentClient, 'from', { ...original, value: counting });
  try {
    const result = await create();
    const counter = { snapshot: () => counts, reset: () => void (counts = NONE) };
    return { result, counter };
  } finally {
    Object.defineProperty(DynamoDBDocumentClient, 'from', original);
  }
}
