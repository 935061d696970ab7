/**
 * Counts the DynamoDB commands a client sends, with SDK middleware: round trips and request units
 * are measured, not estimated. Commands are named as the DynamoDB API names them (`UpdateItem`,
 * `GetItem`, …), whatever client (plain or document) sent them.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ASSUMPTIONS } from './prices';

/** What a counter has seen since its last reset. */
export interface CommandCounts {
  /** Commands by API name. */
  readonly commands: Record<string, number>;
  readonly total: number;
  /** Write request units (on-demand): 1 per started KB of the item written. */
  readonly writeUnits: number;
  /** Read request units: 0.5 per eventually consistent read, 1 per strongly consistent one. */
  readonly readUnits: number;
  readonly consistentReads: number;
  /**
   * Commands by the item they address (`sender`, `budget`, `evidence`, `control`, `flood`, …),
   * from the key's prefix (lambda/adapters/table-keys.ts).
   */
  readonly items: Record<string, number>;
  /** The request units of the periodic items (control, flood counter). */
  readonly periodicWriteUnits: number;
  readonly periodicReadUnits: number;
}

/** Items a container reads or writes now and then, whatever the message (cache, flood counter). */
export const PERIODIC_ITEMS = ['control', 'flood'] as const;

/** Commands on the periodic items. */
export function periodicCalls(counts: Pick<CommandCounts, 'items'>): number {
  return PERIODIC_ITEMS.reduce((sum, item) => sum + (counts.items[item] ?? 0), 0);
}

export interface CommandCounter {
  snapshot(): CommandCounts;
  reset(): void;
}

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);
const READS = new Set(['GetItem']);
/** Item commands; table management (CreateTable, DescribeTable…) made by set-up is not counted. */
const DATA_PLANE = new Set([
  ...WRITES,
  ...READS,
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
]);

type Input = Record<string, unknown>;

/** The size DynamoDB bills for an attribute value (names and values in UTF-8, numbers packed). */
function valueBytes(value: unknown): number {
  if (value === null || value === undefined) return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number')
    return 1 + Math.ceil(String(Math.abs(value)).replace(/^0+|\.|0+$/g, '').length / 2);
  if (typeof value === 'boolean') return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + valueBytes(v), 0);
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    // A marshalled attribute value: {S: …}, {N: …}, {L: …}, {M: …}, {BOOL: …}…
    if (entries.length === 1 && /^(S|N|B|BOOL|NULL|L|M|SS|NS|BS)$/.test(entries[0]![0])) {
      const [type, inner] = entries[0]!;
      if (type === 'N') return valueBytes(Number(inner));
      if (type === 'L' || type === 'SS' || type === 'NS' || type === 'BS') {
        return 3 + (inner as unknown[]).reduce((sum: number, v) => sum + 1 + valueBytes(v), 0);
      }
      return valueBytes(inner);
    }
    return (
      3 + entries.reduce((sum, [name, v]) => sum + Buffer.byteLength(name) + 1 + valueBytes(v), 0)
    );
  }
  return 0;
}

/** Approximate DynamoDB item size, bytes (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html). */
export function itemBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + valueBytes(value),
    0,
  );
}

/** The partition key a command addresses (plain or marshalled), for {@link itemKind}. */
function partitionKey(input: Input): string | undefined {
  const pkOf = (key: unknown): string | undefined => {
    const pk = (key as { pk?: unknown } | undefined)?.pk;
    if (typeof pk === 'string') return pk;
    const marshalled = (pk as { S?: unknown } | undefined)?.S;
    return typeof marshalled === 'string' ? marshalled : undefined;
  };
  if (input.Key) return pkOf(input.Key);
  if (input.Item) return pkOf(input.Item);
  const tables = input.RequestItems as Record<string, { Keys?: unknown[] }> | undefined;
  const first = tables ? Object.values(tables)[0]?.Keys?.[0] : undefined;
  if (first) return pkOf(first);
  const keyValue = (input.ExpressionAttributeValues as Record<string, unknown> | undefined)?.[
    ':pk'
  ];
  return typeof keyValue === 'string' ? keyValue : pkOf({ pk: keyValue });
}

const ITEM_KINDS: readonly [string, string][] = [
  ['S#', 'sender'],
  ['B#', 'budget'],
  ['E#', 'evidence'],
  ['F#', 'flood'],
  ['CONTROL', 'control'],
  ['AUDIT#', 'audit'],
];

function itemKind(input: Input): string {
  const pk = partitionKey(input);
  if (pk === undefined) return 'other';
  return ITEM_KINDS.find(([prefix]) => pk.startsWith(prefix))?.[1] ?? 'other';
}

function writeUnits(command: string, input: Input): number {
  // Only a PutItem carries the whole item; the handler's updates touch items under 1 KB.
  if (command === 'PutItem' && input.Item && typeof input.Item === 'object') {
    return Math.max(
      1,
      Math.ceil(itemBytes(input.Item as Record<string, unknown>) / ASSUMPTIONS.writeUnitBytes),
    );
  }
  return 1;
}

/** Request units of one command (items under 1 KB written, under 4 KB read). */
function requestUnits(
  command: string,
  input: Input,
): { write: number; read: number; strong: number } {
  if (WRITES.has(command)) return { write: writeUnits(command, input), read: 0, strong: 0 };
  if (READS.has(command)) {
    const strong = input.ConsistentRead === true;
    return { write: 0, read: strong ? 1 : 0.5, strong: strong ? 1 : 0 };
  }
  if (command === 'BatchGetItem') {
    const tables = (input.RequestItems ?? {}) as Record<
      string,
      { Keys?: unknown[]; ConsistentRead?: boolean }
    >;
    let read = 0;
    let strong = 0;
    for (const table of Object.values(tables)) {
      const keys = table.Keys?.length ?? 0;
      if (table.ConsistentRead === true) strong += keys;
      read += keys * (table.ConsistentRead === true ? 1 : 0.5);
    }
    return { write: 0, read, strong };
  }
  return { write: 0, read: 0, strong: 0 };
}

/** Adds a counting middleware to a client (document clients share their client's stack). */
export function countCommands(client: DynamoDBClient | DynamoDBDocumentClient): CommandCounter {
  let counts: CommandCounts = NO_COUNTS;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = (context.commandName ?? 'unknown').replace(/Command$/, '');
      const input = (args.input ?? {}) as Input;
      if (!DATA_PLANE.has(command)) return next(args);
      const kind = itemKind(input);
      const units = requestUnits(command, input);
      const periodic = (PERIODIC_ITEMS as readonly string[]).includes(kind);
      counts = addCounts(counts, {
        commands: { [command]: 1 },
        items: { [kind]: 1 },
        total: 1,
        writeUnits: units.write,
        readUnits: units.read,
        consistentReads: units.strong,
        periodicWriteUnits: periodic ? units.write : 0,
        periodicReadUnits: periodic ? units.read : 0,
      });
      return next(args);
    },
    { step: 'initialize', name: 'antirelouBenchCommandCounter', override: true },
  );
  return {
    snapshot: () => counts,
    reset: () => {
      counts = NO_COUNTS;
    },
  };
}

/** Adds two snapshots. */
export function addCounts(a: CommandCounts, b: CommandCounts): CommandCounts {
  const commands = { ...a.commands };
  for (const [name, n] of Object.entries(b.commands)) commands[name] = (commands[name] ?? 0) + n;
  const items = { ...a.items };
  for (const [name, n] of Object.entries(b.items)) items[name] = (items[name] ?? 0) + n;
  return {
    commands,
    items,
    total: a.total + b.total,
    writeUnits: a.writeUnits + b.writeUnits,
    readUnits: a.readUnits + b.readUnits,
    consistentReads: a.consistentReads + b.consistentReads,
    periodicWriteUnits: a.periodicWriteUnits + b.periodicWriteUnits,
    periodicReadUnits: a.periodicReadUnits + b.periodicReadUnits,
  };
}

export const NO_COUNTS: CommandCounts = {
  commands: {},
  items: {},
  total: 0,
  writeUnits: 0,
  readUnits: 0,
  consistentReads: 0,
  periodicWriteUnits: 0,
  periodicReadUnits: 0,
};

/**
 * Counts every command of every document client created while `run` runs: the simulator builds
 * its clients inside, out of reach. It wraps `DynamoDBDocumentClient.from` for that time only.
 * (A hook in the simulator, `instrument(client)`, would make this unnecessary.)
 */
export async function countClientsCreatedDuring<T>(
  run: () => Promise<T>,
): Promise<{ result: T; counts: CommandCounts }> {
  const counters: CommandCounter[] = [];
  const original = Object.getOwnPropertyDescriptor(DynamoDBDocumentClient, 'from');
  if (!original) throw new Error('DynamoDBDocumentClient.from not found: the SDK changed');
  const from = DynamoDBDocumentClient.from.bind(DynamoDBDocumentClient);
  const wrapped: typeof DynamoDBDocumentClient.from = (client, translateConfig) => {
    const documentClient = from(client, translateConfig);
    counters.push(countCommands(documentClient));
    return documentClient;
  };
  Object.defineProperty(DynamoDBDocumentClient, 'from', { ...original, value: wrapped });
  try {
    const result = await run();
    return { result, counts: counters.map((c) => c.snapshot()).reduce(addCounts, NO_COUNTS) };
  } finally {
    Object.defineProperty(DynamoDBDocumentClient, 'from', original);
  }
}
