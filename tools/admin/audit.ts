/**
 * The audit record, the one module that writes it and decodes it: one item per change made
 * with the CLI, `{who, whenMs, command, args, before, after}` under `AUDIT#<yyyy-mm>` (its key:
 * `auditItemKey` in `table-keys.ts`; `audit-trail.ts` reads the records back). Arguments never hold a raw phone
 * number: numbers are masked, and the sender's HMAC prefix ties a record to its sender item;
 * free texts (reasons, `--who`, file names, error messages) go through `redactNumbers` in the
 * command that takes them (not here: a blind pass could mistake an id for a number).
 */
import { randomUUID } from 'node:crypto';
import type { ItemKey } from '../../lambda/adapters/table-keys';
import { auditItemKey } from '../../lambda/adapters/table-keys';
import { redactNumbers } from '../../lambda/domain/phone';
import { Table } from '../../lambda/items/table';
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

/** A stored audit record, with its key's time for ordering. */
export interface StoredAudit extends AuditRecord {
  /** The sort key (`<iso>#<id>`): records of the same millisecond keep their write order. */
  readonly sk: string;
}

/** An item of an audit partition as a record; undefined when it is not one. */
export function auditRecordOf(item: Record<string, unknown>): StoredAudit | undefined {
  if (typeof item.whenMs !== 'number' || typeof item.command !== 'string') return undefined;
  return {
    sk: String(item.sk),
    who: typeof item.who === 'string' ? item.who : 'unknown',
    ...(typeof item.callerArn === 'string' ? { callerArn: item.callerArn } : {}),
    whenMs: item.whenMs,
    command: item.command,
    args: (item.args ?? {}) as Record<string, unknown>,
    before: item.before ?? null,
    after: item.after ?? null,
  };
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
  // The change itself is one write and is done; say so rather than leave it unexplained.
  const notWritten = (why: string, cause?: unknown): AdminError =>
    new AdminError(
      `${entry.command} was applied, but its audit record could not be written (${why}); ` +
        'note it by hand',
      { cause },
    );
  let written: boolean;
  try {
    written = await new Table(target.documentClient, target.tableName).putIfAbsent({
      ...key,
      ...plain(record),
    });
  } catch (error) {
    const err = error as Error;
    throw notWritten(`${err.name}: ${redactNumbers(err.message)}`, error);
  }
  if (!written) throw notWritten('a record with its key exists already');
  return key;
}
