/**
 * Counts the DynamoDB commands of the document clients that the local host and the simulator
 * build out of reach, with SDK middleware: the calls behind a figure are measured, not assumed.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** What the counted clients sent since the last reset (data plane only). */
export interface CommandCounts {
  readonly calls: number;
  readonly writes: number;
  /** Read request units: 0.5 per eventually consistent item read, 1 per strongly consistent one. */
  readonly readUnits: number;
}

export interface CommandCounter {
  snapshot(): CommandCounts;
  reset(): void;
}

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);
const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan']);

/** Item reads of a command and whether they are strongly consistent. */
function readUnits(command: string, input: Record<string, unknown>): number {
  if (command !== 'BatchGetItem') return input.ConsistentRead === true ? 1 : 0.5;
  const tables = Object.values(
    (input.RequestItems ?? {}) as Record<string, { Keys?: unknown[]; ConsistentRead?: boolean }>,
  );
  return tables.reduce(
    (sum, t) => sum + (t.Keys?.length ?? 0) * (t.ConsistentRead === true ? 1 : 0.5),
    0,
  );
}

/**
 * Runs `create` while every `DynamoDBDocumentClient.from` gets a counting middleware; the
 * counter goes on counting those clients afterwards.
 */
export async function countClientsCreatedDuring<T>(
  create: () => T | Promise<T>,
): Promise<{ result: T; counter: CommandCounter }> {
  const empty: CommandCounts = { calls: 0, writes: 0, readUnits: 0 };
  let counts = empty;
  const original = Object.getOwnPropertyDescriptor(DynamoDBDocumentClient, 'from');
  if (!original) throw new Error('DynamoDBDocumentClient.from not found: the SDK changed');
  const from = DynamoDBDocumentClient.from.bind(DynamoDBDocumentClient);
  const counting: typeof DynamoDBDocumentClient.from = (client, translateConfig) => {
    const documentClient = from(client, translateConfig);
    documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        const command = (context.commandName ?? '').replace(/Command$/, '');
        const input = (args.input ?? {}) as Record<string, unknown>;
        const write = WRITES.has(command) ? 1 : 0;
        const read = READS.has(command) ? readUnits(command, input) : 0;
        if (write || read) {
          counts = {
            calls: counts.calls + 1,
            writes: counts.writes + write,
            readUnits: counts.readUnits + read,
          };
        }
        return next(args);
      },
      { step: 'initialize', name: 'antirelouBenchCounter', override: true },
    );
    return documentClient;
  };
  Object.defineProperty(DynamoDBDocumentClient, 'from', { ...original, value: counting });
  try {
    const result = await create();
    return {
      result,
      counter: {
        snapshot: () => counts,
        reset: () => {
          counts = empty;
        },
      },
    };
  } finally {
    Object.defineProperty(DynamoDBDocumentClient, 'from', original);
  }
}
