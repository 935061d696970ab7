/**
 * Audit records: one item per change made with the CLI, `{who, whenMs, command, args, before,
 * after}` under `AUDIT#<yyyy-mm>` (see `table-keys.ts`). Arguments never hold a raw phone
 * number: numbers are masked, and the sender's HMAC prefix ties a record to its sender item;
 * free texts (reasons, `--who`, file names, error messages) go through `redactNumbers` in the
 * command that takes them (not here: a blind pass could mistake an id for a number).
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ItemKey } from '../../lambda/adapters/table-keys';
import { auditItemKey } from '../../lambda/adapters/table-keys';
import { redactNumbers } from '../../lambda/domain/phone';
import { AdminError } from './errors';
import type { Target } from './target';

/** Who made a change: the maintainer's name and, in AWS, the IAM identity of the calls. */
export interface Actor {
  readonly who: string;
  readonly callerArn?: string;
  /**
   * When the change is made, on the target's clock: the wall clock in AWS, a local state's
   * simulated clock (so its audit trail, pause time and status read on one clock).
   */
  readonly atMs?: number;
}

/** What a command changed, as the audit record keeps it. */
export interface AuditEntry {
  /** `pause`, `budget set`, … */
  readonly command: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly before: unknown;
  readonly after: unknown;
}

/** The audit item as stored (undefined values dropped: DynamoDB has no such thing). */
export interface AuditRecord extends AuditEntry, Omit<Actor, 'atMs'> {
  readonly whenMs: number;
}

/** Drops `undefined` (DynamoDB cannot store it) and anything that is not plain data. */
export function plain<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/**
 * The id after the time in the sort key: the wall clock in base 36 first, so that records made
 * at the same simulated instant (a local state's clock stands still between replays) keep the
 * order they were written in, then random characters.
 */
const recordId = (): string =>
  `${Date.now().toString(36).padStart(9, '0')}${randomUUID().slice(0, 6)}`;

/** Writes one audit record; its key is returned (tests read it back). */
export async function writeAudit(
  target: Target,
  actor: Actor,
  entry: AuditEntry,
  nowMs = actor.atMs ?? Date.now(),
): Promise<ItemKey> {
  const key = auditItemKey(new Date(nowMs).toISOString(), recordId());
  const record: AuditRecord = {
    who: redactNumbers(actor.who),
    ...(actor.callerArn === undefined ? {} : { callerArn: actor.callerArn }),
    whenMs: nowMs,
    command: entry.command,
    args: entry.args,
    before: entry.before ?? null,
    after: entry.after ?? null,
  };
  try {
    await target.documentClient.send(
      new PutCommand({
        TableName: target.tableName,
        Item: { ...key, ...plain(record) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    // The change itself is one write and is done; say so rather than leave it unexplained.
    const err = error as Error;
    throw new AdminError(
      `${entry.command} was applied, but its audit record could not be written ` +
        `(${err.name}: ${redactNumbers(err.message)}); note it by hand`,
      { cause: error },
    );
  }
  return key;
}
